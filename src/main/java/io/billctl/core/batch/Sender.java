package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Interrupts;
import io.billctl.core.apply.Outcome;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.output.Presenter;
import io.billctl.core.output.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The second pass: {@code --parallel} workers, each taking records from the {@link Intake} and
 * sending them through the run's {@link Pipeline} (the same one a single update goes through),
 * each outcome journaled, counted and handed to the presenter as it happens. Credentials the server
 * refuses stop the run; so does the first failure with {@code --fail-fast}. Ctrl-C stops the
 * intake and lets the requests in flight finish and be journaled.
 */
final class Sender {
    private final Pipeline pipeline;
    private final Presenter presenter;
    private final Journal journal;
    private final RunState state;
    private final Progress progress;
    private final Map<String, String> extras;
    private final String label;
    private final boolean failFast;

    Sender(Pipeline pipeline, Presenter presenter, Journal journal, RunState state, Progress progress, String label, boolean failFast) {
        this.pipeline = pipeline;
        this.presenter = presenter;
        this.journal = journal;
        this.state = state;
        this.progress = progress;
        this.extras = pipeline.plan().extras();
        this.label = label;
        this.failFast = failFast;
    }

    /** Runs the workers until the intake is empty or the run stops; returns when every request in flight has ended. */
    void run(Intake intake, int parallel, Runnable onInterrupt) {
        AutoCloseable signal = installInterrupt(onInterrupt);
        try {
            List<Thread> workers = new ArrayList<>(parallel);
            for (int i = 0; i < parallel; i++) {
                Thread worker = new Thread(new Worker(intake), "billctl-batch-" + i);
                workers.add(worker);
                worker.start();
            }
            joinAll(workers); // every request in flight has ended and is journaled, before the journal closes
        } finally {
            try {
                signal.close();
            } catch (Exception e) {
                state.broken(e);
            }
        }
    }

    /** A named class, not a lambda: see Cli's handlers on what lambdas cost a cold start. */
    private final class Worker implements Runnable {
        private final Intake intake;

        Worker(Intake intake) {
            this.intake = intake;
        }

        @Override
        public void run() {
            try {
                List<Prepared> taken = new ArrayList<>(Intake.MOST_TAKEN);
                while (intake.take(taken)) {
                    for (Prepared record : taken) {
                        if (state.stopping()) break; // taken but not sent: "not started", as the summary says
                        send(record);
                        if (progress.update(state.done.get(), state.failed.get(), state.skipped.get(), false)) presenter.flush();
                    }
                    taken.clear();
                }
            } catch (Throwable e) {
                // A bug or an unreadable spool: stop the intake, let the other requests in flight end and be journaled,
                // then report it after the summary.
                state.broken(e);
            }
        }
    }

    private void send(Prepared record) {
        Outcome outcome = pipeline.apply(record.update(extras));
        if (outcome.ok()) {
            journal.done(record.line(), outcome.id(), outcome.attempts());
            state.done.incrementAndGet();
            presenter.recordApplied(record.line(), pipeline.backend().id(), outcome.applied());
            return;
        }
        BillctlException e = outcome.error();
        journal.failed(record.line(), outcome.id(), e, outcome.attempts());
        state.failed.incrementAndGet();
        presenter.recordFailed(record.line(), pipeline.backend().id(), outcome.id(), e,
                label + " line " + record.line() + " (" + pipeline.backend().idName() + " " + outcome.id() + "): " + e.getMessage(), outcome.attempts());
        if (e.exitCode() == ExitCode.AUTH || e.exitCode() == ExitCode.INTERRUPTED) {
            // Credentials the server refuses will be refused for every record: stop here.
            state.fatal(e);
        } else if (failFast) {
            state.stop();
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

    private AutoCloseable installInterrupt(Runnable onInterrupt) {
        try {
            return Interrupts.onFirst(onInterrupt);
        } catch (RuntimeException | LinkageError e) {
            return NO_SIGNALS; // no signal support here: Ctrl-C ends the process as usual
        }
    }

    private static final AutoCloseable NO_SIGNALS = new AutoCloseable() {
        @Override
        public void close() {}
    };
}
