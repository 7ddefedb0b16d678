package io.billctl.enswitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CommandText;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.ListFilter;
import io.billctl.core.backend.RunOption;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldText;
import java.util.List;

/** Enswitch: {@code POST {url}/api/json/unlimited/update/} with the credentials in the form body. */
public final class EnswitchBackend implements Backend {
    @Override public String id() { return "enswitch"; }
    @Override public String displayName() { return "Enswitch"; }
    @Override public String group() { return "unlimited"; }
    @Override public Catalog catalog() { return EnswitchCatalog.CATALOG; }
    @Override public String idName() { return "id"; }
    @Override public CredentialKind credentials() { return CredentialKind.USERNAME_PASSWORD; }
    /** The form's own: the login, and the validate-only switch (--validate-only sends it). */
    @Override public java.util.Set<String> requestParameters() { return java.util.Set.of("auth_username", "auth_password", "validation"); }
    @Override public String requestParameterNote(String parameter) {
        return parameter.equals("validation") ? " (--validate-only sends it)" : parameter.startsWith("auth_") ? " (the profile's login)" : "";
    }

    @Override
    public CommandText groupText() {
        return new CommandText("Enswitch unlimited access accounts.",
                "Commands on Enswitch unlimited access accounts (POST {url}/api/json/unlimited/update/).");
    }

    @Override
    public CommandText updateText() {
        return new CommandText("Update an Enswitch unlimited access account.",
                "Sends POST {url}/api/json/unlimited/update/ with the parameters given, and only those, "
                        + "as a form body that also carries auth_username and auth_password (never the URL). "
                        + "Every documented parameter has a flag and is checked by its rule before anything is sent; "
                        + "--validate-only asks the server to check them too, changing nothing.",
                List.of("billctl -p sandbox unlimited update 1 --name \"Night plan\" \\\n  --starthour 20 --endhour 6 --days-week 1,2,3,4,5",
                        "billctl unlimited update 7 --maximum-cost -1 --validate-only",
                        "billctl unlimited update 7 -f plan.json --cos 1 -o json"));
    }

    @Override
    public List<RunOption> updateOptions() {
        return List.of(RunOption.validation("--validate-only", "validation", "1",
                "Send validation=1: the server checks the input and answers 201, changing nothing; billctl says \"valid, nothing changed\" "
                        + "(JSON: \"validated\":true,\"changed\":false). Not with --journal: there is nothing to undo."));
    }

    @Override
    public CommandText getText() {
        return new CommandText("Show an Enswitch unlimited access account.",
                "Reads POST {url}/api/json/unlimited/get/ with id, and shows the account's data in the update's own parameter names, "
                        + "numbers typed as numbers where the parameter is one; -o jsonl or -o csv prints it as --batch reads it.",
                List.of("billctl -p sandbox unlimited get 1", "billctl unlimited get 7 -o json"));
    }

    @Override
    public CommandText listText() {
        return new CommandText("List Enswitch unlimited access accounts.",
                "Reads POST {url}/api/json/unlimited/list/ (optionally for one --customer; --filter NAME=VALUE adds any other parameter) "
                        + "and prints the accounts; the vendor documents no paging, so --limit stops reading early.",
                List.of("billctl -p sandbox unlimited list --customer 2", "billctl unlimited list -o csv > plans.csv"));
    }

    @Override
    public List<ListFilter> listFilters() {
        return List.of(new ListFilter("--customer", "customer", "CUSTOMER", "Only the accounts of this customer (the vendor's customer parameter)."));
    }

    @Override
    public String undocumentedFilter(String name) {
        if (name.equals("customer")) return null;
        return "--filter " + name + ": Enswitch documents no parameter of unlimited/list but customer, and a server may ignore one it "
                + "does not know and list every account: check the list before an update takes it";
    }

    @Override
    public boolean pagesLists() {
        return false;
    }

    @Override
    public List<String> listColumns() {
        return List.of("id", "name", "description", "currency", "locked", "cos", "days_week");
    }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "unlimited access account ID");
    }

    /**
     * Every parameter travels as form text (spec/EVIDENCE.md: parameters as query or form), so {@code "1"}
     * and {@code 1} are the same bytes on the wire: an integer parameter given as an integer-looking string
     * ({@code {"locked":"1"}}, {@code --set 'cos="1"'}) is that integer, and a text parameter given a JSON
     * integer ({@code {"name":123}}) is its digits. What is neither ({@code "abc"}, {@code "1.5"}) is left to
     * the validator, which refuses it.
     */
    @Override
    public ObjectNode normalise(ObjectNode fields) {
        for (var it = fields.fields(); it.hasNext(); ) {
            var entry = it.next();
            Field field = EnswitchCatalog.CATALOG.find(entry.getKey()).orElse(null);
            if (field == null) continue;
            JsonNode value = entry.getValue();
            JsonNode cast = switch (field.type()) {
                case INTEGER -> FieldText.integerText(value);
                case STRING -> value != null && value.isIntegralNumber() ? Json.NODES.textNode(value.bigIntegerValue().toString()) : value;
                default -> value;
            };
            if (cast != value) entry.setValue(cast);
        }
        return fields;
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new EnswitchClient(context);
    }
}
