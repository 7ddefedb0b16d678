package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Enswitch's JSON API for unlimited access accounts: {@code unlimited/update} and
 * {@code unlimited/get}, by GET or POST, parameters in the query or a form body separated by
 * {@code &} or {@code ;}, {@code auth_username}/{@code auth_password} on every call, and every
 * answer a {@code responses} list whose codes are strings (HTTP 200 whatever the code: the
 * vendor's status line on errors is unverified, and clients must trust the body); a path that is no
 * function is the web server's HTML 404, not the API's. Parameters are
 * checked against a rule table of its own, written from the vendor's page ({@code unlimited/update}),
 * never the client's catalog.
 */
public final class EnswitchEmulator implements Emulator {
    public static final String USERNAME = "sandbox";
    public static final String PASSWORD = "sandbox-enswitch-password";
    /** A user who may log in but lacks the commerce role privilege: every update answers 402. */
    public static final String VIEWER = "sandbox-viewer";

    /** How the page types a parameter. */
    private enum Kind { STRING, INTEGER, DECIMAL }

    /**
     * One input parameter of {@code unlimited/update}: its type, and the range, values or form the page
     * gives, and nothing the page leaves unsaid ("-1 for no limit" says nothing of -2; the currency is a
     * "String"; a day given twice is not mentioned): those the server is taken to accept.
     */
    private record Param(String name, Kind kind, BigDecimal min, BigDecimal max, List<String> values, Pattern pattern) {
        static Param of(String name, Kind kind) {
            return new Param(name, kind, null, null, List.of(), null);
        }

        Param between(long low, long high) { return new Param(name, kind, BigDecimal.valueOf(low), BigDecimal.valueOf(high), values, pattern); }
        Param values(String... allowed) { return new Param(name, kind, min, max, List.of(allowed), pattern); }
        Param form(String regex) { return new Param(name, kind, min, max, values, Pattern.compile(regex)); }
    }

    private static final Map<String, Param> PARAMS = table(
            Param.of("callerid_external", Kind.STRING),
            Param.of("callerid_internal", Kind.STRING),
            Param.of("cos", Kind.INTEGER),
            Param.of("currency", Kind.STRING),
            Param.of("days_week", Kind.STRING).form("[1-7](,[1-7])*"),
            Param.of("description", Kind.STRING),
            Param.of("dialplan", Kind.STRING),
            Param.of("endhour", Kind.INTEGER).between(0, 23),
            Param.of("endminute", Kind.INTEGER).between(0, 59),
            Param.of("endsecond", Kind.INTEGER).between(0, 59),
            Param.of("locked", Kind.INTEGER).values("0", "1"),
            Param.of("maximum_connectfee", Kind.DECIMAL),
            Param.of("maximum_cost", Kind.DECIMAL),
            Param.of("maximum_seconds", Kind.INTEGER),
            Param.of("minimum_percentage", Kind.DECIMAL),
            Param.of("minimum_profit", Kind.DECIMAL),
            Param.of("name", Kind.STRING),
            Param.of("panel", Kind.INTEGER).values("0", "1"),
            Param.of("ring_after_answer", Kind.INTEGER),
            Param.of("starthour", Kind.INTEGER).between(0, 23),
            Param.of("startminute", Kind.INTEGER).between(0, 59),
            Param.of("startsecond", Kind.INTEGER).between(0, 59));

    private static Map<String, Param> table(Param... params) {
        Map<String, Param> table = new LinkedHashMap<>();
        for (Param param : params) table.put(param.name(), param);
        return table;
    }

    private final AccountStore accounts = new AccountStore(EnswitchEmulator::seeded, 123);

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public EnswitchEmulator() {}

    @Override public String backendId() { return "enswitch"; }
    @Override public String mountPath() { return "/enswitch"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(USERNAME, PASSWORD, null); }

    /** The functions this emulator serves, each under {@code /api/json/}. */
    private static final java.util.Set<String> FUNCTIONS = java.util.Set.of(
            "/api/json/unlimited/update/", "/api/json/unlimited/get/", "/api/json/unlimited/list/");

    /**
     * A path that is no API function (a wrong base URL, a function it does not have): the web server's
     * own 404 page, as Apache writes it, before any credential is looked at. Nothing in the vendor's
     * pages gives an API answer for it, so none is made up.
     */
    private static EmulatorResponse noSuchPage() {
        return new EmulatorResponse(404, "text/html; charset=iso-8859-1", ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
                + "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
                + "</body></html>\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), Map.of(), false);
    }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        String path = request.path().endsWith("/") ? request.path() : request.path() + "/";
        if (!FUNCTIONS.contains(path)) return noSuchPage();
        if (!request.method().equals("GET") && !request.method().equals("POST")) return answer("400", "", "Use GET or POST");
        Map<String, String> params = new LinkedHashMap<>(EmulatorRequest.params(request.query()));
        if (request.method().equals("POST")) params.putAll(EmulatorRequest.params(request.bodyText()));
        String user = params.remove("auth_username");
        String password = params.remove("auth_password");
        if (!PASSWORD.equals(password) || !(USERNAME.equals(user) || VIEWER.equals(user))) {
            return answer("401", "", "The authentication details provided are invalid.");
        }
        return switch (path) {
            case "/api/json/unlimited/update/" -> VIEWER.equals(user) ? answer("402", "", "Your role does not allow this.") : update(params);
            case "/api/json/unlimited/get/" -> get(params);
            default -> list(params);
        };
    }

    private EmulatorResponse get(Map<String, String> params) {
        ObjectNode account = accounts.get(params.get("id"));
        if (account == null) return answer("404", "id", "The unlimited access account does not exist, or you do not have permission to view it.");
        return EmulatorResponse.json(200, withData(account)).readOf(account.path("id").asLong());
    }

    /** {@code unlimited/list}, optionally for one {@code customer}: every account in {@code data}, as a list. */
    private EmulatorResponse list(Map<String, String> params) {
        String customer = params.get("customer");
        ArrayNode data = Json.NODES.arrayNode();
        accounts.all().values().stream().filter(account -> customer == null || account.path("customer").asText().equals(customer)).forEach(data::add);
        return EmulatorResponse.json(200, withData(data));
    }

    private EmulatorResponse update(Map<String, String> params) {
        String id = params.remove("id");
        if (id == null || id.isEmpty()) return answer("400", "id", "Missing required parameter.");
        boolean validateOnly = "1".equals(params.remove("validation"));
        ObjectNode account = accounts.get(id);
        if (account == null) return answer("404", "id", "The unlimited access account does not exist, or you do not have permission to update it.");
        ObjectNode changes = Json.object();
        ArrayNode problems = Json.NODES.arrayNode();
        params.forEach((name, text) -> {
            Param param = PARAMS.get(name);
            if (param == null) {
                problems.add(response("400", name, "Unknown parameter."));
                return;
            }
            Object value = value(param, text);
            if (value instanceof String problem) problems.add(response("400", name, "Invalid value: " + problem + "."));
            else changes.set(name, (JsonNode) value);
        });
        if (!problems.isEmpty()) return EmulatorResponse.json(200, Json.object().set("responses", problems));
        if (validateOnly) return answer("201", "", "Input passed validation.");
        ObjectNode updated = account.deepCopy();
        updated.setAll(changes);
        accounts.put(Long.parseLong(id), updated);
        return answer("204", "", "OK").markMutated();
    }


    /** The value a parameter's text stands for, stored as the account holds it, or what is wrong with it. */
    private static Object value(Param param, String text) {
        if (param.kind() == Kind.STRING) {
            if (param.pattern() != null && !param.pattern().matcher(text).matches()) return "\"" + text + "\" is not in the form " + param.pattern().pattern();
            return Json.NODES.textNode(text);
        }
        BigDecimal number;
        try {
            number = text.length() > 40 ? null : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            number = null;
        }
        if (number != null && (number.precision() - number.scale() > 40 || number.scale() > 40)) return "\"" + text + "\" is out of range";
        if (number == null || param.kind() == Kind.INTEGER && number.stripTrailingZeros().scale() > 0) {
            return "\"" + text + "\" is not " + (param.kind() == Kind.INTEGER ? "an integer" : "a decimal number");
        }
        if (!param.values().isEmpty() && !param.values().contains(number.toPlainString())) return "must be " + String.join(" or ", param.values());
        if (param.min() != null && number.compareTo(param.min()) < 0 || param.max() != null && number.compareTo(param.max()) > 0) {
            return param.max() == null ? "must be at least " + param.min() : "must be from " + param.min() + " to " + param.max();
        }
        if (param.kind() == Kind.INTEGER) {
            BigInteger whole = number.toBigIntegerExact();
            return whole.bitLength() < 32 ? Json.NODES.numberNode(whole.intValue()) : Json.NODES.numberNode(whole);
        }
        return Json.NODES.numberNode(number);
    }

    /** A read's answer: {@code {"responses":[{"code":"200",…}],"data":…}}, as every Enswitch answer carries its responses. */
    private static ObjectNode withData(JsonNode data) {
        ObjectNode body = Json.object();
        body.putArray("responses").add(response("200", "", "OK"));
        body.set("data", data);
        return body;
    }

    private static ObjectNode response(String code, String key, String message) {
        return Json.object().put("code", code).put("key", key).put("message", message);
    }

    private static EmulatorResponse answer(String code, String key, String message) {
        ObjectNode body = Json.object();
        body.putArray("responses").add(response(code, key, message));
        return EmulatorResponse.json(200, body);
    }

    @Override
    public EmulatorResponse fault(int status) {
        ObjectNode body = Json.object();
        body.putArray("responses").add(response(Integer.toString(status), "", status == 429 ? "Too many requests." : "Internal error."));
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
        account.put("customer", (id - 1) / 10 + 1);
        account.put("name", "Unlimited " + id);
        account.put("description", "");
        account.put("callerid_external", "");
        account.put("callerid_internal", "");
        account.put("cos", 0);
        account.put("currency", "GBP");
        account.put("days_week", "1,2,3,4,5,6,7");
        account.put("dialplan", "");
        account.put("starthour", 0);
        account.put("startminute", 0);
        account.put("startsecond", 0);
        account.put("endhour", 23);
        account.put("endminute", 59);
        account.put("endsecond", 59);
        account.put("locked", 0);
        account.put("maximum_connectfee", new java.math.BigDecimal("-1"));
        account.put("maximum_cost", new java.math.BigDecimal("-1"));
        account.put("maximum_seconds", -1);
        account.put("minimum_percentage", new java.math.BigDecimal("0"));
        account.put("minimum_profit", new java.math.BigDecimal("0"));
        account.put("panel", 1);
        account.put("ring_after_answer", 0);
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
