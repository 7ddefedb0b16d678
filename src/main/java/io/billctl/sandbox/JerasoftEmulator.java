package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JeraSoft VCS, as its reference page and spec/EVIDENCE.md describe it, with a rule table of its own:
 * <ul>
 * <li>the REST API: {@code X-Api-Key} auth (401 otherwise), {@code PATCH /clients/accounts/:id}
 * answering 200 with the number of affected rows, and the vendor's {@code {"error":{"message","data"}}}
 * bodies for 400 (field -> message), 401, 404 (with object_name and object_id), 422 and 500; reads
 * {@code GET /clients/accounts[/:id]};</li>
 * <li>the same API as JSON-RPC 2.0 on the base URL: {@code POST /} with {@code clients.accounts.update},
 * {@code .get} and {@code .search};</li>
 * <li>VCS 3.x's CoreAPI (which listens on {@code http://HOST:3080/}) below {@link #COREAPI_PATH}: JSON-RPC
 * only, the key in {@code params.AUTH}, {@code accounts.update} and {@code accounts.search} (a list), and
 * its own names ({@code orig_rate_table}).</li>
 * </ul>
 * "Required when" is judged on the account as the update leaves it; moving an account to another
 * client is refused (422), naming its own client again is not. JSON-RPC errors come with HTTP 200.
 */
public final class JerasoftEmulator implements Emulator {
    public static final String API_KEY = "sandbox-jerasoft-key";
    /** Where the CoreAPI of VCS 3.x (port 3080 on a real server) sits below the mount. */
    public static final String COREAPI_PATH = "/coreapi";

    private static final Pattern ACCOUNT = Pattern.compile("/clients/accounts/([^/]+)/?");
    private static final Pattern ACCOUNTS = Pattern.compile("/clients/accounts/?");

    /** The JSON types of the page's parameters. */
    private enum Kind { INTEGER, TEXT, BOOLEAN, TEXTS, INTEGERS }

    /**
     * One parameter of {@code clients.accounts.update}: its type, whether null goes, its bounds, its
     * values, the table its ids point into, and the auth_type that makes it required.
     */
    private record Param(String name, Kind kind, boolean nullable, int maxLength, boolean notEmpty, long min, long max, List<String> oneOf,
                         String table, String requiredFor) {
        static Param of(String name, Kind kind) {
            return new Param(name, kind, false, 0, false, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), null, null);
        }

