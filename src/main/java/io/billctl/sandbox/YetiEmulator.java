package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.Validator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * yeti-web's admin API for accounts, as its code and specs behave: {@code POST /auth} answering
 * 201 with an HS256 JWT (600 s), the JWT in {@code Authorization} (a {@code Bearer } prefix
 * tolerated), a bad or expired one answered 401 with an empty body; {@code PUT}/{@code PATCH}
 * of JSON:API documents only ({@code application/vnd.api+json}, else 415); 400 code 105 for
 * attributes that may not be set, 422 with {@code source.pointer} for invalid ones; 200 with the
 * whole resource, ids and decimals as strings.
 */
public final class YetiEmulator implements Emulator {
    public static final String USERNAME = "sandbox";
    public static final String PASSWORD = "sandbox-yeti-password";
    private static final String JSON_API = "application/vnd.api+json";
    private static final Pattern ACCOUNT = Pattern.compile("/api/rest/admin/accounts/([^/]+)/?");
    private static final Set<String> DECIMALS = Set.of("balance", "min-balance", "max-balance", "vat", "balance-low-threshold",
            "balance-high-threshold", "destination-rate-limit");
    private static final Set<Long> CONTRACTORS = Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    private static final Set<Long> INVOICE_TEMPLATES = Set.of(1L, 2L, 3L);

    private final Catalog catalog;
    private final AccountStore accounts = new AccountStore(YetiEmulator::seeded);
    private final Clock clock;
    private volatile Duration tokenLifetime = Duration.ofSeconds(600);
    private volatile byte[] signingKey;

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public YetiEmulator(Catalog catalog) {
        this(catalog, Clock.systemUTC());
    }

    YetiEmulator(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override public String backendId() { return "yeti"; }
    @Override public String mountPath() { return "/yeti"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(USERNAME, PASSWORD, null); }

    /** How long new tokens live; tests shorten it to see renewal. */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** Every token issued so far stops working, as after a restart with a new secret. */
    public void revokeTokens() {
        signingKey = newKey();
    }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        if (request.path().equals("/api/rest/admin/auth") && request.method().equals("POST")) return authenticate(request);
        if (!validToken(request.header("Authorization"))) return EmulatorResponse.empty(401);
        Matcher one = ACCOUNT.matcher(request.path());
        if (one.matches()) {
            ObjectNode account = accounts.get(one.group(1));
            if (account == null) return notFound(one.group(1));
            long id = Long.parseLong(one.group(1));
            return switch (request.method()) {
                case "GET" -> EmulatorResponse.json(200, document(resource(id, account))).withContentType(JSON_API).readOf(id);
                case "PUT", "PATCH" -> update(id, account, request);
                default -> errors(405, error("Method not allowed", request.method() + " is not allowed", "405", null));
            };
        }
        if (request.path().matches("/api/rest/admin/accounts/?") && request.method().equals("GET")) return list(request);
        return errors(404, error("Not found", "No route matches " + request.path(), "404", null));
    }

    /**
     * {@code GET /accounts?page[number]=N&page[size]=M} (size 50 unless given, at most 1000) with
     * {@code filter[name]}, {@code filter[contractor.id]} and ransack's {@code filter[ATTR_eq|_gt|_lt|_cont]};
     * {@code links.first}, {@code last} and, while there is more, {@code next}.
     */
    private EmulatorResponse list(EmulatorRequest request) {
        Map<String, String> params = EmulatorRequest.params(request.query());
        int number;
        int size;
        try {
            number = Math.max(1, Integer.parseInt(params.getOrDefault("page[number]", "1")));
            size = Math.min(1000, Math.max(1, Integer.parseInt(params.getOrDefault("page[size]", "50"))));
        } catch (NumberFormatException e) {
            return errors(400, error("Invalid page value", "page must be a number", "118", null));
        }
        java.util.List<Map.Entry<Long, ObjectNode>> matching = new java.util.ArrayList<>();
        for (Map.Entry<Long, ObjectNode> entry : accounts.all().entrySet()) {
            boolean all = true;
            for (Map.Entry<String, String> param : params.entrySet()) {
                if (!param.getKey().startsWith("filter[") || !param.getKey().endsWith("]")) continue;
                String filter = param.getKey().substring(7, param.getKey().length() - 1);
                if (!matches(entry.getKey(), entry.getValue(), filter, param.getValue())) all = false;
            }
            if (all) matching.add(entry);
        }
        ArrayNode page = Json.NODES.arrayNode();
        matching.stream().skip((long) (number - 1) * size).limit(size).forEach(e -> page.add(resource(e.getKey(), e.getValue())));
        ObjectNode document = Json.object();
        document.set("data", page);
        int last = Math.max(1, (matching.size() + size - 1) / size);
        String base = "http://127.0.0.1/api/rest/admin/accounts?page%5Bsize%5D=" + size + "&page%5Bnumber%5D=";
        ObjectNode links = document.putObject("links").put("first", base + 1);
        if (number < last) links.put("next", base + (number + 1));
        links.put("last", base + last);
        return EmulatorResponse.json(200, document).withContentType(JSON_API);
    }

