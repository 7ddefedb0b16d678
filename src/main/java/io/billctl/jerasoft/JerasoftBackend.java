package io.billctl.jerasoft;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CommandText;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;
import java.util.List;

/**
 * JeraSoft VCS: {@code PATCH {url}/clients/accounts/{id}} with an {@code X-Api-Key} header, or the same
 * update as JSON-RPC ({@code api = "jsonrpc"}) or on VCS 3.x's CoreAPI ({@code api = "coreapi3"}).
 */
public final class JerasoftBackend implements Backend {
    @Override public String id() { return "jerasoft"; }
    @Override public String displayName() { return "JeraSoft VCS"; }
    @Override public String group() { return "clients-accounts"; }
    @Override public Catalog catalog() { return JerasoftCatalog.CATALOG; }
    @Override public String idName() { return "id"; }
    @Override public CredentialKind credentials() { return CredentialKind.API_KEY; }

    @Override
    public CommandText groupText() {
        return new CommandText("JeraSoft VCS client accounts.",
                "Commands on JeraSoft VCS client accounts (PATCH {url}/clients/accounts/{id}, X-Api-Key).");
    }

    @Override
    public CommandText updateText() {
        return new CommandText("Update a JeraSoft VCS client account.",
                "Sends PATCH {url}/clients/accounts/{ID} with the fields given, and only those; a profile with api = jsonrpc posts "
                        + "clients.accounts.update to {url}, one with api = coreapi3 (VCS 3.x, port 3080) accounts.update with the key in AUTH. "
                        + "Every field the vendor documents as writable has a flag; -f reads fields from a JSON object, "
                        + "--set NAME=VALUE sets any field by its vendor name, --unset NAME sends null. "
                        + "Everything is validated before anything is sent; a rule on the account's state (ips, ani or accname required "
                        + "by auth_type) is judged on the account, which billctl reads when the update sets auth_type without them, "
                        + "and warned about: the server's refusal comes back in its own words. "
                        + "Names after orig_rate_tables_ids are unverified: a profile's field_names maps them to the server's.",
                List.of("billctl -p sandbox clients-accounts update 1 --name \"Acme Ltd\"",
                        "billctl clients-accounts update 7 --auth-type ani --ani 442071234567",
                        "billctl clients-accounts update 7 --orig-tags vip,eu \\\n  --no-orig-enabled -o json",
                        "billctl clients-accounts update 7 -f account.json \\\n  --unset notes --dry-run"));
    }

    @Override
    public CommandText getText() {
        return new CommandText("Show a JeraSoft VCS client account.",
                "Reads GET {url}/clients/accounts/{ID} (JSON-RPC: clients.accounts.get; CoreAPI: accounts.search) and shows the account's fields in the update's own names, typed by the catalog; "
                        + "-o jsonl or -o csv prints it as --batch reads it, -o json as a document that update -f takes back. "
                        + "The read call is not in the vendor's public documentation: billctl takes the account bare or wrapped in result or data.",
                List.of("billctl -p sandbox clients-accounts get 7", "billctl clients-accounts get 7 -o json > account.json",
                        "billctl clients-accounts get 7 --fields name,tech_prefix -o csv"));
    }

    @Override
    public CommandText listText() {
        return new CommandText("List JeraSoft VCS client accounts.",
                "Pages through GET {url}/clients/accounts?limit=N&offset=M (JSON-RPC: clients.accounts.search; CoreAPI: accounts.search; "
                        + "unverified, like the read), --filter NAME=VALUE passing a query "
                        + "parameter as it is, and prints the accounts as they come: -o jsonl or -o csv in exactly the shape --batch reads.",
                List.of("billctl -p sandbox clients-accounts list --limit 20", "billctl clients-accounts list -o jsonl > accounts.jsonl",
                        "billctl clients-accounts list --filter clients_id=3 \\\n  --fields id,name,orig_capacity -o csv"));
    }

    @Override
    public List<String> listColumns() {
        return List.of("id", "name", "auth_type", "orig_enabled", "orig_capacity", "term_enabled", "tech_prefix");
    }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "account ID");
    }

    /** {@code api} and {@code field_names}, as {@code profile add --api} and {@code --field-name} give them. */
    @Override
    public void checkSettings(ObjectNode settings) {
        JerasoftSettings.check(settings);
    }

    /** clients_id goes out as given: the server decides, and may refuse a move. */
    @Override
    public List<String> warnings(Update update) {
        if (!update.fields().has("clients_id")) return List.of();
        return List.of("clients_id is sent as given: JeraSoft does not allow moving an account between clients (disable it and create a "
                + "new one), so the server may refuse a value other than the account's own");
    }

    /** Judged on the account: sending back its own clients_id moves nothing. */
    @Override
    public List<String> warnings(Update update, io.billctl.core.diff.Diff diff) {
        return diff.changes().stream().anyMatch(change -> change.field().equals("clients_id")) ? warnings(update) : List.of();
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new JerasoftClient(context);
    }
}