        Param orNull() { return new Param(name, kind, true, maxLength, notEmpty, min, max, oneOf, table, requiredFor); }
        Param atMost(int length) { return new Param(name, kind, nullable, length, notEmpty, min, max, oneOf, table, requiredFor); }
        Param nonEmpty() { return new Param(name, kind, nullable, maxLength, true, min, max, oneOf, table, requiredFor); }
        Param between(long low, long high) { return new Param(name, kind, nullable, maxLength, notEmpty, low, high, oneOf, table, requiredFor); }
        Param values(String... values) { return new Param(name, kind, nullable, maxLength, notEmpty, min, max, List.of(values), table, requiredFor); }
        Param pointsInto(String into) { return new Param(name, kind, nullable, maxLength, notEmpty, min, max, oneOf, into, requiredFor); }
        Param requiredWhenAuth(String authType) { return new Param(name, kind, nullable, maxLength, notEmpty, min, max, oneOf, table, authType); }
    }

    private static final long INT32 = 2147483647L;

    /** The vendor page's parameters, in its order (names as spec/NOTES.md has them). */
    private static final Map<String, Param> PARAMS = table(
            Param.of("clients_id", Kind.INTEGER).pointsInto("clients"),
            Param.of("name", Kind.TEXT).atMost(64).nonEmpty(),
            Param.of("auth_type", Kind.TEXT).values("name", "ip", "ani"),
            Param.of("notes", Kind.TEXT).orNull(),
            Param.of("orig_tags", Kind.TEXTS),
            Param.of("term_tags", Kind.TEXTS),
            Param.of("tech_prefix", Kind.TEXT).atMost(64).orNull(),
            Param.of("ani", Kind.TEXT).atMost(64).orNull().requiredWhenAuth("ani"),
            Param.of("accname", Kind.TEXT).atMost(128).orNull().requiredWhenAuth("name"),
            Param.of("password", Kind.TEXT).atMost(256).orNull(),
            Param.of("orig_enabled", Kind.BOOLEAN),
            Param.of("orig_capacity", Kind.INTEGER).between(0, INT32).orNull(),
            Param.of("orig_rate_tables_ids", Kind.INTEGERS).orNull().pointsInto("rate_tables"),
            Param.of("orig_routing_plan_id", Kind.INTEGER).orNull().pointsInto("routing_plans"),
            Param.of("term_enabled", Kind.BOOLEAN),
            Param.of("term_capacity", Kind.INTEGER).between(0, INT32).orNull(),
            Param.of("term_rate_tables_ids", Kind.INTEGERS).orNull().pointsInto("rate_tables"),
            Param.of("term_protocol", Kind.TEXT).atMost(64).orNull(),
            Param.of("term_port", Kind.TEXT).atMost(64).orNull(),
            Param.of("term_proxy_mode", Kind.INTEGER).between(0, 7),
            Param.of("ips", Kind.TEXTS).requiredWhenAuth("ip"),
            Param.of("equipment_ids", Kind.INTEGERS).pointsInto("equipment"));

    /**
     * The CoreAPI's names where they differ from the stored (REST) ones: orig_rate_table as EVIDENCE.md
     * has it, its termination twin, and a singular routing plan in the same habit (a name billctl does not
     * guess: the sandbox's case for a profile's field_names).
     */
    private static final Map<String, String> COREAPI_NAMES = Map.of("orig_rate_tables_ids", "orig_rate_table",
            "term_rate_tables_ids", "term_rate_table", "orig_routing_plan_id", "orig_routing_plan");

    private final AccountStore accounts = new AccountStore(JerasoftEmulator::seeded, 123);

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public JerasoftEmulator() {}

    @Override public String backendId() { return "jerasoft"; }
    @Override public String mountPath() { return "/jerasoft/api"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(null, null, API_KEY); }

    private static Map<String, Param> table(Param... params) {
        Map<String, Param> table = new LinkedHashMap<>();
        for (Param param : params) table.put(param.name(), param);
        return table;
    }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        String path = request.path();
        if (path.equals(COREAPI_PATH) || path.equals(COREAPI_PATH + "/")) return coreApi(request);
        if (!API_KEY.equals(request.header("X-Api-Key"))) {
            return rest(new Refusal(401, "utoken-auth-failed", "Authentication Failed: invalid API key", Map.of(), null));
        }
        if ((path.isEmpty() || path.equals("/")) && request.method().equals("POST")) return jsonRpc(request);
        Matcher one = ACCOUNT.matcher(path);
        if (one.matches()) {
            ObjectNode account = accounts.get(one.group(1));
            if (account == null) return rest(notFound(one.group(1)));
            return switch (request.method()) {
                case "GET" -> EmulatorResponse.json(200, account).readOf(account.path("id").asLong());
                case "PATCH", "PUT" -> {
                    JsonNode body = parse(request.bodyText());
                    if (!(body instanceof ObjectNode changes)) yield rest(invalid(Map.of("body", body == null ? "Malformed JSON" : "A JSON object of parameters is expected")));
                    yield rest(update(account, changes));
                }
                default -> rest(new Refusal(405, "method-not-allowed", "Method " + request.method() + " is not allowed", Map.of(), null));
            };
        }
        if (ACCOUNTS.matcher(path).matches() && request.method().equals("GET")) {
            Map<String, String> params = new LinkedHashMap<>(EmulatorRequest.params(request.query()));
            Object page = search(params);
            return page instanceof Refusal refusal ? rest(refusal) : EmulatorResponse.json(200, (ArrayNode) page);
        }
        return rest(new Refusal(404, "not_found", "Route " + request.method() + " " + path + " was not found", Map.of(), null));
    }

    // --- the rules -------------------------------------------------------------------------

    /** A refusal: the HTTP status and the vendor's code and message, or the fields of a 400. */
    private record Refusal(int status, String code, String message, Map<String, String> fields, ObjectNode extra) {}

    /**
     * One update: every parameter checked against the table (400, all problems at once), then "required
     * when" on the account as the update leaves it (400), then the client move (422). Answers the number
     * of affected rows (0 when nothing changed), or the refusal.
     */
    private Object update(ObjectNode current, ObjectNode changes) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> change = it.next();
            Param param = PARAMS.get(change.getKey());
            String problem = param == null ? "Unknown parameter" : problem(param, change.getValue());
            if (problem != null) problems.put(change.getKey(), problem);
        }
        if (!problems.isEmpty()) return invalid(problems);
        ObjectNode merged = current.deepCopy();
        merged.setAll(changes);
        String auth = merged.path("auth_type").asText();
        for (Param param : PARAMS.values()) {
            if (auth.equals(param.requiredFor()) && empty(merged.get(param.name()))) problems.put(param.name(), "Required when auth_type is " + auth);
        }
        if (!problems.isEmpty()) return invalid(problems);
        JsonNode client = changes.get("clients_id");
        if (client != null && !same(client, current.get("clients_id"))) {
            return new Refusal(422, "accounts-client-change", "Moving an account to another client is not allowed; disable it and create a new one",
                    Map.of(), null);
        }
        int affected = same(merged, current) ? 0 : 1;
        accounts.put(current.path("id").asLong(), merged);
        return affected;
    }

    /** What is wrong with one value of one parameter, in the emulator's words, or null. */
    private static String problem(Param param, JsonNode value) {
        if (value.isNull()) return param.nullable() ? null : "Null is not allowed";
        switch (param.kind()) {
            case BOOLEAN -> {
                return value.isBoolean() ? null : "Value must be a boolean";
            }
            case INTEGER -> {
                return integer(param, value);
            }
            case TEXT -> {
                if (!value.isTextual()) return "Value must be a string";
                String text = value.asText();
                if (param.notEmpty() && text.isEmpty()) return "Empty value is not allowed";
                if (param.maxLength() > 0 && text.codePointCount(0, text.length()) > param.maxLength()) {
                    return "Value is too long (at most " + param.maxLength() + " characters)";
                }
                if (!param.oneOf().isEmpty() && !param.oneOf().contains(text)) return "Value must be one of: " + String.join(", ", param.oneOf());
                return null;
            }
            case TEXTS, INTEGERS -> {
                if (!value.isArray()) return "Value must be a list";
                for (JsonNode item : value) {
                    String problem = param.kind() == Kind.TEXTS ? (item.isTextual() ? null : "List items must be strings") : integer(param, item);
                    if (problem != null) return problem;
                }
                return null;
            }
            default -> throw new IllegalStateException(param.kind().name());
        }
    }

    private static String integer(Param param, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) return "Value must be an integer";
        long number = value.longValue();
        if (param.table() != null && number < 1) return "Object \"" + param.table() + "(" + number + ")\" was not found!";
        if (number < param.min() || number > param.max()) return "Value must be between " + param.min() + " and " + param.max();
        return null;
    }

    /** Equal as JSON text: 1 read from a request is the 1 stored, whatever number class holds each. */
    private static boolean same(JsonNode a, JsonNode b) {
        return b != null && Json.write(a).equals(Json.write(b));
    }

    private static boolean empty(JsonNode value) {
        return value == null || value.isNull() || (value.isTextual() ? value.asText().isEmpty() : value.isContainerNode() && value.isEmpty());
    }

    /** {@code limit}, {@code offset} and any other parameter as a filter on the field of that name (equal text). */
    private Object search(Map<String, String> params) {
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
        return page;
    }

    private static Refusal invalid(Map<String, String> problems) {
        return new Refusal(400, null, "Invalid request", problems, null);
    }

    private static Refusal notFound(String id) {
        return new Refusal(404, "not_found", "Object \"clients_accounts(" + id + ")\" was not found!", Map.of(),
                Json.object().put("object_name", "clients_accounts").put("object_id", id));
    }

    // --- the REST answers ------------------------------------------------------------------

    private static EmulatorResponse rest(Object outcome) {
        if (outcome instanceof Integer rows) return EmulatorResponse.json(200, Integer.toString(rows)).markMutated();
        Refusal refusal = (Refusal) outcome;
        ObjectNode body = Json.object();
        body.set("error", error(refusal));
        return EmulatorResponse.json(refusal.status(), body);
    }

    /** {@code {"message":…,"data":{…}}}: field -> message for a 400, else the code, the message and what else it names. */
    private static ObjectNode error(Refusal refusal) {
        ObjectNode error = Json.object();
        ObjectNode data = Json.object();
        if (refusal.code() == null) {
            error.put("message", refusal.message());
            refusal.fields().forEach(data::put);
        } else {
            error.put("message", refusal.code() + ": " + refusal.message());
            data.put("code", refusal.code());
            data.put("message", refusal.message());
            if (refusal.extra() != null) data.setAll(refusal.extra());
        }
        error.set("data", data);
        return error;
    }

    // --- JSON-RPC 2.0: the current API on its base, and the CoreAPI ---------------------------

    /** The current API's JSON-RPC form: the REST rules, answered in envelopes (HTTP 200). */
    private EmulatorResponse jsonRpc(EmulatorRequest request) {
        JsonNode call = parse(request.bodyText());
        JsonNode id = call instanceof ObjectNode ? call.path("id") : Json.NODES.nullNode();
        String checked = envelope(call);
        if (checked != null) return rpcError(id, checked.equals("parse") ? -32700 : -32600, checked.equals("parse") ? "Parse error" : "Invalid Request", null);
        ObjectNode params = (ObjectNode) call.path("params");
        String method = call.path("method").asText();
        return switch (method) {
            case "clients.accounts.update" -> withAccount(id, params, account -> rpc(id, update(account, without(params, "id"))));
            case "clients.accounts.get" -> withAccount(id, params, account -> rpcResult(id, account));
            case "clients.accounts.search" -> {
                Object page = search(texts(params));
                yield rpc(id, page);
            }
            default -> rpcError(id, -32601, "Method not found", null);
        };
    }

    /**
     * VCS 3.x's CoreAPI: JSON-RPC only, the key in {@code params.AUTH}, {@code accounts.update} and
     * {@code accounts.search}, and its own names for some fields.
     */
    private EmulatorResponse coreApi(EmulatorRequest request) {
        if (!request.method().equals("POST")) return rpcError(Json.NODES.nullNode(), -32600, "Invalid Request", null);
        JsonNode call = parse(request.bodyText());
        JsonNode id = call instanceof ObjectNode ? call.path("id") : Json.NODES.nullNode();
        String checked = envelope(call);
        if (checked != null) return rpcError(id, checked.equals("parse") ? -32700 : -32600, checked.equals("parse") ? "Parse error" : "Invalid Request", null);
        ObjectNode params = ((ObjectNode) call.path("params")).deepCopy();
        JsonNode auth = params.remove("AUTH");
        if (auth == null || !API_KEY.equals(auth.asText())) {
            return rpcError(id, -32000, "auth-failed: Authentication failed", Json.object().put("code", "auth-failed").put("message", "Authentication failed"));
        }
        return switch (call.path("method").asText()) {
            case "accounts.update" -> withAccount(id, params, account -> {
                ObjectNode changes = Json.object();
                Map<String, String> unknown = new LinkedHashMap<>();
                without(params, "id").fields().forEachRemaining(entry -> {
                    String stored = fromCoreApi(entry.getKey());
                    if (stored == null) unknown.put(entry.getKey(), "Unknown parameter");
                    else changes.set(stored, entry.getValue());
                });
                if (!unknown.isEmpty()) return rpc(id, invalid(unknown));
                Object outcome = update(account, changes);
                if (outcome instanceof Refusal refusal && !refusal.fields().isEmpty()) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    refusal.fields().forEach((name, message) -> fields.put(COREAPI_NAMES.getOrDefault(name, name), message));
                    outcome = invalid(fields);
                }
                return rpc(id, outcome);
            });
            case "accounts.search" -> {
                Map<String, String> filters = new LinkedHashMap<>();
                texts(params).forEach((name, value) -> filters.put(name.equals("limit") || name.equals("offset") ? name : orName(fromCoreApi(name), name), value));
                Object page = search(filters);
                if (page instanceof ArrayNode list) {
                    ArrayNode renamed = Json.NODES.arrayNode();
                    list.forEach(account -> renamed.add(toCoreApi((ObjectNode) account)));
                    page = renamed;
                }
                yield rpc(id, page);
            }
            default -> rpcError(id, -32601, "Method not found", null);
        };
    }

    /** The stored name of a CoreAPI name, or null for a name the CoreAPI does not have. */
    private static String fromCoreApi(String name) {
        for (Map.Entry<String, String> renamed : COREAPI_NAMES.entrySet()) {
            if (renamed.getValue().equals(name)) return renamed.getKey();
        }
        return COREAPI_NAMES.containsKey(name) || !PARAMS.containsKey(name) && !name.equals("id") ? null : name;
    }

    private static String orName(String stored, String name) {
        return stored == null ? name : stored;
    }

    private static ObjectNode toCoreApi(ObjectNode account) {
        ObjectNode renamed = Json.object();
        account.fields().forEachRemaining(entry -> renamed.set(COREAPI_NAMES.getOrDefault(entry.getKey(), entry.getKey()), entry.getValue()));
        return renamed;
    }

    /** Null when the call is a JSON-RPC 2.0 request with a method and object params; else "parse" or "request". */
    private static String envelope(JsonNode call) {
        if (call == null) return "parse";
        if (!(call instanceof ObjectNode) || !"2.0".equals(call.path("jsonrpc").asText()) || !call.path("method").isTextual()
                || !call.path("params").isObject()) {
            return "request";
        }
        return null;
    }

    private EmulatorResponse withAccount(JsonNode id, ObjectNode params, java.util.function.Function<ObjectNode, EmulatorResponse> then) {
        JsonNode accountId = params.get("id");
        if (accountId == null || !accountId.isIntegralNumber() && !accountId.isTextual()) {
            return rpcError(id, -32602, "Invalid params", Json.object().put("id", "Value must be an integer"));
        }
        ObjectNode account = accounts.get(accountId.asText());
        if (account == null) return rpc(id, notFound(accountId.asText()));
        return then.apply(account);
    }

    private static ObjectNode without(ObjectNode params, String name) {
        ObjectNode copy = params.deepCopy();
        copy.remove(name);
        return copy;
    }

    private static Map<String, String> texts(ObjectNode params) {
        Map<String, String> texts = new LinkedHashMap<>();
        params.fields().forEachRemaining(entry -> texts.put(entry.getKey(), entry.getValue().asText()));
        return texts;
    }

    /** A result (rows, an account, a list) or a refusal, in a JSON-RPC envelope. */
    private static EmulatorResponse rpc(JsonNode id, Object outcome) {
        if (outcome instanceof Refusal refusal) {
            ObjectNode error = error(refusal);
            int code = refusal.code() == null ? -32602 : -32000;
            return rpcError(id, code, refusal.code() == null ? "Invalid params" : error.path("message").asText(), (ObjectNode) error.get("data"));
        }
        if (outcome instanceof Integer rows) return rpcResult(id, Json.NODES.numberNode(rows)).markMutated();
        return rpcResult(id, (JsonNode) outcome);
    }

    private static EmulatorResponse rpcResult(JsonNode id, JsonNode result) {
        ObjectNode body = Json.object().put("jsonrpc", "2.0");
        body.set("result", result);
        body.set("id", id);
        return EmulatorResponse.json(200, body);
    }

    private static EmulatorResponse rpcError(JsonNode id, int code, String message, ObjectNode data) {
        ObjectNode body = Json.object().put("jsonrpc", "2.0");
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (data != null) error.set("data", data);
        body.set("id", id);
        return EmulatorResponse.json(200, body);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            return null;
        }
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
        account.put("clients_id", (int) ((id - 1) / 10 + 1)); // an int, as the JSON parser makes of a request's value
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
