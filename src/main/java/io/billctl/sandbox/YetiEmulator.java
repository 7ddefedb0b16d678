package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * yeti-web's admin API for accounts (tag 1.15.38), as its code behaves (spec/EVIDENCE.md), with
 * rules of its own ({@link YetiAccountRules}), never billctl's catalog:
 * <ul>
 * <li>{@code POST /auth} answers 201 with an HS256 JWT ({@code sub}, {@code aud:["admin"]}, {@code exp}
 * 600 s on, or none for a permanent token); wrong credentials 401 "Incorrect login or password.",
 * a caller outside the allowed IPs 401 "Your IP address is not allowed.". The token is the last
 * word of {@code Authorization}, or {@code ?token=}; any token problem on a call is 401 with an
 * empty body. There are no roles: never 403.</li>
 * <li>Checks in the server's order: 401, 415 (Content-Type not exactly {@code application/vnd.api+json}),
 * 406, the 400s of jsonapi-resources' request parser (106 no data or type, 122 data not an object,
 * 109 no {@code data.id}, 110 a {@code data.id} not the URL's, 101 a {@code data.type} not accounts,
 * 105 a name the update may not set, one error and no pointer; 115, 116 and 103 for a bad
 * relationship), then 404, then 422 with one error per message and its {@code source.pointer}.</li>
 * <li>Casts as Rails does, uniqueness of name, uuid and external-id, max-balance against the stored
 * min-balance, thresholds merged with the stored ones, a contractor that exists, an invoice template
 * never checked; 200 with the whole resource, decimals as strings.</li>
 * <li>{@code GET /accounts} paged ({@code page[number]}, {@code page[size]} up to 1000) with
 * {@code filter[name]}, {@code filter[contractor.id]} and the ransack filters; {@code GET /timezones},
 * the server's about 600 time zone names, not paged.</li>
 * </ul>
 */
public final class YetiEmulator implements Emulator {
    public static final String USERNAME = "sandbox";
    public static final String PASSWORD = "sandbox-yeti-password";
    private static final String JSON_API = "application/vnd.api+json";
    private static final String BASE = "http://127.0.0.1/api/rest/admin/";
    private static final Pattern ACCOUNT = Pattern.compile("/api/rest/admin/accounts/([^/]+)/?");
    private static final Pattern TIMEZONE = Pattern.compile("/api/rest/admin/timezones/(.+)");
    private static final Pattern INTEGER_KEY = Pattern.compile("\\s*[+-]?[0-9]+\\s*");
    /** The order of the resource's attributes in an answer. */
    private static final String[] SHOWN = {"name", "balance", "min-balance", "max-balance", "vat", "balance-low-threshold", "balance-high-threshold",
            "send-balance-notifications-to", "destination-rate-limit", "max-call-duration", "external-id", "uuid", "origination-capacity",
            "termination-capacity", "total-capacity", "send-invoices-to", "invoice-period-id", "timezone", "currency"};

    private final AccountStore accounts = new AccountStore(YetiEmulator::seeded);
    private final Clock clock;
    private volatile Duration tokenLifetime = Duration.ofSeconds(600);
    private volatile boolean ipAllowed = true;
    private volatile byte[] signingKey;

    /** Unseeded until {@link #seed} or {@link #restore}: finding where it sits costs nothing. */
    public YetiEmulator() {
        this(Clock.systemUTC());
    }

    YetiEmulator(Clock clock) {
        this.clock = clock;
    }

    @Override public String backendId() { return "yeti"; }
    @Override public String mountPath() { return "/yeti"; }
    @Override public SandboxCredentials credentials() { return new SandboxCredentials(USERNAME, PASSWORD, null); }

    /** How long new tokens live ({@code token_lifetime}); null for tokens without {@code exp}, which never expire. */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** Every token issued so far stops working, as after a restart with a new secret. */
    public void revokeTokens() {
        signingKey = newKey();
    }

    /** Whether the admin user's allowed IPs include the caller: when not, its logins and every token it holds get 401. */
    public void ipAllowed(boolean allowed) {
        this.ipAllowed = allowed;
    }

