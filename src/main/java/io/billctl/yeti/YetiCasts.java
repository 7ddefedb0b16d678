package io.billctl.yeti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Numbers;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The casts yeti-web makes of what it is sent (Rails' attribute types, spec/EVIDENCE.md), done by
 * billctl before it validates and sends, so that every form the server takes is taken and goes out
 * in one form. Each answers the value it was given when it has nothing to cast, or when the value
 * is not one the server would take (the validator then says why); never a value changed in place.
 */
final class YetiCasts {
    private static final Pattern UUID = Pattern.compile(YetiCatalog.UUID_FORMS);

    private YetiCasts() {}

    /** {@code "4"} is 4 (Rails casts numeric strings); anything else as it is. */
    static JsonNode integer(JsonNode value) {
        // A JSON number with a fraction of zero (40000.0): Rails casts it to the integer; any other fraction stays (refused).
        JsonNode whole = io.billctl.core.catalog.FieldText.integral(value);
        if (whole != value) return whole;
        return io.billctl.core.catalog.FieldText.integerText(value);
    }

    /** An integer where text goes (a name of 123): Rails casts it to its text, "123". Anything else as it is. */
    static JsonNode text(JsonNode value) {
        return value != null && value.isIntegralNumber() ? Json.NODES.textNode(value.bigIntegerValue().toString()) : value;
    }

    /**
     * A decimal as the string yeti-web writes it ({@code "20.0"}, {@code "0.3444"}, {@code "-100.5"}),
     * from a number or a numeric string; a number past the bounds every number meets, or text that is
     * not a number, as it is.
     */
    static JsonNode decimal(JsonNode value) {
        if (value == null || value.isNull()) return value;
        BigDecimal number;
        if (value.isNumber()) {
            if (Numbers.problem(value) != null) return value;
            number = value.decimalValue();
        } else if (value.isTextual()) {
            String text = value.textValue().trim();
            if (Numbers.textProblem(text) != null) return value;
            try {
                number = new BigDecimal(text);
            } catch (NumberFormatException notANumber) {
                return value;
            }
        } else {
            return value;
        }
        return Json.NODES.textNode(rails(number));
    }

    /**
     * A list of contact ids: one id is a list of one (the server wraps it), numeric strings in it
     * numbers, and the empty or null members the server drops, dropped.
     */
    static JsonNode integerList(JsonNode value) {
        if (value == null || value.isNull()) return value;
        if (!value.isArray()) {
            if (value.isObject()) return value;
            ArrayNode one = Json.NODES.arrayNode();
            one.add(integer(value));
            return one;
        }
        ArrayNode items = Json.NODES.arrayNode();
        boolean changed = false;
        for (JsonNode item : value) {
            if (item.isNull() || item.isTextual() && item.textValue().isBlank()) {
                changed = true;
                continue;
            }
            JsonNode cast = integer(item);
            changed |= cast != item;
            items.add(cast);
        }
        return changed ? items : value;
    }

    /** A UUID in any form the server takes, as {@code 8-4-4-4-12} in lower case; anything else as it is. */
    static JsonNode uuid(JsonNode value) {
        if (value == null || !value.isTextual() || !UUID.matcher(value.textValue()).matches()) return value;
        String hex = value.textValue().replaceAll("[{}-]", "").toLowerCase(Locale.ROOT);
        String canonical = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                + hex.substring(20);
        return canonical.equals(value.textValue()) ? value : Json.NODES.textNode(canonical);
    }

    /** A decimal as Rails prints a BigDecimal: plain, at least one digit after the point ("20.0", "0.3444", "-100.5"). */
    static String rails(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        return (stripped.scale() <= 0 ? stripped.setScale(1) : stripped).toPlainString();
    }
}
