package io.billctl.jerasoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.AccountSink;
import io.billctl.core.backend.Answers;
import io.billctl.core.backend.Applied;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.ListQuery;
import io.billctl.core.backend.OffsetPages;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.http.Query;
import io.billctl.core.catalog.Field;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import io.billctl.jerasoft.JerasoftSettings.Api;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JeraSoft's update call in the form the profile's {@code api} names, and its answers:
 * <ul>
 * <li>{@code rest}: {@code PATCH {url}/clients/accounts/{id}}, answered 200 with the number of
 * affected rows, or {@code {"error":{"message":...,"data":{...}}}} with 400 (data: field -> message),
 * 401, 404, 422 (data: code and message) or 500;</li>
 * <li>{@code jsonrpc}: the same API as JSON-RPC 2.0, {@code POST {url}} with
 * {@code clients.accounts.update} and the {@code X-Api-Key} header;</li>
 * <li>{@code coreapi3}: VCS 3.x's CoreAPI, {@code POST {url}} with {@code accounts.update} and the key in
 * {@code params.AUTH}, under its own names ({@code orig_rate_table}).</li>
 * </ul>
 * A JSON-RPC answer is {@code {"result":...}} or {@code {"error":{"code","message","data"}}}, whatever
 * the status line. Field names go out and come back through the profile's {@link FieldNames}.
 */
final class JerasoftClient implements UpdateClient {
    private static final String VENDOR = "JeraSoft";

    private final ClientContext context;
    private final JerasoftSettings settings;
    private final FieldNames names;

    JerasoftClient(ClientContext context) {
        this.context = context;
        this.settings = JerasoftSettings.of(context.endpoint().settings(), context.endpoint().profile());
        this.names = settings.names();
        // A secret field the profile sends under the server's own name (field_names: password = "acc_pwd") is
        // masked by that name too, in a dry run's body and in a read's -v trace.
        for (Field field : JerasoftCatalog.CATALOG.fields()) {
            if (field.secret()) context.transport().redactor().addSecretKey(names.server(field.name()));
        }
    }

    private Api api() {
        return settings.api();
    }

    @Override
    public WireRequest request(Update update, boolean masked) {
        ObjectNode fields = names.toServer(update.fields());
        if (!api().jsonRpc()) {
            return WireRequest.builder("PATCH", context.endpoint().resolve("clients/accounts/" + update.id()))
                    .header("Accept", "application/json")
                    .header("X-Api-Key", key(masked))
                    .body("application/json", Json.write(fields))
                    .build();
        }
        ObjectNode params = Json.object().put("id", Long.parseLong(update.id()));
        params.setAll(fields);
        return rpc(api() == Api.COREAPI3 ? "accounts.update" : "clients.accounts.update", params, masked);
    }

    @Override
    public Applied send(Update update) {
        return send(update, false);
    }

    /** 0 rows is warned about, unless the account was read and already held the values: then that is why. */
    @Override
    public Applied send(Update update, boolean knownUnchanged) {
        WireRequest request = request(update, false);
        WireResponse response = context.transport().send(request);
        JsonNode body = api().jsonRpc() ? result(request, response, update.id(), "update") : restAnswer(request, response, update.id(), "update");
        // The vendor page's one success is 200. Another 2xx says the update is not done yet (202), that the
        // answer is not the server's as it sent it (203), or answers a request billctl never made (206, 226).
        // (JSON-RPC's status line is not documented: there the body alone decides.)
        if (!api().jsonRpc() && response.status() != 200) throw Answers.unexpected(VENDOR, response, redactor(), VENDOR + "'s success is HTTP 200");
        // Success is a number of rows and nothing else: a login page, an empty body or {"error":...}
        // with status 200 is not JeraSoft saying yes. A JSON-RPC method may answer true (unverified).
        boolean rowsKnown = body.isIntegralNumber() && body.bigIntegerValue().signum() >= 0 && body.canConvertToLong();
        if (!rowsKnown && !(api().jsonRpc() && body.isBoolean() && body.booleanValue())) {
            throw Answers.unexpected(VENDOR, response, redactor(), "not a number of rows");
        }
        ObjectNode view = Json.object().put("id", update.id());
        view.setAll(update.fields());
        // The result: the rows it changed; null where a JSON-RPC method answered true, which says no number.
        ObjectNode result = Json.object().putNull("affected_rows");
        List<String> warnings = List.of();
        if (rowsKnown) {
            long rows = body.longValue();
            view.put("affected_rows", rows);
            result.put("affected_rows", rows);
            if (rows == 0 && !knownUnchanged) warnings = List.of(noRows(update));
        }
        return new Applied(update, body, result, view, response.attempts(), warnings);
    }

