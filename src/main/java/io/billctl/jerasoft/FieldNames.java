package io.billctl.jerasoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * billctl's field names and the server's, where they differ: the CoreAPI's own names
 * ({@code orig_rate_table}), then the profile's {@code field_names} over them. Applied to every
 * request (an update's body, a list's filters) and every answer (an account read, a refusal's fields).
 */
final class FieldNames {
    /** VCS 3.x's CoreAPI: the names EVIDENCE.md gives (orig_rate_table, singular; ips as it is), and the termination twin. */
    private static final Map<String, String> COREAPI3 = Map.of("orig_rate_tables_ids", "orig_rate_table", "term_rate_tables_ids", "term_rate_table");

    /** Of the CoreAPI's names only these are public: everything else is a guess there. */
    private static final Set<String> COREAPI3_VERIFIED = Set.of("orig_rate_tables_ids", "ips");

    private final JerasoftSettings.Api api;
    private final Map<String, String> toServer;
    private final Map<String, String> toBillctl = new HashMap<>();

    private FieldNames(JerasoftSettings.Api api, Map<String, String> toServer) {
        this.api = api;
        this.toServer = Map.copyOf(toServer);
        for (var entry : toServer.entrySet()) toBillctl.put(entry.getValue(), entry.getKey());
    }

    /** The API's own names with {@code overrides} (billctl's name -> the server's) over them; two fields may not share a name. */
    static FieldNames of(JerasoftSettings.Api api, Map<String, String> overrides) {
        Map<String, String> names = new LinkedHashMap<>(api == JerasoftSettings.Api.COREAPI3 ? COREAPI3 : Map.of());
        names.putAll(overrides);
        names.entrySet().removeIf(entry -> entry.getKey().equals(entry.getValue()));
        Map<String, String> taken = new HashMap<>();
        for (var field : JerasoftCatalog.CATALOG.fields()) {
            String server = names.getOrDefault(field.name(), field.name());
            String other = taken.putIfAbsent(server, field.name());
            if (other != null) {
                throw BillctlException.usage("field_names: " + other + " and " + field.name() + " would both be sent as " + server);
            }
        }
        return new FieldNames(api, names);
    }

    /** The server's name for a field of billctl's. */
    String server(String name) {
        return toServer.getOrDefault(name, name);
    }

    /** billctl's name for a name of the server's. */
    String billctl(String serverName) {
        String mapped = toBillctl.get(serverName);
        return mapped != null ? mapped : serverName;
    }

    /** The fields as the server names them, in the same order. */
    ObjectNode toServer(ObjectNode fields) {
        if (toServer.isEmpty()) return fields;
        ObjectNode renamed = Json.object();
        fields.fields().forEachRemaining(entry -> renamed.set(server(entry.getKey()), entry.getValue()));
        return renamed;
    }

    /**
     * An account as the server returned it, in billctl's names. A key that is billctl's name for a field
     * the server calls otherwise is not that field: it stays only if the server's own name is absent.
     */
    ObjectNode toBillctl(ObjectNode account) {
        if (toServer.isEmpty()) return account;
        ObjectNode renamed = Json.object();
        account.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            String mapped = toBillctl.get(key);
            if (mapped != null) {
                renamed.set(mapped, entry.getValue());
            } else if (!renamed.has(key) && !(toServer.containsKey(key) && account.has(toServer.get(key)))) {
                renamed.set(key, entry.getValue());
            }
        });
        return renamed;
    }

    /** The names of an update that no public source confirms for this API, each with the name it went out as when that differs. */
    List<String> unverified(JsonNode fields) {
        List<String> guessed = new java.util.ArrayList<>();
        fields.fieldNames().forEachRemaining(name -> {
            boolean known = JerasoftCatalog.CATALOG.find(name).isPresent();
            boolean doubtful = !known || (api == JerasoftSettings.Api.COREAPI3 ? !COREAPI3_VERIFIED.contains(name) : JerasoftCatalog.UNVERIFIED.contains(name));
            if (doubtful) guessed.add(server(name).equals(name) ? name : name + " (sent as " + server(name) + ")");
        });
        return guessed;
    }
}
