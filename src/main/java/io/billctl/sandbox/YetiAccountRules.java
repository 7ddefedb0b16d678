package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * yeti-web's own rules for an account, as its code has them (tag 1.15.38, spec/EVIDENCE.md), for
 * the emulator: the updatable names of {@code AccountResource}, the casts Rails' attribute types
 * make of what is sent, and the validations of {@code Account} and {@code AdminApi::AccountForm} in
 * the order they run, with Rails' own messages. Written from the vendor's code, never from
 * billctl's catalog: a test against the emulator catches a wrong client rule.
 */
final class YetiAccountRules {
    /** How Rails casts a value given for an attribute: by the column's (or the form attribute's) type. */
    enum Type { STRING, UUID, INTEGER, DECIMAL, INTEGER_ARRAY }

    /** {@code AccountResource.updatable_fields}, dasherized as the API writes them, with their types; relationships apart. */
    static final Map<String, Type> ATTRIBUTES = attributes();
    static final Set<String> RELATIONSHIPS = Set.of("contractor", "invoice-template");
    /** Everything {@code verify_permitted_params} lets through: attributes and relationships alike. */
    static final Set<String> UPDATABLE = updatable();
    static final Set<String> DECIMALS = Set.of("balance", "min-balance", "max-balance", "vat", "balance-low-threshold", "balance-high-threshold",
            "destination-rate-limit");

    /** Contractors 1..10 exist; invoice templates are not checked at all (no foreign key). */
    static final Set<Long> CONTRACTORS = Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    /** {@code Billing::InvoicePeriod.ids} of 1.15.38 (7, semi-monthly, is new in it). */
    static final Set<Long> INVOICE_PERIODS = Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    static final long PG_MAX_SMALLINT = 32_767;

    /** Rails' {@code ActiveRecord::ConnectionAdapters::PostgreSQL::OID::Uuid::ACCEPTABLE_UUID}, without Ruby's conditional group. */
    private static final Pattern ACCEPTABLE_UUID = Pattern.compile("\\{(?:[a-fA-F0-9]{4}-?){8}\\}|(?:[a-fA-F0-9]{4}-?){8}");
    /** What {@code Kernel.Float} takes, as NumericalityValidator tries it. */
    private static final Pattern NUMBER = Pattern.compile("\\s*[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?\\s*");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    /** The leading number {@code String#to_i} and {@code String#to_d} read; the rest is ignored, none is 0. */
    private static final Pattern LEADING_INTEGER = Pattern.compile("\\s*([+-]?[0-9]+).*", Pattern.DOTALL);
    private static final Pattern LEADING_DECIMAL = Pattern.compile("\\s*([+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?).*", Pattern.DOTALL);

    private YetiAccountRules() {}

    private static Map<String, Type> attributes() {
        Map<String, Type> attributes = new LinkedHashMap<>();
        attributes.put("name", Type.STRING);
        attributes.put("uuid", Type.UUID);
        attributes.put("external-id", Type.INTEGER);
        attributes.put("min-balance", Type.DECIMAL);
        attributes.put("max-balance", Type.DECIMAL);
        attributes.put("balance-low-threshold", Type.DECIMAL);
        attributes.put("balance-high-threshold", Type.DECIMAL);
        attributes.put("send-balance-notifications-to", Type.INTEGER_ARRAY);
        attributes.put("destination-rate-limit", Type.DECIMAL);
        attributes.put("max-call-duration", Type.INTEGER);
        attributes.put("vat", Type.DECIMAL);
        attributes.put("origination-capacity", Type.INTEGER);
        attributes.put("termination-capacity", Type.INTEGER);
        attributes.put("total-capacity", Type.INTEGER);
        attributes.put("send-invoices-to", Type.INTEGER_ARRAY);
        attributes.put("timezone", Type.STRING);
        attributes.put("invoice-period-id", Type.INTEGER);
        return Collections.unmodifiableMap(attributes);
    }

    private static Set<String> updatable() {
        Set<String> names = new LinkedHashSet<>(ATTRIBUTES.keySet());
        names.addAll(RELATIONSHIPS);
        return Collections.unmodifiableSet(names);
    }

    // --- the server's time zones ---

