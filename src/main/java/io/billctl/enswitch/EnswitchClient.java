package io.billctl.enswitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.backend.Answers;
import io.billctl.core.backend.AccountSink;
import io.billctl.core.backend.Applied;
import io.billctl.core.backend.ListQuery;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enswitch's JSON API: a form POST whose body carries {@code auth_username} and
 * {@code auth_password} (never the URL, so neither proxies nor server logs see the password),
 * answered by {@code {"responses":[{"code":"204","key":"","message":"OK"}]}}. The outcome is the
 * body's code, whatever the HTTP status line says.
 */
final class EnswitchClient implements UpdateClient {
    static final String UPDATE_PATH = "unlimited/update/";
    static final String GET_PATH = "unlimited/get/";
    static final String LIST_PATH = "unlimited/list/";
    /** Where the JSON API's functions sit below the host; some users' base URLs end in it already. */
    private static final String API = "api/json/";
    private static final String VENDOR = "Enswitch";

    private final ClientContext context;

    EnswitchClient(ClientContext context) {
        this.context = context;
    }

    @Override
    public WireRequest request(Update update, boolean masked) {
        Map<String, String> form = credentials(masked);
        form.put("id", update.id());
        // Never over the id or the credentials (the plan refuses such fields; this is the second lock).
        update.fields().fields().forEachRemaining(field -> form.putIfAbsent(field.getKey(), text(field.getValue())));
        form.putAll(update.extras());
        return post(UPDATE_PATH, form);
    }

    @Override
    public Applied send(Update update) {
        WireRequest request = request(update, false);
        WireResponse response = context.transport().send(request);
        List<JsonNode> responses = responses(request, response);
        // Every code is the one success asks for: 204 (applied), or 201 when only validation was asked.
        boolean validating = update.extras().containsKey("validation");
        String success = validating ? "201" : "204";
        for (JsonNode each : responses) {
            String code = each.path("code").asText();
            if (code.equals(success)) continue;
            if (code.startsWith("2")) {
                throw Answers.unexpected(VENDOR, response, redactor(), "code " + code + (validating ? " to a validation" : " to an update"));
            }
            throw failure(code, responses, update.id(), "update");
        }
        // The result: the code (a number here, a string in the body) and the server's message.
        String message = responses.get(0).path("message").asText(validating ? "Input passed validation." : "OK");
        ObjectNode result = Json.object().put("code", Integer.parseInt(success)).put("message", message);
        ObjectNode view = Json.object().put("id", update.id());
        view.setAll(update.fields());
        view.put("status", validating ? "valid, nothing changed (201 " + message + ")" : "204 " + message);
        return new Applied(update, response.json(), result, view, response.attempts(), List.of(), validating);
    }

    /**
     * {@code unlimited/get} of an id that does not exist: it changes nothing, and proves the credentials
     * and a role that may read (commerce, user or wholesale). It cannot prove the commerce privilege
     * that update needs (a read-only login gets 402 only on update), and says so.
     */
    @Override
    public String test() {
        Map<String, String> form = credentials(false);
        form.put("id", "0");
        WireRequest request = post(GET_PATH, form);
        WireResponse response = context.transport().send(request);
        JsonNode first = responses(request, response).get(0);
        String code = first.path("code").asText();
        // An id that does not exist still proves the credentials: 401 and 402 are what fail.
        if (code.equals("401") || code.equals("402")) throw failure(code, List.of(first), null, "read");
        return "the username and password were accepted, and the user's role may read (unlimited/get); "
                + "update needs the commerce role privilege, which only an update shows (402 without it)";
    }

    /** {@code unlimited/get} with {@code id}: the {@code data} beside a 200 in {@code responses}; code 404 is exit 4. */
    @Override
    public ObjectNode read(String id) {
        Map<String, String> form = credentials(false);
        form.put("id", id);
        WireRequest request = post(GET_PATH, form);
        WireResponse response = context.transport().send(request);
        JsonNode data = data(request, response, id);
        if (!data.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "no data object");
        ObjectNode flat = ((ObjectNode) data).deepCopy();
        if (!flat.hasNonNull("id")) flat.put("id", id);
        return flat;
    }

