package io.billctl.yeti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.CommandText;
import io.billctl.core.backend.CredentialKind;
import io.billctl.core.backend.Ids;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.Catalog;
import java.util.List;

/** Yeti-Switch: {@code PUT {url}/api/rest/admin/accounts/{id}}, JSON:API, JWT from {@code /auth}. */
public final class YetiBackend implements Backend {
    static final String ID = "yeti";

    @Override public String id() { return ID; }
    @Override public String displayName() { return "Yeti-Switch"; }
    @Override public String group() { return "admin-accounts"; }
    @Override public Catalog catalog() { return YetiCatalog.CATALOG; }
    @Override public String idName() { return "id"; }
    @Override public CredentialKind credentials() { return CredentialKind.USERNAME_PASSWORD; }

    @Override
    public CommandText groupText() {
        return new CommandText("Yeti-Switch accounts (admin API).",
                "Commands on Yeti-Switch accounts (PUT {url}/api/rest/admin/accounts/{id}, JSON:API, JWT).");
    }

    @Override
    public CommandText updateText() {
        return new CommandText("Update a Yeti-Switch account.",
                "Sends PUT {url}/api/rest/admin/accounts/{ID} as a JSON:API document (application/vnd.api+json) "
                        + "holding the attributes and relationships given, and only those. A JWT from {url}/api/rest/admin/auth is cached "
                        + "until it expires and renewed once when the server rejects it. The server's rules are checked first: vat 0..100, "
                        + "capacities 1..32767, max-balance >= min-balance, low threshold < high threshold, an IANA time zone. "
                        + "-f takes the whole JSON:API document or a bare attributes object.",
                List.of("billctl -p sandbox admin-accounts update 24 --name name --max-balance 20 --invoice-period-id 3",
                        "billctl admin-accounts update 24 --timezone Europe/Berlin --contractor 5 --unset invoice-template",
                        "billctl admin-accounts update 24 --set send-invoices-to=[7,9] -o json"));
    }

    @Override
    public CommandText getText() {
        return new CommandText("Show a Yeti-Switch account.",
                "Reads GET {url}/api/rest/admin/accounts/{ID} and shows its attributes, and its relationships as the ids they point at, "
                        + "in the update's own names, decimals as numbers (\"20.0\" is 20.0); --all-fields adds balance, currency and the rest.",
                List.of("billctl -p sandbox admin-accounts get 24", "billctl admin-accounts get 24 -o json > account.json"));
    }

    @Override
    public CommandText listText() {
        return new CommandText("List Yeti-Switch accounts.",
                "Pages through GET {url}/api/rest/admin/accounts (page[number], page[size]) with the server's filters: --filter NAME=VALUE "
                        + "sends filter[NAME], such as name, contractor.id, or ransack's ATTRIBUTE_eq, _gt, _lt and _cont.",
                List.of("billctl -p sandbox admin-accounts list --filter contractor.id=5", "billctl admin-accounts list --filter name_cont=acme -o jsonl",
                        "billctl admin-accounts list --filter max-balance_gt=100 -o csv"));
    }

    @Override
    public String filterParameter(String name) {
        return "filter[" + name + "]";
    }

    @Override
    public List<String> listColumns() {
        return List.of("id", "name", "balance", "min-balance", "max-balance", "currency", "contractor", "timezone");
    }

    @Override
    public String checkId(String text) {
        return Ids.positiveInteger(text, "account ID");
    }

    /**
     * A whole JSON:API document ({@code {"data":{"type":"accounts","attributes":…,"relationships":…}}})
     * or a bare attributes object. Relationships become their id fields; the id stays for the check.
     */
    @Override
    public ObjectNode fieldsOf(ObjectNode document) {
        JsonNode data = document.get("data");
        if (data == null) return document.deepCopy();
        if (!data.isObject()) throw BillctlException.usage("the JSON:API document's data must be an object");
        String type = data.path("type").asText("accounts");
        if (!type.equals("accounts")) throw BillctlException.usage("the JSON:API document is of type '" + type + "', not accounts");
        ObjectNode fields = Json.object();
        if (data.has("id")) fields.put("id", data.get("id").asText());
        JsonNode attributes = data.path("attributes");
        if (attributes.isObject()) fields.setAll((ObjectNode) attributes);
        data.path("relationships").fields().forEachRemaining(relationship -> {
            JsonNode target = relationship.getValue().path("data");
            if (target.isNull()) fields.putNull(relationship.getKey());
            else if (target.has("id")) fields.set(relationship.getKey(), idValue(target.get("id")));
            else throw BillctlException.usage("relationship '" + relationship.getKey() + "' needs data with an id, or data null");
        });
        return fields;
    }

    private static JsonNode idValue(JsonNode id) {
        try {
            return Json.NODES.numberNode(Long.parseLong(id.asText()));
        } catch (NumberFormatException e) {
            return id;
        }
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new YetiClient(context);
    }
}
