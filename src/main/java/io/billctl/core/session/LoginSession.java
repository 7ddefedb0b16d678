package io.billctl.core.session;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * A login shared by every request of a run (and by later runs, through the cache): the cached
 * token while it is good, else one login; {@link #renew} after the server rejects a token.
 * Thread-safe: the workers of a batch wait on one login rather than each logging in, and a login
 * the server refuses (wrong credentials) is remembered, so that no other worker tries again: one
 * failed login per run, not one per worker, which could lock the API user out.
 * <p>
 * The cache key is asked for only when a token is first needed (it holds a hash of the credential,
 * and a dry run resolves none).
 */
public final class LoginSession {
    private final TokenCache cache;
    private final Supplier<String> keyOf;
    private final TokenCache.Owner owner;
    private final Supplier<Token> login;
    private final Clock clock;
    private String key;
    private Token current;
    private BillctlException refused;

    public LoginSession(TokenCache cache, Supplier<String> key, TokenCache.Owner owner, Supplier<Token> login, Clock clock) {
        this.cache = cache;
        this.keyOf = key;
        this.owner = owner;
        this.login = login;
        this.clock = clock;
    }

    /** A token that should be good now: from memory, from the cache, or from a login. */
    public synchronized Token token() {
        if (refused != null) throw refused;
        if (current != null && current.usableAt(clock.instant())) return current;
        current = cache.load(key()).filter(t -> t.usableAt(clock.instant())).orElse(null);
        if (current == null) loginNow();
        return current;
    }

    /**
     * The server rejected the token {@code rejectedValue}: forget it and log in again, unless
     * another request already did since (then its token is the answer).
     */
    public synchronized Token renew(String rejectedValue) {
        if (refused != null) throw refused;
        if (current != null && !current.value().equals(rejectedValue) && current.usableAt(clock.instant())) return current;
        cache.forget(key());
        loginNow();
        return current;
    }

    /** A login now, whatever the cache holds: proof that the credentials work. */
    public synchronized Token fresh() {
        if (refused != null) throw refused;
        cache.forget(key());
        loginNow();
        return current;
    }

    private String key() {
        if (key == null) key = keyOf.get();
        return key;
    }

    private void loginNow() {
        current = null;
        try {
            current = login.get();
        } catch (BillctlException e) {
            if (e.exitCode() == ExitCode.AUTH) refused = e;
            throw e;
        }
        cache.save(key(), current, owner);
    }
}
