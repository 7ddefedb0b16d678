package io.billctl.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Masks secrets in anything billctl prints: by header name, by JSON key or form parameter name,
 * and, as a last line of defence, by value, for every secret this run has resolved.
 */
public final class Redactor {
    public static final String MASK = "****";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-api-key", "cookie", "set-cookie", "proxy-authorization");
    private static final Set<String> SECRET_KEYS = Set.of(
            "password", "auth_password", "api_key", "apikey", "token", "access_token", "refresh_token",
            "session_id", "jwt", "secret", "h323_password", "auth_info");

    private final Set<String> secretKeys = ConcurrentHashMap.newKeySet();
    /** Each resolved secret and, where it differs, its URL-encoded form: both are masked in text. */
    private final Set<String> secretForms = ConcurrentHashMap.newKeySet();

    public Redactor() {
        secretKeys.addAll(SECRET_KEYS);
    }

    /** A field a catalog marks secret (an account's SIP password) is masked wherever it appears. */
    public void addSecretKey(String key) {
        secretKeys.add(key.toLowerCase(Locale.ROOT));
    }

    /** Remember a resolved secret so that it is masked even where no key names it. */
    public void addSecretValue(String value) {
        if (value == null || value.length() < 3) return;
        secretForms.add(value);
        secretForms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    public boolean isSecretKey(String key) {
        return secretKeys.contains(key.toLowerCase(Locale.ROOT));
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
        if (node instanceof ObjectNode object) {
            ObjectNode copy = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                boolean masked = isSecretKey(entry.getKey()) && !entry.getValue().isNull();
                copy.set(entry.getKey(), masked ? Json.NODES.textNode(MASK) : json(entry.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = Json.NODES.arrayNode();
            array.forEach(item -> copy.add(json(item)));
            return copy;
        }
        if (node.isTextual() && secretForms.contains(node.asText())) return Json.NODES.textNode(MASK);
        return node;
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
        String result = text;
        for (String secret : secretForms) {
            if (result.contains(secret)) result = result.replace(secret, MASK);
        }
        return result;
    }
}
