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
import io.billctl.core.output.TerminalText;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import io.billctl.core.session.LoginSession;
import io.billctl.core.session.Token;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * yeti-web's admin API: a JWT from {@code POST /api/rest/admin/auth} (cached until its
 * {@code exp}), sent as {@code Authorization: <jwt>}; a 401 with an empty body is answered by
 * one fresh authentication and one retry. An update that sets a time zone is checked first against
 * the server's own list ({@link YetiTimezones}). Errors are JSON:API {@code errors[]}, read as
 * jsonapi-resources writes them ({@link YetiErrors}); the login's 401 says why in its detail.
 */
final class YetiClient implements UpdateClient {
    static final String JSON_API = "application/vnd.api+json";
    private static final String VENDOR = "Yeti-Switch";

    private final ClientContext context;
    private final LoginSession session;
    private final YetiTimezones timezones;

    YetiClient(ClientContext context) {
        this.context = context;
        this.session = context.session(YetiBackend.ID, context.endpoint().password(), this::authenticate);
        this.timezones = new YetiTimezones(context.endpoint(), context.env().cacheDir(), this::readTimezones, Clock.systemUTC());
    }

    /**
     * The request of an update: attributes, the known relationships from their id fields, and any
     * other relationship ({@code relationships.NAME}) as it was given. A dry run checks the time
     * zone against a list kept from an earlier run only: it sends nothing, not even a read.
     */
    @Override
    public WireRequest request(Update update, boolean masked) {
        if (masked) timezones.check(update.fields().get("timezone"), false);
        ObjectNode data = Json.object();
        data.put("type", "accounts");
        data.put("id", update.id());
        ObjectNode attributes = Json.object();
        ObjectNode relationships = Json.object();
        update.fields().fields().forEachRemaining(field -> {
            String type = YetiCatalog.RELATIONSHIPS.get(field.getKey());
            if (field.getKey().startsWith(YetiBackend.RELATIONSHIP)) {
                relationships.set(field.getKey().substring(YetiBackend.RELATIONSHIP.length()), field.getValue());
            } else if (type == null) {
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
        timezones.check(update.fields().get("timezone"), true);
        WireRequest request = request(update, false);
        WireResponse response = authorized(request);
        if (!response.isSuccess()) throw failure(request, response, update.id());
        JsonNode document = account(response, update.id());
        JsonNode data = document.path("data");
        // The result: the resource the server answered with, its id and attributes as it wrote them.
        ObjectNode result = Json.object().put("id", data.path("id").asText());
        result.set("attributes", data.path("attributes").isObject() ? data.path("attributes") : Json.object());
        return new Applied(update, document, result, flat(data), response.attempts(), List.of());
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
        return flat(account(response, id).path("data"));
    }

    /**
     * A success's document, when it is yeti-web's: JSON:API whose {@code data} is the resource
     * {@code accounts} {@code id}, and no {@code errors} (JSON:API forbids both in one document, and
     * jsonapi-resources never writes them together). Anything else is not the server's answer, whatever
     * its status said (exit 5): another resource, another account, or errors beside data.
     */
    private JsonNode account(WireResponse response, String id) {
        JsonNode document = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        JsonNode data = document.path("data");
        if (document.has("errors")) {
            JsonNode error = firstError(document);
            String said = TerminalText.line(redactor().text(error.path("detail").asText(error.path("title").asText(""))), Answers.EXCERPT);
            String which = data.isMissingNode() ? "errors with HTTP " + response.status() : "errors beside data, which JSON:API forbids";
            throw Answers.unexpected(VENDOR, response, redactor(), which + (said.isBlank() ? "" : "; the first says \"" + said + "\""));
        }
        if (!data.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "not a JSON:API document");
        if (!data.path("id").isValueNode() || !data.path("id").asText().equals(id)) {
            throw Answers.unexpected(VENDOR, response, redactor(), "data.id is not " + id);
        }
        JsonNode type = data.path("type");
        if (!type.isTextual() || !type.asText().equals("accounts")) {
            throw Answers.unexpected(VENDOR, response, redactor(), "data.type is " + (type.isMissingNode() ? "missing" : type.toString()) + ", not \"accounts\"");
        }
        return document;
    }

    /**
     * {@code GET {url}/api/rest/admin/accounts?page[number]=N&page[size]=M} with {@code filter[…]}:
     * pages until one is short or has no {@code links.next}.
     */
    @Override
    public void list(ListQuery query, AccountSink sink) {
        long seen = 0;
        // Paged by number: every page the same size (page N of a smaller size would hold accounts already
        // listed), the first one's; --limit ends the list where it falls inside a page.
        int size = query.nextPageSize(0);
        for (int number = 1; ; number++) {
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
        return authorized(request, true);
    }

    private WireResponse authorized(WireRequest request, boolean retryServerErrors) {
        WireResponse response = exchange(request, retryServerErrors);
        if (response.status() != 401) return response;
        Token fresh = session.renew(request.header("Authorization"));
        return exchange(request.withHeader("Authorization", fresh.value()), retryServerErrors);
    }

    private WireResponse exchange(WireRequest request, boolean retryServerErrors) {
        return retryServerErrors ? context.transport().send(request) : context.transport().send(request, response -> false);
    }

    /**
     * {@code GET {url}/api/rest/admin/timezones}, outside the update's attempts and without retries of
     * server errors: the server's list, or null when it cannot be had (then nothing is checked). A
     * refused login stops the update now, as it would a moment later.
     */
    private WireResponse readTimezones() {
        WireRequest request = get("api/rest/admin/timezones");
        try {
            return context.transport().uncounted(() -> authorized(request, false));
        } catch (BillctlException e) {
            if (e.exitCode() == ExitCode.AUTH) throw e;
            return null;
        }
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
        if (response.status() == 401) {
            // yeti-web says why in its detail: "Incorrect login or password." or "Your IP address is not allowed."
            String said = firstError(response.json()).path("detail").asText("");
            throw new BillctlException(ExitCode.AUTH, VENDOR + " refused the login of profile '" + context.endpoint().profile() + "' (user '"
                    + context.endpoint().username() + "'): " + (said.isEmpty() ? "HTTP 401, " + response.excerpt(redactor(), Answers.EXCERPT) : "\"" + said + "\""),
                    Map.of(), "401", null);
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

    private Redactor redactor() {
        return context.transport().redactor();
    }

    /** The first of JSON:API's {@code errors}, or a missing node. */
    private static JsonNode firstError(JsonNode document) {
        return document.path("errors").path(0);
    }

    /** JSON:API's {@code errors}, when the body is a list of error objects: the vendor's own error. */
    private static boolean hasErrors(JsonNode document) {
        JsonNode errors = document.path("errors");
        if (!errors.isArray() || errors.isEmpty()) return false;
        for (JsonNode error : errors) if (!error.isObject()) return false;
        return true;
    }

    /** jsonapi-resources' own "Record not found" (code and status 404): the account does not exist. */
    private static boolean isRecordNotFound(JsonNode document) {
        if (!hasErrors(document)) return false;
        JsonNode error = firstError(document);
        return "404".equals(error.path("code").asText(error.path("status").asText()))
                && (error.path("title").asText().equals("Record not found") || error.path("detail").asText().startsWith("The record identified by"));
    }

    /**
     * An error by its status and yeti-web's own body. A 404 is "account does not exist" only with
     * yeti-web's "Record not found"; without it, a 404 or 405 is a route that does not exist. The
     * admin API has no roles: it never answers 403, and a 401 that a fresh token met is about where
     * the request comes from or the server's clock, not the password.
     */
    private BillctlException failure(WireRequest request, WireResponse response, String id) {
        JsonNode document = response.json();
        int status = response.status();
        if (id != null && status == 404 && isRecordNotFound(document)) {
            return new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist (" + VENDOR + ": "
                    + firstError(document).path("detail").asText("Record not found") + ")", Map.of(), "404", null);
        }
        if (Answers.isRouteMiss(response)) return Answers.noEndpoint(VENDOR, request, response, context.endpoint());
        if ((status == 400 || status == 422) && hasErrors(document)) return YetiErrors.refusal(VENDOR, document, id);
        if (status == 401) {
            return new BillctlException(ExitCode.AUTH, VENDOR + ", profile '" + context.endpoint().profile() + "': the server rejected a fresh token: "
                    + "the admin user's allowed IPs or the server's clock (HTTP 401" + (response.body().length == 0 ? " with an empty body" : "")
                    + ", to a token it had just issued)");
        }
        if (status == 403) {
            return new BillctlException(ExitCode.AUTH, VENDOR + "'s admin API has no roles and never answers 403: something between billctl and "
                    + "the server refused the request (HTTP 403" + response.afterAttempts() + "): " + response.excerpt(redactor(), Answers.EXCERPT));
        }
        if (status == 415) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered 415 Unsupported Media Type: it takes only "
                    + JSON_API + "; a proxy between billctl and the server may be rewriting Content-Type");
        }
        if (status == 406) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered 406 Not Acceptable: it answers only "
                    + JSON_API + "; a proxy between billctl and the server may be rewriting Accept");
        }
        if (status == 400 || status == 422) return Answers.unexpected(VENDOR, response, redactor());
        String said = hasErrors(document) ? ": " + firstError(document).path("detail").asText(firstError(document).path("title").asText(""))
                : ": " + response.excerpt(redactor(), Answers.EXCERPT);
        return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered HTTP " + status + response.afterAttempts() + said);
    }
}