    /** {@code Yeti::TimeZoneHelper.all}: pg_timezone_names that Rails knows (tzdata 2025b's names less Factory), in name order. */
    static List<String> timezones() {
        return Zones.ALL;
    }

    /** Read once, when first needed: a call that never touches Yeti's time zones pays nothing. */
    private static final class Zones {
        static final List<String> ALL = load();
        static final Set<String> SET = Set.copyOf(ALL);

        private static List<String> load() {
            try (InputStream in = YetiAccountRules.class.getResourceAsStream("yeti-timezones.txt")) {
                if (in == null) throw new IllegalStateException("yeti-timezones.txt is missing from the jar");
                List<String> names = new ArrayList<>();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) if (!line.isBlank()) names.add(line.strip());
                }
                return List.copyOf(names);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static boolean isTimezone(String name) {
        return name != null && Zones.SET.contains(name);
    }

    // --- casts: what the account holds once a value is assigned ---

    /** The value Rails stores for what was sent; {@code null} (Java) when the cast fails in a way that ends in a 500. */
    static JsonNode cast(Type type, JsonNode given) {
        if (given == null || given.isNull()) return Json.NODES.nullNode();
        return switch (type) {
            case STRING -> given.isTextual() ? given : given.isContainerNode() ? Json.NODES.textNode(Json.write(given)) : Json.NODES.textNode(given.asText());
            case UUID -> uuid(given);
            case INTEGER -> toI(given);
            case DECIMAL -> toD(given);
            case INTEGER_ARRAY -> integerArray(given);
        };
    }

    /** The canonical form of an acceptable UUID; null for anything else (the column is NOT NULL: the save fails). */
    private static JsonNode uuid(JsonNode given) {
        String text = given.asText();
        if (!ACCEPTABLE_UUID.matcher(text).matches()) return Json.NODES.nullNode();
        String hex = text.replaceAll("[{}-]", "").toLowerCase(Locale.ROOT);
        return Json.NODES.textNode(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
                + "-" + hex.substring(20));
    }

    /** ActiveModel's integer: {@code "4"} is 4, {@code "12abc"} 12, {@code "abc"} 0, {@code ""} nil, 4.7 is 4, true 1. */
    static JsonNode toI(JsonNode given) {
        if (given.isIntegralNumber()) return given;
        if (given.isNumber()) return Json.NODES.numberNode(given.decimalValue().toBigInteger());
        if (given.isBoolean()) return Json.NODES.numberNode(given.booleanValue() ? 1 : 0);
        if (given.isTextual()) {
            if (given.textValue().isBlank()) return Json.NODES.nullNode();
            var leading = LEADING_INTEGER.matcher(given.textValue());
            return Json.NODES.numberNode(leading.matches() ? new BigInteger(leading.group(1)) : BigInteger.ZERO);
        }
        return Json.NODES.nullNode();
    }

    /**
     * ActiveModel's decimal: a JSON number with a fraction or exponent is a Ruby Float first (about
     * 16 significant digits kept), a string is read to its first non-number ({@code "abc"} is 0).
     */
    static JsonNode toD(JsonNode given) {
        if (given.isIntegralNumber()) return Json.NODES.numberNode(new BigDecimal(given.bigIntegerValue()));
        if (given.isNumber()) return Json.NODES.numberNode(new BigDecimal(Double.toString(given.doubleValue())));
        if (given.isBoolean()) return Json.NODES.numberNode(given.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO);
        if (given.isTextual()) {
            if (given.textValue().isBlank()) return Json.NODES.nullNode();
            var leading = LEADING_DECIMAL.matcher(given.textValue());
            return Json.NODES.numberNode(leading.matches() ? new BigDecimal(leading.group(1)) : BigDecimal.ZERO);
        }
        return Json.NODES.nullNode();
    }

    /** {@code Array.wrap(value)}, blank members dropped, each member an integer; an empty list is nil ({@code .presence}). */
    private static JsonNode integerArray(JsonNode given) {
        ArrayNode items = Json.NODES.arrayNode();
        List<JsonNode> members = new ArrayList<>();
        if (given.isArray()) given.forEach(members::add);
        else members.add(given);
        for (JsonNode member : members) {
            if (member.isNull() || member.isTextual() && member.textValue().isBlank()) continue;
            JsonNode cast = toI(member);
            if (!cast.isNull()) items.add(cast);
        }
        return items.isEmpty() ? Json.NODES.nullNode() : items;
    }

