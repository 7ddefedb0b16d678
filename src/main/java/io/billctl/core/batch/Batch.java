package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Interrupts;
import io.billctl.core.OutputFailed;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.output.Presenter;
import io.billctl.core.output.Progress;
import io.billctl.core.input.InputFile;
import io.billctl.core.update.UpdatePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --batch}: one update per record, in two passes. The journal is opened and locked first.
 * The first pass ({@link Preflight}) reads the input once (file, stdin, pipe or FIFO), fingerprints
 * it and prepares every record (typed, validated; bad ones stop the run, exit 2, nothing sent) into
 * a private spool; the journal then proves it belongs to this input and target. The second pass
 * ({@link Sender}) sends them with bounded concurrency and an optional rate through the same
 * {@link Pipeline} as a single update. One client, and so one login, serves every worker.
 */
public final class Batch {
    private static final int DRY_RUN_SHOWN = 3;

    private final Context context;
    private final UpdatePlan plan;
    private final Connector connector;
    /** Made by the connector once the input is read. */
    private Pipeline pipeline;
    private final BatchOptions options;
    private final Presenter presenter;

    /**
     * Makes the run's pipeline, once the whole input has been read: connecting may start the embedded
     * sandbox, whose lock the writer of the input may hold until its output is read
     * ({@code billctl list -o jsonl | billctl update --batch -} on {@code -p sandbox}).
     */
    public interface Connector {
        Pipeline connect();
    }

    private Batch(Context context, UpdatePlan plan, Connector connector, BatchOptions options) {
        this.context = context;
        this.plan = plan;
        this.connector = connector;
        this.options = options;
        this.presenter = context.presenter();
    }

    /** Runs the batch; answers the exit code. */
    public static int run(Context context, UpdatePlan plan, Connector connector, BatchOptions options) {
        return new Batch(context, plan, connector, options).run(BatchInput.of(options));
    }

    /** The same for records billctl made itself (undo's inverse batch), through a pipeline already made. */
    static int run(Context context, Pipeline pipeline, BatchOptions options, BatchInput input) {
        return new Batch(context, pipeline.plan(), new Made(pipeline), options).run(input);
    }

    /** A pipeline already made. A class, not a lambda (start-up). */
    private record Made(Pipeline pipeline) implements Connector {
        @Override
        public Pipeline connect() {
            return pipeline;
        }
    }

    private int run(BatchInput input) {
        boolean dryRun = context.globals().dryRun();
        refuseOverwriting(input);
        try (Journal journal = options.journal() == null || dryRun ? Journal.none()
                : Journal.open(options.journal(), options.resume(), presenter::journalLine);
             Spool spool = Spool.create(context.env())) {
            Preflight.Result prepared;
            RunIdentity identity;
            List<String> csvHeader;
            FailedOut.Look look;
            // The fingerprint is of the bytes as given (byte-order mark and all): --resume knows the same file.
            Fingerprint in = new Fingerprint(input.open(context.env()));
            BatchOptions.Format format;
            String encoding;
            try (in; RecordReader reader = RecordReader.open(in, input, plan.backend().catalog(), presenter::info)) {
                format = reader.format();
                prepared = Preflight.run(reader, plan, input.label(), spool, options.failedOut() != null);
                csvHeader = reader.header();
                look = reader.look();
                encoding = reader.encoding(input);
            } catch (java.io.IOException e) {
                throw BillctlException.usage("cannot read " + input.label() + ": " + InputFile.reason(e));
            }
            pipeline = connector.connect();
            identity = new RunIdentity(input.label(), in.size(), in.sha256(), format.name(), prepared.records(),
                    plan.backend().id(), pipeline.endpoint().profile(), pipeline.endpoint().sessionScope(), plan.backend().command(),
                    RunIdentity.fieldsHash(plan.commandLineText()), encoding);
            // Flags apply over every record (README): said, where they replace a value a record gives.
            prepared.overridden().forEach((flag, n) -> presenter.warning(flag + " replaces another value given by " + n + " record"
                    + (n == 1 ? "" : "s") + " of " + input.label() + " (a command-line field applies over every record)"));
            // A field whose setting a run says (PortaBilling's PIN): once, counted, not per record.
            prepared.noted().forEach((field, n) -> presenter.info("note: " + n + " record" + (n == 1 ? "" : "s") + " of " + input.label()
                    + " set" + (n == 1 ? "s " : " ") + field + ", which " + plan.backend().catalog().find(field).flatMap(io.billctl.core.catalog.Field::recordNote)
                    .orElse("")));
            if (prepared.accounts().repeatedCount() > 0) {
                presenter.warning(prepared.accounts().repeatedCount() + " accounts appear more than once in " + input.label()
                        + "; their records are applied one at a time, in file order");
            }
            if (dryRun && prepared.conditional() > 0 && !options.diff()) {
                presenter.info(prepared.conditional() + " record" + (prepared.conditional() == 1 ? " carries" : "s carry")
                        + " expectations (expect.FIELD or --expect): every account is read to judge them, as with --diff");
            }
            // Expectations are judged on the account, as the run judges them: a dry run that did not read would say yes to what the run refuses.
            if (dryRun && (options.diff() || prepared.conditional() > 0)) return plan(spool, prepared, input);
            if (dryRun) return dryRun(spool, prepared.records());
            journal.begin(identity, options.resumeUncertain());
            Superseding superseding = new Superseding(plan.backend().catalog(), prepared.accounts());
            superseding.learn(spool, journal.history());
            warnSuperseded(superseding, journal.history(), input);
            warnUncertain(journal, superseding);
            try (FailedOut failedOut = options.failedOut() == null ? FailedOut.none()
                    : FailedOut.open(options.failedOut(), identity.format().equals("csv") ? BatchOptions.Format.csv : BatchOptions.Format.jsonl,
                            csvHeader, look, context.redactor()::text, presenter::warning)) {
                return send(spool, prepared, journal, failedOut, input, superseding);
            }
        }
    }

