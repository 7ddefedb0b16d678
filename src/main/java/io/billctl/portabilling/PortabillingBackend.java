package io.billctl.portabilling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CommandText;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.RunOption;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.ListFilter;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;
import java.util.List;

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
                        + "their documented members. Fields the vendor marks read-only or fixed after creation are refused with its reason. "
                        + "The session from Session/login is cached and renewed once when the server says it expired.",
                List.of("billctl -p sandbox account update 55 --credit-limit 150.5 --email noc@example.com",
                        "billctl account update 55 --set 'assigned_addons=[{\"i_product\":604,\"addon_effective_from\":\"2022-04-01 00:00:00\"}]'",
                        "billctl account update 55 --blocked Y --expiration-date 2027-01-31 -o json",
                        "billctl account update 55 -f account_info.json --release-assigned-did 0"));
    }

    @Override
    public List<RunOption> updateOptions() {
        return List.of(RunOption.choice("--release-assigned-did", "release_assigned_did", List.of("0", "1"),
                "Whether a previously assigned DID number goes back to the pool: 0 keeps it, 1 releases it (the vendor's default)."));
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
                List.of("billctl -p sandbox account list --customer 1 --limit 20", "billctl account list --id-like 'ph%' -o jsonl > accounts.jsonl",
                        "billctl account list --customer 7 -o csv --fields i_account,credit_limit"));
    }

    @Override
    public List<ListFilter> listFilters() {
        return List.of(new ListFilter("--customer", "i_customer", "I_CUSTOMER", "Only the accounts of this customer (i_customer)."),
                new ListFilter("--id-like", "id", "PATTERN", "Only the accounts whose id (PIN) matches, % matching any characters: 'ph%'."));
    }

    @Override
    public List<String> listColumns() {
        return List.of("i_account", "id", "login", "firstname", "lastname", "email", "blocked", "credit_limit");
    }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "I_ACCOUNT");
    }

    /** A bare account_info object, or the whole request {@code {"params":{"account_info":{…}}}}. */
    @Override
    public ObjectNode fieldsOf(ObjectNode document) {
        JsonNode params = document.get("params");
        if (params == null) return document.deepCopy();
        JsonNode info = params.get("account_info");
        if (!(info instanceof ObjectNode accountInfo)) {
            throw BillctlException.usage("the request document's params must hold an account_info object");
        }
        return accountInfo.deepCopy();
    }

    /** The vendor page's warning: a new main product without add-ons removes the account's add-ons. */
    @Override
    public List<String> warnings(Update update) {
        if (update.fields().has("i_product") && !update.fields().has("assigned_addons")) {
            return List.of("changing i_product without assigned_addons removes the account's add-on products"
                    + " (PortaBilling); pass --set assigned_addons=[...] to keep them");
        }
        return List.of();
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new PortabillingClient(context);
    }
}
