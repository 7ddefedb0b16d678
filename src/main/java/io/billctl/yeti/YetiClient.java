package io.billctl.yeti;

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
import io.billctl.core.session.LoginSession;
import io.billctl.core.session.Token;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * yeti-web's admin API: a JWT from {@code POST /api/rest/admin/auth} (cached until its
 * {@code exp}), sent as {@code Authorization: <jwt>}; a 401 with an empty body is answered by
 * one fresh authentication and one retry. Errors are JSON:API {@code errors[]}.
 */
final class YetiClient implements UpdateClient {
    static final String JSON_API = "application/vnd.api+json";
    private static final String VENDOR = "Yeti-Switch";

    private final ClientContext context;
    private final LoginSession session;

    YetiClient(ClientContext context) {
        this.context = context;
        this.session = context.session(YetiBackend.ID, context.endpoint().password(), this::authenticate);
    }

    @Override
    public WireRequest request(Update update, boolean masked) {
        ObjectNode data = Json.object();
        data.put("type", "accounts");
        data.put("id", update.id());
        ObjectNode attributes = Json.object();
        ObjectNode relationships = Json.object();
        update.fields().fields().forEachRemaining(field -> {
            String type = YetiCatalog.RELATIONSHIPS.get(field.getKey());
            if (type == null) {
                attributes.set(field.getKey(), field.getValue());
            } else if (field.getValue().isNull()) {
                relationships.putObject(field.getKey()).putNull("data");
            } else {
                relationships.putObject(field.getKey()).putObject("data").put("type", type).put("id", field.getValue().asText());
            }
        });
        if (!attributes.isEmpty()) data.set("attributes", attributes);
        if (!relationships.isEmpty()) data.set("relationships", relationships);
        ObjectNode document = Json.object();
        document.set("data", data);
        return WireRequest.builder("PUT", context.endpoint().resolve("api/rest/admin/accounts/" + update.id()))
                .header("Accept", JSON_API)
                .header("Authorization", masked ? Redactor.MASK : session.token().value())
                .body(JSON_API, Json.write(document))
                .build();
    }

    @Override
    public Applied send(Update update) {
        WireRequest request = request(update, false);
        WireResponse response = authorized(request);
        if (!response.isSuccess()) throw failure(request, response, update.id());
        // Success is a JSON:API document of the account asked, and nothing else.
        JsonNode document = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        JsonNode data = document.path("data");
        if (!data.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "not a JSON:API document");
        if (!data.path("id").isValueNode() || !data.path("id").asText().equals(update.id())) {
            throw Answers.unexpected(VENDOR, response, redactor(), "data.id is not " + update.id());
        }
        return new Applied(update, document, flat(data), response.attempts());
    }

    /** A JSON:API resource as one object: its id, its attributes, and each relationship as the id it points at (or null). */
    static ObjectNode flat(JsonNode data) {
        ObjectNode flat = Json.object().put("id", data.path("id").asText());
        data.path("attributes").fields().forEachRemaining(a -> flat.set(a.getKey(), a.getValue()));
        data.path("relationships").fields().forEachRemaining(r -> {
            JsonNode target = r.getValue().path("data");
            if (!target.isMissingNode()) flat.set(r.getKey(), target.isObject() ? target.path("id") : Json.NODES.nullNode());
        });
        return flat;
    }