    @Override
    public EmulatorResponse handle(EmulatorRequest request) {
        if (request.path().equals("/api/rest/admin/auth")) {
            return request.method().equals("POST") ? authenticate(request) : routeMiss();
        }
        // Rails routes first: a path it has no route for is 404 whatever the token; then the controller's authorization.
        Matcher one = ACCOUNT.matcher(request.path());
        Matcher zone = TIMEZONE.matcher(request.path());
        boolean get = request.method().equals("GET");
        boolean routed = one.matches() ? get || request.method().equals("PUT") || request.method().equals("PATCH")
                : get && (request.path().matches("/api/rest/admin/(accounts|timezones)/?") || zone.matches());
        if (!routed) return routeMiss();
        if (!validToken(token(request))) return EmulatorResponse.empty(401);
        if (one.matches()) return get ? show(one.group(1), request) : update(one.group(1), request);
        if (request.path().matches("/api/rest/admin/accounts/?")) return list(request);
        if (zone.matches()) return timezone(zone.group(1), request);
        return timezones(request);
    }

    /** A path the server has no route for: Rails' own page, not JSON:API. */
    private static EmulatorResponse routeMiss() {
        return new EmulatorResponse(404, "text/html", "<!DOCTYPE html>\n<html><head><title>The page you were looking for doesn't exist (404)</title></head>"
                .getBytes(StandardCharsets.UTF_8), Map.of(), false, null);
    }

    // --- reads ---

    private EmulatorResponse show(String key, EmulatorRequest request) {
        EmulatorResponse refused = notAcceptable(request);
        if (refused != null) return refused;
        if (!INTEGER_KEY.matcher(key).matches()) return errors(400, error("Invalid field value", key + " is not a valid value for id.", "103"));
        ObjectNode account = accounts.get(key.trim());
        if (account == null) return notFound(key);
        long id = Long.parseLong(key.trim());
        return EmulatorResponse.json(200, document(resource(id, account))).withContentType(JSON_API).readOf(id);
    }

