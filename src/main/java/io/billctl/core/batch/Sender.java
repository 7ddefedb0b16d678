package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.apply.Outcome;
import io.billctl.core.apply.BeforeWrite;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.backend.Update;
import io.billctl.core.diff.Diff;
import io.billctl.core.output.Presenter;
import io.billctl.core.output.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The second pass: {@code --parallel} workers, each taking records from the {@link Intake} and
 * sending them through the run's {@link Pipeline} (the same one a single update goes through). Each
 * record is journaled as sent before its request leaves and as done or failed after, counted, and
 * handed to the presenter. Records of one account go one at a time, in file order ({@link Accounts}).
 * The run stops for credentials the server refuses, the first failure with {@code --fail-fast}, a
 * server that stopped answering ({@code --max-consecutive-failures}), or a journal it cannot write.
 */
final class Sender {
    private final Pipeline pipeline;
    private final Presenter presenter;
    private final Journal journal;
    private final FailedOut failedOut;
    private final Accounts accounts;
    private final RunState state;
    private final Progress progress;
    private final Map<String, String> extras;
    private final BatchInput input;
    private final BatchOptions options;
    /** A dry run with --diff: each record's account read and compared, nothing written. */
    private final boolean planOnly;
    /** --diff: each record's changes on stdout in a table too. */
    private final boolean showDiff;
    /** The records whose requests are in flight: line -> id, for a second signal to journal as uncertain. */
    private final Map<Long, String> inFlight = new ConcurrentHashMap<>();
    /**
     * The first record goes alone, and the other workers wait for its answer: credentials the server
     * refuses then cost one request, not one per worker (Enswitch and JeraSoft carry them on every
     * request, and a burst of refused logins can lock the API user).
     */
    private final AtomicBoolean firstTaken = new AtomicBoolean();
    private final CountDownLatch firstAnswered = new CountDownLatch(1);

    Sender(Pipeline pipeline, Presenter presenter, Journal journal, FailedOut failedOut, Accounts accounts, RunState state,
           Progress progress, BatchInput input, BatchOptions options, boolean planOnly, boolean showDiff) {
        this.pipeline = pipeline;
        this.presenter = presenter;
        this.journal = journal;
        this.failedOut = failedOut;
        this.accounts = accounts;
        this.state = state;
        this.progress = progress;
        this.extras = pipeline.plan().extras();
        this.input = input;
        this.options = options;
        this.planOnly = planOnly;
        this.showDiff = showDiff;
    }

    /** Runs the workers until the intake is empty or the run stops; returns when every request in flight has ended. */
    void run(Intake intake) {
        List<Thread> workers = new ArrayList<>(options.parallel());
        for (int i = 0; i < options.parallel(); i++) {
            Thread worker = new Thread(new Worker(intake), "billctl-batch-" + i);
            workers.add(worker);
            worker.start();
        }
        joinAll(workers); // every request in flight has ended and is journaled, before the journal closes
    }

    /** A second signal: what is in flight is journaled as uncertain before the process ends; answers how many. */
    int abandonInFlight() {
        int count = 0;
        for (Map.Entry<Long, String> record : inFlight.entrySet()) {
            try {
                journal.uncertain(record.getKey(), record.getValue());
            } catch (BillctlException unwritable) {
                // its "sent" entry already says as much
            }
            count++;
        }
        return count;
    }

    /** A named class, not a lambda: see Cli's handlers on what lambdas cost a cold start. */
    private final class Worker implements Runnable {
        private final Intake intake;

        Worker(Intake intake) {
            this.intake = intake;
        }

        @Override
        public void run() {
            List<Prepared> taken = new ArrayList<>(Intake.MOST_TAKEN);
            try {
                while (intake.take(taken)) {
                    for (Prepared record : taken) {
                        try {
                            // Taken but not sent when the run stops: "not started", as the summary says.
                            if (!state.stopping() && accounts.awaitTurn(record, state) && afterFirstAnswer()) send(record);
                        } finally {
                            accounts.finished(record);
                        }
                        if (progress.update(state.finished(), state.failed.get(), state.skipped.get(), false)) presenter.flush();
                    }
                    taken.clear();
                }
            } catch (Throwable e) {
                // A journal that cannot be written, a bug: stop the intake, let the other requests in flight end and
                // be journaled, then report it after the summary.
                for (Prepared record : taken) accounts.finished(record);
                state.broken(e);
            }
        }
    }

