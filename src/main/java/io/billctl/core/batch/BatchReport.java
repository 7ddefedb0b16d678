package io.billctl.core.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import io.billctl.core.OutputFailed;
import io.billctl.core.output.Presenter;
import java.util.ArrayList;
import java.util.List;

/** What a batch says at its end: the summary (a table row, or a JSON line), and what to do about what is left. */
final class BatchReport {
    private final Presenter presenter;
    private final BatchOptions options;

    BatchReport(Presenter presenter, BatchOptions options) {
        this.presenter = presenter;
        this.options = options;
    }

    /**
     * The summary; {@code stopped}, what stopped the run as a whole, is in it and on stderr. In a run that
     * only has the server check its updates ({@code validating}), the records it found valid are
     * "validated", never "done": nothing changed. Answers the failure to write the summary on stdout, if it met
     * one; what follows it on stderr is said all the same.
     */
    OutputFailed summary(RunState state, long failedOut, BillctlException stopped, boolean read, boolean validating) {
        long notStarted = state.notStarted();
        double seconds = state.seconds();
        long validated = state.validated.get();
        long done = state.done.get() - validated;
        ObjectNode summary = Json.object().put("records", state.records);
        if (validating) summary.put("validated", validated).put("changed", 0);
        summary.put("done", done).put("failed", state.failed.get())
                .put("unchanged", state.unchanged.get()).put("skipped", state.skipped.get()).put("superseded", state.superseded.get())
                .put("uncertain", state.uncertain.get()).put("not_started", notStarted)
                .put("retried_records", state.retriedRecords.get()).put("retries", state.retries.get())
                .put("retried_after_no_answer", state.mayHaveRepeated.get())
                .put("seconds", Math.round(seconds * 1000) / 1000.0).put("interrupted", state.interrupted());
        if (stopped != null) summary.set("error", presenter.errorNode(stopped));
        List<String> header = new ArrayList<>(List.of("RECORDS", validating ? "VALIDATED" : "DONE", "FAILED", "SKIPPED", "UNCERTAIN", "NOT STARTED",
                "RETRIES", "TIME"));
        List<String> row = new ArrayList<>(List.of(Long.toString(state.records), Long.toString(validating ? validated : done), Long.toString(state.failed.get()),
                Long.toString(state.skipped.get()), Long.toString(state.uncertain.get()), Long.toString(notStarted),
                Long.toString(state.retries.get()), String.format("%.1f s", seconds)));
        if (state.superseded.get() > 0) { // a resume left out records that later records of their accounts, already done, supersede
            header.add(header.indexOf("SKIPPED") + 1, "SUPERSEDED");
            row.add(header.indexOf("SUPERSEDED"), Long.toString(state.superseded.get()));
        }
        if (read) { // the accounts were read first: how many already had their values
            header.add(2, "UNCHANGED");
            row.add(2, Long.toString(state.unchanged.get()));
        }
        OutputFailed unwritten = null;
        try {
            presenter.batchSummary(stopped == null && state.allWell(), summary, header, row);
            presenter.flush();
        } catch (OutputFailed e) {
            unwritten = e;
        }
        if (validating && !presenter.json()) {
            presenter.info(validated + " record" + (validated == 1 ? "" : "s") + " valid, nothing changed (--validate-only: the server checked them)");
        }
        presenter.moreRecordWarnings();
        if (state.retriedRecords.get() > 0 && !presenter.json()) {
            long repeated = state.mayHaveRepeated.get();
            // Only a request that got no answer may have been applied before its retry; a refusal (429, 5xx, a rejected token) was not.
            presenter.info("retried: " + state.retriedRecords.get() + " records, " + state.retries.get() + " extra attempts"
                    + (repeated == 0 ? "" : "; " + repeated + " of them after a request that got no answer, which may have been applied, "
                    + "so they may have been applied twice, with the same values"));
        }
        if (failedOut > 0) presenter.info(failedOut + " failed records written to " + options.failedOut());
        if (stopped != null) presenter.errorLine(stopped);
        // A stdout that cannot be written: its error line said what was not sent, and what a rerun can do.
        boolean saidWithTheError = stopped != null && stopped.getCause() instanceof OutputFailed;
        if (notStarted > 0 && !saidWithTheError) {
            String how = Batch.rerun(options.journal());
            boolean readerGone = state.outputFailed() != null && state.outputFailed().brokenPipe();
            presenter.info((state.interrupted() ? "interrupted" : readerGone ? "stopped (stdout was closed by its reader)" : "stopped") + ": "
                    + notStarted + " records not sent; " + how);
        }
        return unwritten;
    }
}