    /**
     * {@code --failed-out} is opened as a shell's {@code >} opens it, truncated: naming the journal would destroy it
     * ("not a billctl journal" ever after, for --resume and undo alike), naming the input would replace the records
     * with the failed ones. Refused before anything is opened or sent.
     */
    private void refuseOverwriting(BatchInput input) {
        java.nio.file.Path out = options.failedOut();
        if (out == null) return;
        if (options.journal() != null && SameFile.same(out, options.journal())) {
            throw BillctlException.usage("--failed-out " + out + " is the --journal " + options.journal() + ", which it would overwrite; give the "
                    + "failed records a file of their own");
        }
        if (!input.madeByBillctl()) {
            boolean stdin = "-".equals(input.name());
            java.nio.file.Path in = java.nio.file.Path.of(stdin ? "/dev/stdin" : input.name());
            // Only a file can be overwritten: a terminal that is both stdin and stderr (--failed-out /dev/stderr) is not.
            if (java.nio.file.Files.isRegularFile(in) && SameFile.same(out, in)) {
                throw BillctlException.usage("--failed-out " + out + " is the --batch input" + (stdin ? " (stdin)" : "") + ", which it would overwrite; "
                        + "give the failed records a file of their own");
            }
        }
    }

    private int dryRun(Spool spool, long records) {
        int shown = 0;
        for (Prepared record = spool.next(); record != null && shown < DRY_RUN_SHOWN; record = spool.next(), shown++) {
            if (shown > 0) presenter.requestSeparator();
            io.billctl.core.backend.Update update = record.update(pipeline.plan().extras());
            long line = record.line();
            try (io.billctl.core.http.Redactor.Held secrets = pipeline.holdSecrets(update)) {
                presenter.request(pipeline.preview(update), pipeline.previewWarnings(update).stream().map(w -> "line " + line + ": " + w).toList());
            }
        }
        presenter.batchDryRun(records, shown);
        return ExitCode.OK;
    }

    /**
     * {@code --dry-run --diff}: every record's account read, with the same workers and pace as a run,
     * and what its update would change shown; nothing written, no journal.
     */
    private int plan(Spool spool, Preflight.Result prepared, BatchInput input) {
        RunState state = new RunState(prepared.records());
        Progress progress = progress(prepared.records());
        Intake intake = new Intake(spool, JournalHistory.empty(), prepared.accounts(), state, options);
        Sender sender = new Sender(pipeline, presenter, Journal.none(), FailedOut.none(), prepared.accounts(), state, progress, input, options, true, true,
                Superseding.NONE);
        AutoCloseable signals = installSignals(state, sender, false);
        try {
            sender.run(intake);
        } finally {
            close(signals, state);
        }
        progress.update(state.finished(), state.failed.get(), 0, true);
        progress.finish();
        try {
            presenter.flush();
        } catch (OutputFailed e) {
            state.outputFailed(e);
        }
        BillctlException stopped = runError(state, false, null);
        if (stopped instanceof OutputFailed) return stopped.exitCode(); // said already, or a broken pipe: nothing to say
        if (stopped != null && stopped.getCause() instanceof OutputFailed) {
            presenter.errorLine(stopped); // before the summary, which goes to the same stdout that failed
            return stopped.exitCode();
        }
        presenter.batchPlanSummary(stopped == null && state.allWell(), state.records, state.planned.get(), state.unchanged.get(), state.failed.get());
        if (stopped != null) {
            presenter.errorLine(stopped);
            return stopped.exitCode();
        }
        if (state.interrupted()) return state.signalExit();
        if (state.fatal() != null) return state.fatal().exitCode();
        return state.recordsExitCode();
    }

