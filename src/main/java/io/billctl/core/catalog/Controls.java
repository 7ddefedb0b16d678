package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Control characters in what an update would send. None goes out: NUL truncates text in the
 * vendors' C and database layers, ESC and the C1 controls (8-bit CSI) rewrite the terminal of whoever
 * reads the account later, DEL and the rest mean nothing in a name. Free text ({@link Field#freeText()}:
 * notes, descriptions) keeps line breaks (LF, CRLF) and tabs; every other text field is one line and
 * takes neither. A field the catalog does not know, or a value it does not type (a JSON field, an
 * object's undocumented member), is taken as free text: the server knows better. Keys are names:
 * no control character at all. Nor does the replacement character U+FFFD, which a decoder leaves
 * where it could not read the text (arguments under a locale that is not UTF-8), nor half of a UTF-16
 * surrogate pair ({@code "\ud800"} in JSON), which UTF-8 cannot carry: the encoder would send "?".
 */
final class Controls {
    private static final String[] C0 = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO",
            "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"};

    /** What a decoder puts where it could not read a byte: never sent, since what stood there is lost. */
    private static final char REPLACEMENT = '\uFFFD';

    private Controls() {}

    /** Whether {@code value} of the top-level {@code name} holds a control character it may not; the problem goes in {@code problems}. */
    static boolean refused(Field field, String name, JsonNode value, Map<String, String> problems) {
        int at = field != null ? -1 : firstControl(name, false); // a catalog's name is clean
        if (at >= 0) {
            problems.put(printable(name), "the name " + holds(name, at, false) + "; a field name takes none");
            return true;
        }
        return check(field, name, value, problems);
    }

    private static boolean check(Field field, String path, JsonNode value, Map<String, String> problems) {
        if (value == null || value.isNumber() || value.isBoolean() || value.isNull()) return false;
        if (field != null && field.dropped().isPresent()) return false; // never sent
        if (value.isTextual()) {
            boolean freeText = field == null || field.freeText() || field.type().isStructured();
            String text = value.textValue();
            int at = firstControl(text, freeText);
            if (at < 0) return false;
            String problem = holds(text, at, freeText);
            if (!freeText && (text.charAt(at) == '\n' || text.charAt(at) == '\r' || text.charAt(at) == '\t')) {
                problem += ": " + field.name() + " is one line of text (only free-text fields such as notes take line breaks and tabs)";
            } else if (text.charAt(at) == '\r') {
                problem += " with no line feed after it (a line break is LF or CRLF)";
            } else if (text.charAt(at) == REPLACEMENT) {
                problem += ", which stands for text that could not be read (a file in another encoding, or arguments given under a locale "
                        + "that is not UTF-8: LANG=C.UTF-8)";
            } else if (Character.isSurrogate(text.charAt(at))) {
                problem += ", which UTF-8 cannot carry (it would go out as \"?\")";
            } else if (text.charAt(at) >= 0x80) {
                problem += ", which no field takes (a Windows-1252 file read as ISO-8859-1? --encoding windows-1252)";
            } else {
                problem += ", which no field takes";
            }
            problems.put(path, problem);
            return true;
        }
        if (value.isArray()) {
            // A list's items are typed as the field is; a list of objects, member by member.
            for (int i = 0; i < value.size(); i++) if (check(field, path + "[" + i + "]", value.get(i), problems)) return true;
            return false;
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String key = entry.getKey();
                String memberPath = path + "." + printable(key);
                int at = firstControl(key, false);
                if (at >= 0) {
                    problems.put(memberPath, "the name " + holds(key, at, false) + "; a field name takes none");
                    return true;
                }
                if (check(member(field, key), memberPath, entry.getValue(), problems)) return true;
            }
        }
        return false;
    }

    /** The documented member {@code key} of an object field, or null (not documented: typed by no rule). */
    private static Field member(Field field, String key) {
        if (field == null) return null;
        for (Field member : field.members()) if (member.name().equals(key)) return member;
        return null;
    }

    /** The index of the first control character {@code text} may not hold, or -1. Free text may hold tab, LF, and CR before LF. */
    static int firstControl(String text, boolean freeText) {
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) continue;
            if (Character.isSurrogate(c)) {
                // A pair is one character; half of one is none, and UTF-8 would send it as "?".
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (c > 0x9F && c != REPLACEMENT) continue;
            if (freeText && (c == '\t' || c == '\n' || c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')) continue;
            return i;
        }
        return -1;
    }

    /** "holds ESC (U+001B) at character 5". */
    private static String holds(String text, int at, boolean freeText) {
        char c = text.charAt(at);
        String what = c == '\n' ? "a line break (LF, U+000A)" : c == '\r' ? "a carriage return (CR, U+000D)" : c == '\t' ? "a tab (U+0009)"
                : c == REPLACEMENT ? "the replacement character U+FFFD"
                : Character.isSurrogate(c) ? String.format("a lone surrogate U+%04X (half of a UTF-16 pair, not a character)", (int) c)
                : "the control character " + name(c) + String.format("U+%04X", (int) c) + (name(c).isEmpty() ? "" : ")");
        return "holds " + what + " at character " + (text.codePointCount(0, at) + 1);
    }

    private static String name(char c) {
        if (c < 0x20) return C0[c] + " (";
        if (c == 0x7F) return "DEL (";
        return "";
    }

    /** A name for a message: its control characters shown as U+XXXX. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) out.append(String.format("<U+%04X>", (int) c));
            else out.append(c);
        }
        return out.toString();
    }
}
