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
 * {@code warnings}, of a failed update, are what was known before it was sent (a rule billctl could
 * not judge on the account); an applied update carries them in its {@link Applied#warnings} instead.
 */
public record Outcome(String id, Applied applied, BillctlException error, int attempts, List<String> retryReasons, boolean mayHaveRepeated,
                      List<String> warnings) {

    public Outcome {
        retryReasons = List.copyOf(retryReasons);
        warnings = List.copyOf(warnings);
    }

    public Outcome(String id, Applied applied, BillctlException error, int attempts, List<String> retryReasons, boolean mayHaveRepeated) {
        this(id, applied, error, attempts, retryReasons, mayHaveRepeated, List.of());
    }

    static Outcome applied(Applied applied, List<String> retryReasons, boolean mayHaveRepeated) {
        return new Outcome(applied.id(), applied, null, applied.attempts(), retryReasons, mayHaveRepeated);
    }

    static Outcome failed(String id, BillctlException error, int attempts, List<String> retryReasons, boolean mayHaveRepeated) {
        return new Outcome(id, null, error, attempts, retryReasons, mayHaveRepeated);
    }

    static Outcome failed(String id, BillctlException error, int attempts, List<String> retryReasons, boolean mayHaveRepeated, List<String> warnings) {
        return new Outcome(id, null, error, attempts, retryReasons, mayHaveRepeated, warnings);
    }

    public boolean ok() {
        return applied != null;
    }

    /** Whether it took more than one request. */
    public boolean retried() {
        return attempts > 1;
    }
}
