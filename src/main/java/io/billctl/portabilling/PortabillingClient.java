package io.billctl.portabilling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import io.billctl.core.backend.OffsetPages;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldText;
import io.billctl.core.catalog.FieldType;
import io.billctl.core.config.SecretRef;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import io.billctl.core.session.LoginSession;
import io.billctl.core.session.Token;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * PortaBilling's API: {@code Session/login} (with a password, or with an API token) for an access
 * token sent as {@code Authorization: Bearer} with JSON bodies, or, with the profile's
 * {@code api_style = form} (releases before JSON and Bearer tokens), for a session id sent in the form
 * fields {@code auth_info} and {@code params}. The login is cached between calls until the
 * {@code expires_at} or {@code expires_in} it came with; a token the server rejects (any of the four
 * rejection codes) is forgotten, one login serves every worker, and the call is sent once more. Every
 * error is HTTP 500 with {@code faultcode}/{@code faultstring}: {@link PortabillingFaults} says what
 * each code means.
 */
final class PortabillingClient implements UpdateClient {
    private static final String VENDOR = "PortaBilling";
    static final String API_STYLE = "api_style";
    static final String JSON = "json";
    static final String FORM = "form";
    private static final String UPDATE = "Account/update_account";
    private static final String GET = "Account/get_account_info";
    private static final DateTimeFormatter VENDOR_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    /** Dropped members a note names before it counts the rest. */
    private static final int DROPPED_NAMED = 4;

    /**
     * Retried like the other backends' 5xx: a 429; a 5xx without a fault (a proxy's 502, a 500 with no
     * body); and the faults the table calls transient (disaster recovery switching over). Every other
     * fault is an answer about the request: not retried.
     */
    private static final Predicate<WireResponse> RETRYABLE = response -> {
        if (response.status() == 429) return true;
        if (response.status() < 500) return false;
        JsonNode fault = faultOf(response);
        return !fault.has("faultcode") || PortabillingFaults.of(fault.path("faultcode").asText("")) == PortabillingFaults.Outcome.TRANSIENT;
    };

    /** A request and the answer it got. */
    private record Exchange(WireRequest request, WireResponse response) {}

    private final ClientContext context;
    /** api_style = form: form fields and a session id rather than JSON and a Bearer token. */
    private final boolean form;
    private final LoginSession session;

    PortabillingClient(ClientContext context) {
        this.context = context;
        this.form = isForm(context);
        this.session = context.session(PortabillingBackend.ID, credential(context), this::login);
    }

    /** The profile's api_style: json (the default) or form; anything else is the config's mistake (exit 2). */
    private static boolean isForm(ClientContext context) {
        String style = context.endpoint().setting(API_STYLE);
        if (style == null || style.equals(JSON)) return false;
        if (style.equals(FORM)) return true;
        throw BillctlException.usage("profile '" + context.endpoint().profile() + "' has api_style = \"" + style + "\"; " + VENDOR
                + " profiles take " + JSON + " (the default) or " + FORM);
    }

    /** The secret the login sends: the profile's API token when it has one, else its password. */
    private static SecretRef credential(ClientContext context) {
        return context.endpoint().apiKey() instanceof SecretRef.Missing ? context.endpoint().password() : context.endpoint().apiKey();
    }

    @Override
    public WireRequest request(Update update, boolean masked) {
        ObjectNode params = params(sent(update.fields(), new TreeSet<>()), update);
        if (masked) return call(UPDATE, (ObjectNode) redactor().json(params), Redactor.MASK);
        return call(UPDATE, params, session.token().value());
    }

    @Override
    public Applied send(Update update) {
        Set<String> dropped = new TreeSet<>();
        ObjectNode fields = sent(update.fields(), dropped);
        ObjectNode params = params(fields, update);
        // Its secret values (the passwords, a SIM's keys) are the run's redactor's already: core tells it of every update's.
        Exchange exchange = authorized(token -> call(UPDATE, params, token));
        WireResponse response = exchange.response();
        if (response.status() != 200 || faultOf(response).has("faultcode")) throw updateFailure(exchange, update.id());
        // Success is {"i_account":N} for the account asked, and nothing else.
        JsonNode body = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        JsonNode answered = body.path("i_account");
        if (!body.isObject() || !answered.isValueNode()) throw Answers.unexpected(VENDOR, response, redactor(), "no i_account");
        if (!sameId(answered, update.id())) throw Answers.unexpected(VENDOR, response, redactor(), "i_account is not " + update.id());
        Update applied = new Update(update.id(), fields, update.extras());
        ObjectNode view = Json.object().put("i_account", update.id());
        view.setAll(fields);
        update.extras().forEach(view::put);
        List<String> notes = dropped.isEmpty() ? List.of() : List.of(droppedNote(dropped));
        // The result: i_account, a number whether the server wrote 55 or "55" (sameId saw it is the account asked).
        ObjectNode result = Json.object().set("i_account", Json.NODES.numberNode(new BigDecimal(update.id()).toBigIntegerExact()));
        return new Applied(applied, body, result, view, response.attempts(), notes);
    }

