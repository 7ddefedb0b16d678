package io.billctl.core.apply;

import io.billctl.core.BillctlException;
import io.billctl.core.backend.Applied;
import java.util.List;

/**
 * What became of one update: applied (the vendor's answer as data) or failed (the error, with its
 * exit code), and how many requests it took either way. A single call and each batch record get one.
 * {@code retryReasons} says why each retry was needed ("HTTP 503", "the connection closed without an
 * answer"); {@code mayHaveRepeated} that a request was sent again after one that had gone out and
 * got no answer, so the server may have applied the update twice (with the same values).
 */
public record Outcome(String id, Applied applied, BillctlException error, int attempts, List<String> retryReasons, boolean mayHaveRepeated) {

    public Outcome {
        retryReasons = List.copyOf(retryReasons);
    }

    static Outcome applied(Applied applied, List<String> retryReasons, boolean mayHaveRepeated) {
        return new Outcome(applied.id(), applied, null, applied.attempts(), retryReasons, mayHaveRepeated);
    }

    static Outcome failed(String id, BillctlException error, int attempts, List<String> retryReasons, boolean mayHaveRepeated) {
        return new Outcome(id, null, error, attempts, retryReasons, mayHaveRepeated);
    }

    public boolean ok() {
        return applied != null;
    }

    /** Whether it took more than one request. */
    public boolean retried() {
        return attempts > 1;
    }
}
