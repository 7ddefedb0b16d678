package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a batch has done so far and whether it should go on: the counts of records done, failed and
 * skipped, the stop flag the intake and the workers check, why it stopped (Ctrl-C, a fatal failure,
 * an error in a worker), and when it started.
 */
final class RunState {
    final long records;
    final AtomicLong done = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    /** Of the records done, those the server only checked, changing nothing (--validate-only). */
    final AtomicLong validated = new AtomicLong();
    /** Records whose account already had their values, not sent (--skip-unchanged). */
    final AtomicLong unchanged = new AtomicLong();
    /** A dry run's records that would change their account (--dry-run --diff). */
    final AtomicLong planned = new AtomicLong();
    /** Records a resume does not send: a later record of their account, already done, set everything they set ({@link Superseding}). */
    final AtomicLong superseded = new AtomicLong();
    /** Records a resumed journal shows as in flight when its run stopped, not sent again. */
    final AtomicLong uncertain = new AtomicLong();
    /** Records that needed more than one attempt, and the attempts beyond the first they took. */
    final AtomicLong retriedRecords = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    /** Records of those applied whose retry followed a request that got no answer: perhaps applied twice (same values). */
    final AtomicLong mayHaveRepeated = new AtomicLong();
    /** Failures in a row that say the server is not answering (exit 5), across workers; 0 after anything else. */
    final AtomicLong consecutiveUnavailable = new AtomicLong();
    final long started = System.nanoTime();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    /** A failure that ends the run with its own exit code (credentials refused). */
    private final AtomicReference<BillctlException> fatal = new AtomicReference<>();
    /** Something that broke a worker (a bug, an unreadable spool, a journal that cannot be written): reported after the summary. */
    private final AtomicReference<Throwable> broken = new AtomicReference<>();
    /** stdout could not be written (its reader gone, a full disk): no more records are sent. */
    private final AtomicReference<io.billctl.core.OutputFailed> output = new AtomicReference<>();
    /** The server stopped answering: the failure that tripped the breaker. */
    private final AtomicReference<BillctlException> unanswered = new AtomicReference<>();
    /** The exit code of the signal that stopped the run (130, 143, 129), or 0. */
    private volatile int signalExit;

    RunState(long records) {
        this.records = records;
    }

    boolean stopping() {
        return stop.get();
    }

    void stop() {
        stop.set(true);
    }

    void interrupt(int exitCode) {
        signalExit = exitCode;
        interrupted.set(true);
        stop.set(true);
    }

    int signalExit() {
        return signalExit;
    }

    /** The breaker tripped: {@code why} ("20 records in a row failed …"), and the last failure. The first to trip is the one told. */
    void serverStopped(String why, BillctlException last) {
        if (unanswered.compareAndSet(null, last)) stoppedWhy = why;
        stop.set(true);
    }

    /** Why the breaker tripped, once it has. */
    String serverStoppedWhy() {
        return stoppedWhy;
    }

    private volatile String stoppedWhy;

    BillctlException serverStopped() {
        return unanswered.get();
    }

    /** stdout cannot take a record's outcome: stop taking records (those in flight end and are journaled). */
    void outputFailed(io.billctl.core.OutputFailed e) {
        output.compareAndSet(null, e);
        stop.set(true);
    }

    io.billctl.core.OutputFailed outputFailed() {
        return output.get();
    }

    boolean interrupted() {
        return interrupted.get();
    }

    /**
     * No record failed or stayed uncertain (a resume that does not send again what the last run left
     * without an outcome), no signal stopped the run and no failure ended it: the run exits 0 unless
     * something broke.
     */
    boolean allWell() {
        return failed.get() == 0 && uncertain.get() == 0 && !interrupted.get() && fatal.get() == null && unanswered.get() == null && broken.get() == null
                && output.get() == null;
    }

    /** Exit 1 when a record failed or stayed uncertain (neither applied for certain), else 0. */
    int recordsExitCode() {
        return failed.get() > 0 || uncertain.get() > 0 ? io.billctl.core.ExitCode.REJECTED : io.billctl.core.ExitCode.OK;
    }

    void fatal(BillctlException e) {
        fatal.compareAndSet(null, e);
        stop.set(true);
    }

    BillctlException fatal() {
        return fatal.get();
    }

    void broken(Throwable e) {
        broken.compareAndSet(null, e);
        stop.set(true);
    }

    Throwable broken() {
        return broken.get();
    }

    long notStarted() {
        return records - done.get() - failed.get() - skipped.get() - superseded.get() - uncertain.get() - unchanged.get() - planned.get();
    }

    /** Records that ended well in this run: applied, left as they were, or planned. */
    long finished() {
        return done.get() + unchanged.get() + planned.get();
    }

    /** Records a resume did not send, having nothing left to do: done before, or superseded. */
    long passed() {
        return skipped.get() + superseded.get();
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
