package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PortaBilling's REST API for accounts: {@code Session/login} (password or API token) answering
 * access and refresh tokens; the access token as {@code Authorization: Bearer}, or a session id
 * in {@code auth_info}; JSON bodies or the older form fields {@code auth_info=<json>&params=<json>};
 * {@code Account/update_account} and {@code Account/get_account_info}. Every error is HTTP 500
 * with {@code faultcode} and {@code faultstring}; sessions expire.
 */
public final class PortabillingEmulator implements Emulator {
    public static final String USERNAME = "sandbox";
    public static final String PASSWORD = "sandbox-portabilling-password";
    public static final String API_TOKEN = "sandbox-portabilling-token";
    static final String SESSION_EXPIRED = "Server.Session.check_auth.auth_failed";
    private static final DateTimeFormatter VENDOR_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private record Session(String sessionId, String refreshToken, Instant expiresAt) {}

    private final Catalog catalog;
    private final AccountStore accounts = new AccountStore(PortabillingEmulator::seeded, 55);
    private final ConcurrentMap<String, Session> byAccessToken = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private volatile Duration sessionLifetime = Duration.ofHours(24);
    /** Injected 500s so far: which transient fault the next one is. */
    private final AtomicInteger injected = new AtomicInteger();

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public PortabillingEmulator(Catalog catalog) {
        this(catalog, Clock.systemUTC());
    }

