package io.billctl.core.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.output.Presenter;
import io.billctl.core.output.Progress;
import java.util.List;

/**
 * {@code --batch}: one update per record, in two passes. The first ({@link Preflight}) reads the
 * input once and prepares every record (typed, validated; any bad one stops the run, exit 2,
 * nothing sent) into a private spool; the second ({@link Sender}) sends them with bounded
 * concurrency and an optional rate through the same {@link Pipeline} as a single update, journaling
 * each outcome as it happens. One client, and so one login, serves every worker.
 */
public final class Batch {
    private static final int DRY_RUN_SHOWN = 3;

    private final Context context;
    private final Pipeline pipeline;
    private final BatchOptions options;
    private final Presenter presenter;

    private Batch(Context context, Pipeline pipeline, BatchOptions options) {
        this.context = context;
        this.pipeline = pipeline;
        this.options = options;
        this.presenter = context.presenter();
    }

    /** Runs the batch; answers the exit code. */
    public static int run(Context context, Pipeline pipeline, BatchOptions options) {
        return new Batch(context, pipeline, options).run();
    }

    private int run() {
        BatchInput input = BatchInput.of(options);
        try (Spool spool = Spool.create(context.env())) {
            long records;
            try (RecordReader reader = RecordReader.open(input.open(context.env()), input.label(), input.format(), pipeline.backend().catalog())) {
                records = Preflight.run(reader, pipeline.plan(), input.label(), spool);
            }
            if (context.globals().dryRun()) return dryRun(spool, records);
            return send(spool, input, records);
        }
    }

    private int dryRun(Spool spool, long records) {
        int shown = 0;
        for (Prepared record = spool.next(); record != null && shown < DRY_RUN_SHOWN; record = spool.next(), shown++) {
            if (shown > 0) presenter.requestSeparator();
            presenter.request(pipeline.preview(record.update(pipeline.plan().extras())));
        }
        presenter.batchDryRun(records, shown);
        return ExitCode.OK;
    }

    private int send(Spool spool, BatchInput input, long records) {
        RunState state = new RunState(records);
        Progress progress = presenter.progress(records, context.env().terminal().stderr());
        try (Journal journal = options.journal() == null ? Journal.none()
                : Journal.open(options.journal(), input.label(), records, options.resume(), presenter::journalLine)) {
            Intake intake = new Intake(spool, journal, state, options.parallel(), options.ratePerSecond());
            new Sender(pipeline, presenter, journal, state, progress, input.label(), options.failFast())
                    .run(intake, options.parallel(), new OnInterrupt(state, presenter));
        }
        progress.update(state.done.get(), state.failed.get(), state.skipped.get(), true);
        progress.finish();
        summary(state);
        Throwable broken = state.broken();
        if (broken instanceof BillctlException e) throw e;
        if (broken != null) throw new BillctlException(ExitCode.UNAVAILABLE, "batch failed: " + broken, broken);
        if (state.interrupted()) return ExitCode.INTERRUPTED;
        if (state.fatal() != null) return state.fatal().exitCode();
        return state.failed.get() > 0 ? ExitCode.REJECTED : ExitCode.OK;
    }

    /** The first Ctrl-C: stop taking records, let those in flight finish. */
    private record OnInterrupt(RunState state, Presenter presenter) implements Runnable {
        @Override
        public void run() {
            state.interrupt();
            presenter.info("\ninterrupted: letting the requests in flight finish (Ctrl-C again to quit now)");
        }
    }

    private void summary(RunState state) {
        long notStarted = state.notStarted();
        long retries = context.retries();
        double seconds = state.seconds();
        ObjectNode summary = Json.object().put("records", state.records).put("done", state.done.get()).put("failed", state.failed.get())
                .put("skipped", state.skipped.get()).put("not_started", notStarted).put("retries", retries)
                .put("seconds", Math.round(seconds * 1000) / 1000.0).put("interrupted", state.interrupted());
        presenter.batchSummary(summary, List.of("RECORDS", "DONE", "FAILED", "SKIPPED", "NOT STARTED", "RETRIES", "TIME"),
                List.of(Long.toString(state.records), Long.toString(state.done.get()), Long.toString(state.failed.get()),
                        Long.toString(state.skipped.get()), Long.toString(notStarted), Long.toString(retries), String.format("%.1f s", seconds)));
        if (notStarted > 0) {
            String how = options.journal() != null ? "rerun with --resume --journal " + options.journal() + " to send the rest"
                    : "without --journal, a rerun cannot tell what was done";
            presenter.info((state.interrupted() ? "interrupted" : "stopped") + ": " + notStarted + " records not sent; " + how);
        }
    }
}
