package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one validation engine: checks an update, in the vendor's field names and JSON shape,
 * against a catalog before anything is sent. Answers field path -> problem, in field order.
 */
public final class Validator {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private Validator() {}

    public static Map<String, String> validate(Catalog catalog, ObjectNode update, boolean allowUnknown) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            var field = catalog.find(name);
            if (Controls.refused(field.orElse(null), name, entry.getValue(), problems)) continue;
            if (field.isEmpty()) {
                if (!allowUnknown) problems.put(name, unknown(name, catalog.suggest(name).orElse(null)));
                else bounded(name, entry.getValue(), problems);
                continue;
            }
            int before = problems.size();
            checkField(field.get(), name, entry.getValue(), allowUnknown, problems);
            if (problems.size() == before) bounded(name, entry.getValue(), problems);
        }
        if (problems.isEmpty()) {
            checkRequiredWhen(catalog, update, problems);
            for (Catalog.CrossCheck cross : catalog.crossChecks()) problems.putAll(cross.apply(update));
        }
        return problems;
    }

    /**
     * Every number in a value, even where the catalog checks no type (an unknown field, a JSON
     * field, an object's unchecked members), within {@link Numbers}' bounds: it is sent on as written.
     */
    private static void bounded(String path, JsonNode value, Map<String, String> problems) {
        String problem = Numbers.firstProblem(value);
        if (problem != null) problems.putIfAbsent(path, problem);
    }

    /** The problem with one value of one field, or null: for a single flag, a CSV cell, a nested member. */
    public static String problem(Field field, JsonNode value) {
        Map<String, String> problems = new LinkedHashMap<>();
        checkField(field, field.name(), value, false, problems);
        return problems.isEmpty() ? null : problems.values().iterator().next();
    }

    private static String unknown(String name, String suggestion) {
        String message = "not a field this command knows";
        if (suggestion != null) message += " (did you mean " + suggestion + "?)";
        return message + "; --allow-unknown-fields sends it anyway";
    }

    private static void checkField(Field field, String path, JsonNode value, boolean allowUnknown, Map<String, String> problems) {
        if (field.dropped().isPresent()) return; // never sent: whatever a read put there goes back in
        var refusal = field.refusal();
        if (refusal.isPresent()) {
            problems.put(path, "cannot be updated: " + refusal.get());
            return;
        }
        if (value == null || value.isNull()) {
            if (!field.nullable()) problems.put(path, "cannot be null");
            return;
        }
        if (field.type().isList()) {
            if (!value.isArray()) {
                problems.put(path, "expected a list (JSON array), got " + kind(field, value));
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item.isNull()) {
                    problems.put(path + "[" + i + "]", "cannot be null");
                } else {
                    checkValue(field, field.type().element(), path + "[" + i + "]", item, allowUnknown, problems);
                }
            }
            return;
        }
        checkValue(field, field.type(), path, value, allowUnknown, problems);
    }

    private static void checkValue(Field field, FieldType type, String path, JsonNode value, boolean allowUnknown, Map<String, String> problems) {
        if (field.orEmpty() && value.isTextual() && value.textValue().isEmpty()) return; // the vendor's "not set"
        String problem = switch (type) {
            case STRING -> value.isTextual() ? checkText(field, value.asText()) : "expected a string, got " + kind(field, value);
            case INTEGER -> !value.isIntegralNumber() ? "expected an integer, got " + kind(field, value)
                    : Numbers.problem(value) != null ? Numbers.problem(value) : checkRange(field, value.decimalValue());
            case DECIMAL -> decimal(field, value);
            case BOOLEAN -> value.isBoolean() ? null : "expected true or false, got " + kind(field, value);
            case DATE -> value.isTextual() ? checkDate(value.asText(), false) : "expected a date YYYY-MM-DD, got " + kind(field, value);
            case DATETIME -> value.isTextual() ? checkDate(value.asText(), true) : "expected a date-time YYYY-MM-DD hh:mm:ss, got " + kind(field, value);
            case OBJECT -> {
                if (!value.isObject()) yield "expected an object, got " + kind(field, value);
                checkMembers(field, path, (ObjectNode) value, allowUnknown, problems);
                yield null;
            }
            case JSON -> null;
            default -> throw new IllegalStateException("lists are checked element by element");
        };
        if (problem == null && !field.allowed().isEmpty() && !field.allowed().contains(value.asText())) {
            problem = "must be one of " + String.join(", ", field.allowed()) + ", got \"" + value.asText() + "\"";
        }
        if (problem == null && field.check().isPresent()) problem = field.check().get().apply(value);
        if (problem != null) problems.put(path, field.secret() ? unsaid(problem, value) : problem);
    }

    /**
     * A secret's problem that says nothing of its value: where a rule's words repeat it ({@code "…" does not
     * match}, {@code got "…"}), it is said by its length only. (Its type is said by {@link #kind(Field, JsonNode)}.)
     */
    static String unsaid(String problem, JsonNode value) {
        if (!value.isValueNode()) return problem;
        String text = value.asText();
        if (text.isEmpty()) return problem;
        String said = "a value of " + text.codePointCount(0, text.length()) + " characters (a secret: not shown)";
        String without = problem.replace("\"" + text + "\"", said);
        return text.length() >= 3 ? without.replace(text, said) : without;
    }

    private static void checkMembers(Field field, String path, ObjectNode object, boolean allowUnknown, Map<String, String> problems) {
        if (field.members().isEmpty()) return;
        Map<String, Field> members = new LinkedHashMap<>();
        field.members().forEach(m -> members.put(m.name(), m));
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String memberPath = path + "." + entry.getKey();
            Field member = members.get(entry.getKey());
            if (member == null) {
                if (!allowUnknown) {
                    problems.put(memberPath, unknown(entry.getKey(), Suggest.closest(entry.getKey(), members.keySet()).orElse(null)));
                }
            } else {
                checkField(member, memberPath, entry.getValue(), allowUnknown, problems);
            }
        }
    }

    private static String checkText(Field field, String text) {
        int length = text.codePointCount(0, text.length());
        if (field.maxLength().isPresent() && length > field.maxLength().get()) {
            return "must be at most " + field.maxLength().get() + " characters, got " + length;
        }
        if (field.minLength().isPresent() && length < field.minLength().get()) {
            return field.minLength().get() == 1 ? "cannot be empty" : "must be at least " + field.minLength().get() + " characters, got " + length;
        }
        if (field.pattern().isPresent() && !field.pattern().get().matcher(text).matches()) {
            return field.patternHelp().map(help -> "\"" + text + "\" does not match the rule: " + help)
                    .orElse("\"" + text + "\" is not in the allowed form");
        }
        return null;
    }

    private static String decimal(Field field, JsonNode value) {
        // Vendors print decimals as strings ("20.0"); a document copied from a read is accepted.
        if (value.isNumber()) {
            String bounds = Numbers.problem(value);
            return bounds != null ? bounds : checkRange(field, value.decimalValue());
        }
        if (value.isTextual()) {
            String bounds = Numbers.textProblem(value.asText().trim());
            if (bounds != null) return bounds;
            try {
                return checkRange(field, new BigDecimal(value.asText().trim()));
            } catch (NumberFormatException e) {
                return "expected a decimal number, got \"" + value.asText() + "\"";
            }
        }
        return "expected a decimal number, got " + kind(value);
    }

    private static String checkRange(Field field, BigDecimal number) {
        boolean low = field.min().isPresent() && number.compareTo(field.min().get()) < 0;
        boolean high = field.max().isPresent() && number.compareTo(field.max().get()) > 0;
        if (!low && !high) return null;
        if (field.min().isPresent() && field.max().isPresent()) {
            return "must be between " + field.min().get().toPlainString() + " and " + field.max().get().toPlainString() + ", got " + shown(number);
        }
        return low ? "must be at least " + field.min().get().toPlainString() + ", got " + shown(number)
                : "must be at most " + field.max().get().toPlainString() + ", got " + shown(number);
    }

    /** As the user wrote it, within reason: 1e400 is not printed as 401 digits. */
    private static String shown(BigDecimal number) {
        // Decide by precision and scale, never by writing it out: 1e400 written plain is 401 digits.
        boolean short_ = number.precision() <= 40 && number.scale() > -40 && number.scale() < 40;
        return short_ ? number.toPlainString() : number.round(new MathContext(6)).stripTrailingZeros().toString();
    }

    private static String checkDate(String text, boolean withTime) {
        try {
            if (withTime) LocalDateTime.parse(text, DATE_TIME);
            else LocalDate.parse(text);
            return null;
        } catch (DateTimeParseException e) {
            return withTime ? "expected a date-time YYYY-MM-DD hh:mm:ss, got \"" + text + "\"" : "expected a date YYYY-MM-DD, got \"" + text + "\"";
        }
    }

    /**
     * "ani is required when auth_type is ani", refused from the request alone only where it is certain
     * whatever the account holds: the update sets the condition and empties the field itself. An update
     * that sets the condition and leaves the field to the account is judged on the account
     * ({@link StateRules}), never refused here.
     */
    private static void checkRequiredWhen(Catalog catalog, ObjectNode update, Map<String, String> problems) {
        for (Field field : catalog.conditional()) {
            for (Field.RequiredWhen rule : field.requiredWhen()) {
                JsonNode trigger = update.get(rule.otherField());
                if (trigger == null || !rule.value().equals(trigger.asText())) continue;
                JsonNode value = update.get(field.name());
                if (value != null && StateRules.empty(value)) {
                    problems.put(field.name(), "is required when " + rule.otherField() + " is " + rule.value()
                            + ", and this update empties it");
                }
            }
        }
    }

    /** {@link #kind(JsonNode)}, but a secret's value by its type and length only: "a number of 11 characters (a secret: not shown)". */
    static String kind(Field field, JsonNode value) {
        if (!field.secret() || !value.isValueNode() || value.isNull()) return kind(value);
        String type = value.isTextual() ? "a string" : value.isNumber() ? "a number" : value.isBoolean() ? "a boolean" : "a value";
        return type + " of " + value.asText().codePointCount(0, value.asText().length()) + " characters (a secret: not shown)";
    }

    static String kind(JsonNode value) {
        if (value.isTextual()) return "the string \"" + value.asText() + "\"";
        if (value.isArray()) return "a list";
        if (value.isObject()) return "an object";
        if (value.isBoolean()) return value.asText();
        if (value.isNumber()) return value.asText();
        return value.getNodeType().name().toLowerCase();
    }
}
