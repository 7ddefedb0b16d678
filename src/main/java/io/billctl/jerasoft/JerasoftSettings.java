package io.billctl.jerasoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JeraSoft profile's own settings: which API its URL serves ({@code api = "rest"}, the default,
 * {@code "jsonrpc"} or {@code "coreapi3"}) and the server's names for billctl's fields
 * ({@code [profiles.NAME.field_names] orig_routing_plan_id = "orig_routing_plans_id"}).
 */
record JerasoftSettings(Api api, FieldNames names) {
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

    /** The three ways a JeraSoft server takes an update. */
    enum Api {
        /** {@code PATCH {url}/clients/accounts/{id}}, {@code X-Api-Key}. */
        REST,
        /** The same API as JSON-RPC 2.0: {@code POST {url}} with {@code clients.accounts.update}, {@code X-Api-Key}. */
        JSONRPC,
        /** VCS 3.x's CoreAPI ({@code http://HOST:3080/}): JSON-RPC 2.0 only, {@code accounts.update}, the key in {@code params.AUTH}. */
        COREAPI3;

        String setting() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean jsonRpc() {
            return this != REST;
        }
    }

    static final JerasoftSettings DEFAULT = new JerasoftSettings(Api.REST, FieldNames.of(Api.REST, Map.of()));

    /** The settings of profile {@code profile}; a usage error (exit 2) names one that cannot work. */
    static JerasoftSettings of(ObjectNode settings, String profile) {
        try {
            return parse(settings);
        } catch (BillctlException e) {
            throw BillctlException.usage("profile '" + profile + "': " + e.getMessage());
        }
    }

    /** What {@code profile add} checks before it stores them: only the keys billctl reads are allowed. */
    static void check(ObjectNode settings) {
        settings.fieldNames().forEachRemaining(key -> {
            if (!key.equals("api") && !key.equals("field_names")) throw BillctlException.usage("JeraSoft VCS profiles have no " + key + " setting");
        });
        parse(settings);
    }

    private static JerasoftSettings parse(ObjectNode settings) {
        Api api = Api.REST;
        JsonNode given = settings.get("api");
        if (given != null) {
            String text = given.isTextual() ? given.asText().trim().toLowerCase(Locale.ROOT) : "";
            api = switch (text) {
                case "rest" -> Api.REST;
                case "jsonrpc" -> Api.JSONRPC;
                case "coreapi3" -> Api.COREAPI3;
                default -> throw BillctlException.usage("api must be rest, jsonrpc or coreapi3, got " + (given.isTextual() ? "'" + given.asText() + "'" : given));
            };
        }
        Map<String, String> names = new LinkedHashMap<>();
        JsonNode table = settings.get("field_names");
        if (table != null) {
            if (!table.isObject()) throw BillctlException.usage("field_names must be a table of NAME = \"SERVER_NAME\"");
            table.fields().forEachRemaining(entry -> {
                String name = entry.getKey();
                if (JerasoftCatalog.CATALOG.find(name).isEmpty()) {
                    throw BillctlException.usage("field_names: " + name + " is not a JeraSoft field"
                            + JerasoftCatalog.CATALOG.suggest(name).map(s -> " (did you mean " + s + "?)").orElse(""));
                }
                JsonNode server = entry.getValue();
                if (!server.isTextual() || !SERVER_NAME.matcher(server.asText()).matches()) {
                    throw BillctlException.usage("field_names: " + name + " needs the server's name for it (letters, digits, _ . -), got " + server);
                }
                names.put(name, server.asText());
            });
        }
        return new JerasoftSettings(api, FieldNames.of(api, names));
    }
}
