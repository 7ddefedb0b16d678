package io.billctl.core.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Secrets in a text that encodes them in a way no fixed form of {@link SecretForms} covers: a server
 * may percent-encode in small letters, capitals or both, any byte it likes (every one, or none but a
 * few), twice ({@code %252B}), or write JSON {@code \}u escapes of plain letters (an excerpt of a JSON
 * body). The text is decoded (percent-encoding, hex in any case; JSON's escapes), up to {@value #LEVELS}
 * times over, each decoded character remembering where its encoding began in the text, and the secrets
 * are looked for, as they are, in each decoded view: a secret found there is masked in the text, its
 * whole encoding. Only {@link Redactor#text} calls it, and only for a text with a {@code %} or a
 * backslash in it that may hold a secret at all; a long text is decoded a window at a time, so that
 * memory stays bounded.
 */
final class EncodedSecrets {
    /** How many encodings deep a secret is looked for: twice URL-encoded, or URL-encoded JSON escapes, and one more. */
    static final int LEVELS = 3;
    /** What one window decodes (and the most one text's decoding holds at a time, with its overlap). */
    private static final int WINDOW = 64 * 1024;
    /**
     * How many characters of text one character of a secret may take, at most, at {@link #LEVELS} levels: a
     * byte twice percent-encoded is 5 ({@code %25XX}), a JSON escape percent-encoded 8 ({@code %5Cu0041}), and
     * a character 4 bytes in UTF-8 is 2 in Java: 12, with room to spare.
     */
    private static final int EXPANSION = 16;

    private EncodedSecrets() {
    }

    /** Whether {@code text} holds anything this class decodes: a {@code %} or a backslash. */
    static boolean mayEncode(String text) {
        return text.indexOf('%') >= 0 || text.indexOf('\\') >= 0;
    }

    /** {@code text} with every encoding of one of {@code secrets} masked; {@code text} itself when it holds none. */
    static String mask(String text, String[] secrets, String mask) {
        int longest = 0;
        for (String secret : secrets) longest = Math.max(longest, secret.length());
        int overlap = longest * EXPANSION;
        Spans found = new Spans();
        for (int start = 0; start < text.length(); start += WINDOW) {
            int end = (int) Math.min(text.length(), (long) start + WINDOW + overlap);
            find(text, start, end, secrets, found);
            if (end == text.length()) break;
        }
        return found.isEmpty() ? text : found.masked(text, mask);
    }

    /** The secrets' encodings in {@code text} from {@code start} to {@code end}, added to {@code found} (as indexes in the text). */
    private static void find(String text, int start, int end, String[] secrets, Spans found) {
        String view = text.substring(start, end);
        int[] origin = null; // origin[k]: where the encoding of view's character k begins in the text; null: view is the text itself
        for (int level = 0; level < LEVELS && mayEncode(view); level++) {
            Decoded decoded = decode(view);
            if (decoded == null) return;
            int[] from = new int[decoded.text.length() + 1];
            for (int k = 0; k <= decoded.text.length(); k++) {
                int inView = decoded.origin[k];
                from[k] = origin == null ? start + inView : origin[inView];
            }
            view = decoded.text;
            origin = from;
            for (String secret : secrets) {
                for (int at = view.indexOf(secret); at >= 0; at = view.indexOf(secret, at + 1)) found.add(origin[at], origin[at + secret.length()]);
            }
        }
    }

    /**
     * Where to cut a text that was cut short at its end (the start of a long body) so that no part of an
     * encoded secret is left at its end: before the longest ending of the text that decodes to the start of
     * a secret, or to an escape cut in two; {@code text.length()} when none.
     */
    static int cutAt(String text, String[] secrets) {
        int cut = text.length();
        String view = text;
        int[] origin = null; // null: view is the text itself
        for (int level = 0; ; level++) {
            int end = view.length() - partialEscape(view);
            for (String secret : secrets) {
                for (int k = Math.min(secret.length() - 1, end); k >= 0; k--) {
                    if (k == 0 && end == view.length()) break; // nothing of it, and no escape cut in two
                    if (view.regionMatches(end - k, secret, 0, k)) {
                        cut = Math.min(cut, origin == null ? end - k : origin[end - k]);
                        break;
                    }
                }
            }
            if (level == LEVELS || !mayEncode(view)) break;
            Decoded decoded = decode(view);
            if (decoded == null) break;
            int[] from = new int[decoded.text.length() + 1];
            for (int k = 0; k <= decoded.text.length(); k++) from[k] = origin == null ? decoded.origin[k] : origin[decoded.origin[k]];
            view = decoded.text;
            origin = from;
        }
        return cut;
    }

    /** How many characters at the end of {@code text} are an escape cut short ({@code %}, {@code %4}, {@code \}, {@code \}u00…). */
    private static int partialEscape(String text) {
        int n = text.length();
        if (n >= 1 && (text.charAt(n - 1) == '%' || text.charAt(n - 1) == '\\')) return 1;
        if (n >= 2 && text.charAt(n - 2) == '%' && hex(text.charAt(n - 1))) return 2;
        for (int digits = 0; digits <= 3; digits++) {
            int u = n - digits - 2;
            if (u < 0) break;
            if (text.charAt(u) != '\\' || text.charAt(u + 1) != 'u') continue;
            boolean allHex = true;
            for (int i = u + 2; i < n; i++) allHex &= hex(text.charAt(i));
            if (allHex) return digits + 2;
        }
        return 0;
    }

    /** A text decoded once, and for each of its characters (and its end) where its encoding began in what was decoded. */
    private record Decoded(String text, int[] origin) {}

    /**
     * {@code text} with its percent-encoding (hex in either case; UTF-8 sequences as the characters they
     * encode, bytes that are not UTF-8 as they were) and JSON escapes ({@code \}uXXXX in either case,
     * {@code \" \\ \/ \b \f \n \r \t}) decoded; null when it holds neither.
     */
    private static Decoded decode(String text) {
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        int[] origin = new int[n + 1];
        boolean changed = false;
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            int taken = 0;
            if (c == '%') {
                taken = percent(text, i, out, origin);
            } else if (c == '\\' && i + 1 < n) {
                taken = escape(text, i, out, origin);
            }
            if (taken == 0) {
                origin[out.length()] = i;
                out.append(c);
                i++;
            } else {
                changed = true;
                i += taken;
            }
        }
        if (!changed) return null;
        origin[out.length()] = n;
        return new Decoded(out.toString(), Arrays.copyOf(origin, out.length() + 1));
    }

    /** A percent-encoded character at {@code i} decoded into {@code out}: how many characters of text it took, 0 when none. */
    private static int percent(String text, int i, StringBuilder out, int[] origin) {
        int first = byteAt(text, i);
        if (first < 0) return 0;
        int length = first < 0x80 ? 1 : first >= 0xC2 && first <= 0xDF ? 2 : first >= 0xE0 && first <= 0xEF ? 3 : first >= 0xF0 && first <= 0xF4 ? 4 : 0;
        if (length == 0) return 0; // not the start of a UTF-8 sequence: left as it is
        byte[] bytes = new byte[length];
        bytes[0] = (byte) first;
        for (int b = 1; b < length; b++) {
            int next = byteAt(text, i + 3 * b);
            if (next < 0x80 || next > 0xBF) return 0;
            bytes[b] = (byte) next;
        }
        String decoded;
        if (length == 1) {
            decoded = String.valueOf((char) first);
        } else {
            try {
                CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes));
                decoded = chars.toString();
            } catch (CharacterCodingException e) {
                return 0;
            }
        }
        for (int k = 0; k < decoded.length(); k++) {
            origin[out.length()] = i;
            out.append(decoded.charAt(k));
        }
        return 3 * length;
    }

    /** The byte {@code %XX} at {@code i} (hex in either case), or -1. */
    private static int byteAt(String text, int i) {
        if (i + 2 >= text.length()) return -1;
        if (text.charAt(i) != '%' || !hex(text.charAt(i + 1)) || !hex(text.charAt(i + 2))) return -1;
        return Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16);
    }

    /** A JSON escape at {@code i} decoded into {@code out}: how many characters of text it took, 0 when none. */
    private static int escape(String text, int i, StringBuilder out, int[] origin) {
        char kind = text.charAt(i + 1);
        char decoded;
        int taken = 2;
        switch (kind) {
            case '"', '\\', '/' -> decoded = kind;
            case 'b' -> decoded = '\b';
            case 'f' -> decoded = '\f';
            case 'n' -> decoded = '\n';
            case 'r' -> decoded = '\r';
            case 't' -> decoded = '\t';
            case 'u' -> {
                if (i + 6 > text.length()) return 0;
                for (int k = i + 2; k < i + 6; k++) if (!hex(text.charAt(k))) return 0;
                decoded = (char) Integer.parseInt(text, i + 2, i + 6, 16);
                taken = 6;
            }
            default -> {
                return 0;
            }
        }
        origin[out.length()] = i;
        out.append(decoded);
        return taken;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** The spans of the text to mask, as start and end pairs, in any order and overlapping. */
    private static final class Spans {
        private int[] spans = new int[8];
        private int size;

        void add(int start, int end) {
            if (size + 2 > spans.length) spans = Arrays.copyOf(spans, spans.length * 2);
            spans[size++] = start;
            spans[size++] = end;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The text with each run of spans that meet or overlap replaced by one mask. */
        String masked(String text, String mask) {
            int count = size / 2;
            long[] sorted = new long[count];
            for (int k = 0; k < count; k++) sorted[k] = (long) spans[2 * k] << 32 | spans[2 * k + 1];
            Arrays.sort(sorted);
            StringBuilder out = new StringBuilder(text.length());
            int from = 0;
            for (int k = 0; k < count; ) {
                int start = (int) (sorted[k] >>> 32);
                int end = (int) sorted[k];
                for (k++; k < count && (int) (sorted[k] >>> 32) <= end; k++) end = Math.max(end, (int) sorted[k]);
                if (start < from) start = from;
                out.append(text, from, start).append(mask);
                from = Math.max(from, end);
            }
            return out.append(text, from, text.length()).toString();
        }
    }
}
