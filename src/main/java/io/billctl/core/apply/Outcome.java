package io.billctl.core.apply;

import io.billctl.core.BillctlException;
import io.billctl.core.backend.Applied;

/**
 * What became of one update: applied (the vendor's answer as data) or failed (the error, with its
 * exit code), and how many requests it took either way. A single call and each batch record get one.
 */
public record Outcome(String id, Applied applied, BillctlException error, int attempts) {

    static Outcome applied(Applied applied) {
        return new Outcome(applied.id(), applied, null, applied.attempts());
    }

    static Outcome failed(String id, BillctlException error, int attempts) {
        return new Outcome(id, null, error, attempts);
    }

    public boolean ok() {
        return applied != null;
    }
}
