package io.billctl.core.session;

import java.time.Instant;

/** A login's proof (a JWT, an access token) and when it stops being good, if known. */
public record Token(String value, Instant expiresAt) {

    /** Good for at least a few more seconds: a token about to lapse is renewed before use. */
    public boolean usableAt(Instant now) {
        return expiresAt == null || now.plusSeconds(10).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "token(expires " + expiresAt + ")";
    }
}