    /**
     * {@code unlimited/list} (with {@code customer} and whatever --filter gives): one answer, its
     * {@code data} a list; the vendor documents no paging, so --limit only stops reading early.
     */
    @Override
    public void list(ListQuery query, AccountSink sink) {
        Map<String, String> form = credentials(false);
        form.putAll(query.filters());
        WireRequest request = post(LIST_PATH, form);
        WireResponse response = context.transport().send(request);
        JsonNode data = data(request, response, null);
        if (!data.isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "data is not a list");
        long seen = 0;
        for (JsonNode account : data) {
            if (!account.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "a list with something other than accounts");
            seen++;
            if (!sink.accept((ObjectNode) account) || query.enough(seen)) return;
        }
    }

    /** A read's {@code data}, once every code in {@code responses} is 200. */
    private JsonNode data(WireRequest request, WireResponse response, String id) {
        List<JsonNode> responses = responses(request, response);
        for (JsonNode each : responses) {
            String code = each.path("code").asText();
            if (code.equals("200")) continue;
            if (code.startsWith("2")) throw Answers.unexpected(VENDOR, response, redactor(), "code " + code + " to a read");
            throw failure(code, responses, id, "read");
        }
        return response.json().path("data");
    }

    /**
     * The envelope every Enswitch answer has, whatever the status line: a non-empty {@code responses}
     * list of objects with a {@code code}. Without it the answer is not Enswitch's: a 404 or 405 then
     * means the URL is wrong, anything else is an unexpected answer.
     */
    private List<JsonNode> responses(WireRequest request, WireResponse response) {
        JsonNode list = response.parsed().map(body -> body.path("responses")).orElse(null);
        List<JsonNode> responses = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode each : list) {
                if (!each.isObject() || !each.path("code").isValueNode()) {
                    responses.clear();
                    break;
                }
                responses.add(each);
            }
        }
        if (!responses.isEmpty()) return responses;
        if (Answers.isRouteMiss(response)) throw Answers.noEndpoint(VENDOR, request, response, context.endpoint());
        throw Answers.unexpected(VENDOR, response, redactor());
    }

    private Redactor redactor() {
        return context.transport().redactor();
    }

    private Map<String, String> credentials(boolean masked) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("auth_username", context.endpoint().username());
        form.put("auth_password", masked ? Redactor.MASK : context.secret(context.endpoint().password()).reveal());
        return form;
    }

    private WireRequest post(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> {
            if (body.length() > 0) body.append('&');
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return WireRequest.builder("POST", context.endpoint().resolve(function(path)))
                .header("Accept", "application/json")
                .body("application/x-www-form-urlencoded", body.toString())
                .build();
    }

    /**
     * A function's path below the base URL: {@code api/json/unlimited/update/} below
     * {@code https://HOST}, and {@code unlimited/update/} below a base that already ends in
     * {@code /api/json} (as some users configure it), never {@code /api/json/api/json/}.
     */
    private String function(String path) {
        String base = context.endpoint().url().getPath();
        if (base == null) base = "";
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return base.endsWith("/api/json") ? path : API + path;
    }

    /** A form value as Enswitch reads it: numbers in plain notation, strings as they are. */
    static String text(JsonNode value) {
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    }


    /** The failure a code means, {@code what} the call was for ("update", "read"): a 404 is an account the user may not {@code what}, or none. */
    private BillctlException failure(String code, List<JsonNode> responses, String id, String what) {
        JsonNode first = responses.stream().filter(r -> r.path("code").asText().equals(code)).findFirst().orElse(responses.get(0));
        String message = first.path("message").asText("");
        return switch (code) {
            case "400" -> {
                Map<String, String> fields = new LinkedHashMap<>();
                for (JsonNode response : responses) {
                    if (response.path("code").asText().equals("400")) fields.put(response.path("key").asText("request"), response.path("message").asText());
                }
                String summary = String.join("; ", fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
                yield new BillctlException(ExitCode.REJECTED, VENDOR + " refused the update" + account(id) + ": " + summary, fields, code, null);
            }
            case "401" -> new BillctlException(ExitCode.AUTH, VENDOR + " refused the username or password of profile '"
                    + context.endpoint().profile() + "': " + message, Map.of(), code, null);
            case "402" -> new BillctlException(ExitCode.AUTH, VENDOR + " user '" + context.endpoint().username()
                    + "' lacks the commerce role privilege needed to update: " + message, Map.of(), code, null);
            case "404" -> new BillctlException(ExitCode.NOT_FOUND, "unlimited access account " + id + " does not exist, or the user may not " + what + " it ("
                    + VENDOR + ": " + message + ")", Map.of(), code, null);
            default -> new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered code " + code + ": " + message, Map.of(), code, null);
        };
    }

    private static String account(String id) {
        return id == null ? "" : " of unlimited access account " + id;
    }
}
