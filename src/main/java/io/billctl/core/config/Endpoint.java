package io.billctl.core.config;

import java.net.URI;
import io.billctl.core.http.TlsSettings;

/** A profile resolved for one backend: where to send, as whom, and how to trust the server. */
public record Endpoint(String profile, String backend, URI url, String username, SecretRef apiKey, SecretRef password, TlsSettings tls) {

    /** {@code url} joined with a path, with exactly one slash between them. */
    public URI resolve(String path) {
        String base = url.toString();
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }
}
