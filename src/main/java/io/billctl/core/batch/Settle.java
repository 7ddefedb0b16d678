package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.OutputFailed;
import io.billctl.core.apply.Outcome;
import io.billctl.core.backend.Backend;
import io.billctl.core.http.Redactor;
import io.billctl.core.output.Presenter;
import java.util.ArrayList;
import java.util.List;

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
    /** What records of accounts the file names more than once set, for --failed-out to leave out what a later one set. */
    private final Superseding superseding;
    /**
     * Failed records of accounts the file names more than once, held back from --failed-out until no later record
     * of their accounts can be done any more: the end of the run ({@link #flushFailedOut}).
     */
    private final List<Held> held = new ArrayList<>();

    private record Held(Prepared record, String message) {}

    Settle(Backend backend, Presenter presenter, Journal journal, FailedOut failedOut, RunState state, BatchInput input,
           BatchOptions options, boolean showDiff, boolean planOnly, Redactor redactor, Superseding superseding) {
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
        this.superseding = superseding;
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
        boolean checkedOnly = outcome.applied() != null && outcome.applied().validatedOnly();
        if (failedOut.enabled() && !checkedOnly) superseding.done(record);
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
        if (failedOut.enabled()) superseding.done(record);
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
        if (failedOut.enabled() && superseding.repeats(record)) {
            synchronized (held) {
                // A later record of its account may yet be done. Its error masked now, while the record's secrets are held:
                // it is written after they are let go.
                held.add(new Held(record, redactor.text(e.getMessage())));
            }
        } else {
            failedOut.add(record.raw(), e.getMessage());
        }
    }

    /**
     * The failed records held back to --failed-out, in file order, each without what a later record of its account,
     * done in this run or a run before, set: one left with nothing is left out. Run again, the file then never
     * puts an earlier value back over a later one. Said in a warning or two. A write that fails throws, as
     * {@link FailedOut#add} does.
     */
    void flushFailedOut() {
        List<Held> all;
        synchronized (held) {
            all = new ArrayList<>(held);
            held.clear();
        }
        if (all.isEmpty()) return;
        all.sort((a, b) -> Long.compare(a.record().line(), b.record().line()));
        List<String> leftOut = new ArrayList<>();
        List<String> narrowed = new ArrayList<>();
        List<String> uncarried = new ArrayList<>();
        for (Held failed : all) {
            Prepared original = superseding.original(failed.record());
            Superseding.Remainder left = superseding.remainder(original);
            if (left == null) {
                failedOut.add(original.raw(), failed.message());
            } else if (left.superseded()) {
                leftOut.add(name(original));
            } else {
                for (String field : failedOut.add(original.raw(), failed.message(), left.dropped(), left.replaced())) {
                    uncarried.add(name(original) + ": " + field);
                }
                narrowed.add(name(original) + ": " + left.leftOut());
            }
        }
        String file = "--failed-out " + options.failedOut();
        if (!leftOut.isEmpty()) {
            presenter.warning(count(leftOut.size(), "failed record") + (leftOut.size() == 1 ? " is" : " are") + " left out of " + file + " ("
                    + list(leftOut) + "): " + (leftOut.size() == 1 ? "a later record of its account, done, set everything it sets"
                    : "later records of their accounts, done, set everything they set"));
        }
        if (!narrowed.isEmpty()) {
            presenter.warning(count(narrowed.size(), "failed record") + (narrowed.size() == 1 ? " is" : " are") + " written to " + file + " without what "
                    + (narrowed.size() == 1 ? "a later record of its account" : "later records of their accounts") + ", done, set ("
                    + String.join("; ", narrowed.subList(0, Math.min(20, narrowed.size()))) + (narrowed.size() > 20 ? "; …" : "") + ")");
        }
        if (!uncarried.isEmpty()) {
            presenter.warning(file + " has no column for what a later record set and a change of the failed record empties ("
                    + String.join("; ", uncarried) + "): run again as it is, that record empties it");
        }
    }

    /** "line 7" in the input; for records billctl made itself (undo's), whose lines mean nothing to the reader, "id 7". */
    String name(Prepared record) {
        return input.madeByBillctl() ? backend.idName() + " " + record.id() : "line " + record.line();
    }

    /** "line 1", or "lines 1, 4, 7" (at most 20 named); for other names, each as it is. */
    static String list(List<String> names) {
        if (names.size() == 1) return names.get(0);
        boolean lines = true;
        for (String name : names) lines &= name.startsWith("line ");
        List<String> shown = new ArrayList<>();
        for (String name : names.subList(0, Math.min(20, names.size()))) shown.add(lines ? name.substring(5) : name);
        return (lines ? "lines " : "") + String.join(", ", shown) + (names.size() > 20 ? ", …" : "");
    }

    static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
