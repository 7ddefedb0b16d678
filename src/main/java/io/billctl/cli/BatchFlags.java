package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.batch.BatchOptions;
import io.billctl.core.output.Progress;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options of a run of many updates, shared by {@code update --batch} and {@code undo}: how
 * many in flight, how fast, the journal and resuming it, when to stop, where failed records go;
 * and the options of what the pipeline does before it writes ({@code --diff}, {@code --skip-unchanged}).
 * Added to a command's spec, read into {@link BatchOptions}.
 */
final class BatchFlags {
    final OptionSpec diff;
    final OptionSpec parallel;
    final OptionSpec rate;
    final OptionSpec journal;
    final OptionSpec resume;
    final OptionSpec resumeUncertain;
    final OptionSpec failFast;
    final OptionSpec maxConsecutiveFailures;
    final OptionSpec failedOut;
    final OptionSpec progress;
    /** What "with --batch" says in a description: "" for a command that is always a run of many. */
    private final String withBatch;

    /** {@code many}: the command is always a run of many updates (undo), so no description says "with --batch". */
    BatchFlags(CommandSpec spec, boolean many, String journalDescription) {
        this.withBatch = many ? "" : " with --batch";
        diff = add(spec, OptionSpec.builder("--diff").type(boolean.class).order(590)
                .description("Read the account first and show what the update changes, field by field (FIELD  BEFORE \u2192 AFTER; only what "
                        + "changes, \"no change\" when nothing does); with --dry-run, read and show it, send nothing."));
        parallel = add(spec, OptionSpec.builder("--parallel").paramLabel("N").type(Integer.class).order(602)
                .description("Requests in flight at once" + withBatch + " (default: " + BatchOptions.DEFAULT_PARALLEL + ", at most "
                        + BatchOptions.MAX_PARALLEL + ")."));
        rate = add(spec, OptionSpec.builder("--rate").paramLabel("N/s").type(String.class).order(603)
                .description("At most N updates a second" + withBatch + "."));
        journal = add(spec, OptionSpec.builder("--journal").paramLabel("FILE").type(Path.class).order(604).description(journalDescription));
        resume = add(spec, OptionSpec.builder("--resume").type(boolean.class).order(605)
                .description("Continue the run of the --journal: records it shows as done are skipped, failed ones sent again, and ones it shows "
                        + "in flight when that run stopped (uncertain) listed and not sent. A record is never sent over a later record of its "
                        + "account that is done: only what that one did not set goes (nothing: superseded). Refused for a journal of another input (or the same "
                        + "read in another --encoding), backend, profile, URL or command-line values."));
        resumeUncertain = add(spec, OptionSpec.builder("--resume-uncertain").type(boolean.class).order(606)
                .description("With --resume, send the uncertain records again too. They set absolute values, so one applied before is set "
                        + "to the same values again; but not over what a later record of the account, done since, set, and one with expectations "
                        + "(expect.FIELD, --expect, undo) that was applied fails \"changed since\"."));
        failFast = add(spec, OptionSpec.builder("--fail-fast").type(boolean.class).order(607)
                .description("Stop taking records at the first failure (those in flight finish)."));
        maxConsecutiveFailures = add(spec, OptionSpec.builder("--max-consecutive-failures").paramLabel("N").type(Integer.class).order(608)
                .description("Stop the run (exit 5) when N records in a row fail with a network or server error after their retries, or N "
                        + "requests in a row get no answer (one per --parallel worker when the server has answered none yet): the "
                        + "server stopped answering (default: " + BatchOptions.DEFAULT_MAX_CONSECUTIVE_FAILURES + ")."));
        failedOut = add(spec, OptionSpec.builder("--failed-out").paramLabel("FILE").type(Path.class).order(609)
                .description("Write each failed record to FILE as the input had it (same CSV header, or the JSON object) with the error in a "
                        + "billctl_error column or key, to fix and run again; without what a later record of its account, done, set (left out when "
                        + "that is everything), so that it never sets an earlier value over a later one. Never the --journal or the input (refused)."));
        progress = add(spec, OptionSpec.builder("--progress").paramLabel("MODE").type(Progress.Mode.class).order(611)
                .description("How the run's progress shows on stderr: auto (the default: a bar on a terminal, nothing otherwise), bar (one "
                        + "line, redrawn, as wide as the terminal: $COLUMNS, else its size), plain (a line every 5 seconds, for CI logs), "
                        + "none."));
    }

    private static OptionSpec add(CommandSpec spec, OptionSpec.Builder builder) {
        OptionSpec built = builder.build();
        spec.addOption(built);
        return built;
    }

    /** The options that mean something only for a run of many. */
    List<OptionSpec> runOnly() {
        return List.of(parallel, rate, resume, resumeUncertain, failFast, maxConsecutiveFailures, failedOut, progress);
    }

    boolean showDiff() {
        return or(diff.getValue(), false);
    }

    Path journalFile() {
        return journal.getValue();
    }

    /** The run's options, checked: a usage error names the option. */
    BatchOptions options(String file, BatchOptions.Format format) {
        Path journalFile = journal.getValue();
        boolean resuming = or(resume.getValue(), false);
        if (resuming && journalFile == null) throw BillctlException.usage("--resume needs the --journal of the run to resume");
        boolean resumingUncertain = or(resumeUncertain.getValue(), false);
        if (resumingUncertain && !resuming) throw BillctlException.usage("--resume-uncertain goes with --resume");
        int maxFailures = or(maxConsecutiveFailures.getValue(), BatchOptions.DEFAULT_MAX_CONSECUTIVE_FAILURES);
        if (maxFailures < 1) throw BillctlException.usage("--max-consecutive-failures must be at least 1, got " + maxFailures);
        int workers = or(parallel.getValue(), BatchOptions.DEFAULT_PARALLEL);
        if (workers < 1 || workers > BatchOptions.MAX_PARALLEL) {
            throw BillctlException.usage("--parallel must be 1.." + BatchOptions.MAX_PARALLEL + ", got " + workers);
        }
        return new BatchOptions(file, format, workers, ratePerSecond(), journalFile, resuming, resumingUncertain,
                or(failFast.getValue(), false), maxFailures, failedOut.getValue(), showDiff(), or(progress.getValue(), Progress.Mode.auto));
    }

    /** A run-only option given to a command that is not a run: a usage error naming it. */
    void refuseOutsideRun(ParseResult parsed) {
        for (OptionSpec option : runOnly()) {
            if (parsed.hasMatchedOption(option)) {
                List<String> others = new java.util.ArrayList<>(List.of("--parallel", "--rate", "--resume", "--fail-fast", "--progress", "--batch-format"));
                others.remove(option.longestName());
                throw BillctlException.usage(option.longestName() + " goes with --batch (as do " + String.join(", ", others.subList(0, others.size() - 1))
                        + " and " + others.get(others.size() - 1) + ")");
            }
        }
    }

    /** "50/s" or "50", more than zero. */
    private double ratePerSecond() {
        String given = rate.getValue();
        if (given == null) return 0;
        String number = given.endsWith("/s") ? given.substring(0, given.length() - 2) : given;
        try {
            double perSecond = Double.parseDouble(number.trim());
            if (perSecond > 0 && Double.isFinite(perSecond)) return perSecond;
        } catch (NumberFormatException e) {
            // one message below
        }
        throw BillctlException.usage("--rate takes N/s with N more than 0, got '" + given + "'");
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
