package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.apply.Guard;
import io.billctl.core.apply.Outcome;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Connection;
import io.billctl.core.backend.RunOption;
import io.billctl.core.backend.Update;
import io.billctl.core.batch.Batch;
import io.billctl.core.batch.BatchOptions;
import io.billctl.core.batch.JournaledUpdate;
import io.billctl.core.input.Encoding;
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
            .description("Set any field by its vendor name, typed by the catalog: a list takes a JSON array or a comma list, an object "
                    + "JSON, a field the catalog does not know JSON (else text). null is JSON null; a text in double quotes is a JSON string: "
                    + "--set notes='\"null\"' sends the text \"null\". (A flag takes its value as it is: --notes null is the text.) Repeatable."));
    private final OptionSpec unsets = option(OptionSpec.builder("--unset").paramLabel("NAME").type(List.class).auxiliaryTypes(String.class).order(503)
            .description("Send null for a nullable field. Repeatable."));
    private final OptionSpec allowUnknown = option(OptionSpec.builder("--allow-unknown-fields").type(boolean.class).order(504)
            .description("Send field names the catalog does not know (the server may know better), and expect them (--expect, expect.FIELD)."));
    private final OptionSpec skipUnchanged = option(OptionSpec.builder("--skip-unchanged").type(boolean.class).order(591)
            .description("Read the account first and do not send an update that would change nothing. A batch run again after a partial "
                    + "failure sends only what is still different."));
    private final OptionSpec expects = option(OptionSpec.builder("--expect").paramLabel("FIELD=VALUE").type(List.class).auxiliaryTypes(String.class).order(592)
            .description("Update only an account whose FIELD still has VALUE (compared as the catalog types it; null for empty); else "
                    + "refuse it, exit 1, \"changed since\". Repeatable; a batch record's expect.FIELD does the same. A FIELD the catalog does not "
                    + "know is refused before anything is sent (exit 2), unless --allow-unknown-fields. The account is read "
                    + "just before the write: the vendors have no atomic compare-and-set, so a change made between the two is not seen. With --dry-run the account is read and judged the same way, and nothing is written."));
    private final OptionSpec batch = option(OptionSpec.builder("--batch").paramLabel("FILE").type(String.class).order(600)
            .description("One update per record of FILE ('-' for stdin): JSON Lines, or CSV with a header row; the id under the vendor's id name. "
                    + "Every record is validated before the first is sent; fields given on the command line apply to every record."));
    private final OptionSpec batchFormat = option(OptionSpec.builder("--batch-format").paramLabel("FORMAT").type(BatchOptions.Format.class).order(601)
            .description("jsonl or csv (default: by the file's extension, else by its content: JSON Lines when it starts with {, else CSV)."));
    private final OptionSpec csvDelimiter = option(OptionSpec.builder("--csv-delimiter").paramLabel("DELIMITER").type(String.class).order(601)
            .completionCandidates(List.of("comma", "semicolon", "tab"))
            .description("What separates a CSV batch's columns: ',' (or comma), ';' (or semicolon), tab (or '\\t'), or another single character "
                    + "(default: found from the header line, whichever of , ; and tab it holds most outside quotes; or Excel's sep= line)."));
    private final OptionSpec encoding = option(OptionSpec.builder("--encoding").paramLabel("ENCODING").type(String.class).order(601)
            .completionCandidates(List.of("UTF-8", "windows-1252", "ISO-8859-1"))
            .description("The character encoding of the --batch or -f file (default: UTF-8): windows-1252 (cp1252) for Excel's plain \"CSV\" in "
                    + "western Europe and the Americas, ISO-8859-1 (latin1), or another single-byte encoding Java knows. A byte-order mark "
                    + "at the start of the file decides over it."));
    private final BatchFlags run = new BatchFlags(spec, false,
            "Record each update's state in FILE as it happens (JSON Lines, mode 0600): sent before its request leaves, with the "
                    + "account's values before it for the fields it changes (read first; secrets only named), done or failed after. "
                    + "'billctl undo FILE' puts them back. One run at a time holds it; with a single update too.");
    private final OptionSpec noBeforeImages = option(OptionSpec.builder("--no-before-images").type(boolean.class).order(610)
            .description("With --journal, do not read each account first: one request per update instead of two, but the journal "
                    + "cannot be undone."));
    /** The backend's own request options, each with the option that sets it. */
    // A list, not a map keyed by RunOption: a record's first hashCode() links java.lang.runtime.ObjectMethods,
    // a dozen method handles generated at run time that CDS cannot keep (several ms of a cold call).
    private final List<Bound> runOptions = new ArrayList<>();

    private record Bound(RunOption run, OptionSpec option) {}

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
        HelpLayout.describe(command.spec, backend.updateText());
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
        // Loops and a named class, not lambdas: the launcher's CDS archive leaves some lambdas out, each then made at run time.
        for (String deprecation : CatalogOptions.deprecations(parsed)) context.presenter().warning(deprecation);
        for (String note : CatalogOptions.flagNotes(parsed)) context.presenter().info("note: " + note);
        String account = id.getValue();
        boolean showDiff = run.showDiff();
        boolean skipping = or(skipUnchanged.getValue(), false);
        Path journalFile = run.journalFile();
        boolean beforeImages = !or(noBeforeImages.getValue(), false);
        if (!beforeImages && journalFile == null) throw BillctlException.usage("--no-before-images goes with --journal");
        Guard guard = new Guard(showDiff || (journalFile != null && beforeImages), skipping);
        if (batch.getValue() != null) {
            BatchOptions options = batchOptions(account, showDiff);
            UpdatePlan plan = plan(parsed);
            refuseJournalOfACheck(plan, journalFile);
            return Batch.run(context, plan, new BatchConnector(context, backend, plan, guard), options);
        }
        if (account == null) throw BillctlException.usage("give the ID of the account to update, or --batch FILE");
        run.refuseOutsideRun(parsed);
        if (parsed.hasMatchedOption(batchFormat)) throw BillctlException.usage("--batch-format goes with --batch");
        if (parsed.hasMatchedOption(csvDelimiter)) throw BillctlException.usage("--csv-delimiter goes with --batch");
        if (parsed.hasMatchedOption(encoding) && fromFile.getValue() == null) throw BillctlException.usage("--encoding goes with --batch or -f");
        UpdatePlan plan = plan(parsed).reading(Encoding.of(encoding.getValue()));
        refuseJournalOfACheck(plan, journalFile);
        Update update = plan.forAccount(account, fromFile.getValue(), context.env(), new Said(context.presenter(), false), new Said(context.presenter(), true));
        Connection connection = context.connect(backend);
        Pipeline pipeline = new Pipeline(plan, connection, guard);
        // An update read first has them judged on the account, with its outcome; one that is not, here, before it goes.
        boolean reads = context.globals().dryRun() ? showDiff || update.conditional() || skipping : pipeline.readsFirst(update);
        if (!reads) {
            for (String warning : backend.warnings(update)) context.presenter().warning(warning);
        }
        if (context.globals().dryRun()) {
            if (!showDiff) {
                List<String> warnings = pipeline.previewWarnings(update);
                if (update.conditional() || skipping) {
                    // --expect and --skip-unchanged are judged on the account as it is now: read it, and refuse or hold
                    // back as the run would.
                    Outcome judged = pipeline.plan(update);
                    if (!judged.ok()) return failed(context, judged);
                    if (skipping && judged.status() == Outcome.Status.UNCHANGED) {
                        context.presenter().unchanged(backend.id(), backend.idName(), judged.id());
                        return ExitCode.OK;
                    }
                    warnings = judged.warnings();
                }
                context.presenter().request(pipeline.preview(update), warnings);
                return ExitCode.OK;
            }
            Outcome planned = pipeline.plan(update);
            if (!planned.ok()) return failed(context, planned);
            context.presenter().planned(backend.id(), backend.idName(), planned);
            return ExitCode.OK;
        }
        Outcome outcome = journalFile != null ? JournaledUpdate.apply(context, pipeline, update, journalFile) : pipeline.apply(update);
        try {
            return shown(context, outcome, showDiff, journalFile);
        } catch (io.billctl.core.OutputFailed e) {
            if (!outcome.ok()) {
                // The failure's own line is out (before its document): its code says more than the output's.
                e.said();
                return outcome.error().exitCode();
            }
            // The server has the update: whoever reads stderr must not take the failed output for a failed update.
            if (outcome.status() != Outcome.Status.UNCHANGED) {
                boolean checked = outcome.applied() != null && outcome.applied().validatedOnly();
                context.presenter().info("note: the update of " + backend.idName() + " " + outcome.id()
                        + (checked ? " was validated by the server (nothing changed)" : " was applied")
                        + (journalFile != null ? " and journaled in " + journalFile : "") + "; only its output could not be written");
            }
            throw e;
        }
    }

    private int shown(Context context, Outcome outcome, boolean showDiff, Path journalFile) {
        context.presenter().retried(outcome);
        if (!outcome.ok()) return failed(context, outcome);
        if (outcome.status() == Outcome.Status.UNCHANGED) {
            context.presenter().unchanged(backend.id(), backend.idName(), outcome.id());
            return ExitCode.OK;
        }
        if (outcome.diff() != null && (showDiff || context.presenter().json())) {
            context.presenter().applied(backend.id(), backend.idName(), outcome.applied(), outcome.diff());
        } else {
            context.presenter().applied(backend.id(), outcome.applied());
            if (outcome.diff() != null && outcome.diff().isEmpty() && !outcome.applied().validatedOnly()) {
                context.presenter().info("note: no change: the account already had these values (--skip-unchanged does not send such an update)");
            }
        }
        if (journalFile != null) context.presenter().info(journaled(journalFile, outcome.diff()));
        return ExitCode.OK;
    }

    /** Where the update is journaled, and what undo can put back of it: never a secret, which no journal holds. */
    private static String journaled(Path journalFile, io.billctl.core.diff.Diff diff) {
        String undo = "'billctl undo " + journalFile + "'";
        if (diff == null) return "journaled in " + journalFile + " (" + undo + " puts it back)";
        if (diff.isEmpty()) return "journaled in " + journalFile + " (no value changed: nothing to undo)";
        List<String> secrets = diff.secretFields();
        if (secrets.isEmpty()) return "journaled in " + journalFile + " (" + undo + " puts it back)";
        String names = String.join(", ", secrets) + (secrets.size() == 1 ? ": a secret" : ": secrets") + ", never journaled";
        if (secrets.size() == diff.changes().size()) return "journaled in " + journalFile + "; undo cannot put back " + names;
        return "journaled in " + journalFile + " (" + undo + " puts it back, all but " + names + ")";
    }

    /**
     * A run the server only checks (--validate-only) changes nothing: a journal of it would have nothing to
     * undo, and --resume of a real run from it would skip every record as done.
     */
    private void refuseJournalOfACheck(UpdatePlan plan, Path journalFile) {
        if (journalFile == null || !plan.validatesOnly()) return;
        String flag = backend.updateOptions().stream().filter(RunOption::validatesOnly).map(RunOption::flag).findFirst().orElse("this option");
        throw BillctlException.usage(flag + " changes nothing, so there is nothing to journal or undo: drop --journal");
    }

    private int failed(Context context, Outcome outcome) {
        for (String warning : outcome.warnings()) context.presenter().warning(warning); // what billctl could not judge before it sent
        context.presenter().updateFailed(backend.id(), outcome);
        if (context.globals().stacktrace()) context.presenter().stackTrace(outcome.error());
        return outcome.error().exitCode();
    }

    /** The command line's fields, typed once, and the run's request extras. */
    private UpdatePlan plan(ParseResult parsed) {
        Context context = invocation.context();
        String stdinTakenBy = "-".equals(fromFile.getValue()) ? "-f -" : "-".equals(batch.getValue()) ? "--batch -" : null;
        return UpdatePlan.of(backend, new UpdateInput(CatalogOptions.given(parsed), or(sets.getValue(), List.of()),
                or(unsets.getValue(), List.of()), or(allowUnknown.getValue(), false), or(expects.getValue(), List.of())), extras(),
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

    private BatchOptions batchOptions(String account, boolean showDiff) {
        if (account != null) throw BillctlException.usage("give an ID or --batch FILE, not both: the records name their accounts");
        if (fromFile.getValue() != null) throw BillctlException.usage("-f and --batch do not mix: put the fields in the batch records");
        return run.options(batch.getValue(), batchFormat.getValue()).reading(Encoding.of(encoding.getValue()), delimiter(csvDelimiter.getValue()));
    }

    /** {@code --csv-delimiter}: a name or one character; null when not given (found from the header). */
    static Character delimiter(String given) {
        if (given == null) return null;
        String value = given.equals("\\t") || given.equalsIgnoreCase("tab") ? "\t"
                : given.equalsIgnoreCase("comma") ? "," : given.equalsIgnoreCase("semicolon") ? ";" : given;
        if (value.length() != 1 || value.equals("\"") || value.equals("\n") || value.equals("\r")) {
            throw BillctlException.usage("--csv-delimiter takes one character (',', ';', tab or '\\t'...), not '" + given + "'");
        }
        return value.charAt(0);
    }

    /**
     * The presenter's warnings, or its notes ("note: ..."), as a line consumer (a class, not a lambda: see
     * the loops in {@link #call}).
     */
    private record Said(io.billctl.core.output.Presenter presenter, boolean note) implements java.util.function.Consumer<String> {
        @Override
        public void accept(String line) {
            if (note) presenter.info("note: " + line);
            else presenter.warning(line);
        }
    }

    /** Connects once the batch's input is read (Batch.Connector). A class, not a lambda (start-up). */
    private record BatchConnector(Context context, Backend backend, UpdatePlan plan, Guard guard) implements Batch.Connector {
        @Override
        public Pipeline connect() {
            return new Pipeline(plan, context.connectForBatch(backend), guard);
        }
    }
}
