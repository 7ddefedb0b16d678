package io.billctl.core.backend;

import io.billctl.core.Env;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.Profiles;
import io.billctl.core.config.Secret;
import io.billctl.core.config.SecretRef;
import io.billctl.core.http.Transport;
import io.billctl.core.session.LoginSession;
import io.billctl.core.session.Token;
import io.billctl.core.session.TokenCache;
import java.time.Clock;
import java.util.function.Supplier;

/** What a backend's client works with: where to go, how to send, and the run's environment. */
public record ClientContext(Endpoint endpoint, Transport transport, Env env) {

    /**
     * The run's login to this endpoint, cached between runs. The built-in sandbox's port changes
     * from call to call, so its sessions are keyed by the profile instead of the URL.
     */
    public LoginSession session(String backend, Supplier<Token> login) {
        String where = Profiles.SANDBOX.equals(endpoint.profile()) ? Profiles.SANDBOX : endpoint.url().toString();
        TokenCache cache = new TokenCache(env.cacheDir().resolve("sessions"), transport.redactor());
        return new LoginSession(cache, TokenCache.key(backend, where, endpoint.username()), login, Clock.systemUTC());
    }

    /** Resolves a profile secret and tells the redactor, so the value is masked wherever it turns up. */
    public Secret secret(SecretRef ref) {
        Secret secret = ref.resolve(env);
        transport.redactor().addSecretValue(secret.reveal());
        return secret;
    }
}
