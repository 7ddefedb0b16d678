package io.billctl.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
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
    /** Each resolved secret in every form it may take in a text (see {@link SecretForms#of}): all are masked. */
    private final Set<String> secretForms = ConcurrentHashMap.newKeySet();
    /** The base64 forms that leave out the groups they share with the text around them: what to mask beside them ({@link SecretForms#of}). */
    private final Map<String, Integer> edges = new ConcurrentHashMap<>();
    private static final java.util.function.BinaryOperator<Integer> BITWISE_OR = new BitwiseOr();

    /** A class, not a lambda (start-up: the CDS archive leaves lambdas out). */
    private static final class BitwiseOr implements java.util.function.BinaryOperator<Integer> {
        @Override
        public Integer apply(Integer a, Integer b) {
            return a | b;
        }
    }
    /** The forms, longest first, so that a form is masked whole before a shorter one inside it; null until needed again. */
    private volatile String[] byLength = new String[0];
    /**
     * What {@link #text} checks before it searches for the forms themselves: a text shorter than the
     * shortest form holds none, and one holds a form only where one of the forms' first characters
     * is (one array read per character). Most texts (every value of every account a list prints)
     * are passed over at that cost.
     */
    private volatile Prefilter prefilter = new Prefilter(Integer.MAX_VALUE, new boolean[0], false);

    /** {@code numeric}: some form is made of what a JSON number's text is made of, so a number may hold it. */
    private record Prefilter(int shortest, boolean[] firsts, boolean numeric) {}

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
        for (Map.Entry<String, Integer> form : SecretForms.of(value).entrySet()) {
            if (form.getKey().length() < 3) continue;
            added |= secretForms.add(form.getKey());
            if (form.getValue() != 0) edges.merge(form.getKey(), form.getValue(), BITWISE_OR);
        }
        if (added) {
            synchronized (secretForms) {
                String[] sorted = secretForms.toArray(new String[0]);
                java.util.Arrays.sort(sorted, LONGEST_FIRST);
                byLength = sorted;
                boolean[] firsts = new boolean[1 << 16];
                int shortest = Integer.MAX_VALUE;
                boolean numeric = false;
                for (String form : byLength) {
                    firsts[form.charAt(0)] = true;
                    shortest = Math.min(shortest, form.length());
                    numeric |= numberLike(form);
                }
                prefilter = new Prefilter(shortest, firsts, numeric);
            }
        }
    }

    /** Whether a form is made only of what a JSON number's text holds (a loop, not a lambda: start-up). */
    private static boolean numberLike(String form) {
        for (int i = 0; i < form.length(); i++) {
            char c = form.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
        }
        return true;
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
        return number(node);
    }

    /**
     * A number as it is, or the mask (as text) when its digits hold a secret: a numeric key or PIN a
     * server echoes as a number, or in a string the catalog then types as one. Any other node as it is.
     */
    public JsonNode number(JsonNode node) {
        // The common case, on every number of every line a batch or a list prints: no secret looks like a number.
        if (!node.isNumber() || !prefilter.numeric()) return node;
        String digits = node.asText();
        if (!mayHold(digits)) return node;
        String masked = text(digits);
        return masked.equals(digits) ? node : Json.NODES.textNode(masked);
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
        return number(node);
    }

    /** Whether {@link #json} would change anything in the tree: a secret key with a value, or a text or number holding a secret. */
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
        return node.isTextual() ? !text(node.textValue()).equals(node.textValue()) : number(node) != node;
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
            if (!result.contains(secret)) continue;
            Integer beside = edges.get(secret);
            result = beside == null ? result.replace(secret, MASK) : maskInBase64(result, secret, beside);
        }
        return result;
    }

    /**
     * A base64 form masked with the group before it and the one after it, where {@code beside} says
     * they hold part of the secret and they are base64 (4 characters: the secret's first or last
     * bytes encoded with their neighbours').
     */
    private static String maskInBase64(String text, String form, int beside) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(form); at >= 0; at = text.indexOf(form, from)) {
            int start = at;
            if ((beside & SecretForms.GROUP_BEFORE) != 0 && at - from >= 4 && base64(text, at - 4, at)) start = at - 4;
            int end = at + form.length();
            if ((beside & SecretForms.GROUP_AFTER) != 0) {
                int after = end;
                while (after < text.length() && after < end + 4 && (base64(text, after, after + 1) || text.charAt(after) == '=')) after++;
                end = after;
            }
            out.append(text, from, start).append(MASK);
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }

    /** Whether every character of {@code text} from {@code start} to {@code end} is of base64's alphabets (standard or URL-safe). */
    private static boolean base64(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_')) return false;
        }
        return true;
    }

    /**
     * {@link #text} for a text cut short at its end (the start of a long body): a secret the cut went
     * through is not whole in it, and what is left of it would show. So an ending that begins a form
     * (after any U+FFFD a cut through a UTF-8 sequence leaves) is dropped too: the text ends there anyway.
     */
    public String cutText(String text) {
        String masked = text(text);
        int end = masked.length();
        while (end > 0 && masked.charAt(end - 1) == '\uFFFD') end--;
        int longest = 0;
        for (String form : byLength) {
            for (int k = Math.min(form.length() - 1, end); k > longest; k--) {
                if (masked.regionMatches(end - k, form, 0, k)) {
                    longest = k;
                    break;
                }
            }
        }
        return masked.substring(0, end - longest);
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
