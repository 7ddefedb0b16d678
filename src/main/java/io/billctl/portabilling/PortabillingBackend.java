package io.billctl.portabilling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CommandText;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.ListFilter;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;

/** PortaBilling: {@code POST {url}/rest/Account/update_account} with a session from {@code Session/login}. */
public final class PortabillingBackend implements Backend {
    static final String ID = "portabilling";

    @Override public String id() { return ID; }
    @Override public String displayName() { return "PortaBilling"; }
    @Override public String group() { return "account"; }
    @Override public Catalog catalog() { return PortabillingCatalog.CATALOG; }
    @Override public String idName() { return "i_account"; }
    @Override public CredentialKind credentials() { return CredentialKind.USERNAME_PASSWORD_OR_TOKEN; }

    @Override
    public CommandText groupText() {
        return new CommandText("PortaBilling accounts.",
                "Commands on PortaBilling accounts (POST {url}/rest/Account/update_account, session login).");
    }

    @Override
    public CommandText updateText() {
        return new CommandText("Update a PortaBilling account.",
                "Sends POST {url}/rest/Account/update_account with {\"params\":{\"account_info\":{\"i_account\":I_ACCOUNT,...}}} "
                        + "holding the fields given, and only those. Every writable scalar of account_info has a flag; nested objects and lists "
                        + "(assigned_addons, service_features, aux_fields, sim_card_info, ...) go through --set NAME=JSON or -f, checked against "
                        + "their documented members; the members a read returns that the vendor marks read-only (service_features' effective "
                        + "values, an add-on's priority, currency, realm, ...) are accepted and left out of the request, with a note. Fields the "
                        + "vendor marks read-only or fixed after creation are refused with its reason. --account-id sets the account's PIN (id); "
                        + "the account to update is I_ACCOUNT. -f takes what account get -o json prints, a get_account_info answer, a bare "
                        + "account_info, or the whole request "
                        + "{\"params\":{\"account_info\":{...},\"release_assigned_did\":0}}. The session from Session/login is cached and renewed "
                        + "once when the server rejects it; a profile with api_style = form talks to releases before JSON and Bearer tokens.",
                List.of("billctl -p sandbox account update 55 --credit-limit 150.5 \\\n  --email noc@example.com",
                        "billctl account update 55 \\\n  --set 'assigned_addons=[{\"i_product\":604}]'",
                        "billctl account update 55 --blocked Y \\\n  --expiration-date 2027-01-31 -o json",
                        "billctl account update 55 -f info.json --release-assigned-did 0",
                        "billctl account get 55 -o json |\n  billctl account update 55 -f - --credit-limit 200",
                        "billctl account update 55 --account-id 12345  # a new PIN (id)"));
    }

    /** {@code api_style}: json (JSON bodies, Bearer token) or form (auth_info and params form fields, a session_id). */
    @Override
    public Map<String, List<String>> profileSettings() {
        return Map.of(PortabillingClient.API_STYLE, List.of(PortabillingClient.JSON, PortabillingClient.FORM));
    }

    @Override
    public CommandText getText() {
        return new CommandText("Show a PortaBilling account.",
                "Reads POST {url}/rest/Account/get_account_info with i_account and shows account_info in the update's own names: "
                        + "by default its writable fields, typed by the catalog; --all-fields everything the server returned. The passwords it "
                        + "returns in clear (password, h323_password) are left out unless --show-secrets. -o json prints a document that "
                        + "update -f takes back; -o jsonl and -o csv what --batch reads.",
                List.of("billctl -p sandbox account get 55", "billctl account get 55 -o json > account.json",
                        "billctl account get 55 --all-fields -o json"));
    }

    @Override
    public CommandText listText() {
        return new CommandText("List PortaBilling accounts.",
                "Pages through POST {url}/rest/Account/get_account_list (offset and limit), with the vendor's filters: --customer for "
                        + "i_customer, --id-like for id with % wildcards, --filter NAME=VALUE for any other parameter.",
                List.of("billctl -p sandbox account list --customer 1 --limit 20", "billctl -p sandbox account list --id-like '10005%' \\\n  -o jsonl > accounts.jsonl",
                        "billctl account list --customer 7 -o csv \\\n  --fields i_account,credit_limit"));
    }

    @Override
    public List<ListFilter> listFilters() {
        return List.of(new ListFilter("--customer", "i_customer", "I_CUSTOMER", "Only the accounts of this customer (i_customer)."),
                new ListFilter("--id-like", "id", "PATTERN", "Only the accounts whose id (PIN) matches, % matching any characters: 'ph%'."));
    }

    /** Typed as the client sends them: {@code --customer six} is refused here, before the list's output begins. */
    @Override
    public void checkFilters(Map<String, String> filters) {
        PortabillingClient.filters(filters);
    }

    @Override
    public String undocumentedFilter(String name) {
        if (name.equals("i_customer") || name.equals("id")) return null;
        return "--filter " + name + ": the public sources name i_customer and id as filters of Account/get_account_list, and a server may "
                + "ignore a parameter it does not take and list every account: check the list before an update takes it";
    }