    /**
     * Whether this worker may send now: the first to ask goes at once (and opens the way for the others
     * once it has its answer, whatever it is); the others wait for that answer, and send only if the
     * run is still going.
     */
    private boolean afterFirstAnswer() {
        if (state.stopping()) return false;
        if (firstAnswered.getCount() == 0) return true;
        if (firstTaken.compareAndSet(false, true)) return true;
        try {
            while (!firstAnswered.await(100, TimeUnit.MILLISECONDS)) {
                if (state.stopping()) return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !state.stopping();
    }

    private void send(Prepared record) {
        try {
            sendOne(record);
        } finally {
            firstAnswered.countDown(); // the first answer has come (or the first record ended otherwise): the others may go
        }
    }

    private void sendOne(Prepared record) {
        inFlight.put(record.line(), record.id());
        Outcome outcome;
        try {
            Update update = record.update(extras);
            if (planOnly) {
                outcome = pipeline.plan(update);
            } else if (pipeline.readsFirst(update)) {
                // Journaled as sent once the read says it will go, with the values it changes: a crash from there on leaves it "uncertain".
                outcome = pipeline.apply(update, new Journaling(record));
            } else {
                journal.sent(record.line(), record.id()); // before the request leaves: a crash from here on leaves it "uncertain"
                outcome = pipeline.apply(update);
            }
        } catch (RuntimeException e) {
            inFlight.remove(record.line());
            throw e;
        }
        try {
            if (outcome.attempts() > 1) {
                state.retriedRecords.incrementAndGet();
                state.retries.addAndGet(outcome.attempts() - 1L);
                if (outcome.ok() && outcome.mayHaveRepeated()) state.mayHaveRepeated.incrementAndGet();
            }
            switch (outcome.status()) {
                case APPLIED -> done(record, outcome);
                case UNCHANGED -> unchanged(record, outcome);
                case PLANNED -> planned(record, outcome);
                case FAILED -> failed(record, outcome);
            }
        } finally {
            inFlight.remove(record.line());
        }
    }

    /** Writes a record's "sent" entry, with its before-image, right before its request leaves. */
    private final class Journaling implements BeforeWrite {
        private final Prepared record;

        Journaling(Prepared record) {
            this.record = record;
        }

        @Override
        public void sending(Update update, Diff diff) {
            journal.sent(record.line(), record.id(), diff);
        }
    }

    /** Counted and shown first: if the journal cannot take its "done", it was still applied (and stays "sent": uncertain). */
    private void done(Prepared record, Outcome outcome) {
        state.consecutiveUnavailable.set(0);
        state.done.incrementAndGet();
        if (outcome.applied() != null && outcome.applied().validatedOnly()) state.validated.incrementAndGet();
        if (outcome.diff() != null) presenter.recordChanged(record.line(), pipeline.backend().id(), pipeline.backend().idName(), outcome, showDiff);
        else presenter.recordApplied(record.line(), pipeline.backend().id(), outcome.applied());
        journal.done(record.line(), outcome.id(), outcome.attempts());
    }

    /** Left alone: the account already had the values (--skip-unchanged). Done, for --resume; nothing for undo. */
    private void unchanged(Prepared record, Outcome outcome) {
        state.consecutiveUnavailable.set(0);
        state.unchanged.incrementAndGet();
        presenter.recordChanged(record.line(), pipeline.backend().id(), pipeline.backend().idName(), outcome, showDiff);
        journal.unchanged(record.line(), outcome.id());
    }

    /** A dry run's record: read, compared, not sent. */
    private void planned(Prepared record, Outcome outcome) {
        state.consecutiveUnavailable.set(0);
        state.planned.incrementAndGet();
        presenter.recordChanged(record.line(), pipeline.backend().id(), pipeline.backend().idName(), outcome, showDiff);
    }

    private void failed(Prepared record, Outcome outcome) {
        BillctlException e = outcome.error();
        state.failed.incrementAndGet();
        journal.failed(record.line(), outcome.id(), e, outcome.attempts());
        failedOut.add(record.raw(), e.getMessage());
        // The records already in flight when the server refused the credentials meet the same refusal: it is said once.
        boolean sameRefusal = e.exitCode() == ExitCode.AUTH && state.fatal() != null && e.getMessage().equals(state.fatal().getMessage());
        if (!sameRefusal) {
            presenter.recordFailed(record.line(), pipeline.backend().id(), outcome,
                    input.where(record.line()) + " (" + pipeline.backend().idName() + " " + outcome.id() + "): " + e.getMessage());
        }
        if (e.exitCode() == ExitCode.AUTH && !e.isThisAccountOnly() || e.exitCode() == ExitCode.INTERRUPTED) {
            // Credentials the server refuses will be refused for every record: stop here. A permission
            // the login lacks for one account only (the vendor said so) fails that record alone.
            state.fatal(e);
        } else if (e.exitCode() == ExitCode.UNAVAILABLE) {
            // Each of these already had its retries: this many in a row, whichever workers met them, means the server is gone.
            if (state.consecutiveUnavailable.incrementAndGet() >= options.maxConsecutiveFailures()) state.serverStopped(e);
        } else {
            state.consecutiveUnavailable.set(0);
        }
        if (options.failFast()) state.stop();
    }

    /** Waits for every worker; an interrupt of this thread stops the intake, and the wait goes on. */
    private void joinAll(List<Thread> workers) {
        boolean interruptedWhileWaiting = false;
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interruptedWhileWaiting = true;
                    state.stop();
                }
            }
        }
        if (interruptedWhileWaiting) Thread.currentThread().interrupt();
    }
}