    PortabillingEmulator(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override public String backendId() { return "portabilling"; }
    @Override public String mountPath() { return "/portabilling"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(USERNAME, PASSWORD, null); }

    /** Every session ends now, as after the server's idle timeout. */
    public void expireSessions() {
        byAccessToken.clear();
    }

    public void sessionLifetime(Duration lifetime) {
        this.sessionLifetime = lifetime;
    }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        if (!request.method().equals("POST")) return fault("Server.Generic.method_not_allowed", "Use POST");
        JsonNode params;
        JsonNode authInfo;
        try {
            String type = request.header("Content-Type");
            if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
                Map<String, String> form = EmulatorRequest.params(request.bodyText());
                params = form.containsKey("params") ? Json.parse(form.get("params")) : Json.object();
                authInfo = form.containsKey("auth_info") ? Json.parse(form.get("auth_info")) : Json.object();
            } else {
                JsonNode body = request.body().length == 0 ? Json.object() : Json.parse(request.bodyText());
                params = body.path("params");
                authInfo = body.path("auth_info");
            }
        } catch (Exception e) {
            return fault("Client.Generic.malformed_request", "The request is not valid JSON");
        }
        return switch (request.path()) {
            case "/rest/Session/login" -> login(params);
            case "/rest/Session/refresh_access_token" -> refresh(params);
            case "/rest/Session/logout" -> logout(request, params);
            case "/rest/Account/update_account" -> authorized(request, authInfo) ? update(params) : fault(SESSION_EXPIRED, "Session is expired or invalid");
            case "/rest/Account/get_account_info" -> authorized(request, authInfo) ? get(params) : fault(SESSION_EXPIRED, "Session is expired or invalid");
            case "/rest/Account/get_account_list" -> authorized(request, authInfo) ? list(params) : fault(SESSION_EXPIRED, "Session is expired or invalid");
            default -> fault("Server.Generic.unknown_method", "Unknown method " + request.path());
        };
    }

    private EmulatorResponse login(JsonNode params) {
        boolean byPassword = PASSWORD.equals(params.path("password").asText(null));
        boolean byToken = API_TOKEN.equals(params.path("token").asText(null));
        if (!USERNAME.equals(params.path("login").asText()) || !(byPassword || byToken)) {
            return fault("Server.Session.auth_failed", "Login failed: wrong login, password or token");
        }
        return EmulatorResponse.json(200, open());
    }

    private EmulatorResponse refresh(JsonNode params) {
        String refresh = params.path("refresh_token").asText("");
        boolean known = byAccessToken.values().removeIf(s -> s.refreshToken().equals(refresh));
        return known ? EmulatorResponse.json(200, open()) : fault("Server.Session.refresh_access_token.auth_failed", "Refresh token is not valid");
    }

    /** Ends the session of {@code params.access_token} (or of the Bearer token): it is refused from then on. */
    private EmulatorResponse logout(EmulatorRequest request, JsonNode params) {
        String header = request.header("Authorization");
        String token = params.path("access_token").asText(header != null && header.startsWith("Bearer ") ? header.substring(7) : "");
        Session ended = byAccessToken.remove(token);
        return ended == null ? fault(SESSION_EXPIRED, "Session is expired or invalid") : EmulatorResponse.json(200, Json.object().put("success", 1));
    }

    /** Sessions open now, as the server counts them. */
    public int openSessions() {
        return byAccessToken.size();
    }

    private ObjectNode open() {
        String access = token();
        Session session = new Session(token(), token(), clock.instant().plus(sessionLifetime));
        byAccessToken.put(access, session);
        return Json.object().put("access_token", access).put("refresh_token", session.refreshToken())
                .put("expires_at", VENDOR_DATE_TIME.format(session.expiresAt())).put("session_id", session.sessionId());
    }

    private boolean authorized(EmulatorRequest request, JsonNode authInfo) {
        String header = request.header("Authorization");
        if (header != null && header.startsWith("Bearer ")) return live(byAccessToken.get(header.substring(7)));
        if (authInfo.hasNonNull("session_id")) {
            String id = authInfo.get("session_id").asText();
            return byAccessToken.values().stream().anyMatch(s -> s.sessionId().equals(id) && live(s));
        }
        return USERNAME.equals(authInfo.path("login").asText()) && PASSWORD.equals(authInfo.path("password").asText());
    }

    private boolean live(Session session) {
        return session != null && clock.instant().isBefore(session.expiresAt());
    }

    /** An unknown account is 200 {@code {}}, no account_info and no fault (EVIDENCE.md). */
    private EmulatorResponse get(JsonNode params) {
        ObjectNode account = accounts.get(params.path("i_account").asLong(-1));
        if (account == null) return EmulatorResponse.json(200, Json.object());
        return EmulatorResponse.json(200, Json.object().set("account_info", account)).readOf(params.path("i_account").asLong());
    }

    /**
     * {@code get_account_list}: {@code offset}, {@code limit}, and the filters {@code i_customer} and
     * {@code id}, whose {@code %} matches any characters and {@code _} one, as SQL's LIKE.
     */
    private EmulatorResponse list(JsonNode params) {
        long offset = Math.max(0, params.path("offset").asLong(0));
        long limit = params.hasNonNull("limit") ? Math.max(0, params.path("limit").asLong()) : Long.MAX_VALUE;
        JsonNode customer = params.get("i_customer");
        java.util.regex.Pattern id = params.hasNonNull("id") ? like(params.get("id").asText()) : null;
        com.fasterxml.jackson.databind.node.ArrayNode list = Json.NODES.arrayNode();
        accounts.all().values().stream()
                .filter(account -> customer == null || account.path("i_customer").asLong() == customer.asLong())
                .filter(account -> id == null || id.matcher(account.path("id").asText()).matches())
                .skip(offset).limit(limit).forEach(list::add);
        return EmulatorResponse.json(200, Json.object().set("account_list", list));
    }

    private static java.util.regex.Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') regex.append(".*");
            else if (c == '_') regex.append('.');
            else regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return java.util.regex.Pattern.compile(regex.toString());
    }

    private EmulatorResponse update(JsonNode params) {
        JsonNode info = params.path("account_info");
        if (!info.isObject()) return fault("Client.Account.update_account.validation_error", "account_info is required");
        JsonNode id = info.get("i_account");
        if (id == null || !id.isIntegralNumber()) return fault("Client.Account.update_account.validation_error", "i_account must be an integer");
        ObjectNode current = accounts.get(id.asLong());
        if (current == null) return fault("Server.Account.update_account.not_found", "Account " + id.asText() + " not found");
        JsonNode release = params.get("release_assigned_did");
        if (release != null && !(release.isIntegralNumber() && (release.asInt() == 0 || release.asInt() == 1))) {
            return fault("Client.Account.update_account.validation_error", "release_assigned_did must be 0 or 1");
        }
        ObjectNode changes = ((ObjectNode) info).deepCopy();
        changes.remove("i_account");
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> change = it.next();
            Field field = catalog.find(change.getKey()).orElse(null);
            if (field == null) return fault("Client.Account.update_account.validation_error", "Unknown field " + change.getKey());
            String problem = Validator.problem(field, change.getValue());
            if (problem != null) return fault("Client.Account.update_account.validation_error", change.getKey() + " " + problem);
        }
        if (changes.has("login")) {
            String login = changes.get("login").asText();
            boolean taken = accounts.all().entrySet().stream().anyMatch(e -> e.getKey() != id.asLong() && login.equals(e.getValue().path("login").asText()));
            if (taken) return fault("Client.Account.update_account.duplicate_login", "Login " + login + " is already in use");
        }
        ObjectNode updated = current.deepCopy();
        // The page's warning, made real: a new main product without add-ons drops the add-ons.
        if (changes.has("i_product") && !changes.has("assigned_addons")) updated.putArray("assigned_addons");
        updated.setAll(changes);
        accounts.put(id.asLong(), updated);
        return EmulatorResponse.json(200, Json.object().put("i_account", id.asLong())).markMutated();
    }

    private static EmulatorResponse fault(String code, String text) {
        return EmulatorResponse.json(500, Json.object().put("faultcode", code).put("faultstring", text));
    }

    /**
     * An injected 500 is one of the server's transient troubles, in turn: the internal error most
     * 500s are, the disaster-recovery codes a site answers while it switches over (bare, without a
     * class), and a 500 without a fault body, as a crashed worker behind the web server gives.
     */
    @Override
    public EmulatorResponse fault(int status) {
        if (status != 500) {
            return EmulatorResponse.json(status, Json.object().put("error", status == 429 ? "Too many requests" : "Service unavailable"));
        }
        return switch (injected.getAndIncrement() % 5) {
            case 0 -> fault("Server.Generic.internal_error", "Internal server error");
            case 1 -> fault("standalone_mode", "The system is in standalone mode: changes are not allowed");
            case 2 -> fault("secondary_site", "This is the secondary site: changes are not allowed");
            case 3 -> fault("read_only_mode", "The system is in read-only mode");
            default -> EmulatorResponse.empty(500);
        };
    }

    private String token() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public AccountStore store() {
        return accounts;
    }

    @Override
    public String meddledField() {
        return "credit_limit";
    }

    @Override
    public void seed() {
        accounts.seed();
        byAccessToken.clear();
        injected.set(0);
    }

    private static ObjectNode seeded(long id) {
        ObjectNode account = Json.object();
        account.put("i_account", id);
        account.put("id", "1000" + id);
        account.put("billing_model", 1);
        account.put("bill_status", "O");
        account.put("blocked", "N");
        account.put("i_customer", (id - 1) / 10 + 1);
        account.put("i_product", 1);
        account.put("iso_4217", "USD");
        account.put("control_number", id);
        account.put("credit_limit", 100);
        account.put("email", "account" + id + "@example.com");
        account.put("firstname", "Account");
        account.put("lastname", Long.toString(id));
        account.put("login", "account" + id);
        // Read back in clear by get_account_info, as the real server does: billctl must not show them.
        account.put("password", "sip" + id + "secret");
        account.put("h323_password", "h323" + id + "secret");
        account.put("country", "US");
        account.put("zip", "10001");
        account.putArray("assigned_addons").addObject().put("i_product", 600).put("addon_effective_from", "2026-01-01 00:00:00");
        return account;
    }

    @Override
    public JsonNode snapshot() {
        ObjectNode state = Json.object();
        state.set("accounts", accounts.snapshot());
        // Sessions travel with the state, so a session cached by one call works in the next.
        ObjectNode sessions = state.putObject("sessions");
        byAccessToken.forEach((access, s) -> sessions.putObject(access).put("session_id", s.sessionId())
                .put("refresh_token", s.refreshToken()).put("expires_at", s.expiresAt().getEpochSecond()));
        return state;
    }

    @Override
    public void restore(JsonNode state) {
        byAccessToken.clear();
        accounts.restore(state.path("accounts"));
        state.path("sessions").fields().forEachRemaining(e -> byAccessToken.put(e.getKey(), new Session(e.getValue().path("session_id").asText(),
                e.getValue().path("refresh_token").asText(), Instant.ofEpochSecond(e.getValue().path("expires_at").asLong()))));
    }

    @Override
    public ObjectNode account(long id) {
        return accounts.get(id);
    }
}
