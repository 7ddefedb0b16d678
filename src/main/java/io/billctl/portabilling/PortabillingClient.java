package io.billctl.portabilling;

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
import io.billctl.core.config.SecretRef;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import io.billctl.core.session.LoginSession;
import io.billctl.core.session.Token;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    /** The faults that say the access token or session was not taken: log in once more, send once more. */
    static final Set<String> TOKEN_REJECTED = Set.of(SESSION_EXPIRED, "Client.Session.check_auth.failed_to_process_access_token",
            "Client.Session.check_auth.failed_to_process_jwt", "Client.check_auth.envelope_missed");
    /** Disaster recovery's read-only answers, bare codes without a class: the site is switching over. */
    private static final Set<String> DR_CODES = Set.of("standalone_mode", "secondary_site", "read_only_mode", "pb_delta.connection_failed");
    /** What a server fault's code says when it is the caller's doing rather than the server's trouble. */
    private static final List<String> VALIDATION_MARKS = List.of("validat", "invalid", "not_allowed", "duplicate", "already",
            "required", "wrong", "incorrect", "exceed", "too_long", "too_short", "mismatch", "forbidden", "read_only", "not_unique",
            "cannot", "can_not", "unknown_field", "bad_");

    /**
     * Retried like the other backends' 5xx: a 429; a 5xx without a fault (a proxy's 502, a 500 with no
     * body); and the faults that are the server's trouble, not an answer about the request: every
     * {@code Server.*} fault that is not a validation, not-found or auth fault, and the disaster
     * recovery codes.
     */
    private static final Predicate<WireResponse> RETRYABLE = response -> {
        if (response.status() == 429) return true;
        if (response.status() < 500) return false;
        JsonNode fault = faultOf(response);
        return !fault.has("faultcode") || isTransient(fault.path("faultcode").asText(""));
    };

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
        WireRequest request = request(update, false);
        WireResponse response = authorized(request);
        if (response.status() != 200 || faultOf(response).has("faultcode")) throw failure(request, response, update.id());
        // Success is {"i_account":N} for the account asked, and nothing else.
        JsonNode body = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        JsonNode answered = body.path("i_account");
        if (!body.isObject() || !answered.isValueNode()) throw Answers.unexpected(VENDOR, response, redactor(), "no i_account");
        if (!sameId(answered, update.id())) throw Answers.unexpected(VENDOR, response, redactor(), "i_account is not " + update.id());
        ObjectNode view = Json.object().put("i_account", update.id());
        view.setAll(update.fields());
        update.extras().forEach(view::put);
        return new Applied(update, body, view, response.attempts());
    }

    /** 55, 55.0 or "55" for account 55. */
    private static boolean sameId(JsonNode answered, String id) {
        try {
            return new BigDecimal(answered.asText().trim()).compareTo(new BigDecimal(id)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Redactor redactor() {
        return context.transport().redactor();
    }

    /**
     * {@code Account/get_account_info} with {@code i_account}: {@code {"account_info":{…}}}; an unknown
     * account is 200 {@code {}} (EVIDENCE.md), which is exit 4 here.
     */
    @Override
    public ObjectNode read(String id) {
        ObjectNode body = Json.object();
        body.putObject("params").put("i_account", Long.parseLong(id));
        WireRequest request = post("rest/Account/get_account_info", body, session.token().value());
        WireResponse response = authorized(request);
        if (response.status() != 200 || faultOf(response).has("faultcode")) throw failure(request, response, id);
        JsonNode answer = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        if (!answer.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "not an object");
        JsonNode info = answer.get("account_info");
        if (info == null || info.isNull() || info.isObject() && info.isEmpty()) {
            throw new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist (" + VENDOR + " answered get_account_info without account_info)");
        }
        if (!info.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "account_info is not an object");
        ObjectNode flat = ((ObjectNode) info).deepCopy();
        if (!flat.hasNonNull("i_account")) flat.put("i_account", Long.parseLong(id));
        return flat;
    }

    /** {@code Account/get_account_list} with {@code offset} and {@code limit} and the filters, page after page. */
    @Override
    public void list(ListQuery query, AccountSink sink) {
        long seen = 0;
        while (true) {
            int size = query.nextPageSize(seen);
            ObjectNode body = Json.object();
            ObjectNode params = body.putObject("params").put("offset", seen).put("limit", size);
            query.filters().forEach((name, value) -> params.set(name, scalar(value)));
            WireRequest request = post("rest/Account/get_account_list", body, session.token().value());
            WireResponse response = authorized(request);
            if (response.status() != 200 || faultOf(response).has("faultcode")) throw failure(request, response, null);
            JsonNode page = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor())).path("account_list");
            if (!page.isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "no account_list");
            for (JsonNode account : page) {
                if (!account.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "an account_list with something other than accounts");
                seen++;
                if (!sink.accept((ObjectNode) account) || query.enough(seen)) return;
            }
            if (page.size() < size) return;
        }
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
        if (!TOKEN_REJECTED.contains(faultOf(response).path("faultcode").asText())) return response;
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
        WireRequest request = post("rest/Session/login", body, null);
        WireResponse response = context.transport().send(request, RETRYABLE);
        JsonNode fault = faultOf(response);
        if (fault.has("faultcode")) {
            String code = fault.path("faultcode").asText();
            if (isTransient(code)) throw failure(request, response, null);
            throw new BillctlException(ExitCode.AUTH, VENDOR + " refused the login of profile '" + context.endpoint().profile()
                    + "': " + fault.path("faultstring").asText(code), Map.of(), code, null);
        }
        if (response.status() != 200) throw failure(request, response, null);
        JsonNode answer = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        String access = answer.path("access_token").isTextual() ? answer.path("access_token").asText() : "";
        if (access.isEmpty()) throw Answers.unexpected(VENDOR, response, redactor(), "a login without an access_token");
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

    /** The body when it is a fault ({@code faultcode}, {@code faultstring}), else an empty object. */
    static JsonNode faultOf(WireResponse response) {
        JsonNode body = response.json();
        return body.isObject() && body.path("faultcode").isTextual() ? body : Json.object();
    }

    /** A fault that is the server's trouble (retried): the DR codes, and {@code Server.*} that is not about the request. */
    static boolean isTransient(String code) {
        String lower = code.toLowerCase(Locale.ROOT);
        if (isDisasterRecovery(lower)) return true;
        return lower.startsWith("server.") && !isAuth(code) && !isNotFound(lower) && !isValidation(lower) && !isRouteMiss(lower);
    }

    private static boolean isDisasterRecovery(String lower) {
        for (String dr : DR_CODES) if (lower.equals(dr) || lower.endsWith("." + dr)) return true;
        return false;
    }

    private static boolean isAuth(String code) {
        String lower = code.toLowerCase(Locale.ROOT);
        return TOKEN_REJECTED.contains(code) || lower.startsWith("server.session.") || lower.contains("auth_failed")
                || lower.contains("access_denied") || lower.contains("permission") || lower.contains("check_auth");
    }

    private static boolean isNotFound(String lower) {
        return lower.contains("not_found") || lower.contains("notfound") || lower.contains("no_such");
    }

    private static boolean isValidation(String lower) {
        if (lower.startsWith("client.")) return true;
        for (String mark : VALIDATION_MARKS) if (lower.contains(mark)) return true;
        return false;
    }

    /** A method the server does not have: the profile's URL (or the API's version) is not what billctl talks to. */
    private static boolean isRouteMiss(String lower) {
        return lower.contains("unknown_method") || lower.contains("method_not_allowed") || lower.contains("no_method");
    }

    /**
     * By faultcode, as NOTES.md says: the status is 500 whatever went wrong. Without a fault, a 404
     * or 405 is a URL that does not lead to the API, and anything else an answer that is not
     * PortaBilling's.
     */
    private BillctlException failure(WireRequest request, WireResponse response, String id) {
        JsonNode fault = faultOf(response);
        String code = fault.path("faultcode").asText("");
        String text = fault.path("faultstring").asText("");
        if (code.isEmpty()) {
            if (Answers.isRouteMiss(response)) return Answers.noEndpoint(VENDOR, request, response, context.endpoint());
            if (response.status() >= 500 || response.status() == 429) {
                return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered HTTP " + response.status() + response.afterAttempts()
                        + " without a fault: " + response.excerpt(redactor(), Answers.EXCERPT));
            }
            return Answers.unexpected(VENDOR, response, redactor());
        }
        String lower = code.toLowerCase(Locale.ROOT);
        String said = VENDOR + " (" + code + "): " + text;
        if (isDisasterRecovery(lower)) {
            return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " is read-only for now (disaster recovery, " + code + ")"
                    + response.afterAttempts() + ": " + text, Map.of(), code, null);
        }
        if (isAuth(code)) return new BillctlException(ExitCode.AUTH, said, Map.of(), code, null);
        if (isNotFound(lower)) {
            String what = id == null ? VENDOR + " found nothing" : "account " + id + " does not exist";
            return new BillctlException(ExitCode.NOT_FOUND, what + "; " + said, Map.of(), code, null);
        }
        if (isRouteMiss(lower)) {
            return new BillctlException(ExitCode.UNAVAILABLE, "the endpoint " + request.method() + " " + request.uri() + " is not a method "
                    + VENDOR + " knows (" + code + ": " + text + "): check the URL of profile '" + context.endpoint().profile() + "' ("
                    + context.endpoint().url() + ")", Map.of(), code, null);
        }
        if (isValidation(lower)) {
            Map<String, String> fields = fault.hasNonNull("field") ? Map.of(fault.get("field").asText(), text) : Map.of();
            String what = id == null ? VENDOR + " refused the request" : VENDOR + " refused the update of account " + id;
            return new BillctlException(ExitCode.REJECTED, what + " (" + code + "): " + text, fields, code, null);
        }
        return new BillctlException(ExitCode.UNAVAILABLE, said + (response.afterAttempts().isEmpty() ? "" : " (" + response.afterAttempts().strip() + ")"),
                Map.of(), code, null);
    }
}
