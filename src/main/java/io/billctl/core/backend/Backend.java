package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.catalog.Catalog;
import java.util.List;

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

    /** What the user should know before this update goes out (a vendor's documented side effect). */
    default List<String> warnings(Update update) {
        return List.of();
    }

    /**
     * Checks the settings {@code profile add} stores for a profile of this backend beyond its URL and
     * credentials (JeraSoft: {@code api}, {@code field_names}); a usage error names one that cannot
     * work. A backend without settings refuses any.
     */
    default void checkSettings(ObjectNode settings) {
        var names = settings.fieldNames();
        if (names.hasNext()) throw BillctlException.usage(displayName() + " profiles have no " + names.next() + " setting");
    }

    UpdateClient client(ClientContext context);
}