    // --- NumericalityValidator's view of a value: the raw value as sent, else the stored one ---

    static boolean isNumber(JsonNode raw) {
        if (raw == null || raw.isNull() || raw.isBoolean() || raw.isContainerNode()) return false;
        return raw.isNumber() || NUMBER.matcher(raw.asText()).matches();
    }

    /** {@code only_integer}: the value's {@code to_s} is digits, so 10.0 is not an integer but "10" is. */
    static boolean isInteger(JsonNode raw) {
        return raw.isIntegralNumber() || raw.isTextual() && INTEGER.matcher(raw.textValue()).matches();
    }

    static BigDecimal number(JsonNode raw) {
        return raw.isNumber() ? raw.decimalValue() : new BigDecimal(raw.asText().trim());
    }

    // --- the validations, in the order Rails runs them ---

    /** One failed validation: the attribute (dasherized) and Rails' message. */
    record Problem(String attribute, String message) {}

    /**
     * The account's errors after an update: {@code account} holds the values as cast, {@code raw}
     * what was sent for the attributes this update assigned, {@code others} every other account
     * (for uniqueness). Empty when the account may be saved.
     */
    static List<Problem> validate(ObjectNode account, Map<String, JsonNode> raw, Iterable<ObjectNode> others) {
        List<Problem> problems = new ArrayList<>();
        // belongs_to :contractor (required), declared before every validates line of Account
        JsonNode contractor = account.get("contractor");
        if (contractor == null || contractor.isNull() || !CONTRACTORS.contains(contractor.asLong())) problems.add(new Problem("contractor", "must exist"));
        // validates :min_balance, numericality: true, if: -> { min_balance.present? }
        boolean minPresent = present(account.get("min-balance"));
        if (minPresent && !isNumber(rawOf("min-balance", account, raw))) problems.add(new Problem("min-balance", "is not a number"));
        // validates :uuid, :name, uniqueness: true
        unique("uuid", account, others, false, problems);
        unique("name", account, others, false, problems);
        // validates :name, :timezone, :vat, :max_balance, :min_balance, presence: true
        for (String name : new String[] {"name", "timezone", "vat", "max-balance", "min-balance"}) {
            if (!present(account.get(name))) problems.add(new Problem(name, "can't be blank"));
        }
        // validates :timezone, inclusion: { in: Yeti::TimeZoneHelper.all, message: '%<value>s is not a valid timezone' }
        JsonNode timezone = account.get("timezone");
        String zone = timezone == null || timezone.isNull() ? "" : timezone.asText();
        if (!isTimezone(zone)) problems.add(new Problem("timezone", zone + " is not a valid timezone"));
        // validates :max_balance, numericality: { greater_than_or_equal_to: :min_balance }, if: -> { min_balance.present? }
        if (minPresent) {
            BigDecimal min = account.get("min-balance").decimalValue();
            numericality("max-balance", account, raw, false, false, new Bound(min, rails(min)), null, null, problems);
        }
        // validates the capacities: greater_than: 0, less_than_or_equal_to: PG_MAX_SMALLINT, allow_nil, only_integer
        for (String name : new String[] {"termination-capacity", "origination-capacity", "total-capacity"}) {
            numericality(name, account, raw, true, true, null, Bound.of(0), Bound.of(PG_MAX_SMALLINT), problems);
        }
        // validates :external_id, uniqueness: { allow_blank: true }
        unique("external-id", account, others, true, problems);
        // validates :vat, numericality: { greater_than_or_equal_to: 0, less_than_or_equal_to: 100, allow_nil: false }
        numericality("vat", account, raw, false, false, Bound.of(0), null, Bound.of(100), problems);
        // validates :destination_rate_limit, numericality: { greater_than_or_equal_to: 0, allow_nil: true }
        numericality("destination-rate-limit", account, raw, true, false, Bound.of(0), null, null, problems);
        // validates :max_call_duration, numericality: { greater_than: 0, allow_nil: true }
        numericality("max-call-duration", account, raw, true, false, null, Bound.of(0), null, problems);
        // validates :invoice_period_id, inclusion: { in: Billing::InvoicePeriod.ids }, allow_nil: true
        JsonNode period = account.get("invoice-period-id");
        if (period != null && !period.isNull() && !INVOICE_PERIODS.contains(period.asLong())) {
            problems.add(new Problem("invoice-period-id", "is not included in the list"));
        }
        // AdminApi::AccountForm#validate_balance_thresholds, after the model's own
        JsonNode low = account.get("balance-low-threshold");
        JsonNode high = account.get("balance-high-threshold");
        if (present(low) && present(high) && low.decimalValue().compareTo(high.decimalValue()) >= 0) {
            problems.add(new Problem("balance-low-threshold", "must be less than balance high threshold"));
        }
        return problems;
    }

