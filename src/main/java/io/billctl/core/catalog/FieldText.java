package io.billctl.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.billctl.core.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Turns what a user typed (a flag's value, the right side of {@code --set}, a CSV cell) into
 * the JSON value the vendor expects, by the field's type: {@code --tech-prefix 777} stays the
 * string "777", {@code --orig-capacity 30} becomes the number 30.
 */
public final class FieldText {
    private FieldText() {}

    private static final java.util.regex.Pattern WHOLE_WITH_ZERO_FRACTION = java.util.regex.Pattern.compile("[+-]?[0-9]+\\.0+");

    /** Thrown with a message that completes "--flag: ...". */
    public static final class BadText extends Exception {
        public BadText(String message) {
            super(message);
        }
    }

    /**
     * One typed value, a scalar, or for lists the whole list written as JSON or as a comma list: a
     * flag's value, as it is ({@code --notes null} is the text "null"; {@code --unset notes} sends null).
     */
    public static JsonNode parse(Field field, String text) throws BadText {
        FieldType type = field.type();
        if (type.isStructured()) return parseJson(text);
        if (type.isList()) {
            String trimmed = text.trim();
            if (trimmed.startsWith("[")) return parseJson(trimmed);
            refuseObject(field, trimmed);
            return parseList(field, trimmed.isEmpty() ? List.of() : List.of(trimmed.split(",", -1)));
        }
        return scalar(type, text);
    }

    /**
     * A value given with its field's name ({@code --set NAME=VALUE}, a CSV cell, {@code --expect}):
     * {@code null} is JSON null whatever the field, as in JSON; a text field's value written as a JSON
     * string, in double quotes, is that string ({@code "null"} is the text null, {@code " a "} keeps its
     * spaces); anything else as {@link #parse} types it.
     */
    public static JsonNode parseNamed(Field field, String text) throws BadText {
        if (text.equals("null")) return Json.NODES.nullNode();
        if (isText(field.type()) && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            JsonNode string;
            try {
                string = Json.parse(text);
            } catch (JsonProcessingException e) {
                throw new BadText("in double quotes but not a JSON string (" + Json.describe(e) + "); write a quote inside it as \\\"");
            }
            if (string.isTextual()) return string;
        }
        // A number or a boolean written as a JSON string ("4", "5.5"): that string, as -f takes it (the
        // validator and the backend's casts judge it the same way from either).
        if (isScalar(field.type()) && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            try {
                JsonNode string = Json.parse(text);
                if (string.isTextual()) return string;
            } catch (JsonProcessingException e) {
                throw new BadText("in double quotes but not a JSON string (" + Json.describe(e) + ")");
            }
        }
        return parse(field, text);
    }

    private static boolean isScalar(FieldType type) {
        return type == FieldType.INTEGER || type == FieldType.DECIMAL || type == FieldType.BOOLEAN;
    }

    /**
     * A whole number written with a zero fraction ({@code 5.0}, from JSON or a CSV cell a spreadsheet
     * wrote) as the integer an integer field takes; anything else as it is, for the validator.
     */
    public static JsonNode integral(JsonNode value) {
        if (value == null || !value.isFloatingPointNumber() || Numbers.problem(value) != null) return value;
        BigDecimal number = value.decimalValue();
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) return value;
        return Json.NODES.numberNode(number.toBigInteger());
    }

    private static final java.util.regex.Pattern INTEGER_TEXT = java.util.regex.Pattern.compile("\\s*[+-]?[0-9]+\\s*");

    /**
     * An integer written as a JSON string ({@code "4"}, {@code " -1 "}) as that integer, for a backend whose
     * server takes both (Yeti casts numeric strings; Enswitch reads every parameter as form text);
     * anything else as it is, for the validator ({@code "abc"}, {@code "1.5"}, digits of other scripts).
     */
    public static JsonNode integerText(JsonNode value) {
        if (value == null || !value.isTextual() || !INTEGER_TEXT.matcher(value.textValue()).matches()) return value;
        String text = value.textValue().trim();
        if (Numbers.textProblem(text) != null) return value;
        return Json.NODES.numberNode(new BigInteger(text));
    }

    private static boolean isText(FieldType type) {
        return type == FieldType.STRING || type == FieldType.DATE || type == FieldType.DATETIME;
    }

    /** A list field given a JSON object: refused, not taken as a list of one odd string. */
    private static void refuseObject(Field field, String text) throws BadText {
        if (text.startsWith("{")) throw notAList(field);
    }

    private static BadText notAList(Field field) {
        return new BadText("a list field takes a JSON array" + (field.type().isStructured() ? "" : " or a comma list") + ", not a JSON object");
    }

    /** A list flag's values after picocli split them on commas; a lone empty value is the empty list. */
    public static ArrayNode parseList(Field field, List<String> items) throws BadText {
        ArrayNode array = Json.NODES.arrayNode();
        if (items.size() == 1 && items.get(0).isEmpty()) return array;
        if (!items.isEmpty()) refuseObject(field, items.get(0).trim());
        for (String item : items) array.add(scalar(field.type().element(), item.trim()));
        return array;
    }

    /** JSON when it parses, else the text as a string: for fields the catalog does not know. */
    public static JsonNode parseLenient(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            return Json.NODES.textNode(text);
        }
    }

    private static JsonNode parseJson(String text) throws BadText {
        try {
            return Json.parseInput(text);
        } catch (Json.DuplicateKey e) {
            throw new BadText(Json.describe(e));
        } catch (JsonProcessingException e) {
            throw new BadText("not valid JSON: " + Json.describe(e));
        }
    }

    private static JsonNode scalar(FieldType type, String text) throws BadText {
        return switch (type) {
            case INTEGER -> {
                String bounds = Numbers.textProblem(text.trim());
                if (bounds != null) throw new BadText(bounds);
                try {
                    String whole = text.trim();
                    // 5.0 is the integer 5 (a spreadsheet writes it so); 5.5 and 1e3 are not integers as written.
                    if (WHOLE_WITH_ZERO_FRACTION.matcher(whole).matches()) whole = whole.substring(0, whole.indexOf('.'));
                    yield Json.NODES.numberNode(new BigInteger(whole));
                } catch (NumberFormatException e) {
                    throw new BadText("expected an integer, got \"" + text + "\"");
                }
            }
            case DECIMAL -> {
                String bounds = Numbers.textProblem(text.trim());
                if (bounds != null) throw new BadText(bounds);
                try {
                    yield Json.NODES.numberNode(new BigDecimal(text.trim()));
                } catch (NumberFormatException e) {
                    throw new BadText("expected a decimal number, got \"" + text + "\"");
                }
            }
            case BOOLEAN -> switch (text.trim().toLowerCase()) {
                case "true" -> Json.NODES.booleanNode(true);
                case "false" -> Json.NODES.booleanNode(false);
                default -> throw new BadText("expected true or false, got \"" + text + "\"");
            };
            default -> Json.NODES.textNode(text);
        };
    }
}
