package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;

/**
 * The numbers billctl takes, checked before anything costs time or memory: at most
 * {@value #MAX_DIGITS} significant digits and a decimal exponent within ±{@value #MAX_EXPONENT}
 * (no billing field needs more; every vendor's own field is far smaller). {@code 1e2000000000} is
 * seven characters that a range check would turn into two billion digits; here it is refused by
 * reading its text once, in constant memory. A catalog's own range is checked afterwards, on the
 * parsed value.
 */
public final class Numbers {
    public static final int MAX_DIGITS = 40;
    public static final int MAX_EXPONENT = 300;
    /** Longer text is refused before it is read as a number: no number within the bounds needs it. */
    static final int MAX_TEXT = 400;
    private static final String RULE = "billctl takes numbers of at most " + MAX_DIGITS + " significant digits with exponents from -"
            + MAX_EXPONENT + " to " + MAX_EXPONENT;

    private Numbers() {}

    /**
     * The problem with digits of another script in what should be a number ("৪" is Bengali 4 and looks
     * like an 8; fullwidth "１"), or null. Java's parsers read every script's digits as 0-9, so without
     * this an ID or an amount could go out as another number than the one the user saw.
     */
    public static String foreignDigits(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c > 127 && Character.isDigit(c)) {
                return "\"" + text + "\" has the digit U+" + String.format("%04X", c) + " (" + Character.getName(c)
                        + "): billctl takes numbers in the digits 0-9 only";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /**
     * The problem with a number written as text, or null when it is within the bounds or is not a
     * number at all (the parser then says what is wrong with it). One pass over the text.
     */
    public static String textProblem(String text) {
        String foreign = foreignDigits(text);
        if (foreign != null) return foreign;
        int length = text.length();
        int i = 0;
        if (i < length && (text.charAt(i) == '-' || text.charAt(i) == '+')) i++;
        int firstNonZero = -1; // index among the mantissa's digits
        int lastNonZero = -1;
        int digits = 0;
        int pointAt = -1; // digits before the point
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (firstNonZero < 0) firstNonZero = digits;
                    lastNonZero = digits;
                }
                digits++;
            } else if (c == '.' && pointAt < 0) {
                pointAt = digits;
            } else {
                break;
            }
        }
        if (digits == 0) return null;
        long exponent = 0;
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            boolean negative = false;
            if (i < length && (text.charAt(i) == '-' || text.charAt(i) == '+')) negative = text.charAt(i++) == '-';
            int start = i;
            for (; i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
                // saturate: any exponent past a billion is as out of bounds as the next one
                if (exponent < 1_000_000_000L) exponent = exponent * 10 + (text.charAt(i) - '0');
            }
            if (i == start) return null;
            if (negative) exponent = -exponent;
        }
        if (i != length) return null; // not a number: the parser's message is better
        if (pointAt < 0) pointAt = digits;
        if (firstNonZero < 0) {
            // Zero, whatever its exponent; a written exponent is still bounded, for what is sent on.
            if (Math.abs(exponent) > MAX_EXPONENT) return outOfBounds(text);
        } else {
            int significant = lastNonZero - firstNonZero + 1;
            if (significant > MAX_DIGITS) return shown(text) + " has " + significant + " significant digits; " + RULE;
            long adjusted = exponent + (pointAt - firstNonZero - 1);
            if (Math.abs(adjusted) > MAX_EXPONENT) return outOfBounds(text);
        }
        // Zeros that change nothing but the length (00000…1): no number within the bounds needs them.
        return length > MAX_TEXT ? "a number written in " + length + " characters is more than billctl reads; " + RULE : null;
    }

    /** The problem with a parsed number (from JSON), or null: read off its precision and scale, never its digits written out. */
    public static String problem(JsonNode number) {
        if (!number.isNumber()) return null;
        if (number.isDouble() || number.isFloat()) {
            double value = number.doubleValue();
            if (!Double.isFinite(value)) return "not a finite number";
            return problem(BigDecimal.valueOf(value));
        }
        if (number.isBigInteger()) {
            BigInteger integer = number.bigIntegerValue();
            // 2^1000 has 302 digits: past it, the exponent alone rules it out.
            if (integer.bitLength() > 1000) return outOfBounds(number.asText());
            return problem(new BigDecimal(integer));
        }
        if (number.isIntegralNumber()) return null; // int, long: within every bound
        return problem(number.decimalValue());
    }

    static String problem(BigDecimal value) {
        if (value.signum() == 0) return Math.abs((long) value.scale()) > MAX_EXPONENT ? outOfBounds(value.toString()) : null;
        long adjusted = (long) value.precision() - value.scale() - 1;
        if (Math.abs(adjusted) > MAX_EXPONENT) return outOfBounds(value.toString());
        if (value.precision() > MAX_DIGITS) {
            int significant = value.stripTrailingZeros().precision();
            if (significant > MAX_DIGITS) return shown(value.toString()) + " has " + significant + " significant digits; " + RULE;
        }
        return null;
    }

    /** The first number in a JSON value (an unknown field's, a nested member's) that is out of bounds: its problem, or null. */
    public static String firstProblem(JsonNode value) {
        if (value == null) return null;
        if (value.isNumber()) return problem(value);
        if (value.isContainerNode()) {
            for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                String problem = firstProblem(it.next());
                if (problem != null) return problem;
            }
        }
        return null;
    }

    private static String outOfBounds(String text) {
        return shown(text) + " is too large or too small: " + RULE;
    }

    private static String shown(String text) {
        return text.length() <= 24 ? text : text.substring(0, 12) + "\u2026" + text.substring(text.length() - 8);
    }
}