    /**
     * {@code GET /accounts?page[number]=N&page[size]=M} (50 unless given, at most 1000) with
     * {@code filter[…]}: {@code name}, {@code id}, {@code contractor.id}, {@code invoice_template.id}
     * and the resource's ransack filters ({@code max_balance_gt}; dashes or underscores, as
     * jsonapi-resources unformats keys); {@code links.first}, {@code last} and, while there is more, {@code next}.
     */
    private EmulatorResponse list(EmulatorRequest request) {
        EmulatorResponse refused = notAcceptable(request);
        if (refused != null) return refused;
        Map<String, String> params = EmulatorRequest.params(request.query());
        long size = toI(params.get("page[size]"), 50);
        long number = toI(params.get("page[number]"), 1);
        if (size < 1) return errors(400, error("Invalid page value", size + " is not a valid value for size page parameter.", "118"));
        if (size > 1000) return errors(400, error("Invalid page value", "size exceeds maximum page size of 1000.", "118"));
        if (number < 1) return errors(400, error("Invalid page value", number + " is not a valid value for number page parameter.", "118"));
        List<Filter> filters = new ArrayList<>();
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (!param.getKey().startsWith("filter[") || !param.getKey().endsWith("]")) continue;
            String name = param.getKey().substring(7, param.getKey().length() - 1).replace('-', '_');
            List<String> values = Filter.values(param.getValue());
            Filter filter = Filter.of(name, values);
            if (filter == null) return errors(400, error("Filter not allowed", name + " is not allowed.", "102"));
            // A ransack predicate of one value takes exactly one (none, or a comma list, is refused).
            if (filter.single() && values.size() != 1) {
                return errors(400, error("Invalid filter value", String.join(",", values) + " is not a valid value for " + name + ".", "107"));
            }
            filters.add(filter);
        }
        List<Map.Entry<Long, ObjectNode>> matching = new ArrayList<>();
        for (Map.Entry<Long, ObjectNode> entry : accounts.all().entrySet()) {
            if (filters.stream().allMatch(f -> f.matches(entry.getKey(), entry.getValue()))) matching.add(entry);
        }
        ArrayNode page = Json.NODES.arrayNode();
        matching.stream().skip((number - 1) * size).limit(size).forEach(e -> page.add(resource(e.getKey(), e.getValue())));
        ObjectNode document = Json.object();
        document.set("data", page);
        document.putObject("meta").put("total-count", matching.size());
        long last = Math.max(1, (matching.size() + size - 1) / size);
        String base = BASE + "accounts?page%5Bnumber%5D=";
        ObjectNode links = document.putObject("links").put("first", base + 1 + "&page%5Bsize%5D=" + size);
        if (number < last) links.put("next", base + (number + 1) + "&page%5Bsize%5D=" + size);
        links.put("last", base + last + "&page%5Bsize%5D=" + size);
        return EmulatorResponse.json(200, document).withContentType(JSON_API);
    }

    /** Ruby's {@code to_i} of a parameter, or the default when it is absent. */
    private static long toI(String text, long otherwise) {
        if (text == null) return otherwise;
        JsonNode cast = YetiAccountRules.toI(Json.NODES.textNode(text));
        return cast.isNull() ? 0 : cast.bigIntegerValue().max(BigInteger.valueOf(-1_000_000)).min(BigInteger.valueOf(1_000_000)).longValue();
    }

    /** One filter of the accounts' list. */
    private record Filter(String attribute, String predicate, List<String> values, boolean predicated) {
        /** The resource's ransack filters: attribute (as the API names it) -> its type's predicates. */
        private static final Map<String, List<String>> RANSACK = ransack();

        private static Map<String, List<String>> ransack() {
            List<String> string = List.of("eq", "not_eq", "cont", "start", "end", "in", "not_in", "cont_any");
            List<String> number = List.of("eq", "not_eq", "gt", "gteq", "lt", "lteq", "in", "not_in");
            Map<String, List<String>> filters = new LinkedHashMap<>();
            filters.put("name", string);
            for (String attribute : new String[] {"balance", "vat", "min-balance", "max-balance", "balance-low-threshold", "balance-high-threshold",
                    "destination-rate-limit", "max-call-duration", "external-id", "origination-capacity", "termination-capacity", "total-capacity"}) {
                filters.put(attribute, number);
            }
            filters.put("uuid", List.of("eq", "not_eq", "in", "not_in"));
            filters.put("currency-id", List.of("eq", "not_eq", "in", "not_in"));
            return filters;
        }

        /**
         * A filter's values as jsonapi-resources reads them: one CSV line ({@code a,"b, c"} is two values,
         * quotes doubled inside quotes), the raw text as the one value when it is not a well-formed line, and
         * no value at all for a blank one.
         */
        static List<String> values(String raw) {
            if (raw.isBlank()) return List.of();
            List<String> values = new ArrayList<>();
            StringBuilder value = new StringBuilder();
            int i = 0;
            int length = raw.length();
            while (true) {
                value.setLength(0);
                if (i < length && raw.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= length) return List.of(raw); // unclosed quote
                        char c = raw.charAt(i++);
                        if (c != '"') {
                            value.append(c);
                        } else if (i < length && raw.charAt(i) == '"') {
                            value.append('"');
                            i++;
                        } else {
                            break;
                        }
                    }
                    if (i < length && raw.charAt(i) != ',') return List.of(raw); // text after the closing quote
                } else {
                    while (i < length && raw.charAt(i) != ',') {
                        if (raw.charAt(i) == '"') return List.of(raw); // a quote inside an unquoted value
                        value.append(raw.charAt(i++));
                    }
                }
                values.add(value.toString());
                if (i >= length) return values;
                i++; // the comma
            }
        }

        /** Whether this is a ransack predicate of exactly one value (eq, gt, cont, ...), not a list (in, not_in, cont_any). */
        boolean single() {
            return predicated && !predicate.equals("in") && !predicate.equals("not_in") && !predicate.equals("cont_any");
        }

        static Filter of(String name, List<String> values) {
            switch (name) {
                case "name", "id" -> {
                    return new Filter(name, "in", values, false);
                }
                case "contractor.id" -> {
                    return new Filter("contractor", "in", values, false);
                }
                case "invoice_template.id" -> {
                    return new Filter("invoice-template", "in", values, false);
                }
                default -> { }
            }
            for (Map.Entry<String, List<String>> ransack : RANSACK.entrySet()) {
                String prefix = ransack.getKey().replace('-', '_') + "_";
                if (!name.startsWith(prefix) || !ransack.getValue().contains(name.substring(prefix.length()))) continue;
                return new Filter(ransack.getKey(), name.substring(prefix.length()), values, true);
            }
            return null;
        }

        boolean matches(long id, ObjectNode account) {
            JsonNode stored = attribute.equals("id") ? Json.NODES.numberNode(id)
                    : attribute.equals("currency-id") ? Json.NODES.numberNode(1) : account.get(attribute);
            // A ransack list predicate given no value: ransack drops the condition, and every account matches. The
            // plain filters (name, id, contractor.id) ask for a value among none: no account matches.
            if (values.isEmpty() && predicated) return true;
            String value = values.isEmpty() ? "" : values.get(0);
            return switch (predicate) {
                case "in" -> stored != null && !stored.isNull() && values.stream().anyMatch(v -> compare(stored, v) == 0);
                case "not_in" -> stored != null && !stored.isNull() && values.stream().noneMatch(v -> compare(stored, v) == 0);
                case "eq" -> stored != null && !stored.isNull() && compare(stored, value) == 0;
                case "not_eq" -> stored != null && !stored.isNull() && compare(stored, value) != 0;
                case "gt" -> stored != null && !stored.isNull() && compare(stored, value) > 0;
                case "gteq" -> stored != null && !stored.isNull() && compare(stored, value) >= 0;
                case "lt" -> stored != null && !stored.isNull() && compare(stored, value) < 0;
                case "lteq" -> stored != null && !stored.isNull() && compare(stored, value) <= 0;
                case "cont" -> stored != null && !stored.isNull() && lower(stored).contains(value.toLowerCase(Locale.ROOT));
                case "start" -> stored != null && !stored.isNull() && lower(stored).startsWith(value.toLowerCase(Locale.ROOT));
                case "end" -> stored != null && !stored.isNull() && lower(stored).endsWith(value.toLowerCase(Locale.ROOT));
                case "cont_any" -> stored != null && !stored.isNull() && values.stream().anyMatch(v -> lower(stored).contains(v.toLowerCase(Locale.ROOT)));
                default -> false;
            };
        }

        private static String lower(JsonNode stored) {
            return stored.asText().toLowerCase(Locale.ROOT);
        }

        private static int compare(JsonNode stored, String value) {
            if (stored.isNumber()) {
                try {
                    return stored.decimalValue().compareTo(new BigDecimal(value.trim()));
                } catch (NumberFormatException e) {
                    return 1; // a number against text: not equal
                }
            }
            return stored.asText().compareTo(value);
        }
    }

    /** {@code GET /timezones}: every name, one answer (the resource is not paged: page parameters are ignored). */
    private EmulatorResponse timezones(EmulatorRequest request) {
        EmulatorResponse refused = notAcceptable(request);
        if (refused != null) return refused;
        Map<String, String> params = EmulatorRequest.params(request.query());
        List<String> wanted = params.containsKey("filter[name]") ? List.of(params.get("filter[name]").split(",", -1)) : null;
        ArrayNode data = Json.NODES.arrayNode();
        for (String name : YetiAccountRules.timezones()) {
            if (wanted == null || wanted.contains(name)) data.add(timezoneResource(name));
        }
        ObjectNode document = Json.object();
        document.set("data", data);
        document.putObject("meta").put("total-count", data.size());
        return EmulatorResponse.json(200, document).withContentType(JSON_API);
    }

    private EmulatorResponse timezone(String name, EmulatorRequest request) {
        EmulatorResponse refused = notAcceptable(request);
        if (refused != null) return refused;
        String decoded = java.net.URLDecoder.decode(name, StandardCharsets.UTF_8);
        if (!YetiAccountRules.isTimezone(decoded)) return notFound(decoded);
        return EmulatorResponse.json(200, document(timezoneResource(decoded))).withContentType(JSON_API);
    }

    private static ObjectNode timezoneResource(String name) {
        ObjectNode resource = Json.object().put("id", name).put("type", "timezones");
        resource.putObject("attributes").put("name", name);
        return resource;
    }

    // --- the update ---

    /** PUT or PATCH of one account, its checks in the server's order; one at a time, so that uniqueness holds. */
    private synchronized EmulatorResponse update(String key, EmulatorRequest request) {
        String contentType = request.header("Content-Type");
        if (!JSON_API.equals(contentType)) {
            return errors(415, error("Unsupported media type", "All requests that create or update must use the '" + JSON_API
                    + "' Content-Type. This request specified '" + (contentType == null ? "" : contentType) + "'.", "415"));
        }
        EmulatorResponse refused = notAcceptable(request);
        if (refused != null) return refused;
        JsonNode body;
        try {
            body = request.body().length == 0 ? Json.object() : Json.parse(request.bodyText());
        } catch (Exception e) {
            // Rails' own answer to a body it cannot parse, before any JSON:API code runs (unverified).
            return EmulatorResponse.json(400, "{\"status\":400,\"error\":\"Bad Request\"}");
        }
        JsonNode data = body.isObject() ? body.path("data") : Json.NODES.missingNode();
        if (blank(data)) return errors(400, error("Missing Parameter", "The required parameter, data, is missing.", "106"));
        if (!data.isObject()) return errors(400, error("Invalid data format", "Data must be a hash.", "122"));
        JsonNode id = data.get("id");
        if (id == null || id.isNull()) return errors(400, error("A key is required", "The resource object does not contain a key.", "109"));
        if (!rubyString(id).equals(key)) return errors(400, error("Key is not included in URL", "The URL does not support the key " + rubyString(id), "110"));
        JsonNode type = data.get("type");
        if (type == null || type.isNull()) return errors(400, error("Missing Parameter", "The required parameter, type, is missing.", "106"));
        if (!rubyString(type).replace('-', '_').equals("accounts")) {
            return errors(400, error("Invalid resource", rubyString(type) + " is not a valid resource.", "101"));
        }
        // verify_permitted_params: every name, in the document's order; the first the update may not set is the one error.
        for (var it = data.fields(); it.hasNext(); ) {
            var part = it.next();
            switch (part.getKey()) {
                case "type", "id" -> { }
                case "attributes", "relationships" -> {
                    if (!part.getValue().isObject()) return internalError();
                    for (var names = part.getValue().fieldNames(); names.hasNext(); ) {
                        String name = names.next();
                        if (!YetiAccountRules.UPDATABLE.contains(name)) { // as the API writes them: max_balance is not allowed
                            return errors(400, error("Param not allowed", name + " is not allowed.", "105"));
                        }
                    }
                }
                default -> {
                    return errors(400, error("Param not allowed", part.getKey() + " is not allowed.", "105"));
                }
            }
        }
        // parse_params: the to-one relationships; a name that is updatable but not a relationship (timezone, since 1.15.38) is ignored.
        Map<String, JsonNode> links = new LinkedHashMap<>();
        for (var it = data.path("relationships").fields(); it.hasNext(); ) {
            var relationship = it.next();
            String name = relationship.getKey();
            if (!YetiAccountRules.RELATIONSHIPS.contains(name)) continue;
            JsonNode value = relationship.getValue();
            if (!value.isNull() && !value.isObject()) return internalError();
            JsonNode linkage = value.isNull() ? Json.NODES.nullNode() : value.path("data");
            if (linkage.isMissingNode() || linkage.isNull()) {
                links.put(name, Json.NODES.nullNode());
                continue;
            }
            if (!linkage.isObject() || linkage.size() != 2 || !linkage.has("type") || !linkage.has("id")) {
                return errors(400, error("Invalid Links Object", "Data is not a valid Links Object.", "115"));
            }
            String expected = name.equals("contractor") ? "contractors" : "invoice_templates";
            String given = linkage.get("type").isNull() ? "" : rubyString(linkage.get("type"));
            if (!given.replace('-', '_').equals(expected)) {
                return errors(400, error("Type Mismatch", given + " is not a valid type for this operation.", "116"));
            }
            JsonNode target = linkage.get("id");
            if (target.isNull()) {
                links.put(name, Json.NODES.nullNode());
            } else if (target.isIntegralNumber() || target.isTextual() && INTEGER_KEY.matcher(target.textValue()).matches()) {
                links.put(name, Json.NODES.numberNode(new BigInteger(target.asText().trim())));
            } else if (target.isNumber()) {
                links.put(name, Json.NODES.numberNode(target.decimalValue().toBigInteger()));
            } else {
                return errors(400, error("Invalid field value", rubyString(target) + " is not a valid value for id.", "103"));
            }
        }
        ObjectNode current = accounts.get(key);
        if (current == null) return notFound(key);
        long accountId = Long.parseLong(key);
        // _replace_fields: each attribute through the form, cast by its type; a relationship's name as an attribute has no writer.
        ObjectNode account = current.deepCopy();
        Map<String, JsonNode> raw = new HashMap<>();
        for (var it = data.path("attributes").fields(); it.hasNext(); ) {
            var attribute = it.next();
            String name = attribute.getKey();
            YetiAccountRules.Type cast = YetiAccountRules.ATTRIBUTES.get(name);
            if (cast == null) return internalError();
            raw.put(name, attribute.getValue());
            account.set(name, YetiAccountRules.cast(cast, attribute.getValue()));
        }
        links.forEach(account::set);
        List<ObjectNode> others = new ArrayList<>();
        accounts.all().forEach((otherId, other) -> {
            if (otherId != accountId) others.add(other);
        });
        List<YetiAccountRules.Problem> problems = YetiAccountRules.validate(account, raw, others);
        if (!problems.isEmpty()) {
            ArrayNode list = Json.NODES.arrayNode();
            for (YetiAccountRules.Problem problem : problems) {
                String pointer = (YetiAccountRules.RELATIONSHIPS.contains(problem.attribute()) ? "/data/relationships/" : "/data/attributes/")
                        + problem.attribute();
                ObjectNode error = Json.object().put("title", problem.message()).put("detail", problem.attribute() + " - " + problem.message())
                        .put("code", "100");
                error.putObject("source").put("pointer", pointer);
                list.add(error);
            }
            return errors(422, list);
        }
        // The save: a NOT NULL column left null (a uuid that is not one), or a number its column cannot hold, fails in the database.
        if (account.path("uuid").isNull()) return internalError();
        for (String name : YetiAccountRules.ATTRIBUTES.keySet()) if (!YetiAccountRules.fitsColumn(name, account.get(name))) return internalError();
        accounts.put(accountId, account);
        return EmulatorResponse.json(200, document(resource(accountId, account))).withContentType(JSON_API).markMutated();
    }

    /** {@code params.require}: absent, null, false excepted, or an empty string, list or object. */
    private static boolean blank(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) return true;
        if (value.isTextual()) return value.textValue().isBlank();
        return value.isContainerNode() && value.isEmpty();
    }

    /** A JSON value as Ruby's {@code to_s} writes what the JSON parser made of it: 24 is "24", 24.0 "24.0". */
    private static String rubyString(JsonNode value) {
        return value.isContainerNode() ? Json.write(value) : value.asText();
    }

    /** 406 when {@code Accept} names media types and none is JSON:API or a wildcard. */
    private static EmulatorResponse notAcceptable(EmulatorRequest request) {
        String accept = request.header("Accept");
        if (accept == null || accept.isBlank()) return null;
        for (String type : accept.split(",")) {
            String media = type.strip();
            if (media.equals(JSON_API) || media.startsWith("*/*")) return null;
        }
        return errors(406, error("Not acceptable", "All requests must use the '" + JSON_API
                + "' Accept without media type parameters. This request specified '" + accept + "'.", "406"));
    }

    private ObjectNode resource(long id, ObjectNode account) {
        ObjectNode resource = Json.object();
        resource.put("id", Long.toString(id));
        resource.put("type", "accounts");
        resource.putObject("links").put("self", BASE + "accounts/" + id);
        ObjectNode attributes = resource.putObject("attributes");
        for (String name : SHOWN) {
            JsonNode value = account.get(name);
            if (value == null || value.isNull()) attributes.putNull(name);
            else if (YetiAccountRules.DECIMALS.contains(name)) attributes.put(name, YetiAccountRules.rails(value.decimalValue()));
            else attributes.set(name, value);
        }
        ObjectNode relationships = resource.putObject("relationships");
        relationship(relationships, id, "contractor", "contractors", account.get("contractor"));
        relationship(relationships, id, "invoice-template", "invoice-templates", account.get("invoice-template"));
        return resource;
    }

    private static void relationship(ObjectNode relationships, long id, String name, String type, JsonNode target) {
        ObjectNode relationship = relationships.putObject(name);
        relationship.putObject("links").put("self", BASE + "accounts/" + id + "/relationships/" + name)
                .put("related", BASE + "accounts/" + id + "/" + name);
        if (target == null || target.isNull()) relationship.putNull("data");
        else relationship.putObject("data").put("type", type).put("id", target.asText());
    }

    private static ObjectNode document(ObjectNode resource) {
        ObjectNode document = Json.object();
        document.set("data", resource);
        return document;
    }

    /** A JSON:API error as jsonapi-resources writes it: title, detail, code, then status (added by {@link #errors}). */
    private static ObjectNode error(String title, String detail, String code) {
        return Json.object().put("title", title).put("detail", detail).put("code", code);
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

    private static EmulatorResponse notFound(String id) {
        return errors(404, error("Record not found", "The record identified by " + id + " could not be found.", "404"));
    }

    /** What the server answers to an exception of its own (a database constraint, a method a resource lacks). */
    private static EmulatorResponse internalError() {
        return errors(500, error("Internal Server Error", "Internal Server Error", "500"));
    }

    // --- authentication: JWT (HS256), as yeti-web issues and checks them ---

    private EmulatorResponse authenticate(EmulatorRequest request) {
        JsonNode auth;
        try {
            auth = Json.parse(request.bodyText()).path("auth");
        } catch (Exception e) {
            return EmulatorResponse.json(400, "{\"status\":400,\"error\":\"Bad Request\"}");
        }
        if (!auth.isObject()) return EmulatorResponse.json(400, "{\"status\":400,\"error\":\"Bad Request\"}");
        if (!USERNAME.equals(auth.path("username").asText()) || !PASSWORD.equals(auth.path("password").asText())) {
            return authenticationFailed("Incorrect login or password.");
        }
        if (!ipAllowed) return authenticationFailed("Your IP address is not allowed.");
        return EmulatorResponse.json(201, Json.object().put("jwt", issue()));
    }

    private static EmulatorResponse authenticationFailed(String detail) {
        ObjectNode error = Json.object().put("title", "Authentication failed").put("detail", detail).put("code", "401").put("status", "401");
        ArrayNode list = Json.NODES.arrayNode();
        list.add(error);
        return EmulatorResponse.json(401, Json.object().set("errors", list));
    }

    private String issue() {
        String header = base64("{\"alg\":\"HS256\"}");
        Duration lifetime = tokenLifetime;
        String exp = lifetime == null ? "" : ",\"exp\":" + clock.instant().plus(lifetime).getEpochSecond();
        String payload = base64("{\"sub\":1,\"aud\":[\"admin\"]" + exp + "}");
        return header + "." + payload + "." + sign(header + "." + payload);
    }

    /** {@code params[:token]}, else the last whitespace-separated word of {@code Authorization} (bare, {@code Bearer x}, {@code JWT x}). */
    private static String token(EmulatorRequest request) {
        String param = EmulatorRequest.params(request.query()).get("token");
        if (param != null) return param;
        String authorization = request.header("Authorization");
        if (authorization == null || authorization.isBlank()) return null;
        String[] words = authorization.strip().split("\\s+");
        return words[words.length - 1];
    }

    private boolean validToken(String token) {
        if (token == null || !ipAllowed) return false;
        String[] parts = token.split("\\.");
        if (parts.length != 3) return false;
        if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), parts[2].getBytes(StandardCharsets.US_ASCII))) return false;
        try {
            JsonNode claims = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            boolean admin = false;
            for (JsonNode audience : claims.path("aud")) admin |= audience.asText().equals("admin");
            if (!admin) return false;
            return !claims.has("exp") || clock.instant().getEpochSecond() < claims.path("exp").asLong();
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
        if (status == 500) return internalError();
        return errors(status, error(status == 429 ? "Too many requests" : "Error", status == 429 ? "Slow down" : "Something went wrong", Integer.toString(status)));
    }

    // --- state ---

    @Override
    public AccountStore store() {
        return accounts;
    }

    @Override
    public void seed() {
        accounts.seed();
        signingKey = newKey();
        tokenLifetime = Duration.ofSeconds(600);
        ipAllowed = true;
    }

    /** Accounts 1..100 (24 is the vendor's example), contractor 5, each name, uuid and external id its own. */
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
        // the vendor's example has external-id 4 on account 24; account 4 gives it up for one no other account has, as external ids are unique
        account.put("external-id", id == 24 ? 4 : id == 4 ? 10_004 : id);
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