    private static JsonNode rawOf(String name, ObjectNode account, Map<String, JsonNode> raw) {
        JsonNode given = raw.get(name);
        return given != null ? given : account.get(name);
    }

    /** Rails' {@code present?}: not nil, and not a blank string. */
    private static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !(value.isTextual() && value.textValue().isBlank());
    }

    private static void unique(String name, ObjectNode account, Iterable<ObjectNode> others, boolean allowBlank, List<Problem> problems) {
        JsonNode value = account.get(name);
        if (value == null || value.isNull()) return; // no other account holds NULL in these columns
        if (allowBlank && !present(value)) return;
        for (ObjectNode other : others) {
            JsonNode theirs = other.get(name);
            if (theirs != null && !theirs.isNull() && theirs.asText().equals(value.asText())) {
                problems.add(new Problem(name, "has already been taken"));
                return;
            }
        }
    }

    /** A bound of a numericality rule, and how Rails writes it in the message: a literal as digits, the stored min_balance as "30.0". */
    private record Bound(BigDecimal value, String shown) {
        static Bound of(long literal) {
            return new Bound(BigDecimal.valueOf(literal), Long.toString(literal));
        }
    }

    /** NumericalityValidator: not a number, not an integer, then each bound in Rails' order (greater_than, _or_equal_to, less_than_or_equal_to). */
    private static void numericality(String name, ObjectNode account, Map<String, JsonNode> raw, boolean allowNil, boolean onlyInteger,
                                     Bound atLeast, Bound above, Bound atMost, List<Problem> problems) {
        JsonNode cast = account.get(name);
        if (allowNil && (cast == null || cast.isNull())) return;
        JsonNode value = rawOf(name, account, raw);
        if (!isNumber(value)) {
            problems.add(new Problem(name, "is not a number"));
            return;
        }
        if (onlyInteger && !isInteger(value)) {
            problems.add(new Problem(name, "must be an integer"));
            return;
        }
        BigDecimal number = number(value);
        if (above != null && number.compareTo(above.value()) <= 0) problems.add(new Problem(name, "must be greater than " + above.shown()));
        if (atLeast != null && number.compareTo(atLeast.value()) < 0) problems.add(new Problem(name, "must be greater than or equal to " + atLeast.shown()));
        if (atMost != null && number.compareTo(atMost.value()) > 0) problems.add(new Problem(name, "must be less than or equal to " + atMost.shown()));
    }

    /** A decimal as Rails prints a BigDecimal: "20.0", "0.3444", "-100.5". */
    static String rails(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        return (stripped.scale() <= 0 ? stripped.setScale(1) : stripped).toPlainString();
    }

    /** Whether a stored value fits its column when saved (else ActiveModel::RangeError: a 500). */
    static boolean fitsColumn(String name, JsonNode value) {
        if (value == null || value.isNull() || !value.isIntegralNumber()) return true;
        BigInteger number = value.bigIntegerValue();
        BigInteger[] range = switch (name) {
            case "external-id" -> new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
            case "max-call-duration" -> new BigInteger[] {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)};
            case "origination-capacity", "termination-capacity", "total-capacity", "invoice-period-id" ->
                    new BigInteger[] {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)};
            default -> null;
        };
        return range == null || number.compareTo(range[0]) >= 0 && number.compareTo(range[1]) <= 0;
    }
}
