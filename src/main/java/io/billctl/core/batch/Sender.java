package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.apply.Outcome;
import io.billctl.core.apply.BeforeWrite;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.backend.Update;
import io.billctl.core.diff.Diff;
import io.billctl.core.http.Redactor;
import io.billctl.core.output.Presenter;
import io.billctl.core.http.Transport;
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
 * record is journaled as sent before its request leaves; its outcome is {@link Settle}d (journaled as
 * done or failed, counted, handed to the presenter). Records of one account go one at a time, in file order ({@link Accounts}).
 * The run stops for credentials the server refuses, a URL that leads nowhere, the first failure with {@code --fail-fast}, a
 * server that stopped answering ({@code --max-consecutive-failures}), or a journal it cannot write.
 */
final class Sender {
    private final Pipeline pipeline;
    private final Presenter presenter;
    private final Journal journal;
    private final Accounts accounts;
    private final RunState state;
    private final Progress progress;
    private final Map<String, String> extras;
    private final BatchOptions options;
    /** A dry run with --diff: each record's account read and compared, nothing written. */
    private final boolean planOnly;
    private final Settle settle;
    /** A plan's records of an account named more than once: each judged on what the ones before it would leave. */
    private final PlannedAccounts planned;
    /**
     * The records whose update requests are in flight (journaled as sent): line -> id, for a second
     * signal to journal as uncertain. A record still reading its account has sent nothing: it is not
     * here, and a resume sends it as one never started.
     */
    private final Map<Long, String> inFlight = new ConcurrentHashMap<>();
    /**
     * The first record goes alone, and the other workers wait for its answer (or its first attempt
     * that got none): credentials the server refuses then cost one request, not one per worker
     * (Enswitch and JeraSoft carry them on every request, and a burst of refused logins can lock the
     * API user).
     */
    private final AtomicBoolean firstTaken = new AtomicBoolean();
    private final CountDownLatch firstAnswered = new CountDownLatch(1);

    Sender(Pipeline pipeline, Presenter presenter, Journal journal, FailedOut failedOut, Accounts accounts, RunState state,
           Progress progress, BatchInput input, BatchOptions options, boolean planOnly, boolean showDiff, Superseding superseding) {
        this.pipeline = pipeline;
        this.presenter = presenter;
        this.journal = journal;
        this.accounts = accounts;
        this.state = state;
        this.progress = progress;
        this.extras = pipeline.plan().extras();
        this.options = options;
        this.planOnly = planOnly;
        this.planned = new PlannedAccounts(accounts);
        this.settle = new Settle(pipeline.backend(), presenter, journal, failedOut, state, input, options, showDiff, planOnly, pipeline.redactor(),
                superseding);
        pipeline.watchUnanswered(new Unanswered());
    }

    /**
     * The attempts that got no answer. The first one opens the way for the other workers (no answer
     * is no verdict on the credentials, so there is no storm of refusals to spare the server), and
     * {@code --max-consecutive-failures} of them in a row stop the run and every retry: counted by
     * records alone, a server that takes connections and answers nothing would hold each record
     * through all its retries at the full timeout. A server that has answered nothing since the run
     * began is given one attempt per worker (at least two in all): the first record's, then one wave
     * of every worker's, about two timeouts, instead of a streak made for a server that was answering.
     */
    private final class Unanswered implements Transport.Unanswered {
        @Override
        public boolean unanswered(int streak, boolean neverAnswered, String failure) {
            firstAnswered.countDown();
            int enough = neverAnswered ? Math.min(options.maxConsecutiveFailures(), Math.max(2, options.parallel())) : options.maxConsecutiveFailures();
            if (streak < enough) return false;
            state.serverStopped(streak + " requests in a row got no answer" + (neverAnswered
                            ? ", and not one request has had an answer since the run began (one attempt per --parallel worker)" : " (--max-consecutive-failures)"),
                    new BillctlException(io.billctl.core.ExitCode.UNAVAILABLE, failure));
            return true;
        }
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

    /**
     * Once every record has ended: the failed records --failed-out held back (a later record of their accounts might
     * still have been done) written, without what such records set. A write that fails throws.
     */
    void flushFailedOut() {
        settle.flushFailedOut();
    }

    /**
     * A second signal: what is in flight is journaled as uncertain before the process ends, and the failed records
     * held back for --failed-out are written as they stand; answers how many records were in flight.
     */
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
        try {
            settle.flushFailedOut();
        } catch (RuntimeException unwritable) {
            // the process ends now; the journal has them
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
                        try {
                            if (progress.update(state.finished(), state.failed.get(), state.passed(), false)) presenter.flush();
                        } catch (io.billctl.core.OutputFailed e) {
                            state.outputFailed(e); // stdout's reader gone, or a full disk: no more records
                        }
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

    /**
     * One record, its secret values (a password in its file) held by the run's redactor from before its
     * request is built until its outcome is shown, journaled and written to --failed-out: a server that
     * echoes one is masked everywhere, and the run keeps no more secrets than it has records in flight.
     */
    private void sendOne(Prepared record) {
        Update update = record.update(extras);
        try (Redactor.Held secrets = pipeline.holdSecrets(update)) {
            Outcome outcome;
            try {
                if (planOnly) {
                    outcome = pipeline.plan(update, planned);
                } else if (pipeline.readsFirst(update)) {
                    // Journaled as sent once the read says it will go, with the values it changes: a crash from there on leaves it "uncertain".
                    outcome = pipeline.apply(update, new Journaling(record));
                } else {
                    journal.sent(record.line(), record.id()); // before the request leaves: a crash from here on leaves it "uncertain"
                    inFlight.put(record.line(), record.id());
                    outcome = pipeline.apply(update);
                }
            } catch (RuntimeException e) {
                inFlight.remove(record.line());
                throw e;
            }
            try {
                settle.record(record, outcome);
            } finally {
                inFlight.remove(record.line());
            }
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
            inFlight.put(record.line(), record.id());
        }
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