    /** One filter: {@code name} and {@code contractor.id} as equality, or {@code ATTR_eq|_gt|_lt|_cont} on an attribute. */
    private static boolean matches(long id, ObjectNode account, String filter, String value) {
        if (filter.equals("contractor.id")) return account.path("contractor").asText().equals(value);
        if (filter.equals("id")) return Long.toString(id).equals(value);
        for (String predicate : new String[] {"_eq", "_gt", "_lt", "_cont"}) {
            if (!filter.endsWith(predicate)) continue;
            JsonNode stored = account.get(filter.substring(0, filter.length() - predicate.length()));
            if (stored == null || stored.isNull()) return false;
            switch (predicate) {
                case "_cont" -> {
                    return stored.asText().toLowerCase().contains(value.toLowerCase());
                }
                case "_eq" -> {
                    return compare(stored, value) == 0;
                }
                case "_gt" -> {
                    return compare(stored, value) > 0;
                }
                default -> {
                    return compare(stored, value) < 0;
                }
            }
        }
        JsonNode stored = account.get(filter);
        return stored != null && stored.asText().equals(value);
    }

    private static int compare(JsonNode stored, String value) {
        if (stored.isNumber()) {
            try {
                return stored.decimalValue().compareTo(new BigDecimal(value.trim()));
            } catch (NumberFormatException e) {
                // a number against text: compared as text below
            }
        }
        return stored.asText().compareTo(value);
    }

    private EmulatorResponse authenticate(EmulatorRequest request) {
        JsonNode auth;
        try {
            auth = Json.parse(request.bodyText()).path("auth");
        } catch (Exception e) {
            return errors(400, error("Bad request", "The body is not JSON", "400", null));
        }
        if (!USERNAME.equals(auth.path("username").asText()) || !PASSWORD.equals(auth.path("password").asText())) {
            return errors(401, error("Authentication failed", "Invalid username or password", "401", null));
        }
        return EmulatorResponse.json(201, Json.object().put("jwt", issue()));
    }