    /** The run's progress, as --progress asks, as wide as the terminal; "validated" where the server only checks the records. */
    private Progress progress(long records) {
        var terminal = context.env().terminal();
        Progress.Mode mode = options.progress().on(terminal.stderr());
        int columns = mode == Progress.Mode.bar ? terminal.width(context.env().vars()) : 0;
        return presenter.progress(records, mode, terminal.stderr(), columns, pipeline.plan().validatesOnly() ? "validated" : "done");
    }

    /**
     * On resume: the records that later records of their accounts, done by the runs before, supersede: left out, or
     * sent without what those set. Said once, by line.
     */
    private void warnSuperseded(Superseding superseding, JournalHistory history, BatchInput input) {
        List<String> leftOut = new ArrayList<>();
        List<String> narrowed = new ArrayList<>();
        for (Superseding.Remainder left : superseding.resumed()) {
            long line = left.original().line();
            String name = input.madeByBillctl() ? plan.backend().idName() + " " + left.original().id() : "line " + line;
            if (left.superseded()) leftOut.add(name);
            else if (options.resumeUncertain() || !history.isUncertain(line)) narrowed.add(name + ": " + left.leftOut());
        }
        String in = input.madeByBillctl() ? "" : " in " + input.label();
        if (!leftOut.isEmpty()) {
            presenter.warning(Settle.count(leftOut.size(), "record") + (leftOut.size() == 1 ? " is" : " are") + " superseded (" + Settle.list(leftOut) + "): "
                    + (leftOut.size() == 1 ? "a later record of its account" + in + ", already done, set everything it sets"
                    : "later records of their accounts" + in + ", already done, set everything they set") + "; not sent");
        }
        if (!narrowed.isEmpty()) {
            presenter.warning(Settle.count(narrowed.size(), "record") + (narrowed.size() == 1 ? " is" : " are") + " sent without what "
                    + (narrowed.size() == 1 ? "a later record of its account" : "later records of their accounts") + in + ", already done, set ("
                    + String.join("; ", narrowed.subList(0, Math.min(20, narrowed.size()))) + (narrowed.size() > 20 ? "; …" : "") + ")");
        }
    }

    /**
     * On resume: the records the last run left in flight, which are not sent again unless asked; not those a later
     * record of their account, done since, supersedes: whatever they did, it came after.
     */
    private void warnUncertain(Journal journal, Superseding superseding) {
        var uncertain = (java.util.BitSet) journal.history().uncertain().clone();
        for (Superseding.Remainder left : superseding.resumed()) {
            if (left.superseded() && left.original().line() <= Integer.MAX_VALUE) uncertain.clear((int) left.original().line());
        }
        if (uncertain.isEmpty()) return;
        List<String> lines = new ArrayList<>();
        for (int line = uncertain.nextSetBit(0); line >= 0 && lines.size() < 20; line = uncertain.nextSetBit(line + 1)) lines.add(Integer.toString(line));
        String which = "line" + (lines.size() > 1 ? "s " : " ") + String.join(", ", lines) + (uncertain.cardinality() > 20 ? ", …" : "");
        presenter.warning(uncertain.cardinality() + " records were in flight when the last run stopped (" + which + "): they may or may not have been applied; "
                + (options.resumeUncertain() ? "sending them again (--resume-uncertain)" : "not sent again; --resume-uncertain sends them"));
    }

    private int send(Spool spool, Preflight.Result prepared, Journal journal, FailedOut failedOut, BatchInput input, Superseding superseding) {
        RunState state = new RunState(prepared.records());
        Progress progress = progress(prepared.records());
        Intake intake = new Intake(spool, journal.history(), superseding, prepared.accounts(), state, options);
        Sender sender = new Sender(pipeline, presenter, journal, failedOut, prepared.accounts(), state, progress, input, options, false, options.diff(),
                superseding);
        boolean journaled = options.journal() != null;
        AutoCloseable signals = installSignals(state, sender, journaled);
        try {
            sender.run(intake);
            try {
                sender.flushFailedOut();
            } catch (BillctlException unwritable) {
                state.broken(unwritable); // --failed-out cannot be written: said after the summary, as when a worker met it
            }
        } finally {
            close(signals, state);
        }
        progress.update(state.finished(), state.failed.get(), state.passed(), true);
        progress.finish();
        BillctlException stopped = runError(state, true, options.journal());
        OutputFailed summaryUnwritten = new BatchReport(presenter, options).summary(state, failedOut.written(), stopped, pipeline.guard().readFirst(),
                pipeline.plan().validatesOnly());
        if (stopped != null) return stopped.exitCode();
        if (summaryUnwritten != null) {
            presenter.errorLine(summaryUnwritten); // every record ended, but the summary could not be written: no success
            return summaryUnwritten.exitCode();
        }
        if (state.interrupted()) return state.signalExit();
        if (state.fatal() != null) return state.fatal().exitCode();
        return state.recordsExitCode();
    }

