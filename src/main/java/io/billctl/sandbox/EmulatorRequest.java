package io.billctl.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as it reached the sandbox: method, path, query, headers, body. Emulators see the
 * path below their mount point; the sandbox's log of recent requests keeps the full path.
 */
public record EmulatorRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

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

    EmulatorRequest below(String mountPath) {
        return new EmulatorRequest(method, path.substring(mountPath.length()), query, headers, body);
    }

    @Override
    public String toString() {
        return method + " " + target();
    }

    /** Parameters of a query string or form body; Enswitch's {@code ;} separates as {@code &} does. */
    public static Map<String, String> params(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return params;
        for (String pair : encoded.split("[&;]")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }
}
