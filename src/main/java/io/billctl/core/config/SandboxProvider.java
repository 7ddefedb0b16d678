package io.billctl.core.config;

import io.billctl.core.backend.Backend;

/**
 * The built-in {@code sandbox} profile: an endpoint for any backend, served by a running
 * {@code billctl sandbox serve} or by emulators started inside this process for the call.
 */
public interface SandboxProvider extends AutoCloseable {
    Endpoint endpoint(Backend backend);

    @Override
    void close();
}
