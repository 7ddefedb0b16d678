package io.billctl.core.config;

import java.net.URI;
import java.util.Map;
import io.billctl.core.http.TlsSettings;

/**
 * A profile resolved for one backend: where to send, as whom, and how to trust the server.
 * {@code sessionScope} is what cached logins are filed under: the URL, or for the built-in sandbox
 * (whose port changes from call to call) the profile's name. {@code settings} are the profile's keys
 * that only one backend reads ({@code api_style}), as the config holds them.
 */
public record Endpoint(String profile, String backend, URI url, String username, SecretRef apiKey, SecretRef password, TlsSettings tls,
                       String sessionScope, Map<String, String> settings) {

    public Endpoint {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public Endpoint(String profile, String backend, URI url, String username, SecretRef apiKey, SecretRef password, TlsSettings tls,
                    String sessionScope) {
        this(profile, backend, url, username, apiKey, password, tls, sessionScope, Map.of());
    }

    /** A backend's own setting of the profile ({@code api_style}), or null. */
    public String setting(String name) {
        return settings.get(name);
    }

    /** {@code url} joined with a path, with exactly one slash between them. */
    public URI resolve(String path) {
        String base = url.toString();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') end--;
        return URI.create(base.substring(0, end) + (path.startsWith("/") ? path : "/" + path));
    }
}
