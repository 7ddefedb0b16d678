package io.billctl.core.output;

/**
 * Text from outside billctl (a server's error message, a body excerpt, a header) made safe for a
 * terminal: escape sequences (CSI, OSC, DCS and the two-character ones, in their 7-bit and 8-bit
 * forms) and other control characters are replaced by {@link #REPLACEMENT}, so that a server can
 * neither set the window title, clear the screen nor start a line of its own; bidirectional
 * overrides too, so that text cannot be shown in an order other than the one it has. One scan,
 * and no more memory than the text kept: a 5 MB message costs what its first line costs.
 */
public final class TerminalText {
    /** What an escape sequence or a control character becomes. */
    public static final char REPLACEMENT = '\uFFFD';
    /** The longest error text printed: one line of a wide terminal, at most. */
    public static final int MAX_LINE = 300;
    private static final String ELLIPSIS = "\u2026";
    private static final char ESC = 0x1B;

    private TerminalText() {}

    /**
     * One line of at most {@code max} characters (code points, the ellipsis included): line breaks
     * and tabs become spaces, escape sequences and control characters {@link #REPLACEMENT}.
     */
    public static String line(String text, int max) {
        return clean(text, max, false);
    }

    /** {@link #line(String, int)} at {@link #MAX_LINE}. */
    public static String line(String text) {
        return line(text, MAX_LINE);
    }

    /**
     * A message of billctl's (which may quote a server) as one line of at most {@link #MAX_LINE}
     * characters: when it is longer, its start and its end are kept and the middle elided, since
     * the start says what failed and the end what to do about it ("run: chmod 600 FILE"). Still one
     * scan of a bounded part of the text, however long it is.
     */
    public static String message(String text) {
        if (text == null) return "";
        String whole = clean(text, MAX_LINE + 1, false);
        if (whole.codePointCount(0, whole.length()) <= MAX_LINE) return whole;
        int head = MAX_LINE * 3 / 5;
        int tail = MAX_LINE - head - 1;
        String start = clean(text, head + 1, false); // its last code point is the ellipsis
        String end = clean(text.substring(Math.max(0, text.length() - tail * 4)), Integer.MAX_VALUE, false);
        int from = end.codePointCount(0, end.length()) > tail ? end.offsetByCodePoints(end.length(), -tail) : 0;
        return start + end.substring(from);
    }

    /** Lines kept as lines and tabs as tabs (for a trace), everything else as {@link #line}; no length limit. */
    public static String lines(String text) {
        return clean(text, Integer.MAX_VALUE, true);
    }

    /** Whether {@code text} holds anything {@link #line} would replace. */
    public static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) return false;
        }
        return true;
    }

    private static String clean(String text, int max, boolean keepNewlines) {
        if (text == null) return "";
        int length = text.length();
        StringBuilder out = new StringBuilder(Math.min(length, max == Integer.MAX_VALUE ? length : max + 1));
        int kept = 0;
        int i = 0;
        while (i < length) {
            if (kept >= max) {
                // Room for the ellipsis: drop the last kept code point when the line is full.
                if (max > 0) {
                    int last = out.offsetByCodePoints(out.length(), -1);
                    out.setLength(last);
                    out.append(ELLIPSIS);
                }
                return out.toString();
            }
            char c = text.charAt(i);
            if ((c == '\n' || c == '\t') && keepNewlines) {
                out.append(c);
                i++;
                kept++;
                continue;
            }
            if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0x0B) {
                out.append(' ');
                i++;
                kept++;
                continue;
            }
            if (c == ESC || c == 0x9B || c == 0x9D || c == 0x90 || c == 0x9E || c == 0x9F || c == 0x98) {
                i = skipSequence(text, i);
                out.append(REPLACEMENT);
                kept++;
                continue;
            }
            if (isControl(c)) {
                out.append(REPLACEMENT);
                i++;
                kept++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            out.appendCodePoint(codePoint);
            i += Character.charCount(codePoint);
            kept++;
        }
        return out.toString();
    }

    /** C0 (but the space), DEL, C1, and the bidirectional embeddings, overrides and isolates. */
    private static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    /** The index after the escape sequence that starts at {@code start}. */
    private static int skipSequence(String text, int start) {
        int length = text.length();
        char c = text.charAt(start);
        int i = start + 1;
        char kind;
        if (c == ESC) {
            if (i >= length) return i;
            kind = text.charAt(i);
            i++;
        } else {
            kind = switch (c) {
                case 0x9B -> '[';
                case 0x9D -> ']';
                case 0x90 -> 'P';
                default -> '_';
            };
        }
        switch (kind) {
            case '[' -> {
                // CSI: parameter and intermediate bytes, then one final byte.
                while (i < length) {
                    char b = text.charAt(i);
                    if (b >= 0x40 && b <= 0x7E) return i + 1;
                    if (b < 0x20 || b > 0x7E) return i; // not part of it: cleaned on its own
                    i++;
                }
                return i;
            }
            case ']', 'P', '_', '^', 'X' -> {
                // OSC, DCS, APC, PM, SOS: a string ended by BEL or ST (ESC \ or 0x9C).
                while (i < length) {
                    char b = text.charAt(i++);
                    if (b == 0x07 || b == 0x9C) break;
                    if (b == ESC) {
                        if (i < length && text.charAt(i) == '\\') i++;
                        break;
                    }
                }
                return i;
            }
            default -> {
                // ESC and one character (ESC c resets the terminal); ESC ( B and the like take one more.
                if ((kind == '(' || kind == ')' || kind == '*' || kind == '+' || kind == '#' || kind == '%') && i < length) i++;
                return i;
            }
        }
    }
}