    private EmulatorResponse update(long id, ObjectNode current, EmulatorRequest request) {
        String type = request.header("Content-Type");
        if (type == null || !type.startsWith(JSON_API)) {
            return errors(415, error("Unsupported media type", "All requests that create or update must use the '" + JSON_API + "' Content-Type.", "415", null));
        }
        JsonNode data;
        try {
            data = Json.parse(request.bodyText()).path("data");
        } catch (Exception e) {
            return errors(400, error("Bad request", "The body is not JSON", "400", null));
        }
        if (!"accounts".equals(data.path("type").asText())) return errors(409, error("Type mismatch", "Type is not accounts", "110", "/data/type"));
        if (data.has("id") && !data.get("id").asText().equals(Long.toString(id))) {
            return errors(400, error("Key is not included in URL", "The URL does not support the key " + data.get("id").asText(), "109", "/data/id"));
        }
        ArrayNode notAllowed = Json.NODES.arrayNode();
        ArrayNode invalid = Json.NODES.arrayNode();
        ObjectNode merged = current.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            String name = attribute.getKey();
            Field field = catalog.find(name).filter(f -> f.writable() && !f.name().equals("contractor") && !f.name().equals("invoice-template")).orElse(null);
            if (field == null) {
                notAllowed.add(error("Param not allowed", name + " is not allowed.", "105", "/data/attributes/" + name));
                continue;
            }
            String problem = Validator.problem(field, attribute.getValue());
            if (problem != null) invalid.add(error(name + " - " + problem, name + " - " + problem, "100", "/data/attributes/" + name));
            else merged.set(name, DECIMALS.contains(name) && attribute.getValue().isTextual()
                    ? Json.NODES.numberNode(new BigDecimal(attribute.getValue().asText().trim())) : attribute.getValue());
        }
        if (!notAllowed.isEmpty()) return errors(400, notAllowed);
        for (Iterator<Map.Entry<String, JsonNode>> it = data.path("relationships").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> relationship = it.next();
            JsonNode target = relationship.getValue().path("data");
            Long targetId = target.isNull() ? null : parseId(target.path("id").asText());
            switch (relationship.getKey()) {
                case "contractor" -> {
                    if (targetId == null || !CONTRACTORS.contains(targetId)) invalid.add(error("contractor - is invalid", "contractor - must exist", "100", "/data/relationships/contractor"));
                    else merged.put("contractor", targetId);
                }
                case "invoice-template" -> {
                    if (targetId != null && !INVOICE_TEMPLATES.contains(targetId)) invalid.add(error("invoice-template - is invalid", "invoice-template - must exist", "100", "/data/relationships/invoice-template"));
                    else if (targetId == null) merged.putNull("invoice-template");
                    else merged.put("invoice-template", targetId);
                }
                default -> notAllowed.add(error("Param not allowed", relationship.getKey() + " is not allowed.", "105", "/data/relationships/" + relationship.getKey()));
            }
        }
        if (!notAllowed.isEmpty()) return errors(400, notAllowed);
        checkAcross(id, merged, invalid);
        if (!invalid.isEmpty()) return errors(422, invalid);
        accounts.put(id, merged);
        return EmulatorResponse.json(200, document(resource(id, merged))).withContentType(JSON_API).markMutated();
    }

    /** The rules yeti-web's model checks on the whole record, after the change. */
    private void checkAcross(long id, ObjectNode account, ArrayNode invalid) {
        BigDecimal min = account.path("min-balance").decimalValue();
        BigDecimal max = account.path("max-balance").decimalValue();
        if (max.compareTo(min) < 0) invalid.add(error("max-balance - must be greater than or equal to min-balance",
                "max-balance - must be greater than or equal to " + rails(min), "100", "/data/attributes/max-balance"));
        JsonNode low = account.get("balance-low-threshold");
        JsonNode high = account.get("balance-high-threshold");
        if (low != null && !low.isNull() && high != null && !high.isNull() && low.decimalValue().compareTo(high.decimalValue()) >= 0) {
            invalid.add(error("balance-low-threshold - must be less than balance-high-threshold",
                    "balance-low-threshold - must be less than " + rails(high.decimalValue()), "100", "/data/attributes/balance-low-threshold"));
        }
        String name = account.path("name").asText();
        boolean taken = accounts.all().entrySet().stream().anyMatch(e -> e.getKey() != id && e.getValue().path("name").asText().equals(name));
        if (taken) invalid.add(error("name - has already been taken", "name - has already been taken", "100", "/data/attributes/name"));
    }

    private ObjectNode resource(long id, ObjectNode account) {
        ObjectNode resource = Json.object();
        resource.put("id", Long.toString(id));
        resource.put("type", "accounts");
        resource.putObject("links").put("self", "http://127.0.0.1/api/rest/admin/accounts/" + id);
        ObjectNode attributes = resource.putObject("attributes");
        for (String name : new String[] {"name", "balance", "min-balance", "max-balance", "vat", "balance-low-threshold", "balance-high-threshold",
                "send-balance-notifications-to", "destination-rate-limit", "max-call-duration", "external-id", "uuid",
                "origination-capacity", "termination-capacity", "total-capacity", "send-invoices-to", "invoice-period-id", "timezone", "currency"}) {
            JsonNode value = account.get(name);
            if (value == null || value.isNull()) attributes.putNull(name);
            else if (DECIMALS.contains(name)) attributes.put(name, rails(value.decimalValue()));
            else attributes.set(name, value);
        }
        ObjectNode relationships = resource.putObject("relationships");
        relationship(relationships, id, "contractor", "contractors", account.get("contractor"));
        relationship(relationships, id, "invoice-template", "invoice-templates", account.get("invoice-template"));
        return resource;
    }

    private static void relationship(ObjectNode relationships, long id, String name, String type, JsonNode target) {
        ObjectNode relationship = relationships.putObject(name);
        relationship.putObject("links").put("self", "http://127.0.0.1/api/rest/admin/accounts/" + id + "/relationships/" + name)
                .put("related", "http://127.0.0.1/api/rest/admin/accounts/" + id + "/" + name);
        if (target == null || target.isNull()) relationship.putNull("data");
        else relationship.putObject("data").put("type", type).put("id", target.asText());
    }

    /** A decimal as Rails prints a BigDecimal: "20.0", "0.3444", "23.1". */
    static String rails(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() <= 0 ? stripped.setScale(1) : stripped).toPlainString();
    }

    private static ObjectNode document(ObjectNode resource) {
        ObjectNode document = Json.object();
        document.set("data", resource);
        return document;
    }

    private static ObjectNode error(String title, String detail, String code, String pointer) {
        ObjectNode error = Json.object().put("title", title).put("detail", detail).put("code", code);
        if (pointer != null) error.putObject("source").put("pointer", pointer);
        return error;
    }

    private static EmulatorResponse errors(int status, ObjectNode error) {
        ArrayNode list = Json.NODES.arrayNode();
        list.add(error);
        return errors(status, list);
    }

    private static EmulatorResponse errors(int status, ArrayNode list) {
        list.forEach(e -> ((ObjectNode) e).put("status", Integer.toString(status)));
        return EmulatorResponse.json(status, Json.object().set("errors", list)).withContentType(JSON_API);
    }

    private EmulatorResponse notFound(String id) {
        return errors(404, error("Record not found", "The record identified by " + id + " could not be found.", "404", null));
    }

    private static Long parseId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // --- JWT (HS256), as yeti-web issues them ---

    private String issue() {
        long exp = clock.instant().plus(tokenLifetime).getEpochSecond();
        String header = base64("{\"alg\":\"HS256\"}");
        String payload = base64("{\"sub\":1,\"aud\":[\"admin\"],\"exp\":" + exp + "}");
        return header + "." + payload + "." + sign(header + "." + payload);
    }

    private boolean validToken(String authorization) {
        if (authorization == null) return false;
        String token = authorization.startsWith("Bearer ") ? authorization.substring(7) : authorization;
        String[] parts = token.split("\\.");
        if (parts.length != 3) return false;
        if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII))) return false;
        try {
            long exp = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).path("exp").asLong();
            return clock.instant().getEpochSecond() < exp;
        } catch (Exception e) {
            return false;
        }
    }

    private String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Override
    public EmulatorResponse fault(int status) {
        return errors(status, error(status == 429 ? "Too many requests" : "Internal server error", status == 429 ? "Slow down" : "Something went wrong", Integer.toString(status), null));
    }

    @Override
    public AccountStore store() {
        return accounts;
    }

    @Override
    public void seed() {
        accounts.seed();
        signingKey = newKey();
    }

    private static ObjectNode seeded(long id) {
        ObjectNode account = Json.object();
        account.put("name", "Account " + id);
        account.put("balance", BigDecimal.ZERO);
        account.put("min-balance", BigDecimal.ZERO);
        account.put("max-balance", BigDecimal.ZERO);
        account.put("vat", new BigDecimal("23.1"));
        account.putNull("balance-low-threshold");
        account.putNull("balance-high-threshold");
        account.putNull("send-balance-notifications-to");
        account.put("destination-rate-limit", new BigDecimal("0.3444"));
        account.put("max-call-duration", 36000);
        account.put("external-id", id == 24 ? 4 : id);
        account.put("uuid", UUID.nameUUIDFromBytes(("yeti-account-" + id).getBytes(StandardCharsets.UTF_8)).toString());
        account.putNull("origination-capacity");
        account.putNull("termination-capacity");
        account.putNull("total-capacity");
        account.putNull("send-invoices-to");
        account.putNull("invoice-period-id");
        account.put("timezone", "UTC");
        account.put("currency", "USD");
        account.put("contractor", 5);
        account.putNull("invoice-template");
        return account;
    }

    @Override
    public JsonNode snapshot() {
        ObjectNode state = Json.object();
        // The signing key travels with the state, so a token cached by one call works in the next.
        state.put("signing_key", Base64.getEncoder().encodeToString(signingKey));
        state.set("accounts", accounts.snapshot());
        return state;
    }

    @Override
    public void restore(JsonNode state) {
        signingKey = state.hasNonNull("signing_key") ? Base64.getDecoder().decode(state.get("signing_key").asText()) : newKey();
        accounts.restore(state.path("accounts"));
    }
}
