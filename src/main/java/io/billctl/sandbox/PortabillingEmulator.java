package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * PortaBilling's API for accounts, as spec/EVIDENCE.md says real servers behave: {@code Session/login}
 * (password or API token) answering an access token, a refresh token, a session id and the token's
 * lifetime; the access token as {@code Authorization: Bearer} with JSON bodies, or (older releases) the
 * session id in the form field {@code auth_info} beside {@code params}; {@code Account/update_account},
 * {@code Account/get_account_info} (an unknown account is 200 {@code {}}) and
 * {@code Account/get_account_list}. Every error is HTTP 500 with {@code faultcode} and {@code faultstring};
 * a token is rejected with one of the four codes real servers use; a path the API does not have is a 404.
 * Updates are judged by {@link PortabillingRules}, the emulator's own table, never billctl's catalog.
 * <p>
 * Its own fault switches ({@link #SWITCHES}, given with the sandbox's faults): {@code token-fault=CODE}
 * answers every rejected token with that code (auth_failed, failed_to_process_access_token,
 * failed_to_process_jwt, envelope_missed); {@code token-reset=N} ends every session once, at the Nth API
 * call (a failover to the other site), {@code token-reset=always} rejects every token it issues;
 * {@code login-expiry=expires_in|expires_at|both|none} says what a login's lifetime is written as;
 * {@code deny=7:9} puts those accounts out of the sandbox login's reach (a permission fault).
 */
public final class PortabillingEmulator implements Emulator {
    public static final String USERNAME = "sandbox";
    public static final String PASSWORD = "sandbox-portabilling-password";
    public static final String API_TOKEN = "sandbox-portabilling-token";
    static final String SESSION_EXPIRED = "Server.Session.check_auth.auth_failed";
    static final String BAD_ACCESS_TOKEN = "Client.Session.check_auth.failed_to_process_access_token";
    static final String BAD_JWT = "Client.Session.check_auth.failed_to_process_jwt";
    static final String NO_AUTH = "Client.check_auth.envelope_missed";
    /** The emulator's own code for an account out of the login's reach (PortaOne does not publish one). */
    public static final String PERMISSION_DENIED = "Server.Account.permission_denied";
    /** The emulator's own code for update_account on an account that does not exist (not public either). */
    public static final String NOT_FOUND = "Server.Account.update_account.not_found";
    private static final DateTimeFormatter VENDOR_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** {@code token-fault}'s values: the four codes a rejected token gets, by their last word. */
    private static final Map<String, String> REJECTIONS = Map.of("auth_failed", SESSION_EXPIRED, "failed_to_process_access_token", BAD_ACCESS_TOKEN,
            "failed_to_process_jwt", BAD_JWT, "envelope_missed", NO_AUTH);
    private static final Set<String> EXPIRY_FORMS = Set.of("expires_in", "expires_at", "both", "none");

    /** This emulator's fault switches and what their values must be (FaultPlan checks them). */
    public static final Map<String, Function<String, String>> SWITCHES = Map.of(
            "token-fault", value -> REJECTIONS.containsKey(value) ? null : "token-fault is one of " + String.join(", ", REJECTIONS.keySet()),
            "token-reset", value -> value.equals("always") || value.matches("[1-9][0-9]{0,8}") ? null
                    : "token-reset is N (every session ends once, at the Nth API call) or always",
            "login-expiry", value -> EXPIRY_FORMS.contains(value) ? null : "login-expiry is one of " + String.join(", ", EXPIRY_FORMS),
            "deny", value -> value.matches("[0-9]+(:[0-9]+)*") ? null : "deny is an account number, or several joined by ':'");

    private record Session(String sessionId, String refreshToken, Instant expiresAt) {}

    private final AccountStore accounts = new AccountStore(PortabillingEmulator::seeded, 55);
    private final ConcurrentMap<String, Session> byAccessToken = new ConcurrentHashMap<>();
    /** Access tokens whose session ended (logout, expiry, a reset): rejected as expired rather than as unknown. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private volatile Duration sessionLifetime = Duration.ofHours(24);
    /** Injected 500s so far: which transient fault the next one is. */
    private final AtomicInteger injected = new AtomicInteger();
    /** API calls since the switches were set, for token-reset=N. */
    private final AtomicInteger calls = new AtomicInteger();
    private volatile FaultPlan plan = FaultPlan.NONE;

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public PortabillingEmulator() {
        this(Clock.systemUTC());
    }

    PortabillingEmulator(Clock clock) {
        this.clock = clock;
    }

    @Override public String backendId() { return "portabilling"; }
    @Override public String mountPath() { return "/portabilling"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(USERNAME, PASSWORD, null); }

    @Override
    public void faults(FaultPlan plan) {
        this.plan = plan;
        calls.set(0);
    }

    /** Every session ends now, as after the server's idle timeout or a failover. */
    public void expireSessions() {
        ended.addAll(byAccessToken.keySet());
        byAccessToken.clear();
    }

    public void sessionLifetime(Duration lifetime) {
        this.sessionLifetime = lifetime;
    }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        if (!request.method().equals("POST")) return EmulatorResponse.json(405, "{\"error\":\"Use POST\"}");
        boolean form = isForm(request);
        JsonNode params;
        JsonNode authInfo;
        try {
            if (form) {
                Map<String, String> fields = EmulatorRequest.params(request.bodyText());
                params = fields.containsKey("params") ? Json.parse(fields.get("params")) : Json.object();
                authInfo = fields.containsKey("auth_info") ? Json.parse(fields.get("auth_info")) : Json.object();
            } else {
                JsonNode body = request.body().length == 0 ? Json.object() : Json.parse(request.bodyText());
                params = body.path("params");
                authInfo = body.path("auth_info");
            }
        } catch (Exception e) {
            return fault("Client.Generic.malformed_request", "The request is not valid JSON");
        }
        switch (request.path()) {
            case "/rest/Session/login": return login(params, form);
            case "/rest/Session/refresh_access_token": return refresh(params);
            case "/rest/Session/logout": return logout(request, params, authInfo);
            case "/rest/Account/update_account":
            case "/rest/Account/get_account_info":
            case "/rest/Account/get_account_list":
                break;
            default:
                // A path the API does not have (a base URL with /rest twice): the web server's 404, no fault.
                return new EmulatorResponse(404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>".getBytes(), Map.of(), false);
        }
        String rejection = rejection(request, authInfo);
        if (rejection != null) return fault(rejection, rejection.equals(NO_AUTH) ? "Authentication info is missing" : "Session is expired or invalid");
        return switch (request.path()) {
            case "/rest/Account/update_account" -> update(params);
            case "/rest/Account/get_account_info" -> get(params);
            default -> list(params);
        };
    }

    private static boolean isForm(EmulatorRequest request) {
        String type = request.header("Content-Type");
        return type != null && type.startsWith("application/x-www-form-urlencoded");
    }

    // --- sessions ------------------------------------------------------------------------------

    /** JSON: the access token and the rest; form (an older release): the session id, and no access token. */
    private EmulatorResponse login(JsonNode params, boolean form) {
        boolean byPassword = PASSWORD.equals(params.path("password").asText(null));
        boolean byToken = API_TOKEN.equals(params.path("token").asText(null));
        if (!USERNAME.equals(params.path("login").asText()) || !(byPassword || byToken)) {
            return fault("Server.Session.auth_failed", "Login failed: wrong login, password or token");
        }
        ObjectNode answer = open();
        if (form) answer.remove(java.util.List.of("access_token", "refresh_token"));
        // A new session is state: saved with the sandbox, so that the next call's cached token is known.
        return EmulatorResponse.json(200, answer).markMutated();
    }

    private EmulatorResponse refresh(JsonNode params) {
        String refresh = params.path("refresh_token").asText("");
        boolean known = byAccessToken.values().removeIf(s -> s.refreshToken().equals(refresh));
        return known ? EmulatorResponse.json(200, open()) : fault("Server.Session.refresh_access_token.auth_failed", "Refresh token is not valid");
    }

    /** Ends the session of {@code params.access_token} (or of the Bearer token, or of auth_info's session id). */
    private EmulatorResponse logout(EmulatorRequest request, JsonNode params, JsonNode authInfo) {
        String header = request.header("Authorization");
        String token = params.path("access_token").asText(header != null && header.startsWith("Bearer ") ? header.substring(7) : "");
        String sessionId = params.path("session_id").asText(authInfo.path("session_id").asText(""));
        if (token.isEmpty() && !sessionId.isEmpty()) {
            token = byAccessToken.entrySet().stream().filter(e -> e.getValue().sessionId().equals(sessionId)).map(Map.Entry::getKey).findFirst().orElse("");
        }
        Session over = byAccessToken.remove(token);
        if (over == null) return fault(SESSION_EXPIRED, "Session is expired or invalid");
        ended.add(token);
        return EmulatorResponse.json(200, Json.object().put("success", 1)).markMutated();
    }

    /** Sessions open now, as the server counts them. */
    public int openSessions() {
        return byAccessToken.size();
    }

    private ObjectNode open() {
        String access = token();
        Instant expires = clock.instant().plus(sessionLifetime);
        Session session = new Session(token(), token(), expires);
        byAccessToken.put(access, session);
        ObjectNode answer = Json.object().put("access_token", access).put("refresh_token", session.refreshToken())
                .put("session_id", session.sessionId());
        String expiry = plan.option("login-expiry") == null ? "expires_at" : plan.option("login-expiry");
        if (expiry.equals("expires_at") || expiry.equals("both")) answer.put("expires_at", VENDOR_DATE_TIME.format(expires));
        if (expiry.equals("expires_in") || expiry.equals("both")) answer.put("expires_in", sessionLifetime.toSeconds());
        return answer;
    }

    /**
     * Null when the call carries a live session, else the code it is rejected with: no credentials at
     * all is envelope_missed, a token this server never issued failed_to_process_access_token, an ended or
     * expired one auth_failed; {@code token-fault} answers every rejection with its code instead.
     */
    private String rejection(EmulatorRequest request, JsonNode authInfo) {
        String reset = plan.option("token-reset");
        if (reset != null && !reset.equals("always") && calls.incrementAndGet() == Integer.parseInt(reset)) expireSessions();
        String code = judge(request, authInfo);
        if (code == null && "always".equals(reset)) code = SESSION_EXPIRED;
        String forced = plan.option("token-fault");
        return code == null || forced == null ? code : REJECTIONS.get(forced);
    }

    private String judge(EmulatorRequest request, JsonNode authInfo) {
        String header = request.header("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            String token = header.substring(7);
            Session session = byAccessToken.get(token);
            if (session == null) return ended.contains(token) ? SESSION_EXPIRED : BAD_ACCESS_TOKEN;
            return live(session) ? null : SESSION_EXPIRED;
        }
        if (authInfo.hasNonNull("session_id")) {
            String id = authInfo.get("session_id").asText();
            return byAccessToken.values().stream().anyMatch(s -> s.sessionId().equals(id) && live(s)) ? null : SESSION_EXPIRED;
        }
        if (authInfo.has("login")) {
            return USERNAME.equals(authInfo.path("login").asText()) && PASSWORD.equals(authInfo.path("password").asText()) ? null : SESSION_EXPIRED;
        }
        return NO_AUTH;
    }

    private boolean live(Session session) {
        return session != null && clock.instant().isBefore(session.expiresAt());
    }

    private boolean denied(long id) {
        String deny = plan.option("deny");
        if (deny == null) return false;
        for (String each : deny.split(":")) if (Long.parseLong(each) == id) return true;
        return false;
    }

    // --- accounts ------------------------------------------------------------------------------

    /**
     * By {@code i_account}, {@code id} (the PIN) or {@code login}; an unknown account is 200 {@code {}},
     * no account_info and no fault (EVIDENCE.md); {@code without_service_features} leaves them out.
     */
    private EmulatorResponse get(JsonNode params) {
        ObjectNode account = null;
        if (params.hasNonNull("i_account")) {
            account = accounts.get(params.path("i_account").asLong(-1));
        } else {
            for (String key : new String[] {"id", "login"}) {
                if (params.hasNonNull(key)) {
                    String wanted = params.get(key).asText();
                    account = accounts.all().values().stream().filter(a -> wanted.equals(a.path(key).asText())).findFirst().orElse(null);
                    break;
                }
            }
        }
        if (account == null) return EmulatorResponse.json(200, Json.object());
        if (denied(account.path("i_account").asLong())) {
            return fault(PERMISSION_DENIED, "You are not allowed to access account " + account.path("i_account").asText());
        }
        ObjectNode shown = account;
        if (params.path("without_service_features").asInt(0) == 1) {
            shown = account.deepCopy();
            shown.remove("service_features");
        }
        return EmulatorResponse.json(200, Json.object().set("account_info", shown)).readOf(account.path("i_account").asLong());
    }

    /**
     * {@code get_account_list}: {@code offset}, {@code limit}, and the filters {@code i_customer} and
     * {@code id}, whose {@code %} matches any characters and {@code _} one, as SQL's LIKE.
     */
    /**
     * The filters by their own types ({@link PortabillingRules#LIST_FILTERS}): a filter of the wrong JSON
     * type is a fault, as a value of the wrong type in account_info is, so {@code "id":123} never passes
     * for the PIN "00123" or "123". {@code id} takes % and _ wildcards; the others match whole.
     */
    private EmulatorResponse list(JsonNode params) {
        long offset = Math.max(0, params.path("offset").asLong(0));
        long limit = params.hasNonNull("limit") ? Math.max(0, params.path("limit").asLong()) : Long.MAX_VALUE;
        for (Map.Entry<String, PortabillingRules.Rule> filter : PortabillingRules.LIST_FILTERS.entrySet()) {
            JsonNode value = params.get(filter.getKey());
            String problem = value == null ? null : filter.getValue().apply(value);
            if (problem != null) return fault(PortabillingRules.LIST_VALIDATION, filter.getKey() + " " + problem);
        }
        JsonNode customer = params.get("i_customer");
        Pattern id = params.hasNonNull("id") ? like(params.get("id").textValue()) : null;
        ArrayNode list = Json.NODES.arrayNode();
        accounts.all().values().stream()
                .filter(account -> customer == null || account.path("i_customer").asLong() == customer.asLong())
                .filter(account -> id == null || id.matcher(account.path("id").asText()).matches())
                .filter(account -> !params.hasNonNull("login") || params.get("login").textValue().equals(account.path("login").asText()))
                .filter(account -> !params.hasNonNull("i_product") || account.path("i_product").asLong() == params.get("i_product").asLong())
                .skip(offset).limit(limit).forEach(list::add);
        return EmulatorResponse.json(200, Json.object().set("account_list", list));
    }

    private static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') regex.append(".*");
            else if (c == '_') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * In the server's order: the request's shape, the account (out of reach, missing), release_assigned_did,
     * then each member of account_info by the rule table (unknown, not updatable, a bad value), then the
     * uniqueness of the PIN and the login against the other accounts.
     */
    private EmulatorResponse update(JsonNode params) {
        JsonNode info = params.path("account_info");
        if (!info.isObject()) return fault(PortabillingRules.VALIDATION, "account_info is required");
        JsonNode id = info.get("i_account");
        if (id == null || !id.isIntegralNumber()) return fault(PortabillingRules.VALIDATION, "i_account must be an integer");
        ObjectNode current = accounts.get(id.asLong());
        if (current != null && denied(id.asLong())) return fault(PERMISSION_DENIED, "You are not allowed to modify account " + id.asText());
        if (current == null) return fault(NOT_FOUND, "Account " + id.asText() + " not found");
        JsonNode release = params.get("release_assigned_did");
        if (release != null && !(release.isIntegralNumber() && (release.asInt() == 0 || release.asInt() == 1))) {
            return fault(PortabillingRules.VALIDATION, "release_assigned_did must be 0 or 1");
        }
        ObjectNode changes = ((ObjectNode) info).deepCopy();
        changes.remove("i_account");
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> change = it.next();
            PortabillingRules.Rule rule = PortabillingRules.ACCOUNT_INFO.get(change.getKey());
            if (rule == null) return fault(PortabillingRules.UNKNOWN_FIELD, "Unknown field " + change.getKey() + " in account_info");
            if (rule instanceof PortabillingRules.Fixed fixed) return fault(PortabillingRules.NOT_UPDATABLE, fixed.why());
            String problem = change.getValue().isNull() && !nullable(change.getKey()) ? "cannot be null" : rule.apply(change.getValue());
            if (problem != null) return fault(PortabillingRules.VALIDATION, change.getKey() + " " + problem);
        }
        String pin = changes.path("id").asText(null);
        if (pin != null && !pin.isEmpty() && takenBy(id.asLong(), "id", pin)) {
            return fault("Server.Account.duplicate_id", "Account with id " + pin + " already exists");
        }
        String login = changes.path("login").asText(null);
        if (login != null && !login.isEmpty() && takenBy(id.asLong(), "login", login)) {
            return fault("Client.Account.update_account.duplicate_login", "Login " + login + " is already in use");
        }
        ObjectNode updated = current.deepCopy();
        // The page's warning, made real: "If the main product is changed and the list of add-on products is not
        // provided, existing add-on products will be removed." The product the account has, sent again, changes nothing.
        boolean productChanged = changes.has("i_product") && changes.get("i_product").asLong() != current.path("i_product").asLong();
        if (productChanged && !changes.has("assigned_addons")) updated.putArray("assigned_addons");
        changes.remove("included_services"); // "ignored in add/update"
        if (changes.has("service_features")) {
            updated.set("service_features", PortabillingRules.mergeFeatures(current.get("service_features"), changes.remove("service_features")));
        }
        if (changes.has("assigned_addons")) {
            ArrayNode addons = updated.putArray("assigned_addons");
            changes.remove("assigned_addons").forEach(addon -> addons.add(PortabillingRules.addon(addon)));
        }
        updated.setAll(changes);
        accounts.put(id.asLong(), updated);
        return EmulatorResponse.json(200, Json.object().put("i_account", id.asLong())).markMutated();
    }

    /** The members a read returns as null take null back; the rule decides for the others. */
    private static boolean nullable(String name) {
        return Set.of("credit_limit", "expiration_date", "life_time", "inactivity_expire_time").contains(name);
    }

    private boolean takenBy(long self, String key, String value) {
        return accounts.all().entrySet().stream().anyMatch(e -> e.getKey() != self && value.equals(e.getValue().path(key).asText()));
    }

    private static EmulatorResponse fault(String code, String text) {
        return EmulatorResponse.json(500, Json.object().put("faultcode", code).put("faultstring", text));
    }

    /**
     * An injected 500 is one of the server's transient troubles, in turn: the disaster-recovery codes a
     * site answers while it switches over (bare, without a class), and a 500 without a fault body, as a
     * crashed worker behind the web server gives.
     */
    @Override
    public EmulatorResponse fault(int status) {
        if (status != 500) {
            return EmulatorResponse.json(status, Json.object().put("error", status == 429 ? "Too many requests" : "Service unavailable"));
        }
        return switch (injected.getAndIncrement() % 5) {
            case 0 -> fault("standalone_mode", "The system is in standalone mode: changes are not allowed");
            case 1 -> fault("secondary_site", "This is the secondary site: changes are not allowed");
            case 2 -> fault("read_only_mode", "The system is in read-only mode");
            case 3 -> fault("pb_delta.connection_failed", "Cannot connect to the primary site");
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
        ended.clear();
        injected.set(0);
        calls.set(0);
    }

    /**
     * An account as get_account_info returns one: the fields the update refuses among them, null where
     * nothing is set (a debit account, every fifth, has no credit limit), "" for unset text, the
     * passwords in clear, an add-on with its product's read-only data, service features with their
     * effective (inherited) values.
     */
    private static ObjectNode seeded(long id) {
        ObjectNode account = Json.object();
        account.put("i_account", id);
        account.put("id", "1000" + id);
        boolean debit = id % 5 == 0 && id != 55;
        account.put("billing_model", debit ? -1 : 1);
        account.put("bill_status", "O");
        account.put("blocked", "N");
        account.put("i_customer", (id - 1) / 10 + 1);
        account.put("i_product", 1);
        account.put("iso_4217", "USD");
        account.put("control_number", id);
        account.put("balance", 0);
        if (debit) account.putNull("credit_limit");
        else account.put("credit_limit", 100);
        account.put("email", "account" + id + "@example.com");
        account.put("firstname", "Account");
        account.put("lastname", Long.toString(id));
        account.put("login", "account" + id);
        // Read back in clear by get_account_info, as the real server does: billctl must not show them.
        account.put("password", "sip" + id + "secret");
        account.put("h323_password", "h323" + id + "secret");
        account.put("country", "US");
        account.put("zip", "10001");
        // Unset text is "" in what the server reads back (EVIDENCE), every contact field alike, not left out.
        for (String unset : new String[] {"baddr1", "address_line_2", "city", "state", "companyname", "salutation", "midinit", "cont1", "cont2",
                "phone1", "phone2", "faxnum", "note", "notepad", "redirect_number"}) {
            account.put(unset, "");
        }
        account.put("bcc", "");
        account.put("subscriber_email", "");
        account.put("activation_date", "2026-01-01");
        account.putNull("expiration_date");
        account.putNull("life_time");
        account.putNull("inactivity_expire_time");
        account.put("i_time_zone", 1);
        account.put("i_lang", "en");
        account.putArray("assigned_addons").add(PortabillingRules.addon(Json.object().put("i_product", 600)
                .put("addon_effective_from", "2026-01-01 00:00:00")));
        ArrayNode features = account.putArray("service_features");
        ObjectNode voicemail = Json.object().put("name", "voice_vm").put("flag_value", "Y").put("defined", 1);
        voicemail.putArray("attributes").addObject().put("name", "ext_num").putArray("values").add("5" + id);
        features.add(PortabillingRules.feature(voicemail));
        features.add(PortabillingRules.feature(Json.object().put("name", "clir").put("flag_value", "N")));
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