    @Override
    public List<String> listColumns() {
        return List.of("i_account", "id", "login", "firstname", "lastname", "email", "blocked", "credit_limit");
    }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "I_ACCOUNT");
    }

    /**
     * A get_account_info answer pasted whole ({@code {"account_info":{…}}}): its account_info, less what
     * no update sets (the fields the catalog refuses, such as bill_status and i_customer, and those it does
     * not know, such as balance), each named in one note. A read's answer is the account as it is, so
     * those are left out rather than refused; given any other way they are refused as usual.
     */
    @Override
    public ObjectNode fieldsOf(ObjectNode document, Consumer<String> notes) {
        if (document.has("params") || !(document.get("account_info") instanceof ObjectNode info)) return fieldsOf(document);
        if (document.size() > 1) {
            throw BillctlException.usage("a get_account_info answer holds account_info alone; this document has "
                    + String.join(", ", names(document)));
        }
        ObjectNode fields = info.deepCopy();
        List<String> leftOut = new ArrayList<>();
        for (String name : names(info)) {
            if (name.equals(idName())) continue;
            var field = PortabillingCatalog.CATALOG.find(name);
            if (field.isEmpty() || !field.get().settable()) {
                if (!PortabillingCatalog.BESIDE_ACCOUNT_INFO.contains(name)) leftOut.add(name);
            }
        }
        leftOut.forEach(fields::remove);
        if (!leftOut.isEmpty()) {
            notes.accept("left out of the update what the get_account_info answer holds but no update sets: " + String.join(", ", leftOut));
        }
        return fields;
    }

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A bare account_info object, or the whole request {@code {"params":{"account_info":{…},…}}}: the
     * parameters beside account_info come along, {@code release_assigned_did} as the field it is, any
     * other as {@code params.NAME}, which validation refuses as unknown unless --allow-unknown-fields.
     */
    @Override
    public ObjectNode fieldsOf(ObjectNode document) {
        JsonNode params = document.get("params");
        if (params == null) return document.deepCopy();
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("params")) {
                throw BillctlException.usage("the request document holds \"" + name + "\" beside params; billctl reads params"
                        + " (account_info and the parameters beside it)");
            }
        }
        if (!(params instanceof ObjectNode all) || !(all.get("account_info") instanceof ObjectNode accountInfo)) {
            throw BillctlException.usage("the request document's params must hold an account_info object");
        }
        ObjectNode fields = accountInfo.deepCopy();
        all.fields().forEachRemaining(entry -> {
            if (entry.getKey().equals("account_info")) return;
            String name = PortabillingCatalog.BESIDE_ACCOUNT_INFO.contains(entry.getKey()) ? entry.getKey()
                    : PortabillingCatalog.PARAMS_PREFIX + entry.getKey();
            if (fields.has(name)) throw BillctlException.usage(name + " is given twice: inside account_info and beside it in params");
            fields.set(name, entry.getValue().deepCopy());
        });
        return fields;
    }

    /**
     * The vendor page's warnings: a new main product without add-ons removes the account's add-ons; and its
     * two notes on service features ({@link #featureWarnings}).
     */
    @Override
    public List<String> warnings(Update update) {
        List<String> warnings = new ArrayList<>(featureWarnings(update.fields()));
        warnings.addAll(productWarning(update));
        return warnings;
    }

    /** Judged on the account: an i_product sent back unchanged takes no add-on away. */
    @Override
    public List<String> warnings(Update update, io.billctl.core.diff.Diff diff) {
        List<String> warnings = new ArrayList<>(featureWarnings(update.fields()));
        if (diff.changes().stream().anyMatch(change -> change.field().equals("i_product"))) warnings.addAll(productWarning(update));
        return warnings;
    }

    private static List<String> productWarning(Update update) {
        if (update.fields().has("i_product") && !update.fields().has("assigned_addons")) {
            return List.of("changing i_product without assigned_addons removes the account's add-on products"
                    + " (PortaBilling); pass --set assigned_addons=[...] to keep them");
        }
        return List.of();
    }

    /** "flag_value ... Note: Not mandatory for cli_trust and permitted_sip_proxies service features." */
    private static final java.util.Set<String> FLAG_VALUE_OPTIONAL = java.util.Set.of("cli_trust", "permitted_sip_proxies");
    /** "Both attributes of the cli_trust service feature (accept_caller and supply_caller) are mandatory." */
    private static final List<String> CLI_TRUST_ATTRIBUTES = List.of("accept_caller", "supply_caller");

    /**
     * The page's notes on service_features, warned about and left to the server rather than refused: a
     * feature other than cli_trust and permitted_sip_proxies without flag_value (mandatory only by
     * implication: "not mandatory for" those two), and cli_trust without both its attributes. The server
     * merges the list by name, and whether it takes a feature given without them to change only the rest
     * (keeping the flag or the attributes it has) the page does not say; a refusal here could not be
     * overridden, a warning lets the server decide.
     */
    static List<String> featureWarnings(ObjectNode fields) {
        JsonNode features = fields.get("service_features");
        if (features == null || !features.isArray()) return List.of();
        List<String> warnings = new ArrayList<>(0);
        for (JsonNode feature : features) {
            if (!feature.isObject() || !feature.path("name").isTextual()) continue; // the validator's to refuse
            String name = feature.path("name").textValue();
            if (!feature.has("flag_value") && !FLAG_VALUE_OPTIONAL.contains(name)) {
                warnings.add("service_features: " + name + " has no flag_value, which the vendor page makes mandatory for every feature but"
                        + " cli_trust and permitted_sip_proxies; sent as given, the server may refuse it");
            }
            if (name.equals("cli_trust")) {
                List<String> named = new ArrayList<>();
                feature.path("attributes").forEach(attribute -> named.add(attribute.path("name").asText()));
                List<String> missing = CLI_TRUST_ATTRIBUTES.stream().filter(a -> !named.contains(a)).toList();
                if (!missing.isEmpty()) {
                    warnings.add("service_features: cli_trust lacks the attribute" + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing)
                            + "; the vendor page makes both accept_caller and supply_caller mandatory; sent as given, the server may refuse it");
                }
            }
        }
        return warnings;
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new PortabillingClient(context);
    }
}
