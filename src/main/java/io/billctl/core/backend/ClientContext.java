package io.billctl.core.backend;

import io.billctl.core.Env;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.Secret;
import io.billctl.core.config.SecretRef;
import io.billctl.core.config.Secrets;
import io.billctl.core.http.Transport;
import io.billctl.core.session.LoginSession;
import io.billctl.core.session.Token;
import io.billctl.core.session.TokenCache;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What a backend's client works with: where to go, how to send, the run's environment, its
 * resolved secrets (each once per run) and its cached logins.
 */
public record ClientContext(Endpoint endpoint, Transport transport, Env env, Secrets secrets, TokenCache sessions) {

    /** A context of its own (tests): its own secrets and the session cache under the environment's cache directory. */
    public ClientContext(Endpoint endpoint, Transport transport, Env env) {
        this(endpoint, transport, env, new Secrets(env, transport.redactor()),
                new TokenCache(env.cacheDir().resolve("sessions"), transport.redactor()));
    }

    /**
     * The run's login to this endpoint with {@code credential} (the secret the login sends), cached
     * between runs under who logs in where: backend, the endpoint's session scope, username,
     * profile and a hash of the credential as resolved, so that another password never reuses a
     * session. The login's own requests are not counted as attempts of the update that needed it.
     */
    public LoginSession session(String backend, SecretRef credential, Supplier<Token> login) {
        Supplier<String> key = new SessionKey(this, backend, credential);
        return new LoginSession(sessions, key, new TokenCache.Owner(endpoint.profile(), backend),
                new Uncounted(transport, login), Clock.systemUTC());
    }

    /** Resolves a profile secret (once per run) and tells the redactor, so the value is masked wherever it turns up. */
    public Secret secret(SecretRef ref) {
        return secrets.resolve(ref, endpoint.profile());
    }

    /** The cache key, worked out when a token is first needed: it resolves the credential. */
    private record SessionKey(ClientContext context, String backend, SecretRef credential) implements Supplier<String> {
        @Override
        public String get() {
            Endpoint endpoint = context.endpoint();
            return TokenCache.key(backend, endpoint.sessionScope(), endpoint.username(), endpoint.profile(), context.secret(credential).reveal());
        }
    }

    /** A login run outside the attempt count of the update in hand. */
    private record Uncounted(Transport transport, Supplier<Token> login) implements Supplier<Token> {
        @Override
        public Token get() {
            return transport.uncounted(login);
        }
    }
}
