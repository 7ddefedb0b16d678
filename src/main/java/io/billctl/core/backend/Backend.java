package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.catalog.Catalog;
import java.util.List;
import java.util.Map;

/**
 * One vendor. A backend package implements this once, and everything billctl shows or does for the
 * vendor comes from here: its command group and help, its catalog, its id, its credentials, and the
 * client that talks to it. A new vendor is a new package and one line in the application's registry.
 */
public interface Backend {
    /** How profiles name it: {@code jerasoft}. */
    String id();

    /** How people name it: {@code JeraSoft VCS}. */
    String displayName();

    /** The command group of its accounts, named after the vendor's resource: {@code clients-accounts}. */
    String group();

    /** Help of the group. */
    CommandText groupText();

    /** Help of {@code GROUP update}: what it sends, and examples. */
    CommandText updateText();

    /** Request parameters of the update that are not account fields, as options. */
    default List<RunOption> updateOptions() {
        return List.of();
    }

    /**
     * Profile settings of this backend alone, each with the values it takes, the first the default:
     * PortaBilling's {@code api_style} (json, form). Stored in the profile's table, read by the client
     * from {@link io.billctl.core.config.Endpoint#setting}.
     */
    default Map<String, List<String>> profileSettings() {
        return Map.of();
    }

    /** Help of {@code GROUP get}: which call reads one account. */
    CommandText getText();

    /** Help of {@code GROUP list}: which call lists accounts, how it pages, which filters it takes. */
    CommandText listText();

    /** Filters of the vendor's list call, each offered as an option of {@code list}. */
    default List<ListFilter> listFilters() {
        return List.of();
    }

    /** The vendor's parameter for {@code list --filter NAME=VALUE}: {@code NAME} itself, unless the vendor wraps it. */
    default String filterParameter(String name) {
        return name;
    }

    /**
     * A warning for {@code list --filter NAME} when the vendor documents no such parameter of its list
     * call and a server may ignore it, listing every account as if unfiltered (what an update fed with
     * the list would then change); null when there is nothing to say.
     */
    default String undocumentedFilter(String name) {
        return null;
    }

    /**
     * A warning for {@code list --filter NAME=} given no value, when the vendor then lists every account
     * (Yeti drops a ransack list predicate with no value); null when there is nothing to say.
     */
    default String emptyFilter(String name) {
        return null;
    }

    /**
     * Checks the list's filters (vendor parameter -> value as given) before anything is sent or printed:
     * a value the vendor's parameter cannot take is a usage error. By default every value goes as it is.
     */
    default void checkFilters(java.util.Map<String, String> filters) {
    }

    /** Whether the vendor's list call pages, so that {@code --page-size} means something. */
    default boolean pagesLists() {
        return true;
    }

    /** Accounts asked for in one page of a list, unless {@code --page-size} says otherwise. */
    default int pageSize() {
        return 100;
    }

    /** The columns of a {@code list} table (the id first), when {@code --fields} does not name them. */
    List<String> listColumns();

    /** The billctl command that updates through it: {@code clients-accounts update}. */
    default String command() {
        return group() + " update";
    }

    Catalog catalog();

    /** The id's name in a batch record or a file: {@code id}, or {@code i_account}. */
    String idName();

    CredentialKind credentials();

    /** The id as the vendor's URL or body takes it; a usage error when it cannot be one. */
    String checkId(String text);

    /**
     * The fields of a {@code -f} document, in the vendor's own shape: most take a bare object,
     * some also their request envelope. Answers a new object; the document is left as it was.
     */
    default ObjectNode fieldsOf(ObjectNode document) {
        return document.deepCopy();
    }

    /**
     * The same, telling {@code notes} what the document holds that the update leaves out (a read's
     * answer pasted whole carries fields no update sets): each note is said to the user before sending.
     */
    default ObjectNode fieldsOf(ObjectNode document, java.util.function.Consumer<String> notes) {
        return fieldsOf(document);
    }

    /**
     * The update's fields in the one form they are sent in, where the vendor's server takes several
     * and casts them (a numeric string for an integer, one id for a list, a UUID in capitals): run on
     * every update before it is validated, so that no input the server accepts is refused. Replaces
     * values in {@code fields} and answers it; never changes a value in place (a batch record's values
     * are shared). What it cannot cast is left as it is, for the validator to refuse.
     */
    default ObjectNode normalise(ObjectNode fields) {
        return fields;
    }

    /**
     * Names the vendor's update request carries beside the account's fields (Enswitch's form has its
     * credentials): no update may set a field of such a name, since it would replace the request's own.
     */
    default java.util.Set<String> requestParameters() {
        return java.util.Set.of();
    }

    /** What sets a request parameter instead, in a parenthesis (" (--validate-only sends it)"); "" when nothing does. */
    default String requestParameterNote(String parameter) {
        return "";
    }

    /**
     * The same, judged on the account as just read: {@code diff} is what the update changes on it. A
     * warning about a change the update does not make (a round trip sends the account's own value back)
     * is noise: override to leave it out. By default the warnings whatever the account holds.
     */
    default List<String> warnings(Update update, io.billctl.core.diff.Diff diff) {
        return warnings(update);
    }

    /** What the user should know before this update goes out (a vendor's documented side effect). */
    default List<String> warnings(Update update) {
        return List.of();
    }

    /**
     * Checks the settings {@code profile add} stores for a profile of this backend beyond its URL and
     * credentials (JeraSoft: {@code api}, {@code field_names}); a usage error names one that cannot
     * work. By default, those {@link #profileSettings} lists with one of its values; any other is refused.
     */
    default void checkSettings(ObjectNode settings) {
        Map<String, List<String>> known = profileSettings();
        for (var it = settings.fields(); it.hasNext(); ) {
            var setting = it.next();
            List<String> values = known.get(setting.getKey());
            if (values == null) throw BillctlException.usage(displayName() + " profiles have no " + setting.getKey() + " setting");
            if (!values.contains(setting.getValue().asText())) {
                throw BillctlException.usage(setting.getKey() + " must be " + String.join(" or ", values) + ", got '" + setting.getValue().asText() + "'");
            }
        }
    }

    UpdateClient client(ClientContext context);
}
