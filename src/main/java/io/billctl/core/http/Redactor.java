package io.billctl.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

    /** Guards what follows; {@link #forms} is what readers see, made anew from it at each change. */
    private final Object lock = new Object();
    /** The run's secrets (credentials, a single update's field values), each with its forms ({@link SecretForms#of}): kept for the run. */
    private final Map<String, Map<String, Integer>> kept = new LinkedHashMap<>();
    /** Secrets held for a while ({@link #hold}: a batch record's field values), with their forms and how many hold each. */
    private final Map<String, HeldValue> held = new HashMap<>();

    private static final class HeldValue {
        final Map<String, Integer> forms;
        int holders;

        HeldValue(Map<String, Integer> forms) {
            this.forms = forms;
        }
    }

    /**
     * Every secret masked now, in every form: the forms longest first (so that a form is masked whole before
     * a shorter one inside it), each with what must be masked beside it (the base64 forms that leave out the
     * groups they share with the text around them, {@link SecretForms#of}), the secrets as they are (looked for
     * in texts that encode them, {@link EncodedSecrets}), and the {@link Prefilter}. Made anew at each change,
     * never changed: one volatile read gives a reader all of it.
     */
    private record Forms(String[] byLength, int[] edges, String[] secrets, Prefilter prefilter) {}

    private volatile Forms forms = new Forms(new String[0], new int[0], new String[0], Prefilter.NONE);

    private static final java.util.function.BinaryOperator<Integer> BITWISE_OR = new BitwiseOr();

    /** A class, not a lambda (start-up: the CDS archive leaves lambdas out). */
    private static final class BitwiseOr implements java.util.function.BinaryOperator<Integer> {
        @Override
        public Integer apply(Integer a, Integer b) {
            return a | b;
        }
    }

    /**
     * What {@link #text} checks before it searches for the forms themselves: a text shorter than the
     * shortest form holds none, and one holds a form only where one of the forms' first characters
     * is (one array read per character), or a {@code %} or a backslash that may begin an encoding of a
     * secret ({@link EncodedSecrets}). Most texts (every value of every account a list prints) are passed
     * over at that cost.
     *
     * @param firsts the ASCII characters a form starts with
     * @param otherFirst whether a form starts with a character beyond ASCII (then any such character may begin one)
     * @param numeric some form is made of what a JSON number's text is made of, so a number may hold it
     */
    private record Prefilter(int shortest, boolean[] firsts, boolean otherFirst, boolean numeric) {
        static final Prefilter NONE = new Prefilter(Integer.MAX_VALUE, new boolean[128], false, false);
    }

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

    /**
     * Remember a resolved secret for the rest of the run, so that it is masked even where no key names it,
     * in every form of {@link SecretForms#of} and encoded as {@link EncodedSecrets} decodes.
     */
    public void addSecretValue(String value) {
        if (value == null || value.length() < 3) return;
        synchronized (lock) {
            if (kept.containsKey(value)) return;
            kept.put(value, formsOf(value));
            rebuild();
        }
    }

    /**
     * Masks {@code values} (each in every form, as {@link #addSecretValue} does) until the handle is closed:
     * a batch record's secrets, from before its request is built until its outcome is printed and journaled.
     * A batch of a million passwords then holds only those of the records in flight, and each text is
     * searched for those only. A value kept for the run, or held by another record too, stays masked.
     */
    public Held hold(java.util.Collection<String> values) {
        List<String> taken = new ArrayList<>(values.size());
        for (String value : values) if (value != null && value.length() >= 3) taken.add(value);
        if (taken.isEmpty()) return Held.NOTHING;
        synchronized (lock) {
            for (String value : taken) {
                HeldValue holding = held.get(value);
                if (holding == null) {
                    holding = new HeldValue(formsOf(value));
                    held.put(value, holding);
                }
                holding.holders++;
            }
            rebuild();
        }
        return new Held(this, taken);
    }

    /** Secrets {@link #hold} masks until {@link #close}. */
    public static final class Held implements AutoCloseable {
        static final Held NOTHING = new Held(null, List.of());
        private final Redactor redactor;
        private List<String> values;

        private Held(Redactor redactor, List<String> values) {
            this.redactor = redactor;
            this.values = values;
        }

        /** No longer masked (unless kept for the run, or held elsewhere); a second call does nothing. */
        @Override
        public void close() {
            if (redactor == null) return;
            synchronized (redactor.lock) {
                if (values == null) return;
                for (String value : values) {
                    HeldValue holding = redactor.held.get(value);
                    if (holding != null && --holding.holders == 0) redactor.held.remove(value);
                }
                values = null;
                redactor.rebuild();
            }
        }
    }

    /** A secret's forms, each at least 3 characters, with what must be masked beside it. */
    private static Map<String, Integer> formsOf(String value) {
        Map<String, Integer> forms = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> form : SecretForms.of(value).entrySet()) {
            if (form.getKey().length() >= 3) forms.merge(form.getKey(), form.getValue(), BITWISE_OR);
        }
        return forms;
    }

    /** {@link #forms} made anew from what is kept and held (under {@link #lock}). */
    private void rebuild() {
        Map<String, Integer> all = new HashMap<>();
        java.util.Set<String> secrets = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, Map<String, Integer>> secret : kept.entrySet()) {
            secret.getValue().forEach((form, edges) -> all.merge(form, edges, BITWISE_OR));
            secrets.add(secret.getKey());
        }
        for (Map.Entry<String, HeldValue> secret : held.entrySet()) {
            secret.getValue().forms.forEach((form, edges) -> all.merge(form, edges, BITWISE_OR));
            secrets.add(secret.getKey());
        }
        String[] sorted = all.keySet().toArray(new String[0]);
        java.util.Arrays.sort(sorted, LONGEST_FIRST);
        int[] edges = new int[sorted.length];
        boolean[] firsts = new boolean[128];
        boolean otherFirst = false;
        int shortest = Integer.MAX_VALUE;
        boolean numeric = false;
        for (int i = 0; i < sorted.length; i++) {
            String form = sorted[i];
            edges[i] = all.get(form);
            char first = form.charAt(0);
            if (first < 128) firsts[first] = true;
            else otherFirst = true;
            shortest = Math.min(shortest, form.length());
            numeric |= numberLike(form);
        }
        // Form-encoded, a space is "+": looked for as the secret with "+" in its spaces too, once the text is decoded.
        List<String> decodedForms = new ArrayList<>();
        for (String secret : secrets) {
            decodedForms.add(secret);
            if (secret.indexOf(' ') >= 0) decodedForms.add(secret.replace(' ', '+'));
        }
        if (!secrets.isEmpty()) {
            firsts['%'] = true;
            firsts['\\'] = true;
        }
        forms = new Forms(sorted, edges, decodedForms.toArray(new String[0]), new Prefilter(shortest, firsts, otherFirst, numeric));
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
        if (!node.isNumber() || !forms.prefilter().numeric()) return node;
        String digits = node.asText();
        if (!mayHold(forms.prefilter(), digits)) return node;
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
        Forms now = forms;
        if (!mayHold(now.prefilter(), text)) return text;
        String result = text;
        String[] byLength = now.byLength();
        for (int i = 0; i < byLength.length; i++) {
            String secret = byLength[i];
            if (!result.contains(secret)) continue;
            int beside = now.edges()[i];
            result = beside == 0 ? result.replace(secret, MASK) : maskInBase64(result, secret, beside);
        }
        if (EncodedSecrets.mayEncode(result)) result = EncodedSecrets.mask(result, now.secrets(), MASK);
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
        Forms now = forms;
        String masked = text(text);
        int end = masked.length();
        while (end > 0 && masked.charAt(end - 1) == '\uFFFD') end--;
        int longest = 0;
        for (String form : now.byLength()) {
            for (int k = Math.min(form.length() - 1, end); k > longest; k--) {
                if (masked.regionMatches(end - k, form, 0, k)) {
                    longest = k;
                    break;
                }
            }
        }
        String cut = masked.substring(0, end - longest);
        // An ending that decodes to a secret's start, or an escape cut in two ("%4", "\\u00"), whatever the case of its hex.
        return now.secrets().length > 0 && EncodedSecrets.mayEncode(cut) ? cut.substring(0, EncodedSecrets.cutAt(cut, now.secrets())) : cut;
    }

    /** Whether a form could be in {@code text}: long enough, and a form's first character in it (or a {@code %} or a backslash). */
    private static boolean mayHold(Prefilter filter, String text) {
        int length = text.length();
        if (length < filter.shortest()) return false;
        boolean[] firsts = filter.firsts();
        boolean otherFirst = filter.otherFirst();
        for (int i = 0, last = length - filter.shortest(); i <= last; i++) {
            char c = text.charAt(i);
            if (c < 128 ? firsts[c] : otherFirst) return true;
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
