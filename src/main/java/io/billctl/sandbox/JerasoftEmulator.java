package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.Validator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JeraSoft VCS's REST API for client accounts: {@code X-Api-Key} auth (401 otherwise),
 * {@code PATCH /clients/accounts/:id} answering 200 with the number of affected rows, and the
 * vendor's {@code {"error":{"message","data"}}} bodies for 400 (field -> message), 401, 404
 * (with object_name and object_id), 422 and 500. Reads: {@code GET /clients/accounts[/:id]}.
 */
public final class JerasoftEmulator implements Emulator {
    public static final String API_KEY = "sandbox-jerasoft-key";
    private static final Pattern ACCOUNT = Pattern.compile("/clients/accounts/([^/]+)/?");
    private static final Pattern ACCOUNTS = Pattern.compile("/clients/accounts/?");

    private final Catalog catalog;
    private final AccountStore accounts = new AccountStore(JerasoftEmulator::seeded, 123);

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public JerasoftEmulator(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override public String backendId() { return "jerasoft"; }
    @Override public String mountPath() { return "/jerasoft/api"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(null, null, API_KEY); }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        if (!API_KEY.equals(request.header("X-Api-Key"))) {
            return error(401, "utoken-auth-failed", "Authentication Failed: invalid API key", null);
        }
        Matcher one = ACCOUNT.matcher(request.path());
        if (one.matches()) {
            ObjectNode account = accounts.get(one.group(1));
            if (account == null) return notFound(one.group(1));
            long id = account.path("id").asLong();
            return switch (request.method()) {
                case "GET" -> EmulatorResponse.json(200, account).readOf(id);
                case "PATCH", "PUT" -> update(id, account, request);
                default -> error(405, "method-not-allowed", "Method " + request.method() + " is not allowed", null);
            };
        }
        if (ACCOUNTS.matcher(request.path()).matches() && request.method().equals("GET")) return list(request);
        return error(404, "not_found", "Route " + request.method() + " " + request.path() + " was not found", null);
    }

    /** {@code GET /clients/accounts?limit=&offset=} and any other parameter as a filter on the field of that name (equal text). */
    private EmulatorResponse list(EmulatorRequest request) {
        Map<String, String> params = new LinkedHashMap<>(EmulatorRequest.params(request.query()));
        long limit;
        long offset;
        try {
            limit = Math.max(0, Long.parseLong(params.getOrDefault("limit", "25")));
            offset = Math.max(0, Long.parseLong(params.getOrDefault("offset", "0")));
        } catch (NumberFormatException e) {
            return invalid(Map.of(params.containsKey("limit") ? "limit" : "offset", "Value must be an integer"));
        }
        params.remove("limit");
        params.remove("offset");
        ArrayNode page = Json.NODES.arrayNode();
        accounts.all().values().stream()
                .filter(account -> params.entrySet().stream().allMatch(filter -> account.path(filter.getKey()).asText().equals(filter.getValue())))
                .skip(offset).limit(limit).forEach(page::add);
        return EmulatorResponse.json(200, page);
    }

    private EmulatorResponse update(long id, ObjectNode current, EmulatorRequest request) {
        JsonNode body;
        try {
            body = Json.parse(request.bodyText());
        } catch (Exception e) {
            return invalid(Map.of("body", "Malformed JSON"));
        }
        if (!(body instanceof ObjectNode changes)) return invalid(Map.of("body", "A JSON object of parameters is expected"));
        Map<String, String> problems = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> change = it.next();
            if (change.getKey().equals("clients_id")) {
                if (!change.getValue().equals(current.get("clients_id"))) {
                    return error(422, "clients-accounts-move", "Moving an account to another client is not allowed", null);
                }
                continue;
            }
            Field field = catalog.find(change.getKey()).orElse(null);
            if (field == null) {
                problems.put(change.getKey(), "Unknown parameter");
                continue;
            }
            String problem = Validator.problem(field, change.getValue());
            if (problem != null) problems.put(change.getKey(), problem.equals("cannot be empty") ? "Empty value is not allowed" : capitalize(problem));
        }
        if (!problems.isEmpty()) return invalid(problems);
        ObjectNode merged = current.deepCopy();
        merged.setAll(changes);
        String auth = merged.path("auth_type").asText();
        requireFor(merged, auth, "ani", "ani", problems);
        requireFor(merged, auth, "name", "accname", problems);
        requireFor(merged, auth, "ip", "ips", problems);
        if (!problems.isEmpty()) return invalid(problems);
        int affected = merged.equals(current) ? 0 : 1;
        accounts.put(id, merged);
        return EmulatorResponse.json(200, Integer.toString(affected)).markMutated();
    }

    private static void requireFor(ObjectNode account, String auth, String type, String field, Map<String, String> problems) {
        JsonNode value = account.get(field);
        boolean empty = value == null || value.isNull() || (value.isTextual() ? value.asText().isEmpty() : value.isContainerNode() && value.isEmpty());
        if (auth.equals(type) && empty) problems.put(field, "Required when auth_type is " + type);
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }


    private static EmulatorResponse invalid(Map<String, String> problems) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", "Invalid request");
        ObjectNode data = error.putObject("data");
        problems.forEach(data::put);
        return EmulatorResponse.json(400, body);
    }

    private static EmulatorResponse notFound(String id) {
        String message = "Object \"clients_accounts(" + id + ")\" was not found!";
        return error(404, "not_found", message, Json.object().put("object_name", "clients_accounts").put("object_id", id));
    }

    private static EmulatorResponse error(int status, String code, String message, ObjectNode extra) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", code + ": " + message);
        ObjectNode data = error.putObject("data");
        data.put("code", code);
        data.put("message", message);
        if (extra != null) data.setAll(extra);
        return EmulatorResponse.json(status, body);
    }

    @Override
    public EmulatorResponse fault(int status) {
        ObjectNode body = Json.object();
        body.putObject("error").put("message", status == 429 ? "Too many requests" : "An unexpected error occurred");
        return EmulatorResponse.json(status, body);
    }

    @Override
    public AccountStore store() {
        return accounts;
    }

    @Override
    public void seed() {
        accounts.seed();
    }

    private static ObjectNode seeded(long id) {
        ObjectNode account = Json.object();
        account.put("id", id);
        account.put("clients_id", (id - 1) / 10 + 1);
        account.put("name", "Account " + id);
        account.put("auth_type", "ip");
        account.putNull("notes");
        account.putArray("orig_tags");
        account.putArray("term_tags");
        account.putNull("tech_prefix");
        account.putNull("ani");
        account.putNull("accname");
        account.putNull("password");
        account.put("orig_enabled", true);
        account.putNull("orig_capacity");
        account.putNull("orig_rate_tables_ids");
        account.putNull("orig_routing_plan_id");
        account.put("term_enabled", false);
        account.putNull("term_capacity");
        account.putNull("term_rate_tables_ids");
        account.putNull("term_protocol");
        account.putNull("term_port");
        account.put("term_proxy_mode", 1);
        account.putArray("ips").add("192.0.2." + (id % 250 + 1));
        account.putArray("equipment_ids");
        return account;
    }

    @Override
    public JsonNode snapshot() {
        ObjectNode state = Json.object();
        state.set("accounts", accounts.snapshot());
        return state;
    }

    @Override
    public void restore(JsonNode state) {
        accounts.restore(state.path("accounts"));
    }
}
