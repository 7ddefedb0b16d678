package io.billctl.core.apply;

import io.billctl.core.BillctlException;
import io.billctl.core.backend.Applied;
import io.billctl.core.diff.Diff;
import java.util.List;

/**
 * What became of one update: applied (the vendor's answer as data), failed (the error, with its
 * exit code), unchanged (the account already had the values, so with {@code --skip-unchanged}
 * nothing was sent), or planned (a dry run that read the account and sent nothing); how many
 * requests the write took. A single call and each batch record get one. {@code diff} is what it
 * changes on the account as read just before (null when it was not read). {@code retryReasons}
 * says why each retry was needed ("HTTP 503", "the connection closed without an answer");
 * {@code mayHaveRepeated} that a request was sent again after one that had gone out and got no
 * answer, so the server may have applied the update twice (with the same values). {@code warnings},
 * of a failed update, are what was known before it was sent (a rule billctl could not judge on the
 * account); an applied update carries them in its {@link Applied#warnings} instead.
 */
public record Outcome(String id, Status status, Applied applied, BillctlException error, Diff diff, int attempts,
                      List<String> retryReasons, boolean mayHaveRepeated, List<String> warnings) {

    public enum Status { APPLIED, FAILED, UNCHANGED, PLANNED }

    public Outcome {
        retryReasons = List.copyOf(retryReasons);
        warnings = List.copyOf(warnings);
    }

    static Outcome applied(Applied applied, Diff diff, List<String> retryReasons, boolean mayHaveRepeated) {
        return new Outcome(applied.id(), Status.APPLIED, applied, null, diff, applied.attempts(), retryReasons, mayHaveRepeated, List.of());
    }

    static Outcome failed(String id, BillctlException error, Diff diff, int attempts, List<String> retryReasons, boolean mayHaveRepeated,
                          List<String> warnings) {
        return new Outcome(id, Status.FAILED, null, error, diff, attempts, retryReasons, mayHaveRepeated, warnings);
    }

    static Outcome failed(String id, BillctlException error, Diff diff) {
        return failed(id, error, diff, 0, List.of(), false, List.of());
    }

    static Outcome unchanged(String id, Diff diff) {
        return new Outcome(id, Status.UNCHANGED, null, null, diff, 0, List.of(), false, List.of());
    }

    static Outcome planned(String id, Diff diff, List<String> warnings) {
        return new Outcome(id, Status.PLANNED, null, null, diff, 0, List.of(), false, warnings);
    }

    /** Applied, or left alone because there was nothing to change, or planned: not a failure. */
    public boolean ok() {
        return status != Status.FAILED;
    }

    /** Whether the vendor accepted an update sent for it. */
    public boolean isApplied() {
        return status == Status.APPLIED;
    }

    /** Whether it took more than one request. */
    public boolean retried() {
        return attempts > 1;
    }
}