    /** {@code GET {url}/api/rest/admin/accounts/{id}}: the same resource the update answers; a JSON:API 404 is exit 4. */
    @Override
    public ObjectNode read(String id) {
        WireRequest request = get("api/rest/admin/accounts/" + id);
        WireResponse response = authorized(request);
        if (!response.isSuccess()) throw failure(request, response, id);
        JsonNode data = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor())).path("data");
        if (!data.isObject() || !data.path("id").asText().equals(id)) throw Answers.unexpected(VENDOR, response, redactor(), "not account " + id);
        return flat(data);
    }

    /**
     * {@code GET {url}/api/rest/admin/accounts?page[number]=N&page[size]=M} with {@code filter[…]}:
     * pages until one is short or has no {@code links.next}.
     */
    @Override
    public void list(ListQuery query, AccountSink sink) {
        long seen = 0;
        for (int number = 1; ; number++) {
            int size = query.nextPageSize(seen);
            StringBuilder path = new StringBuilder("api/rest/admin/accounts?").append(Query.encode("page[number]")).append('=').append(number)
                    .append('&').append(Query.encode("page[size]")).append('=').append(size);
            query.filters().forEach((name, value) -> path.append('&').append(Query.encode(name)).append('=').append(Query.encode(value)));
            WireRequest request = get(path.toString());
            WireResponse response = authorized(request);
            if (!response.isSuccess()) throw failure(request, response, null);
            JsonNode document = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
            JsonNode page = document.path("data");
            if (!page.isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "not a JSON:API collection");
            for (JsonNode resource : page) {
                if (!resource.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "a collection with something other than resources");
                seen++;
                if (!sink.accept(flat(resource)) || query.enough(seen)) return;
            }
            JsonNode next = document.path("links").path("next");
            if (page.size() < size || document.has("links") && (next.isMissingNode() || next.isNull())) return;
        }
    }

    private WireRequest get(String path) {
        return WireRequest.builder("GET", context.endpoint().resolve(path))
                .header("Accept", JSON_API)
                .header("Authorization", session.token().value())
                .build();
    }

    /** A fresh authentication (never the cached JWT: it proves nothing about the password), then one read with it. */
    @Override
    public String test() {
        WireRequest read = WireRequest.builder("GET", context.endpoint().resolve("api/rest/admin/accounts?page[size]=1"))
                .header("Accept", JSON_API)
                .header("Authorization", session.fresh().value())
                .build();
        WireResponse response = context.transport().send(read);
        if (!response.isSuccess()) throw failure(read, response, null);
        JsonNode document = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        if (!document.path("data").isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "not a JSON:API collection");
        return "the username and password were accepted (JWT issued, one account read)";
    }

    /** Sends with the session's token; on a 401, one fresh authentication and one retry. */
    private WireResponse authorized(WireRequest request) {
        WireResponse response = context.transport().send(request);
        if (response.status() != 401) return response;
        Token fresh = session.renew(request.header("Authorization"));
        return context.transport().send(request.withHeader("Authorization", fresh.value()));
    }

    private Token authenticate() {
        ObjectNode body = Json.object();
        body.putObject("auth").put("username", context.endpoint().username())
                .put("password", context.secret(context.endpoint().password()).reveal());
        WireRequest login = WireRequest.builder("POST", context.endpoint().resolve("api/rest/admin/auth"))
                .header("Accept", "application/json")
                .body("application/json", Json.write(body))
                .build();
        WireResponse response = context.transport().send(login);
        if (response.status() == 401 || response.status() == 403) {
            throw new BillctlException(ExitCode.AUTH, VENDOR + " refused the username or password of profile '"
                    + context.endpoint().profile() + "'" + detail(response.json()), Map.of(), null, null);
        }
        if (!response.isSuccess()) throw failure(login, response, null);
        JsonNode answer = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        String jwt = answer.path("jwt").isTextual() ? answer.path("jwt").asText() : "";
        if (jwt.isEmpty()) throw Answers.unexpected(VENDOR, response, redactor(), "an authentication without a JWT");
        context.transport().redactor().addSecretValue(jwt);
        return new Token(jwt, expiry(jwt));
    }

    /** The JWT's {@code exp}, read from its payload; the signature is the server's business. */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) return null;
        try {
            JsonNode claims = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.hasNonNull("exp") ? Instant.ofEpochSecond(claims.get("exp").asLong()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String detail(JsonNode document) {
        JsonNode first = document.path("errors").path(0);
        String text = first.path("detail").asText(first.path("title").asText(""));
        return text.isEmpty() ? "" : ": " + text;
    }

    private Redactor redactor() {
        return context.transport().redactor();
    }

    /** JSON:API's {@code errors} list, when the body is one: the vendor's own error. */
    private static boolean hasErrors(JsonNode document) {
        return document.path("errors").isArray() && !document.path("errors").isEmpty();
    }

    /**
     * An error by its status and yeti-web's own body. A 404 is "account does not exist" only with
     * yeti-web's JSON:API errors document; without it, a 404 or 405 is a route that does not exist.
     */
    private BillctlException failure(WireRequest request, WireResponse response, String id) {
        JsonNode document = response.json();
        int status = response.status();
        if (id != null && status == 404 && hasErrors(document) && "404".equals(document.path("errors").path(0).path("status").asText(
                document.path("errors").path(0).path("code").asText()))) {
            return new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist (" + VENDOR + detail(document) + ")");
        }
        if (Answers.isRouteMiss(response)) return Answers.noEndpoint(VENDOR, request, response, context.endpoint());
        if (status == 400 || status == 422 || status == 409) {
            if (!hasErrors(document)) return Answers.unexpected(VENDOR, response, redactor());
            Map<String, String> fields = new LinkedHashMap<>();
            for (JsonNode error : document.path("errors")) {
                String pointer = error.path("source").path("pointer").asText("");
                String field = pointer.isEmpty() ? error.path("code").asText("request") : pointer.substring(pointer.lastIndexOf('/') + 1);
                fields.merge(field, error.path("detail").asText(error.path("title").asText("")), (a, b) -> a + "; " + b);
            }
            String summary = String.join("; ", fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
            String code = document.path("errors").path(0).path("code").asText(null);
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the update" + (id == null ? "" : " of account " + id) + ": " + summary, fields, code, null);
        }
        if (status == 401 || status == 403) {
            return new BillctlException(ExitCode.AUTH, VENDOR + " rejected a fresh token for profile '" + context.endpoint().profile()
                    + "' (HTTP " + status + "); the user may lack admin rights");
        }
        if (status == 415) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered 415 Unsupported Media Type: it takes only "
                    + JSON_API + "; a proxy between billctl and the server may be rewriting Content-Type");
        }
        String said = hasErrors(document) ? detail(document) : ": " + response.excerpt(redactor(), Answers.EXCERPT);
        return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered HTTP " + status + response.afterAttempts() + said);
    }
}
