package io.billctl.core.session;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * A login shared by every request of a run (and by later runs, through the cache): the cached
 * token while it is good, else one login; {@link #renew} after the server rejects a token.
 * Thread-safe, so that concurrent requests of a batch trigger one login, not one each.
 */
public final class LoginSession {
    private final TokenCache cache;
    private final String key;
    private final Supplier<Token> login;
    private final Clock clock;
    private Token current;

    public LoginSession(TokenCache cache, String key, Supplier<Token> login, Clock clock) {
        this.cache = cache;
        this.key = key;
        this.login = login;
        this.clock = clock;
    }

    /** A token that should be good now: from memory, from the cache, or from a login. */
    public synchronized Token token() {
        if (current != null && current.usableAt(clock.instant())) return current;
        current = cache.load(key).filter(t -> t.usableAt(clock.instant())).orElse(null);
        if (current == null) loginNow();
        return current;
    }

    /**
     * The server rejected the token {@code rejectedValue}: forget it and log in again, unless
     * another request already did since (then its token is the answer).
     */
    public synchronized Token renew(String rejectedValue) {
        if (current != null && !current.value().equals(rejectedValue) && current.usableAt(clock.instant())) return current;
        cache.forget(key);
        loginNow();
        return current;
    }

    /** A login now, whatever the cache holds: proof that the credentials work. */
    public synchronized Token fresh() {
        cache.forget(key);
        loginNow();
        return current;
    }

    private void loginNow() {
        current = login.get();
        cache.save(key, current);
    }
}
