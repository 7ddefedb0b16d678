package io.billctl.core.backend;

import io.billctl.core.Env;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.Secret;
import io.billctl.core.config.SecretRef;
import io.billctl.core.http.Transport;

/** What a backend's client works with: where to go, how to send, and the run's environment. */
public record ClientContext(Endpoint endpoint, Transport transport, Env env) {

    /** Resolves a profile secret and tells the redactor, so the value is masked wherever it turns up. */
    public Secret secret(SecretRef ref) {
        Secret secret = ref.resolve(env);
        transport.redactor().addSecretValue(secret.reveal());
        return secret;
    }
}
