package io.billctl.core.config;

import java.net.URI;
import io.billctl.core.http.TlsSettings;

/**
 * A profile resolved for one backend: where to send, as whom, and how to trust the server.
 * {@code sessionScope} is what cached logins are filed under: the URL, or for the built-in sandbox
 * (whose port changes from call to call) the profile's name.
 */
public record Endpoint(String profile, String backend, URI url, String username, SecretRef apiKey, SecretRef password, TlsSettings tls,
                       String sessionScope) {

    /** {@code url} joined with a path, with exactly one slash between them. */
    public URI resolve(String path) {
        String base = url.toString();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') end--;
        return URI.create(base.substring(0, end) + (path.startsWith("/") ? path : "/" + path));
    }
}
