package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldText;
import io.billctl.core.catalog.Validator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Enswitch's JSON API for unlimited access accounts: {@code unlimited/update} and
 * {@code unlimited/get}, by GET or POST, parameters in the query or a form body separated by
 * {@code &} or {@code ;}, {@code auth_username}/{@code auth_password} on every call, and every
 * answer a {@code responses} list whose codes are strings (HTTP 200 whatever the code: the
 * vendor's status line on errors is unverified, and clients must trust the body).
 */
public final class EnswitchEmulator implements Emulator {
    public static final String USERNAME = "sandbox";
    public static final String PASSWORD = "sandbox-enswitch-password";
    /** A user who may log in but lacks the commerce role privilege: every update answers 402. */
    public static final String VIEWER = "sandbox-viewer";

    private final Catalog catalog;
    private final AccountStore accounts = new AccountStore(EnswitchEmulator::seeded, 123);

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public EnswitchEmulator(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override public String backendId() { return "enswitch"; }
    @Override public String mountPath() { return "/enswitch"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(USERNAME, PASSWORD, null); }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        String path = request.path().endsWith("/") ? request.path() : request.path() + "/";
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
            case "/api/json/unlimited/list/" -> list(params);
            default -> EmulatorResponse.json(404, "{\"responses\":[{\"code\":\"404\",\"key\":\"\",\"message\":\"No such function.\"}]}");
        };
    }

    private EmulatorResponse get(Map<String, String> params) {
        ObjectNode account = accounts.get(params.get("id"));
        if (account == null) return answer("404", "id", "The unlimited access account does not exist.");
        return EmulatorResponse.json(200, withData(account)).readOf(Long.parseLong(params.get("id").trim()));
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
            Field field = catalog.find(name).orElse(null);
            if (field == null) {
                problems.add(response("400", name, "Unknown parameter."));
                return;
            }
            try {
                JsonNode value = FieldText.parse(field, text);
                String problem = Validator.problem(field, value);
                if (problem != null) problems.add(response("400", name, "Invalid value: " + problem + "."));
                else changes.set(name, value);
            } catch (FieldText.BadText e) {
                problems.add(response("400", name, "Invalid value: " + e.getMessage() + "."));
            }
        });
        if (!problems.isEmpty()) return EmulatorResponse.json(200, Json.object().set("responses", problems));
        if (validateOnly) return answer("201", "", "Input passed validation.");
        ObjectNode updated = account.deepCopy();
        updated.setAll(changes);
        accounts.put(Long.parseLong(id), updated);
        return answer("204", "", "OK").markMutated();
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
