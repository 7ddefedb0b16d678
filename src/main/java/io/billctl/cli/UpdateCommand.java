package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.apply.Outcome;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.CommandText;
import io.billctl.core.backend.Connection;
import io.billctl.core.backend.RunOption;
import io.billctl.core.backend.Update;
import io.billctl.core.batch.Batch;
import io.billctl.core.batch.BatchOptions;
import io.billctl.core.update.SecretValues;
import io.billctl.core.update.UpdateInput;
import io.billctl.core.update.UpdatePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code billctl GROUP update ID}, for every backend: the id, {@code -f}, {@code --set},
 * {@code --unset}, {@code --allow-unknown-fields}, the batch options, the backend's own request
 * options; the catalog's flags are added by {@link CatalogOptions}. Parses, hands the work to the
 * core's {@link Pipeline} (or {@link Batch}), and gives the outcome to the presenter.
 */
final class UpdateCommand implements Callable<Integer> {
    private final Invocation invocation;
    private final Backend backend;
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("update");
    private final PositionalParamSpec id = positional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("ID").type(String.class)
            .description("The account to update (not with --batch, whose records name theirs)."));
    private final OptionSpec fromFile = option(OptionSpec.builder("-f", "--from-file").paramLabel("FILE").type(String.class).order(501)
            .description("A JSON object of fields in the vendor's names and shape ('-' for stdin); flags given beside it win."));
    private final OptionSpec sets = option(OptionSpec.builder("--set").paramLabel("NAME=VALUE").type(List.class).auxiliaryTypes(String.class).order(502)
            .description("Set any field by its vendor name, typed by the catalog; JSON for objects, lists and unknown fields. Repeatable."));
    private final OptionSpec unsets = option(OptionSpec.builder("--unset").paramLabel("NAME").type(List.class).auxiliaryTypes(String.class).order(503)
            .description("Send null for a nullable field. Repeatable."));
    private final OptionSpec allowUnknown = option(OptionSpec.builder("--allow-unknown-fields").type(boolean.class).order(504)
            .description("Send field names the catalog does not know (the server may know better)."));
    private final OptionSpec batch = option(OptionSpec.builder("--batch").paramLabel("FILE").type(String.class).order(600)
            .description("One update per record of FILE ('-' for stdin): JSON Lines, or CSV with a header row; the id under the vendor's id name. "
                    + "Every record is validated before the first is sent; fields given on the command line apply to every record."));
    private final OptionSpec batchFormat = option(OptionSpec.builder("--batch-format").paramLabel("FORMAT").type(BatchOptions.Format.class).order(601)
            .description("jsonl or csv (default: by the file's extension, else by its content: JSON Lines when it starts with {, else CSV)."));
    private final OptionSpec parallel = option(OptionSpec.builder("--parallel").paramLabel("N").type(Integer.class).order(602)
            .description("Requests in flight at once with --batch (default: " + BatchOptions.DEFAULT_PARALLEL + ", at most " + BatchOptions.MAX_PARALLEL + ")."));
    private final OptionSpec rate = option(OptionSpec.builder("--rate").paramLabel("N/s").type(String.class).order(603)
            .description("At most N requests a second with --batch."));
    private final OptionSpec journal = option(OptionSpec.builder("--journal").paramLabel("FILE").type(Path.class).order(604)
            .description("Record each record's state in FILE as it happens (JSON Lines, mode 0600): sent before its request leaves, "
                    + "done or failed after. One run at a time holds it."));
    private final OptionSpec resume = option(OptionSpec.builder("--resume").type(boolean.class).order(605)
            .description("Continue the run of the --journal: records it shows as done are skipped, failed ones sent again, and ones it shows in flight "
                    + "when that run stopped (uncertain) listed and not sent. Refused for a journal of another input, backend, profile or URL."));
    private final OptionSpec resumeUncertain = option(OptionSpec.builder("--resume-uncertain").type(boolean.class).order(606)
            .description("With --resume, send the uncertain records again too. Safe for these updates: they set absolute values, so one "
                    + "applied before is set to the same values again."));
    private final OptionSpec failFast = option(OptionSpec.builder("--fail-fast").type(boolean.class).order(607)
            .description("Stop taking records at the first failure (those in flight finish)."));
    private final OptionSpec maxConsecutiveFailures = option(OptionSpec.builder("--max-consecutive-failures").paramLabel("N").type(Integer.class).order(608)
            .description("Stop the run (exit 5) when N records in a row fail with a network or server error after their retries: the server "
                    + "stopped answering (default: " + BatchOptions.DEFAULT_MAX_CONSECUTIVE_FAILURES + ")."));
    private final OptionSpec failedOut = option(OptionSpec.builder("--failed-out").paramLabel("FILE").type(Path.class).order(609)
            .description("Write each failed record to FILE as the input had it (same CSV header, or the JSON object) with the error in a "
                    + "billctl_error column or key, to fix and run again."));
    /** The backend's own request options, each with the option that sets it. */
    // A list, not a map keyed by RunOption: a record's first hashCode() links java.lang.runtime.ObjectMethods,
    // a dozen method handles generated at run time that CDS cannot keep (several ms of a cold call).
    private final List<Bound> runOptions = new ArrayList<>();

    private record Bound(RunOption run, OptionSpec option) {}

    /** The options that only mean something with --batch. */
    private final List<OptionSpec> batchOnly = List.of(parallel, rate, journal, resume, resumeUncertain, failFast, maxConsecutiveFailures, failedOut, batchFormat);

    private UpdateCommand(Invocation invocation, Backend backend) {
        this.invocation = invocation;
        this.backend = backend;
        int order = 505;
        for (RunOption run : backend.updateOptions()) {
            OptionSpec.Builder option = OptionSpec.builder(run.flag()).order(order++).description(run.description());
            if (run.isSwitch()) option.type(boolean.class);
            else option.type(String.class).paramLabel(run.paramLabel()).completionCandidates(run.values());
            runOptions.add(new Bound(run, option(option)));
        }
    }

    /** The command as picocli sees it: its texts, the options every update shares, the backend's own. */
    static CommandSpec spec(Invocation invocation, Backend backend) {
        UpdateCommand command = new UpdateCommand(invocation, backend);
        CommandText text = backend.updateText();
        command.spec.usageMessage().header(text.header()).description(text.description(), "").footerHeading("%nExamples:%n")
                .footer(text.examples().stream().map(example -> "  " + example).toArray(String[]::new));
        return command.spec;
    }

    Backend backend() {
        return backend;
    }

    private PositionalParamSpec positional(PositionalParamSpec.Builder builder) {
        PositionalParamSpec built = builder.build();
        spec.addPositional(built);
        return built;
    }

    private OptionSpec option(OptionSpec.Builder builder) {
        OptionSpec built = builder.build();
        spec.addOption(built);
        return built;
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        ParseResult parsed = spec.commandLine().getParseResult();
        String account = id.getValue();
        if (context.globals().output() == io.billctl.core.output.OutputFormat.csv) {
            throw BillctlException.usage("-o csv is for get and list; an update prints a table, json or jsonl");
        }
        if (batch.getValue() != null) {
            BatchOptions options = batchOptions(account);
            UpdatePlan plan = plan(parsed);
            Connection connection = context.connectForBatch(backend);
            return Batch.run(context, new Pipeline(plan, connection), options);
        }
        if (account == null) throw BillctlException.usage("give the ID of the account to update, or --batch FILE");
        for (OptionSpec option : batchOnly) {
            if (parsed.hasMatchedOption(option)) {
                throw BillctlException.usage(option.longestName() + " goes with --batch (as do --parallel, --rate, --journal, --resume, --fail-fast and --batch-format)");
            }
        }
        UpdatePlan plan = plan(parsed);
        Update update = plan.forAccount(account, fromFile.getValue(), context.env());
        backend.warnings(update).forEach(context.presenter()::warning);
        Connection connection = context.connect(backend);
        Pipeline pipeline = new Pipeline(plan, connection);
        if (context.globals().dryRun()) {
            context.presenter().request(pipeline.preview(update));
            return ExitCode.OK;
        }
        Outcome outcome = pipeline.apply(update);
        context.presenter().retried(outcome);
        if (!outcome.ok()) {
            outcome.warnings().forEach(context.presenter()::warning); // what billctl could not judge before it sent
            context.presenter().updateFailed(backend.id(), outcome);
            if (context.globals().stacktrace()) context.presenter().stackTrace(outcome.error());
            return outcome.error().exitCode();
        }
        context.presenter().applied(backend.id(), outcome.applied());
        return ExitCode.OK;
    }

    /** The command line's fields, typed once, and the run's request extras. */
    private UpdatePlan plan(ParseResult parsed) {
        Context context = invocation.context();
        String stdinTakenBy = "-".equals(fromFile.getValue()) ? "-f -" : "-".equals(batch.getValue()) ? "--batch -" : null;
        return UpdatePlan.of(backend, new UpdateInput(CatalogOptions.given(parsed), or(sets.getValue(), List.of()),
                or(unsets.getValue(), List.of()), or(allowUnknown.getValue(), false)), extras(),
                new SecretValues(context.env(), context.redactor(), stdinTakenBy));
    }

    /** The backend's request options as given, read once for the whole run. */
    private Map<String, String> extras() {
        Map<String, String> extras = new LinkedHashMap<>();
        for (Bound bound : runOptions) {
            RunOption run = bound.run();
            OptionSpec option = bound.option();
            if (run.isSwitch()) {
                if (Boolean.TRUE.equals(option.getValue())) extras.put(run.parameter(), run.whenOn());
                continue;
            }
            String value = option.getValue();
            if (value == null) continue;
            if (!run.values().contains(value.trim())) {
                throw BillctlException.usage(run.flag() + " must be " + String.join(" or ", run.values()) + ", got " + value);
            }
            extras.put(run.parameter(), value.trim());
        }
        return extras;
    }

    private BatchOptions batchOptions(String account) {
        Path journalFile = journal.getValue();
        boolean resuming = or(resume.getValue(), false);
        if (account != null) throw BillctlException.usage("give an ID or --batch FILE, not both: the records name their accounts");
        if (fromFile.getValue() != null) throw BillctlException.usage("-f and --batch do not mix: put the fields in the batch records");
        if (resuming && journalFile == null) throw BillctlException.usage("--resume needs the --journal of the run to resume");
        boolean resumingUncertain = or(resumeUncertain.getValue(), false);
        if (resumingUncertain && !resuming) throw BillctlException.usage("--resume-uncertain goes with --resume");
        int maxFailures = or(maxConsecutiveFailures.getValue(), BatchOptions.DEFAULT_MAX_CONSECUTIVE_FAILURES);
        if (maxFailures < 1) throw BillctlException.usage("--max-consecutive-failures must be at least 1, got " + maxFailures);
        int workers = or(parallel.getValue(), BatchOptions.DEFAULT_PARALLEL);
        if (workers < 1 || workers > BatchOptions.MAX_PARALLEL) {
            throw BillctlException.usage("--parallel must be 1.." + BatchOptions.MAX_PARALLEL + ", got " + workers);
        }
        return new BatchOptions(batch.getValue(), batchFormat.getValue(), workers, ratePerSecond(), journalFile, resuming, resumingUncertain,
                or(failFast.getValue(), false), maxFailures, failedOut.getValue());
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
}
