package io.billctl.portabilling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.backend.Applied;
import io.billctl.core.config.SecretRef;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import io.billctl.core.session.LoginSession;
import io.billctl.core.session.Token;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Predicate;

/**
 * PortaBilling's REST API: {@code Session/login} (login with a password, or with an API token)
 * for an access token sent as {@code Authorization: Bearer}; the session cached between calls,
 * and one fresh login and one retry when the server says it expired. Every error is HTTP 500
 * with {@code faultcode}/{@code faultstring}: the faultcode decides the exit code.
 */
final class PortabillingClient implements UpdateClient {
    private static final String VENDOR = "PortaBilling";
    static final String SESSION_EXPIRED = "Server.Session.check_auth.auth_failed";
    private static final DateTimeFormatter VENDOR_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** A fault is an answer, not a glitch: retry only what carries no fault (a proxy's 502, a 429). */
    private static final Predicate<WireResponse> RETRYABLE = response -> response.status() == 429
            || response.status() >= 500 && !faultOf(response).has("faultcode");

    private final ClientContext context;
    private final LoginSession session;

    PortabillingClient(ClientContext context) {
        this.context = context;
        this.session = context.session(PortabillingBackend.ID, credential(context), this::login);
    }

    /** The secret the login sends: the profile's API token when it has one, else its password. */
    private static SecretRef credential(ClientContext context) {
        return context.endpoint().apiKey() instanceof SecretRef.Missing ? context.endpoint().password() : context.endpoint().apiKey();
    }

    @Override
    public WireRequest request(Update update, boolean masked) {
        ObjectNode info = Json.object();
        info.put("i_account", Long.parseLong(update.id()));
        info.setAll(update.fields());
        ObjectNode params = Json.object();
        params.set("account_info", info);
        update.extras().forEach((name, value) -> params.set(name, scalar(value)));
        ObjectNode body = Json.object();
        body.set("params", params);
        return post("rest/Account/update_account", body, masked ? Redactor.MASK : session.token().value());
    }

    @Override
    public Applied send(Update update) {
        WireResponse response = authorized(request(update, false));
        JsonNode body = response.json();
        if (response.status() != 200) throw failure(response, update.id());
        ObjectNode view = Json.object().put("i_account", body.path("i_account").asText(update.id()));
        view.setAll(update.fields());
        update.extras().forEach(view::put);
        return new Applied(update, body, view, response.attempts());
    }

    @Override
    public String test() {
        session.fresh();
        return "logged in (" + (context.endpoint().apiKey() instanceof SecretRef.Missing ? "password" : "API token") + ")";
    }

    /**
     * {@code Session/logout} for a cached access token (the params and the header both carry it, as
     * public clients send it), best effort: whatever the answer, the caller forgets the token.
     */
    @Override
    public boolean logout(String token) {
        ObjectNode body = Json.object();
        body.putObject("params").put("access_token", token);
        context.transport().redactor().addSecretValue(token);
        context.transport().send(post("rest/Session/logout", body, token), RETRYABLE);
        return true;
    }

    /** Sends with the session's token; when the server says the session expired, one login and one retry. */
    private WireResponse authorized(WireRequest request) {
        WireResponse response = context.transport().send(request, RETRYABLE);
        if (!SESSION_EXPIRED.equals(faultOf(response).path("faultcode").asText())) return response;
        String used = request.header("Authorization").substring("Bearer ".length());
        Token fresh = session.renew(used);
        return context.transport().send(request.withHeader("Authorization", "Bearer " + fresh.value()), RETRYABLE);
    }

    /** {@code Session/login} with the profile's password, or its API token when it has one. */
    private Token login() {
        ObjectNode params = Json.object();
        params.put("login", context.endpoint().username());
        params.put(context.endpoint().apiKey() instanceof SecretRef.Missing ? "password" : "token", context.secret(credential(context)).reveal());
        ObjectNode body = Json.object();
        body.set("params", params);
        WireResponse response = context.transport().send(post("rest/Session/login", body, null), RETRYABLE);
        JsonNode answer = response.json();
        String access = answer.path("access_token").asText("");
        if (response.status() != 200 || access.isEmpty()) {
            JsonNode fault = faultOf(response);
            if (fault.has("faultcode")) {
                throw new BillctlException(ExitCode.AUTH, VENDOR + " refused the login of profile '" + context.endpoint().profile()
                        + "': " + fault.path("faultstring").asText(fault.path("faultcode").asText()), Map.of(), fault.path("faultcode").asText(), null);
            }
            throw new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered HTTP " + response.status() + " to Session/login without an access token");
        }
        context.transport().redactor().addSecretValue(access);
        return new Token(access, expiry(answer.path("expires_at")));
    }

    /** {@code expires_at} as the server writes it: "YYYY-MM-DD hh:mm:ss" (UTC), ISO 8601, or epoch seconds. */
    static Instant expiry(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) return null;
        if (value.isNumber()) return Instant.ofEpochSecond(value.asLong());
        String text = value.asText().trim();
        try {
            return LocalDateTime.parse(text, VENDOR_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException notVendorForm) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (RuntimeException notIso) {
                return null;
            }
        }
    }

    private WireRequest post(String path, ObjectNode body, String accessToken) {
        WireRequest.Builder request = WireRequest.builder("POST", context.endpoint().resolve(path)).header("Accept", "application/json");
        if (accessToken != null) request.header("Authorization", "Bearer " + accessToken);
        return request.body("application/json", Json.write(body)).build();
    }

    private static JsonNode scalar(String value) {
        try {
            return Json.NODES.numberNode(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Json.NODES.textNode(value);
        }
    }

    static JsonNode faultOf(WireResponse response) {
        JsonNode body = response.json();
        return body.has("faultcode") ? body : Json.object();
    }

    /** By faultcode, as NOTES.md says: the status is 500 whatever went wrong. */
    private BillctlException failure(WireResponse response, String id) {
        JsonNode fault = faultOf(response);
        String code = fault.path("faultcode").asText("");
        String text = fault.path("faultstring").asText("");
        if (code.isEmpty()) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered HTTP " + response.status() + response.afterAttempts() + " without a fault billctl can read");
        }
        String lower = code.toLowerCase();
        String said = VENDOR + " (" + code + "): " + text;
        if (lower.contains("session") || lower.contains("auth_failed") || lower.contains("access_denied") || lower.contains("permission")) {
            return new BillctlException(ExitCode.AUTH, said, Map.of(), code, null);
        }
        if (lower.contains("not_found") || lower.contains("notfound") || lower.contains("no_such")) {
            return new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist; " + said, Map.of(), code, null);
        }
        if (lower.startsWith("client.") || lower.contains("validat") || lower.contains("invalid") || lower.contains("not_allowed")
                || lower.contains("read_only") || lower.contains("duplicate")) {
            Map<String, String> fields = fault.hasNonNull("field") ? Map.of(fault.get("field").asText(), text) : Map.of();
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the update of account " + id + " (" + code + "): " + text, fields, code, null);
        }
        return new BillctlException(ExitCode.UNAVAILABLE, said, Map.of(), code, null);
    }
}