    /**
     * 0 rows: nothing changed, and why is the user's to find out. Either the account already held the
     * values, or the server ignored a name it does not know, which is likely for the names no public
     * source confirms: those of the update are named, with what a profile can do about them.
     */
    private String noRows(Update update) {
        List<String> guessed = names.unverified(update.fields());
        String message = VENDOR + " changed 0 rows of account " + update.id() + ". Likely causes: the account already holds these values, "
                + "or the server ignored a field name it does not know";
        if (guessed.isEmpty()) return message;
        // At most two named, so that the line stays whole on a terminal.
        String named = String.join(", ", guessed.subList(0, Math.min(2, guessed.size())))
                + (guessed.size() > 2 ? " and " + (guessed.size() - 2) + " more" : "");
        return message + " (unverified: " + named + "; a profile's field_names maps one to the server's name)";
    }

    @Override
    public String test() {
        if (api().jsonRpc()) {
            String method = search();
            WireRequest request = rpc(method, Json.object().put("limit", 1), false);
            WireResponse response = context.transport().send(request);
            JsonNode found = unwrap(result(request, response, null, "read"));
            if (!found.isArray() && !found.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "not a list of accounts");
            return "the API key was accepted (" + method + ", " + api().setting() + ")";
        }
        WireRequest request = get("clients/accounts?limit=1");
        WireResponse response = context.transport().send(request);
        if (!response.isSuccess()) throw failure(request, response, null, "read");
        // A list of accounts (or an object that is not an error): the same rule as an update's answer.
        JsonNode body = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        if (!body.isArray() && !(body.isObject() && !body.has("error"))) throw Answers.unexpected(VENDOR, response, redactor(), "not a list of accounts");
        return "the API key was accepted";
    }

    private Redactor redactor() {
        return context.transport().redactor();
    }

