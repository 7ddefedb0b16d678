package io.billctl.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Masks secrets in anything billctl prints: by header name, by JSON key or form parameter name,
 * and, as a last line of defence, by value, for every secret this run has resolved, in every form
 * a server or a trace may echo it in. One per run (the {@code Context} owns it): stdout, stderr,
 * {@code -v}, {@code --stacktrace} and the journal all pass it.
 */
public final class Redactor {
    public static final String MASK = "****";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "cookie", "set-cookie", "proxy-authorization");
    private static final Set<String> SECRET_KEYS = Set.of(
            "password", "auth_password", "api_key", "apikey", "token", "access_token", "refresh_token",
            "session_id", "jwt", "secret", "h323_password", "auth_info");

    private final Set<String> secretKeys = ConcurrentHashMap.newKeySet();
    /** Each resolved secret in every form it may take in a text (see {@link #forms}): all are masked. */
    private final Set<String> secretForms = ConcurrentHashMap.newKeySet();
    /** The forms, longest first, so that a form is masked whole before a shorter one inside it; null until needed again. */
    private volatile String[] byLength = new String[0];
    /**
     * What {@link #text} checks before it searches for the forms themselves: a text shorter than the
     * shortest form holds none, and one holds a form only where one of the forms' first characters
     * is (one array read per character). Most texts (every value of every account a list prints)
     * are passed over at that cost.
     */
    private volatile Prefilter prefilter = new Prefilter(Integer.MAX_VALUE, new boolean[0]);

    private record Prefilter(int shortest, boolean[] firsts) {}

    public Redactor() {
        secretKeys.addAll(SECRET_KEYS);
    }

    /** A field a catalog marks secret (an account's SIP password) is masked wherever it appears. */
    public void addSecretKey(String key) {
        secretKeys.add(key.toLowerCase(Locale.ROOT));
    }

    /** The longest form first, so that a form containing another is masked whole. A class: Comparator's own lambdas are made at each call (CDS). */
    private static final Comparator<String> LONGEST_FIRST = new LongestFirst();

    private static final class LongestFirst implements Comparator<String> {
        @Override
        public int compare(String a, String b) {
            return Integer.compare(b.length(), a.length());
        }
    }

    /** Remember a resolved secret so that it is masked even where no key names it, in every form of {@link #forms}. */
    public void addSecretValue(String value) {
        if (value == null || value.length() < 3) return;
        boolean added = false;
        for (String form : forms(value)) added |= form.length() >= 3 && secretForms.add(form);
        if (added) {
            synchronized (secretForms) {
                String[] sorted = secretForms.toArray(new String[0]);
                java.util.Arrays.sort(sorted, LONGEST_FIRST);
                byLength = sorted;
                boolean[] firsts = new boolean[1 << 16];
                int shortest = Integer.MAX_VALUE;
                for (String form : byLength) {
                    firsts[form.charAt(0)] = true;
                    shortest = Math.min(shortest, form.length());
                }
                prefilter = new Prefilter(shortest, firsts);
            }
        }
    }

    /**
     * The forms a secret takes where a server or a trace may echo it: as it is; JSON-escaped (as
     * Jackson writes it, with {@code \/} as PHP does, and with non-ASCII as {@code \}u escapes);
     * URL-encoded (space as {@code +} and as {@code %20}, hex in either case); base64 (standard and
     * URL-safe, padded or not, and at the three alignments it can have inside a longer base64
     * text); and HTML-escaped (named and numeric entities).
     */
    static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String json = Json.write(Json.NODES.textNode(secret));
        json = json.substring(1, json.length() - 1);
        forms.add(json);
        forms.add(json.replace("/", "\\/"));
        String ascii = asciiJson(json);
        forms.add(ascii);
        forms.add(ascii.replace("/", "\\/"));
        forms.add(upperHexEscapes(ascii));
        String plus = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String percent = plus.replace("+", "%20");
        for (String url : List.of(plus, percent, percent.replace("*", "%2A").replace("%7E", "~"))) {
            forms.add(url);
            forms.add(lowerHex(url));
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            String whole = encoder.encodeToString(bytes);
            forms.add(whole);
            forms.add(whole.replace("=", ""));
            for (int offset = 0; offset < 3; offset++) {
                // Inside a longer base64 text the secret starts at one of three offsets in a group of three bytes;
                // the groups made of its bytes alone encode the same whatever surrounds them.
                byte[] shifted = new byte[offset + bytes.length];
                System.arraycopy(bytes, 0, shifted, offset, bytes.length);
                String encoded = encoder.encodeToString(shifted);
                int from = offset == 0 ? 0 : 4;
                int to = 4 * (shifted.length / 3);
                if (to - from >= 8) forms.add(encoded.substring(from, to));
            }
        }
        forms.add(html(secret, "&#39;", false));
        forms.add(html(secret, "&#x27;", false));
        forms.add(html(secret, "&#39;", true));
        forms.add(secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        return forms;
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

    private static String upperHexEscapes(String json) {
        StringBuilder out = new StringBuilder(json);
        for (int i = out.indexOf("\\u"); i >= 0 && i + 6 <= out.length(); i = out.indexOf("\\u", i + 2)) {
            out.replace(i + 2, i + 6, out.substring(i + 2, i + 6).toUpperCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static String lowerHex(String url) {
        StringBuilder out = new StringBuilder(url);
        for (int i = out.indexOf("%"); i >= 0 && i + 3 <= out.length(); i = out.indexOf("%", i + 1)) {
            out.replace(i + 1, i + 3, out.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** HTML-escaped: the five characters always, and with {@code numericNonAscii} every non-ASCII character as {@code &#N;}. */
    private static String html(String text, String apostrophe, boolean numericNonAscii) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
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
        });
        return out.toString();
    }

    public boolean isSecretKey(String key) {
        if (secretKeys.contains(key)) return true;
        // Most keys are lower case already: a new string only for one that is not.
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7F) return secretKeys.contains(key.toLowerCase(Locale.ROOT));
        }
        return false;
    }

    public String header(String name, String value) {
        return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? MASK : text(value);
    }

    /** A body for display: JSON with secret keys masked, a form with secret parameters masked. */
    public String body(String contentType, String body) {
        if (body.isEmpty()) return body;
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("json") || body.startsWith("{") || body.startsWith("[")) {
            try {
                return text(Json.write(json(Json.parse(body))));
            } catch (Exception notJson) {
                // fall through: mask by value only
            }
        } else if (type.contains("x-www-form-urlencoded")) {
            return text(form(body));
        }
        return text(body);
    }

    /** A copy of a JSON tree with every secret key's value masked. */
    public JsonNode json(JsonNode node) {
        // Most trees hold nothing to mask (every batch line's fields and answer): a walk, then the same tree, no copy.
        if (!needsMasking(node)) return node;
        if (node instanceof ObjectNode object) {
            ObjectNode copy = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                boolean masked = isSecretKey(entry.getKey()) && !entry.getValue().isNull();
                copy.set(text(entry.getKey()), masked ? Json.NODES.textNode(MASK) : json(entry.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = Json.NODES.arrayNode();
            array.forEach(item -> copy.add(json(item)));
            return copy;
        }
        if (node.isTextual()) {
            String masked = text(node.textValue());
            return masked.equals(node.textValue()) ? node : Json.NODES.textNode(masked);
        }
        return node;
    }

    /**
     * A copy of a JSON tree with every known secret value masked, in keys and texts, but no key masked
     * for its name: what {@code --show-secrets} prints (an account's own password shown, the API key never).
     */
    public JsonNode values(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = Json.object();
            object.fields().forEachRemaining(entry -> copy.set(text(entry.getKey()), values(entry.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = Json.NODES.arrayNode();
            array.forEach(item -> copy.add(values(item)));
            return copy;
        }
        if (node.isTextual()) {
            String masked = text(node.textValue());
            return masked.equals(node.textValue()) ? node : Json.NODES.textNode(masked);
        }
        return node;
    }

    /** Whether {@link #json} would change anything in the tree: a secret key with a value, or a text holding a secret. */
    private boolean needsMasking(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (isSecretKey(entry.getKey()) && !entry.getValue().isNull() || !text(entry.getKey()).equals(entry.getKey())
                        || needsMasking(entry.getValue())) return true;
            }
            return false;
        }
        if (node instanceof ArrayNode array) {
            for (JsonNode item : array) if (needsMasking(item)) return true;
            return false;
        }
        return node.isTextual() && !text(node.textValue()).equals(node.textValue());
    }

    /** A form or query string with secret parameters masked; both {@code &} and {@code ;} separate. */
    public String form(String form) {
        StringBuilder out = new StringBuilder();
        for (String pair : form.split("(?<=[&;])")) {
            String separator = pair.endsWith("&") || pair.endsWith(";") ? pair.substring(pair.length() - 1) : "";
            String bare = pair.substring(0, pair.length() - separator.length());
            int eq = bare.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? bare : bare.substring(0, eq), StandardCharsets.UTF_8);
            out.append(eq >= 0 && isSecretKey(name) ? bare.substring(0, eq + 1) + URLEncoder.encode(MASK, StandardCharsets.UTF_8) : bare);
            out.append(separator);
        }
        return out.toString();
    }

    /** Free text with every known secret value masked. */
    public String text(String text) {
        if (text == null) return null;
        if (!mayHold(text)) return text;
        String result = text;
        for (String secret : byLength) {
            if (result.contains(secret)) result = result.replace(secret, MASK);
        }
        return result;
    }

    /** Whether a form could be in {@code text}: long enough, and a form's first character in it. */
    private boolean mayHold(String text) {
        Prefilter filter = prefilter;
        int length = text.length();
        if (length < filter.shortest()) return false;
        boolean[] firsts = filter.firsts();
        for (int i = 0, last = length - filter.shortest(); i <= last; i++) {
            if (firsts[text.charAt(i)]) return true;
        }
        return false;
    }

    /**
     * A stack trace as {@link Throwable#printStackTrace} writes it, with every message (the
     * throwable's, its causes' and the suppressed ones') masked: what {@code --stacktrace} prints.
     */
    public String stackTrace(Throwable error) {
        StringBuilder out = new StringBuilder();
        trace(out, error, "", "", Collections.newSetFromMap(new IdentityHashMap<>()));
        return text(out.toString());
    }

    private void trace(StringBuilder out, Throwable error, String caption, String indent, Set<Throwable> seen) {
        if (!seen.add(error)) {
            out.append(indent).append(caption).append("[CIRCULAR REFERENCE: ").append(error.getClass().getName()).append("]\n");
            return;
        }
        String message = error.getLocalizedMessage();
        out.append(indent).append(caption).append(error.getClass().getName()).append(message == null ? "" : ": " + text(message)).append('\n');
        for (StackTraceElement frame : error.getStackTrace()) out.append(indent).append("\tat ").append(frame).append('\n');
        for (Throwable suppressed : error.getSuppressed()) trace(out, suppressed, "Suppressed: ", indent + "\t", seen);
        if (error.getCause() != null) trace(out, error.getCause(), "Caused by: ", indent, seen);
    }
}
