package io.billctl.core.backend;

import io.billctl.core.Env;
import io.billctl.core.config.Endpoint;
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
     * The run's login to this endpoint, cached between runs under the endpoint's session scope.
     * The login's own requests are not counted as attempts of the update that needed it.
     */
    public LoginSession session(String backend, Supplier<Token> login) {
        TokenCache cache = new TokenCache(env.cacheDir().resolve("sessions"), transport.redactor());
        return new LoginSession(cache, TokenCache.key(backend, endpoint.sessionScope(), endpoint.username()),
                new Uncounted(transport, login), Clock.systemUTC());
    }

    /** Resolves a profile secret and tells the redactor, so the value is masked wherever it turns up. */
    public Secret secret(SecretRef ref) {
        Secret secret = ref.resolve(env);
        transport.redactor().addSecretValue(secret.reveal());
        return secret;
    }

    /** A login run outside the attempt count of the update in hand. */
    private record Uncounted(Transport transport, Supplier<Token> login) implements Supplier<Token> {
        @Override
        public Token get() {
            return transport.uncounted(login);
        }
    }
}