    /**
     * One account, in billctl's names. {@code rest}: {@code GET {url}/clients/accounts/{id}};
     * {@code jsonrpc}: {@code clients.accounts.get}; {@code coreapi3}: {@code accounts.search} for the id,
     * whose result is a list (an empty one: the account does not exist). None of these is in the
     * vendor's public documents: the account is taken bare or wrapped in {@code result} or {@code data}.
     */
    @Override
    public ObjectNode read(String id) {
        WireRequest request;
        WireResponse response;
        JsonNode account;
        if (api() == Api.REST) {
            request = get("clients/accounts/" + id);
            response = context.transport().send(request);
            account = unwrap(restAnswer(request, response, id, "read"));
        } else if (api() == Api.JSONRPC) {
            request = rpc("clients.accounts.get", Json.object().put("id", Long.parseLong(id)), false);
            response = context.transport().send(request);
            account = unwrap(result(request, response, id, "read"));
        } else {
            request = rpc("accounts.search", Json.object().put("id", Long.parseLong(id)), false);
            response = context.transport().send(request);
            JsonNode found = unwrap(result(request, response, id, "read"));
            if (!found.isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "accounts.search did not answer a list");
            account = null;
            for (JsonNode each : found) {
                if (each.isObject() && each.path("id").asText().equals(id)) account = each;
            }
            if (account == null) {
                throw new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist (" + VENDOR + ": accounts.search found no account " + id + ")",
                        Map.of(), "not_found", null);
            }
        }
        if (!account.isObject() || account.has("error")) throw Answers.unexpected(VENDOR, response, redactor(), "not an account");
        ObjectNode flat = names.toBillctl(((ObjectNode) account).deepCopy());
        if (!flat.hasNonNull("id")) flat.put("id", id);
        return flat;
    }

    /**
     * Page after page: {@code rest}: {@code GET {url}/clients/accounts?limit=N&offset=M} and the filters as
     * query parameters; {@code jsonrpc} and {@code coreapi3}: their search method with {@code limit},
     * {@code offset} and the filters as parameters. All unverified; a page is a list, bare or wrapped,
     * and only an empty one is the last ({@link OffsetPages}). A filter on a field goes by the server's name for it.
     */
    @Override
    public void list(ListQuery query, AccountSink sink) {
        long seen = 0;
        OffsetPages pages = new OffsetPages(VENDOR);
        while (true) {
            int size = query.nextPageSize(seen);
            WireRequest request;
            WireResponse response;
            JsonNode page;
            if (api().jsonRpc()) {
                ObjectNode params = Json.object().put("limit", size).put("offset", seen);
                query.filters().forEach((name, value) -> params.put(names.server(name), value));
                request = rpc(search(), params, false);
                response = context.transport().send(request);
                page = unwrap(result(request, response, null, "read"));
            } else {
                StringBuilder path = new StringBuilder("clients/accounts?limit=").append(size).append("&offset=").append(seen);
                query.filters().forEach((name, value) -> path.append('&').append(Query.encode(names.server(name))).append('=').append(Query.encode(value)));
                request = get(path.toString());
                response = context.transport().send(request);
                page = unwrap(restAnswer(request, response, null, "read"));
            }
            if (!page.isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "not a list of accounts");
            // The paging is unverified: a server that ignores offset answers the same page again and again.
            pages.arrived(seen, page.isEmpty() ? null : page.get(0).get("id"), page.size() >= size);
            for (JsonNode account : page) {
                if (!account.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "a list with something other than accounts");
                seen++;
                if (!sink.accept(names.toBillctl((ObjectNode) account)) || query.enough(seen)) return;
            }
            if (!OffsetPages.more(page.size())) return;
        }
    }

    private String search() {
        return api() == Api.COREAPI3 ? "accounts.search" : "clients.accounts.search";
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

    private String key(boolean masked) {
        return masked ? Redactor.MASK : context.secret(context.endpoint().apiKey()).reveal();
    }

    private WireRequest get(String path) {
        return WireRequest.builder("GET", context.endpoint().resolve(path))
                .header("Accept", "application/json")
                .header("X-Api-Key", key(false))
                .build();
    }

    /**
     * A JSON-RPC 2.0 call posted to the base URL: {@code jsonrpc} with the {@code X-Api-Key} header,
     * {@code coreapi3} with the key as the {@code AUTH} parameter (masked in a dry run like any secret).
     */
    private WireRequest rpc(String method, ObjectNode params, boolean masked) {
        ObjectNode body = Json.object().put("jsonrpc", "2.0").put("method", method);
        ObjectNode all = body.putObject("params");
        if (api() == Api.COREAPI3) all.put("AUTH", key(masked));
        all.setAll(params);
        body.put("id", 1);
        WireRequest.Builder request = WireRequest.builder("POST", context.endpoint().resolve("/")).header("Accept", "application/json");
        if (api() == Api.JSONRPC) request.header("X-Api-Key", key(masked));
        return request.body("application/json", Json.write(body)).build();
    }

    /** A REST answer: the parsed body of a success, or the failure its status and body say. */
    private JsonNode restAnswer(WireRequest request, WireResponse response, String id, String what) {
        if (!response.isSuccess()) throw failure(request, response, id, what);
        return response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
    }

    /**
     * A JSON-RPC answer's {@code result}. Its {@code error} is classified whatever the status line; a
     * failed status without one is read as a REST answer (a route that does not exist, a refused key).
     */
    private JsonNode result(WireRequest request, WireResponse response, String id, String what) {
        JsonNode body = response.parsed().orElse(null);
        if (body != null && body.isObject() && body.path("error").isObject()) throw rpcFailure(response, body.get("error"), id, what);
        if (!response.isSuccess()) throw failure(request, response, id, what);
        if (body == null) throw Answers.unexpected(VENDOR, response, redactor());
        if (!body.isObject() || !body.has("result")) throw Answers.unexpected(VENDOR, response, redactor(), "not a JSON-RPC 2.0 answer");
        return body.get("result");
    }

    /**
     * A JSON-RPC error: {@code {"code":-32602,"message":...,"data":{...}}}. Its {@code data} is read as the
     * REST API's (a {@code code} naming the vendor's error, or field -> message), then the JSON-RPC code:
     * -32601 is a method this server does not have (the profile's api setting), -32700 and -32600 a request
     * it could not read, -32603 and the -32000 range without a vendor code an error of the server.
     */
    private BillctlException rpcFailure(WireResponse response, JsonNode error, String id, String what) {
        int code = error.path("code").asInt(0);
        String message = error.path("message").asText("");
        JsonNode data = error.path("data");
        String vendorCode = data.path("code").isTextual() ? data.path("code").asText() : null;
        String detail = orText(data.path("message").asText(""), message);
        String said = "JSON-RPC " + code + (detail.isBlank() ? "" : ": " + detail);
        if (id != null && "not_found".equals(vendorCode) && (data.has("object_name") || data.has("object_id"))) {
            return new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist (" + VENDOR + ": " + detail + ")", Map.of(), vendorCode, null);
        }
        String rpcCode = Integer.toString(code);
        if (response.status() == 401 || response.status() == 403 || vendorCode != null && vendorCode.contains("auth")) {
            return new BillctlException(ExitCode.AUTH, VENDOR + " refused the API key of profile '" + context.endpoint().profile() + "': " + said,
                    Map.of(), orText(vendorCode, rpcCode), null);
        }
        if (code == -32601) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " at " + context.endpoint().url() + " has no such method (" + said
                    + "): check the api setting of profile '" + context.endpoint().profile() + "' (now " + api().setting() + ")", Map.of(), rpcCode, null);
        }
        if (code == -32700 || code == -32600) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " could not read billctl's request (" + said + ")", Map.of(), rpcCode, null);
        }
        Map<String, String> fields = vendorCode == null ? fields(data) : Map.of();
        if (!fields.isEmpty()) {
            String summary = String.join("; ", fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the " + what + account(id) + ": " + summary, fields, rpcCode, null);
        }
        if (vendorCode == null && (code == -32603 || code <= -32000 && code >= -32099 || response.status() >= 500)) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered " + said + response.afterAttempts(), Map.of(), rpcCode, null);
        }
        return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the " + what + account(id) + ": " + orText(detail, said), Map.of(),
                orText(vendorCode, rpcCode), null);
    }

    /** An error's {@code data} read as field -> message, in billctl's field names. */
    private Map<String, String> fields(JsonNode data) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (data.isObject()) {
            data.fields().forEachRemaining(e -> fields.put(names.billctl(e.getKey()), e.getValue().isTextual() ? e.getValue().asText() : Json.write(e.getValue())));
        }
        return fields;
    }

    /**
     * An error by its status and the vendor's own body. A 404 is "account does not exist" only when
     * the body is JeraSoft's not-found (code {@code not_found} naming the object); any other 404 or a
     * 405 is a route that does not exist: a wrong base URL, or an API that is not enabled.
     */
    private BillctlException failure(WireRequest request, WireResponse response, String id, String what) {
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
            Map<String, String> fields = fields(data);
            String summary = fields.isEmpty() ? vendorMessage
                    : String.join("; ", fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the " + what + account(id) + ": " + orStatus(summary, status), fields, code, null);
        }
        if (status == 422) {
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the " + what + account(id) + ": " + orStatus(detail, status), Map.of(), code, null);
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

    private static String orText(String text, String otherwise) {
        return text == null || text.isBlank() ? otherwise : text;
    }
}
