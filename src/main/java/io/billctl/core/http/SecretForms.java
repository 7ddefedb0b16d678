package io.billctl.core.http;

import io.billctl.core.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forms a secret takes where a server or a trace may echo it, each of which {@link Redactor}
 * masks: the encoders of the languages the vendors' servers and their proxies are written in, not
 * only Java's. A form the secret does not change (a key of letters and digits has one or two) is
 * the same string, kept once.
 */
final class SecretForms {
    /** Percent-encoding leaves these as they are: RFC 3986's unreserved characters. */
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    /** A base64 form inside a longer base64 text: the group before it mixes the secret's first bytes with others'. */
    static final int GROUP_BEFORE = 1;
    /** A base64 form inside a longer base64 text: the group after it mixes the secret's last bytes with others'. */
    static final int GROUP_AFTER = 2;

    private SecretForms() {
    }

    /**
     * As it is; JSON-escaped (as Jackson writes it; with {@code \/} as PHP does; non-ASCII as
     * {@code \}u escapes; and {@code & < >}, or those with both quotes too, as {@code \}u escapes, as
     * Go's encoder and PHP's {@code JSON_HEX_*} write them; hex in either case); URL-encoded (Java's
     * and Python's {@code quote_plus} with space as {@code +}, and with {@code %20}; RFC 3986's
     * unreserved set; Python's {@code quote}, which keeps {@code /}; JavaScript's
     * {@code encodeURIComponent} and {@code encodeURI}; hex in either case); base64 (standard and
     * URL-safe, padded or not, and at the three alignments it can have inside a longer base64 text);
     * and HTML-escaped (named and numeric entities, the apostrophe as {@code &#39;}, {@code &#039;}
     * (PHP's htmlspecialchars), {@code &#x27;}, {@code &apos;} or as it is).
     * <p>
     * Each form with what must be masked beside it: a base64 form inside a longer base64 text leaves
     * out the groups it shares with the bytes around it ({@code user:password} encoded whole), which
     * hold up to two of its characters at each end: {@link #GROUP_BEFORE}, {@link #GROUP_AFTER}.
     */
    static Map<String, Integer> of(String secret) {
        Map<String, Integer> forms = new LinkedHashMap<>();
        add(forms, secret, 0);
        String json = Json.write(Json.NODES.textNode(secret));
        json = json.substring(1, json.length() - 1);
        String ascii = asciiJson(json);
        for (String escaped : List.of(json, ascii, hexEscaped(json, "&<>"), hexEscaped(ascii, "&<>"), hexEscaped(json, "&<>'\""),
                hexEscaped(ascii, "&<>'\""))) {
            for (String slashes : List.of(escaped, escaped.replace("/", "\\/"))) {
                add(forms, slashes, 0);
                add(forms, upperHexEscapes(slashes), 0);
            }
        }
        String plus = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String percent = plus.replace("+", "%20");
        for (String url : List.of(plus, percent, percent.replace("*", "%2A").replace("%7E", "~"), percentEncoded(secret, "/"),
                percentEncoded(secret, "!'()*"), percentEncoded(secret, "!'()*;,/?:@&=+$#"))) {
            add(forms, url, 0);
            add(forms, lowerHex(url), 0);
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            String whole = encoder.encodeToString(bytes);
            add(forms, whole, 0);
            add(forms, whole.replace("=", ""), 0);
            for (int offset = 0; offset < 3; offset++) {
                // Inside a longer base64 text the secret starts at one of three offsets in a group of three bytes;
                // the groups made of its bytes alone encode the same whatever surrounds them.
                byte[] shifted = new byte[offset + bytes.length];
                System.arraycopy(bytes, 0, shifted, offset, bytes.length);
                String encoded = encoder.encodeToString(shifted);
                int from = offset == 0 ? 0 : 4;
                int to = 4 * (shifted.length / 3);
                int edges = (offset == 0 ? 0 : GROUP_BEFORE) | (shifted.length % 3 == 0 ? 0 : GROUP_AFTER);
                if (to - from >= 8) add(forms, encoded.substring(from, to), edges);
            }
        }
        for (String apostrophe : List.of("&#39;", "&#039;", "&#x27;", "&apos;", "'")) {
            add(forms, html(secret, apostrophe, false), 0);
            add(forms, html(secret, apostrophe, true), 0);
        }
        add(forms, secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), 0);
        return forms;
    }

    /** Adds a form, or to what must be masked beside one already there (a loop of calls, not a lambda: start-up). */
    private static void add(Map<String, Integer> forms, String form, int edges) {
        Integer had = forms.get(form);
        forms.put(form, had == null ? edges : had | edges);
    }

    private static String asciiJson(String json) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) out.append(c);
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    /** JSON text with each of {@code characters} written as a {@code \}u escape (a quote's backslash escape included). */
    private static String hexEscaped(String json, String characters) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\' && i + 1 < json.length() && json.charAt(i + 1) == '"' && characters.indexOf('"') >= 0) {
                out.append("\\u0022");
                i++;
            } else if (c == '\\' && i + 1 < json.length()) {
                // An escape of its own (\\, \n, \u00e9): kept whole, so that its second character is not taken for one to escape.
                out.append(c).append(json.charAt(i + 1));
                i++;
            } else if (characters.indexOf(c) >= 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON's {@code \\u} escapes with their hex in capitals. */
    private static String upperHexEscapes(String json) {
        return hexCase(json, "\\u", 4, true);
    }

    /** The {@code digits} hex digits after each {@code marker} in {@code text}, in capitals or in small letters. */
    private static String hexCase(String text, String marker, int digits, boolean upper) {
        StringBuilder out = new StringBuilder(text);
        int skip = marker.length();
        for (int i = out.indexOf(marker); i >= 0 && i + skip + digits <= out.length(); i = out.indexOf(marker, i + skip)) {
            String hex = out.substring(i + skip, i + skip + digits);
            out.replace(i + skip, i + skip + digits, upper ? hex.toUpperCase(Locale.ROOT) : hex.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** Percent-encoded UTF-8, upper-case hex, leaving the unreserved characters and {@code safe} as they are (space as %20). */
    private static String percentEncoded(String text, String safe) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (UNRESERVED.indexOf(c) >= 0 || safe.indexOf(c) >= 0)) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    /** A URL-encoded text's {@code %XX} hex in small letters. */
    private static String lowerHex(String url) {
        return hexCase(url, "%", 2, false);
    }

    /** HTML-escaped: the five characters always, and with {@code numericNonAscii} every non-ASCII character as {@code &#N;}. */
    private static String html(String text, String apostrophe, boolean numericNonAscii) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append(apostrophe);
                default -> {
                    if (numericNonAscii && c >= 0x80) out.append("&#").append(c).append(';');
                    else out.appendCodePoint(c);
                }
            }
        }
        return out.toString();
    }
}
