package io.billctl.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A request as it reached the sandbox, kept so tests can assert what left billctl. */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

    public String header(String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) return header.getValue().get(0);
        }
        return null;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Path with its query, as a URL would show it. */
    public String target() {
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        return method + " " + target();
    }
}
