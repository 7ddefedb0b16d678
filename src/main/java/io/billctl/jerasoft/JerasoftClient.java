package io.billctl.jerasoft;

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
import io.billctl.core.http.Query;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JeraSoft's REST call and its answers: 200 with the number of affected rows, or
 * {@code {"error":{"message":...,"data":{...}}}} with 400 (data: field -> message), 401, 404, 422
 * (data: code and message) or 500.
 */
final class JerasoftClient implements UpdateClient {
    private static final String VENDOR = "JeraSoft";

    private final ClientContext context;

    JerasoftClient(ClientContext context) {
        this.context = context;
    }

    @Override
    public WireRequest request(Update update, boolean masked) {
        return WireRequest.builder("PATCH", context.endpoint().resolve("clients/accounts/" + update.id()))
                .header("Accept", "application/json")
                .header("X-Api-Key", masked ? Redactor.MASK : context.secret(context.endpoint().apiKey()).reveal())
                .body("application/json", Json.write(update.fields()))
                .build();
    }

    @Override
    public Applied send(Update update) {
        WireRequest request = request(update, false);
        WireResponse response = context.transport().send(request);
        if (!response.isSuccess()) throw failure(request, response, update.id());
        // Success is a number of rows and nothing else: a login page, an empty body or {"error":...}
        // with status 200 is not JeraSoft saying yes.
        JsonNode body = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        if (!body.isIntegralNumber() || body.bigIntegerValue().signum() < 0 || !body.canConvertToLong()) {
            throw Answers.unexpected(VENDOR, response, redactor(), "not a number of rows");
        }
        long rows = body.longValue();
        ObjectNode view = Json.object().put("id", update.id());
        view.setAll(update.fields());
        view.put("affected_rows", rows);
        ObjectNode facts = Json.object().put("affected_rows", rows);
        List<String> warnings = rows > 0 ? List.of() : List.of(VENDOR + " changed 0 rows of account " + update.id()
                + ": nothing was updated (the account may already hold these values, or the server ignored a field)");
        return new Applied(update, body, view, response.attempts(), facts, warnings);
    }

    @Override
    public String test() {
        WireRequest request = WireRequest.builder("GET", context.endpoint().resolve("clients/accounts?limit=1"))
                .header("Accept", "application/json")
                .header("X-Api-Key", context.secret(context.endpoint().apiKey()).reveal())
                .build();
        WireResponse response = context.transport().send(request);
        if (!response.isSuccess()) throw failure(request, response, null);
        // A list of accounts (or an object that is not an error): the same rule as an update's answer.
        JsonNode body = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        if (!body.isArray() && !(body.isObject() && !body.has("error"))) throw Answers.unexpected(VENDOR, response, redactor(), "not a list of accounts");
        return "the API key was accepted";
    }

    private Redactor redactor() {
        return context.transport().redactor();
    }

    /**
     * {@code GET {url}/clients/accounts/{id}} (unverified: the vendor documents only the update). The
     * account bare, or wrapped in {@code result} or {@code data} as JSON-RPC style answers are.
     */
    @Override
    public ObjectNode read(String id) {
        WireRequest request = get("clients/accounts/" + id);
        WireResponse response = context.transport().send(request);
        if (!response.isSuccess()) throw failure(request, response, id);
        JsonNode body = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        JsonNode account = unwrap(body);
        if (!account.isObject() || account.has("error")) throw Answers.unexpected(VENDOR, response, redactor(), "not an account");
        ObjectNode flat = ((ObjectNode) account).deepCopy();
        if (!flat.hasNonNull("id")) flat.put("id", id);
        return flat;
    }

    /**
     * {@code GET {url}/clients/accounts?limit=N&offset=M} and the filters as query parameters
     * (unverified); a page is a list, bare or wrapped, and one shorter than asked for is the last.
     */
    @Override
    public void list(ListQuery query, AccountSink sink) {
        long seen = 0;
        while (true) {
            int size = query.nextPageSize(seen);
            StringBuilder path = new StringBuilder("clients/accounts?limit=").append(size).append("&offset=").append(seen);
            query.filters().forEach((name, value) -> path.append('&').append(Query.encode(name)).append('=').append(Query.encode(value)));
            WireRequest request = get(path.toString());
            WireResponse response = context.transport().send(request);
            if (!response.isSuccess()) throw failure(request, response, null);
            JsonNode page = unwrap(response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor())));
            if (!page.isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "not a list of accounts");
            for (JsonNode account : page) {
                if (!account.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "a list with something other than accounts");
                seen++;
                if (!sink.accept((ObjectNode) account) || query.enough(seen)) return;
            }
            if (page.size() < size) return;
        }
    }

    /** The answer itself, or what it wraps in {@code result}, {@code data} or {@code items}. */
    private static JsonNode unwrap(JsonNode body) {
        if (body.isObject()) {
            for (String wrapper : new String[] {"result", "data", "items"}) {
                JsonNode inner = body.get(wrapper);
                if (inner != null && (inner.isObject() || inner.isArray())) return inner;
            }
        }
        return body;
    }

    private WireRequest get(String path) {
        return WireRequest.builder("GET", context.endpoint().resolve(path))
                .header("Accept", "application/json")
                .header("X-Api-Key", context.secret(context.endpoint().apiKey()).reveal())
                .build();
    }

    /**
     * An error by its status and the vendor's own body. A 404 is "account does not exist" only when
     * the body is JeraSoft's not-found (code {@code not_found} naming the object); any other 404 or a
     * 405 is a route that does not exist: a wrong base URL, or an API that is not enabled.
     */
    private BillctlException failure(WireRequest request, WireResponse response, String id) {
        JsonNode error = response.json().path("error");
        boolean vendors = error.isObject();
        JsonNode data = error.path("data");
        String vendorMessage = error.path("message").asText("");
        String detail = data.path("message").asText(vendorMessage);
        String code = data.path("code").isTextual() ? data.path("code").asText() : null;
        String profile = context.endpoint().profile();
        int status = response.status();
        if (id != null && status == 404 && "not_found".equals(code) && (data.has("object_name") || data.has("object_id"))) {
            return new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist (" + VENDOR + ": " + orStatus(detail, status) + ")",
                    Map.of(), code, null);
        }
        if (Answers.isRouteMiss(response)) return Answers.noEndpoint(VENDOR, request, response, context.endpoint());
        if (status == 401 || status == 403) {
            String said = vendors ? orStatus(detail, status) : "HTTP " + status;
            return new BillctlException(ExitCode.AUTH, VENDOR + " refused the API key of profile '" + profile + "': " + said, Map.of(), code, null);
        }
        if ((status == 400 || status == 422) && !vendors) return Answers.unexpected(VENDOR, response, redactor());
        if (status == 400) {
            Map<String, String> fields = new LinkedHashMap<>();
            data.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : Json.write(e.getValue())));
            String summary = fields.isEmpty() ? vendorMessage
                    : String.join("; ", fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the update" + account(id) + ": " + orStatus(summary, status), fields, code, null);
        }
        if (status == 422) {
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the update" + account(id) + ": " + orStatus(detail, status), Map.of(), code, null);
        }
        String said = vendorMessage.isEmpty() ? (vendors ? "" : ": " + response.excerpt(redactor(), Answers.EXCERPT)) : ": " + vendorMessage;
        return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered HTTP " + status + response.afterAttempts() + said, Map.of(), code, null);
    }

    private static String account(String id) {
        return id == null ? "" : " of account " + id;
    }

    private static String orStatus(String message, int status) {
        return message == null || message.isBlank() ? "HTTP " + status : message;
    }
}
