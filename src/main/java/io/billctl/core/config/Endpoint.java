package io.billctl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.net.URI;
import io.billctl.core.http.TlsSettings;

/**
 * A profile resolved for one backend: where to send, as whom, and how to trust the server.
 * {@code sessionScope} is what cached logins are filed under: the URL, or for the built-in sandbox
 * (whose port changes from call to call) the profile's name. {@code settings} are the profile's other
 * keys, the backend's own settings (PortaBilling's {@code api_style}, JeraSoft's {@code api} and
 * {@code field_names}), as the config holds them; the backend's client reads them.
 */
public record Endpoint(String profile, String backend, URI url, String username, SecretRef apiKey, SecretRef password, TlsSettings tls,
                       String sessionScope, ObjectNode settings) {

    public Endpoint {
        settings = settings == null ? Json.object() : settings.deepCopy();
    }

    /** An endpoint without settings of its own (the sandbox's). */
    public Endpoint(String profile, String backend, URI url, String username, SecretRef apiKey, SecretRef password, TlsSettings tls,
                    String sessionScope) {
        this(profile, backend, url, username, apiKey, password, tls, sessionScope, null);
    }

    /** A backend's own setting of the profile with a text value ({@code api_style}), or null. */
    public String setting(String name) {
        JsonNode value = settings.get(name);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    /** {@code url} joined with a path, with exactly one slash between them. */
    public URI resolve(String path) {
        String base = url.toString();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') end--;
        return URI.create(base.substring(0, end) + (path.startsWith("/") ? path : "/" + path));
    }
}
