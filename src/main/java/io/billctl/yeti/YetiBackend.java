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
import io.billctl.core.catalog.Field;
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
                        + "holding the attributes and relationships given, and only those; decimals go as strings (\"20.0\"), as the server "
                        + "writes them. A JWT from {url}/api/rest/admin/auth is cached until it expires and renewed once when the server rejects it. "
                        + "What yeti-web refuses for every account is refused before sending (vat 0..100, capacities 1..32767, "
                        + "destination-rate-limit >= 0, invoice-period-id 1..7, max-balance >= min-balance and low threshold < high threshold "
                        + "when both are given); a time zone is checked against the server's own list (GET {url}/api/rest/admin/timezones, "
                        + "kept a day); what depends on the stored account (uniqueness, the stored balances, the contractor) is the server's "
                        + "to judge. Forms the server casts are taken: \"4\" for a number, one contact id for a list, a UUID in any case, "
                        + "with braces or without hyphens. -f takes the whole JSON:API document or a bare attributes object; a relationship "
                        + "billctl does not know (an older server's timezone) passes through whole with --allow-unknown-fields.",
                List.of("billctl -p sandbox admin-accounts update 24 --name name \\\n  --max-balance 20 --invoice-period-id 3",
                        "billctl admin-accounts update 24 --timezone Europe/Berlin \\\n  --contractor 5 --unset invoice-template",
                        "billctl admin-accounts update 24 --set 'send-invoices-to=[7,9]'"));
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
                List.of("billctl -p sandbox admin-accounts list --filter contractor.id=5",
                        "billctl -p sandbox admin-accounts list \\\n  --filter name_cont=999 -o jsonl",
                        "billctl -p sandbox admin-accounts list \\\n  --filter external-id_lt=10 -o csv"));
    }

    @Override
    public String emptyFilter(String name) {
        String predicate = name.replace('-', '_');
        if (!predicate.endsWith("_in") && !predicate.endsWith("_cont_any")) return null; // _not_in ends in _in too
        return "--filter " + name + "= has no value: Yeti-Switch drops a list filter given none and lists every account";
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
     * or a bare attributes object. The two relationships billctl knows become their id fields; any
     * other relationship passes through whole, as {@code relationships.NAME} (an older yeti-web's
     * {@code timezone}, with {@code --allow-unknown-fields}). The id stays for the check.
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
        else if (!attributes.isMissingNode() && !attributes.isNull()) throw BillctlException.usage("the JSON:API document's attributes must be an object");
        JsonNode relationships = data.path("relationships");
        if (!relationships.isMissingNode() && !relationships.isNull() && !relationships.isObject()) {
            throw BillctlException.usage("the JSON:API document's relationships must be an object");
        }
        data.path("relationships").fields().forEachRemaining(relationship -> {
            String name = relationship.getKey();
            String targetType = YetiCatalog.RELATIONSHIPS.get(name);
            if (targetType == null) {
                fields.set(RELATIONSHIP + name, relationship.getValue().deepCopy());
                return;
            }
            JsonNode target = relationship.getValue().path("data");
            if (target.isNull()) {
                fields.putNull(name);
            } else if (target.isObject() && target.has("id")) {
                String given = target.path("type").asText(targetType);
                if (!given.equals(targetType)) {
                    throw BillctlException.usage("relationship '" + name + "' points at type '" + given + "'; it takes " + targetType);
                }
                fields.set(name, idValue(target.get("id")));
            } else {
                throw BillctlException.usage("relationship '" + name + "' needs data with an id, or data null");
            }
        });
        return fields;
    }

    /** How a relationship billctl does not know is named among the fields: {@code relationships.timezone}. */
    static final String RELATIONSHIP = "relationships.";

    private static JsonNode idValue(JsonNode id) {
        try {
            return Json.NODES.numberNode(Long.parseLong(id.asText()));
        } catch (NumberFormatException e) {
            return id;
        }
    }

    /**
     * What yeti-web casts, in the form billctl sends: a numeric string where an integer goes
     * ({@code "external-id":"4"}), and a number with a zero fraction ({@code 40000.0}); an integer
     * where text goes ({@code "name":123} is "123"); one id where a list of contact ids goes ({@code 3} is
     * {@code [3]}, numeric strings in it numbers), a UUID in capitals, braces or without hyphens in
     * its canonical form, and every decimal as the string yeti-web itself writes ({@code "20.0"}):
     * a JSON number would be parsed as a float there, losing digits past the 16th.
     */
    @Override
    public ObjectNode normalise(ObjectNode fields) {
        for (var it = fields.fields(); it.hasNext(); ) {
            var entry = it.next();
            Field field = YetiCatalog.CATALOG.find(entry.getKey()).orElse(null);
            if (field == null || !field.writable()) continue;
            JsonNode value = entry.getValue();
            JsonNode cast = switch (field.type()) {
                case INTEGER -> YetiCasts.integer(value);
                case DECIMAL -> YetiCasts.decimal(value);
                case INTEGER_LIST -> YetiCasts.integerList(value);
                case STRING -> field.name().equals("uuid") ? YetiCasts.uuid(value) : YetiCasts.text(value);
                default -> value;
            };
            if (cast != value) entry.setValue(cast);
        }
        return fields;
    }

    @Override
    public UpdateClient client(ClientContext context) {
        return new YetiClient(context);
    }
}
