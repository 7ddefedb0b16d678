package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.OutputFailed;
import io.billctl.core.apply.Outcome;
import io.billctl.core.backend.Backend;
import io.billctl.core.http.Redactor;
import io.billctl.core.output.Presenter;

/**
 * Where a batch record's outcome goes once its request has ended: counted in the run's state,
 * shown by the presenter, journaled (done, unchanged or failed), a failed record written to
 * {@code --failed-out}; and what it means for the run: credentials refused, a URL that leads nowhere, the server gone
 * ({@code --max-consecutive-failures}), {@code --fail-fast}, a stdout that cannot take the outcome (the run
 * stops taking records; the record is journaled all the same).
 */
final class Settle {
    private final Backend backend;
    private final Presenter presenter;
    private final Journal journal;
    private final FailedOut failedOut;
    private final RunState state;
    private final BatchInput input;
    private final BatchOptions options;
    /** --diff: each record's changes on stdout in a table too. */
    private final boolean showDiff;
    /** --dry-run --diff: the records are read and compared, never sent. */
    private final boolean planOnly;
    /** The run's redactor: an error kept past its record (the one a stopped run ends with) is masked while the record's secrets are held. */
    private final Redactor redactor;

    Settle(Backend backend, Presenter presenter, Journal journal, FailedOut failedOut, RunState state, BatchInput input,
           BatchOptions options, boolean showDiff, boolean planOnly, Redactor redactor) {
        this.redactor = redactor;
        this.backend = backend;
        this.presenter = presenter;
        this.journal = journal;
        this.failedOut = failedOut;
        this.state = state;
        this.input = input;
        this.options = options;
        this.showDiff = showDiff;
        this.planOnly = planOnly;
    }

    /** One record's outcome, whatever it is. */
    void record(Prepared record, Outcome outcome) {
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
    }

    /** Counted and shown first: if the journal cannot take its "done", it was still applied (and stays "sent": uncertain). */
    private void done(Prepared record, Outcome outcome) {
        state.consecutiveUnavailable.set(0);
        state.done.incrementAndGet();
        if (outcome.applied() != null && outcome.applied().validatedOnly()) state.validated.incrementAndGet();
        try {
            if (outcome.diff() != null) presenter.recordChanged(record.line(), backend.id(), backend.idName(), outcome, showDiff, planOnly);
            else presenter.recordApplied(record.line(), backend.id(), outcome.applied());
        } catch (OutputFailed e) {
            state.outputFailed(e); // journaled all the same: it was applied
        }
        journal.done(record.line(), outcome.id(), outcome.attempts());
    }

    /** Left alone: the account already had the values (--skip-unchanged). Done, for --resume; nothing for undo. */
    private void unchanged(Prepared record, Outcome outcome) {
        state.consecutiveUnavailable.set(0);
        state.unchanged.incrementAndGet();
        try {
            presenter.recordChanged(record.line(), backend.id(), backend.idName(), outcome, showDiff, planOnly);
        } catch (OutputFailed e) {
            state.outputFailed(e);
        }
        journal.unchanged(record.line(), outcome.id());
    }

    /** A dry run's record: read, compared, not sent. */
    private void planned(Prepared record, Outcome outcome) {
        state.consecutiveUnavailable.set(0);
        state.planned.incrementAndGet();
        try {
            presenter.recordChanged(record.line(), backend.id(), backend.idName(), outcome, showDiff, planOnly);
        } catch (OutputFailed e) {
            state.outputFailed(e);
        }
    }

    private void failed(Prepared record, Outcome outcome) {
        BillctlException e = outcome.error();
        state.failed.incrementAndGet();
        journal.failed(record.line(), outcome.id(), e, outcome.attempts());
        // The records already in flight when the server refused the credentials meet the same refusal: it is said once.
        boolean sameRefusal = e.exitCode() == ExitCode.AUTH && state.fatal() != null && e.getMessage().equals(state.fatal().getMessage());
        if (!sameRefusal) {
            try {
                presenter.recordFailed(record.line(), backend.id(), outcome,
                        input.where(record.line()) + " (" + backend.idName() + " " + outcome.id() + "): " + e.getMessage());
            } catch (OutputFailed gone) {
                state.outputFailed(gone); // journaled above
            }
        }
        if (e.exitCode() == ExitCode.AUTH && !e.isThisAccountOnly() || e.exitCode() == ExitCode.INTERRUPTED || e.isForEveryRequest()) {
            // Credentials the server refuses will be refused for every record, and a URL that leads nowhere
            // leads nowhere for every record: stop here. A permission the login lacks for one account only
            // (the vendor said so) fails that record alone.
            state.fatal(e);
        } else if (e.exitCode() == ExitCode.UNAVAILABLE) {
            // Each of these already had its retries: this many in a row, whichever workers met them, means the server is gone.
            if (state.consecutiveUnavailable.incrementAndGet() >= options.maxConsecutiveFailures()) {
                // Said after the run, when this record's secrets are no longer held: masked now.
                state.serverStopped(options.maxConsecutiveFailures() + " records in a row failed with a network or server error after their retries (--max-consecutive-failures)",
                        new BillctlException(e.exitCode(), redactor.text(e.getMessage()), e.fields(), e.vendorCode(), null));
            }
        } else {
            state.consecutiveUnavailable.set(0);
        }
        if (options.failFast()) state.stop();
        // Last: a --failed-out that cannot be written stops the run, and the record's own error is said and counted first.
        failedOut.add(record.raw(), e.getMessage());
    }
}