    /** One line: "left out ...: assigned_addons[].{addon_priority, hidden, iso_4217, realm and 10 more}; service_features[].{...}". */
    private static String droppedNote(Set<String> dropped) {
        Map<String, List<String>> byField = new java.util.TreeMap<>();
        for (String path : dropped) {
            int dot = path.indexOf('.');
            if (dot < 0) byField.computeIfAbsent(path, f -> new java.util.ArrayList<>()); // a whole field (included_services)
            else byField.computeIfAbsent(path.substring(0, dot), f -> new java.util.ArrayList<>()).add(path.substring(dot + 1));
        }
        List<String> groups = new java.util.ArrayList<>();
        byField.forEach((field, members) -> {
            if (members.isEmpty()) {
                groups.add(field);
                return;
            }
            String named = String.join(", ", members.subList(0, Math.min(DROPPED_NAMED, members.size())));
            String more = members.size() > DROPPED_NAMED ? " and " + (members.size() - DROPPED_NAMED) + " more" : "";
            groups.add(field + ".{" + named + more + "}");
        });
        return "left out of the request what a read returns and " + VENDOR + " sets itself (read-only): " + String.join("; ", groups);
    }

    /**
     * The fields as they go out: the fields and members the catalog marks {@code dropped} (what a read
     * returns and the server ignores: included_services, read-only members) taken out, each named in
     * {@code dropped} ("included_services", "assigned_addons[].hidden"). The update is not changed.
     */
    static ObjectNode sent(ObjectNode fields, Set<String> dropped) {
        ObjectNode sent = Json.object();
        fields.fields().forEachRemaining(entry -> {
            Field field = PortabillingCatalog.CATALOG.find(entry.getKey()).orElse(null);
            if (field != null && field.dropped().isPresent()) {
                dropped.add(entry.getKey());
                return;
            }
            sent.set(entry.getKey(), field == null ? entry.getValue() : withoutDropped(field, entry.getValue(), entry.getKey(), dropped));
        });
        return sent;
    }

    private static JsonNode withoutDropped(Field field, JsonNode value, String path, Set<String> dropped) {
        if (field.members().isEmpty() || value == null) return value;
        if (value instanceof ObjectNode object && field.type() == FieldType.OBJECT) return withoutDropped(field, object, path, dropped);
        if (value instanceof ArrayNode items && field.type() == FieldType.OBJECT_LIST) {
            ArrayNode kept = Json.NODES.arrayNode();
            for (JsonNode item : items) kept.add(item instanceof ObjectNode object ? withoutDropped(field, object, path + "[]", dropped) : item);
            return kept;
        }
        return value;
    }

    private static ObjectNode withoutDropped(Field field, ObjectNode object, String path, Set<String> dropped) {
        ObjectNode kept = Json.object();
        object.fields().forEachRemaining(entry -> {
            Field member = field.members().stream().filter(m -> m.name().equals(entry.getKey())).findFirst().orElse(null);
            String memberPath = path + "." + entry.getKey();
            if (member != null && member.dropped().isPresent()) dropped.add(memberPath);
            else kept.set(entry.getKey(), member == null ? entry.getValue() : withoutDropped(member, entry.getValue(), memberPath, dropped));
        });
        return kept;
    }