    /**
     * What stopped the run as a whole, not one record: a journal or {@code --failed-out} that cannot be
     * written, a bug, a server gone. Null when nothing did. Only a run with a journal ({@code journal}
     * not null) can be continued with --resume: without one, the error does not point at --resume. A stdout
     * that cannot be written is said with what a rerun can do ({@code sending}: not a dry run), which the
     * summary, written to that same stdout, then does not say again.
     */
    private static BillctlException runError(RunState state, boolean sending, java.nio.file.Path journal) {
        boolean journaled = journal != null;
        Throwable broken = state.broken();
        if (broken instanceof BillctlException e) {
            return new BillctlException(e.exitCode(), e.getMessage() + "; stopped (" + state.notStarted() + " records not sent"
                    + (journaled ? "; --resume lists the records that ended after the journal's last write as uncertain)" : ")"), e);
        }
        if (broken != null) return new BillctlException(ExitCode.UNAVAILABLE, "batch failed: " + broken + " (rerun with --stacktrace and report it)", broken);
        BillctlException gone = state.serverStopped();
        if (gone != null) {
            // With what happened: the same breaker trips on a server that answers, but not as its API would (an HTML page, a bare 404).
            return new BillctlException(ExitCode.UNAVAILABLE, "the server stopped answering: " + state.serverStoppedWhy()
                    + "; the last: " + gone.getMessage() + " (" + state.notStarted() + " records not sent" + (journaled ? "; --resume continues)" : ")"));
        }
        OutputFailed output = state.outputFailed();
        if (output == null) return null;
        // stdout's reader gone (| head): exit 141 and no error line, as Unix tools do; the summary's note on stderr says what was not sent.
        if (output.brokenPipe()) return output;
        output.said(); // said here, with what the run did not send
        long notStarted = state.notStarted();
        return new BillctlException(output.exitCode(), output.getMessage() + (notStarted == 0 ? "; every record was sent"
                : "; stopped (" + notStarted + (notStarted == 1 ? " record" : " records") + " not sent" + (sending ? "; " + rerun(journal) : "") + ")"), output);
    }

    /** What a rerun can do about the records a run did not send: with a journal, send them; without, nothing it can tell. */
    static String rerun(java.nio.file.Path journal) {
        return journal != null ? "rerun with --resume --journal " + journal + " to send the rest" : "without --journal, a rerun cannot tell what was done";
    }

    private AutoCloseable installSignals(RunState state, Sender sender, boolean journaled) {
        try {
            return Interrupts.install(new FirstSignal(state, presenter), new SecondSignal(sender, presenter, journaled));
        } catch (RuntimeException | LinkageError e) {
            return null; // no signal support here: a signal ends the process as usual
        }
    }

    private static void close(AutoCloseable signals, RunState state) {
        if (signals == null) return;
        try {
            signals.close();
        } catch (Exception e) {
            state.broken(e);
        }
    }

    /** The first Ctrl-C, SIGTERM or SIGHUP: stop taking records, let those in flight finish. */
    private record FirstSignal(RunState state, Presenter presenter) implements Interrupts.Action {
        @Override
        public void run(String signal, int exitCode) {
            state.interrupt(exitCode);
            presenter.info("\n" + (signal.equals("INT") ? "interrupted" : "SIG" + signal)
                    + ": letting the requests in flight finish (Ctrl-C again to quit now)");
        }
    }

    /** A second one: journal what is in flight as uncertain (when there is a journal); the process then ends at once. */
    private record SecondSignal(Sender sender, Presenter presenter, boolean journaled) implements Interrupts.Action {
        @Override
        public void run(String signal, int exitCode) {
            int abandoned = sender.abandonInFlight();
            presenter.info("quitting now: " + abandoned + " requests in flight " + (journaled ? "journaled as uncertain (they may or may not have been applied;"
                    + " --resume lists them, --resume-uncertain sends them again)" : "abandoned (they may or may not have been applied)"));
            presenter.flush();
        }
    }
}