    /**
     * {@code params}: {@code account_info} with the account and its fields, and beside it what goes
     * there ({@code release_assigned_did}, a {@code -f} document's unknown {@code params.NAME} sent with
     * --allow-unknown-fields, the run's request options).
     */
    private static ObjectNode params(ObjectNode fields, Update update) {
        ObjectNode info = Json.object();
        info.put("i_account", Long.parseLong(update.id()));
        ObjectNode params = Json.object();
        params.set("account_info", info);
        fields.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            if (PortabillingCatalog.BESIDE_ACCOUNT_INFO.contains(name)) params.set(name, entry.getValue());
            else if (name.startsWith(PortabillingCatalog.PARAMS_PREFIX)) params.set(name.substring(PortabillingCatalog.PARAMS_PREFIX.length()), entry.getValue());
            else info.set(name, entry.getValue());
        });
        update.extras().forEach((name, value) -> params.set(name, scalar(value)));
        return params;
    }

    /**
     * The form style writes a secret JSON-escaped and then URL-encoded ({@code "} as {@code %5C%22}), a form
     * the redactor does not derive from the secret itself: it is told that one too, for -v traces.
     */
    private void hideInForm(String secret) {
        if (!form) return;
        String json = Json.write(Json.NODES.textNode(secret));
        json = json.substring(1, json.length() - 1);
        if (!json.equals(secret)) redactor().addSecretValue(encoded(json));
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
        ObjectNode params = Json.object().put("i_account", Long.parseLong(id));
        Exchange exchange = authorized(token -> call(GET, params, token));
        WireResponse response = exchange.response();
        if (response.status() != 200 || faultOf(response).has("faultcode")) throw failure(exchange, id, "the read of account " + id);
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

    /**
     * {@code Account/get_account_list} with {@code offset} and {@code limit} and the filters, typed before
     * anything is sent ({@link #filters}), page after page until an empty one ({@link OffsetPages}).
     */
    @Override
    public void list(ListQuery query, AccountSink sink) {
        ObjectNode filters = filters(query.filters());
        long seen = 0;
        OffsetPages pages = new OffsetPages(VENDOR);
        while (true) {
            int size = query.nextPageSize(seen);
            ObjectNode params = Json.object().put("offset", seen).put("limit", size);
            params.setAll(filters);
            Exchange exchange = authorized(token -> call("Account/get_account_list", params, token));
            WireResponse response = exchange.response();
            if (response.status() != 200 || faultOf(response).has("faultcode")) throw failure(exchange, null, "the list");
            JsonNode page = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor())).path("account_list");
            if (!page.isArray()) throw Answers.unexpected(VENDOR, response, redactor(), "no account_list");
            pages.arrived(seen, page.isEmpty() ? null : page.get(0).get("i_account"), page.size() >= size);
            for (JsonNode account : page) {
                if (!account.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "an account_list with something other than accounts");
                seen++;
                if (!sink.accept((ObjectNode) account) || query.enough(seen)) return;
            }
            if (!OffsetPages.more(page.size())) return;
        }
    }

    @Override
    public String test() {
        session.fresh();
        return "logged in (" + (context.endpoint().apiKey() instanceof SecretRef.Missing ? "password" : "API token")
                + (form ? ", form style with a session_id" : "") + ")";
    }

    /**
     * {@code Session/logout} for a cached access token (the params and the header both carry it, as
     * public clients send it) or session id (form style), best effort: whatever the answer, the caller
     * forgets the token.
     */
    @Override
    public boolean logout(String token) {
        redactor().addSecretValue(token);
        ObjectNode params = form ? Json.object().put("session_id", token) : Json.object().put("access_token", token);
        context.transport().send(call("Session/logout", params, token), RETRYABLE);
        return true;
    }

    /**
     * Sends with the session's token. When the server rejects it (any of the four rejection codes),
     * the session logs in once for every worker that met the same rejection and the call goes once more;
     * rejected again right after that login is exit 3, in the server's words.
     */
    private Exchange authorized(Function<String, WireRequest> call) {
        String token = session.token().value();
        WireRequest request = call.apply(token);
        WireResponse response = context.transport().send(request, RETRYABLE);
        if (!rejected(response)) return new Exchange(request, response);
        Token fresh = session.renew(token);
        WireRequest again = call.apply(fresh.value());
        WireResponse answer = context.transport().send(again, RETRYABLE);
        if (rejected(answer)) {
            JsonNode fault = faultOf(answer);
            String code = fault.path("faultcode").asText();
            throw new BillctlException(ExitCode.AUTH, VENDOR + " rejected the session of profile '" + context.endpoint().profile()
                    + "' again right after a fresh login (" + code + "): " + fault.path("faultstring").asText(""), Map.of(), code, null);
        }
        return new Exchange(again, answer);
    }

    private static boolean rejected(WireResponse response) {
        JsonNode fault = faultOf(response);
        return fault.has("faultcode") && PortabillingFaults.of(fault.path("faultcode").asText()) == PortabillingFaults.Outcome.TOKEN_REJECTED;
    }

    /**
     * {@code Session/login} with the profile's password, or its API token when it has one: the access
     * token (json style) or the session id (form style), good until the {@code expires_at} or
     * {@code expires_in} it came with, whichever is sooner; with neither, until the server rejects it.
     */
    private Token login() {
        ObjectNode params = Json.object();
        params.put("login", context.endpoint().username());
        String secret = context.secret(credential(context)).reveal();
        params.put(context.endpoint().apiKey() instanceof SecretRef.Missing ? "password" : "token", secret);
        hideInForm(secret);
        WireRequest request = call("Session/login", params, null);
        WireResponse response = context.transport().send(request, RETRYABLE);
        JsonNode fault = faultOf(response);
        if (fault.has("faultcode")) {
            String code = fault.path("faultcode").asText();
            if (PortabillingFaults.of(code) == PortabillingFaults.Outcome.TRANSIENT) throw failure(new Exchange(request, response), null, "the login");
            throw new BillctlException(ExitCode.AUTH, VENDOR + " refused the login of profile '" + context.endpoint().profile()
                    + "': " + fault.path("faultstring").asText(code), Map.of(), code, null);
        }
        if (response.status() != 200) throw failure(new Exchange(request, response), null, "the login");
        Instant now = Instant.now();
        JsonNode answer = response.parsed().orElseThrow(() -> Answers.unexpected(VENDOR, response, redactor()));
        if (!answer.isObject()) throw Answers.unexpected(VENDOR, response, redactor(), "a login answer that is not an object");
        for (String key : List.of("access_token", "refresh_token", "session_id")) {
            if (answer.path(key).isTextual() && !answer.path(key).asText().isEmpty()) redactor().addSecretValue(answer.path(key).asText());
        }
        String access = answer.path("access_token").isTextual() ? answer.path("access_token").asText() : "";
        String sessionId = answer.path("session_id").isValueNode() ? answer.path("session_id").asText() : "";
        String profile = context.endpoint().profile();
        if (!form && access.isEmpty() && !sessionId.isEmpty()) {
            throw new BillctlException(ExitCode.AUTH, VENDOR + " answered the login of profile '" + profile + "' with a session_id and no"
                    + " access_token: a release before JSON and Bearer tokens; give the profile api_style = \"form\" (billctl profile add "
                    + profile + " --force ... --api-style form)");
        }
        if (form && sessionId.isEmpty() && !access.isEmpty()) {
            throw new BillctlException(ExitCode.AUTH, VENDOR + " answered the login of profile '" + profile + "' with an access_token and no"
                    + " session_id: this release takes JSON and Bearer tokens; take api_style = \"form\" out of the profile");
        }
        String value = form ? sessionId : access;
        if (value.isEmpty()) throw Answers.unexpected(VENDOR, response, redactor(), "a login without an access_token");
        return new Token(value, expiry(answer, now));
    }

    /** When a login's token lapses: the sooner of {@code expires_at} and now plus {@code expires_in}; null with neither. */
    static Instant expiry(JsonNode answer, Instant now) {
        Instant at = expiry(answer.path("expires_at"));
        Instant in = lifetime(answer.path("expires_in"), now);
        if (at == null) return in;
        if (in == null) return at;
        return at.isBefore(in) ? at : in;
    }

    /** {@code expires_in}: seconds from now, a number or a numeric string; null when missing or not a positive number. */
    private static Instant lifetime(JsonNode value, Instant now) {
        if (value == null || !value.isValueNode() || value.isNull()) return null;
        try {
            long seconds = value.isNumber() ? value.asLong() : Long.parseLong(value.asText().trim());
            return seconds > 0 ? now.plusSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
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

    /**
     * One call of the API: {@code POST {base}/rest/<Service>/<method>} (a base that already ends in
     * {@code /rest}, as PortaOne's own tools write it, is not given a second one). JSON style:
     * {@code {"params":{…}}} and {@code Authorization: Bearer}; form style: the form fields
     * {@code auth_info={"session_id":…}} and {@code params=<json>}.
     */
    private WireRequest call(String method, ObjectNode params, String token) {
        WireRequest.Builder request = WireRequest.builder("POST", uri(method)).header("Accept", "application/json");
        if (form) {
            StringBuilder body = new StringBuilder();
            if (token != null) body.append("auth_info=").append(encoded(Json.write(Json.object().put("session_id", token)))).append('&');
            body.append("params=").append(encoded(Json.write(params)));
            return request.body("application/x-www-form-urlencoded", body.toString()).build();
        }
        if (token != null) request.header("Authorization", "Bearer " + token);
        ObjectNode body = Json.object();
        body.set("params", params);
        return request.body("application/json", Json.write(body)).build();
    }

    private URI uri(String method) {
        String path = context.endpoint().url().getPath();
        String trimmed = path == null ? "" : path.replaceAll("/+$", "");
        return context.endpoint().resolve(trimmed.endsWith("/rest") ? method : "rest/" + method);
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * The list's filters typed as the vendor's field of that name is: {@code id} (the PIN) and {@code login}
     * are text, so {@code --id-like 00123} stays the string "00123" (a number would be 123, another
     * account's PIN); {@code i_customer} and the other ids are integers ({@code --customer abc} is exit 2,
     * nothing sent). A parameter the catalog does not know is JSON when it parses, else text, as
     * {@code --set} takes an unknown field.
     */
    static ObjectNode filters(Map<String, String> given) {
        ObjectNode filters = Json.object();
        given.forEach((name, value) -> {
            Field field = PortabillingCatalog.CATALOG.find(name).orElse(null);
            if (field == null || field.type().isStructured() || field.type().isList()) {
                filters.set(name, FieldText.parseLenient(value));
                return;
            }
            try {
                filters.set(name, FieldText.parse(field, value));
            } catch (FieldText.BadText e) {
                throw BillctlException.usage("the list filter " + name + ": " + e.getMessage());
            }
        });
        return filters;
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

    /**
     * An update's failure. A refusal whose code the table does not know may be update_account's own
     * "no such account", which PortaOne does not publish: the account is read (get_account_info answers
     * 200 {@code {}} for an unknown one), and a missing account is exit 4; otherwise the refusal stands.
     */
    private BillctlException updateFailure(Exchange exchange, String id) {
        BillctlException refusal = failure(exchange, id, "the update of account " + id);
        String code = refusal.vendorCode();
        if (code == null || PortabillingFaults.of(code) != PortabillingFaults.Outcome.UNKNOWN) return refusal;
        if (!Boolean.FALSE.equals(exists(id))) return refusal;
        return new BillctlException(ExitCode.NOT_FOUND, "account " + id + " does not exist (" + VENDOR + " answered update_account with " + code
                + ": " + faultOf(exchange.response()).path("faultstring").asText("") + "; get_account_info without account_info)", Map.of(), code, null);
    }

    /** Whether get_account_info knows the account: true, false, or null when the read did not say. Not counted as an attempt. */
    private Boolean exists(String id) {
        try {
            return context.transport().uncounted(() -> {
                ObjectNode params = Json.object().put("i_account", Long.parseLong(id));
                WireResponse response = authorized(token -> call(GET, params, token)).response();
                if (response.status() != 200 || faultOf(response).has("faultcode")) return null;
                JsonNode answer = response.parsed().orElse(null);
                if (answer == null || !answer.isObject()) return null;
                JsonNode info = answer.get("account_info");
                if (info == null || info.isNull() || info.isObject() && info.isEmpty()) return false;
                return info.isObject() ? Boolean.TRUE : null;
            });
        } catch (BillctlException e) {
            return null;
        }
    }

    /**
     * By faultcode, through {@link PortabillingFaults}: the status is 500 whatever went wrong. Without a
     * fault, a 404 or 405 is a URL that does not lead to the API, a 5xx or 429 the server's trouble after
     * its retries, and anything else an answer that is not PortaBilling's.
     */
    private BillctlException failure(Exchange exchange, String id, String what) {
        WireRequest request = exchange.request();
        WireResponse response = exchange.response();
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
        return switch (PortabillingFaults.of(code)) {
            case TRANSIENT -> new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " is read-only for now (disaster recovery, " + code + ")"
                    + response.afterAttempts() + ": " + text, Map.of(), code, null);
            case TOKEN_REJECTED, LOGIN_REFUSED -> new BillctlException(ExitCode.AUTH, VENDOR + " (" + code + "): " + text, Map.of(), code, null);
            case PERMISSION -> new BillctlException(ExitCode.AUTH, VENDOR + " does not let this login make " + what + " (" + code + "): " + text,
                    Map.of(), code, null).thisAccountOnly();
            case REJECTED, UNKNOWN -> {
                Map<String, String> fields = fault.hasNonNull("field") ? Map.of(fault.get("field").asText(), text) : Map.of();
                yield new BillctlException(ExitCode.REJECTED, VENDOR + " refused " + what + " (" + code + "): " + text, fields, code, null);
            }
        };
    }
}
