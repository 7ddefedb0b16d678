package io.billctl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.backend.UpdateResult;
import io.billctl.core.batch.BatchOptions;
import io.billctl.core.batch.BatchRunner;
import io.billctl.core.update.UpdateAssembler;
import io.billctl.core.update.UpdateInput;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What every backend's {@code update} shares: the id, {@code -f}, {@code --set}, {@code --unset},
 * {@code --allow-unknown-fields}; the catalog's own flags are added by {@link CatalogOptions}.
 * Parses, hands the work to the core, and renders.
 */
public abstract class UpdateCommand implements Callable<Integer> {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("update");

    /**
     * The command as picocli sees it: its texts, then the options every update shares. Built in
     * code, not from annotations: see {@link BillctlCommand}. A subclass adds its own options to it.
     */
    protected final CommandSpec spec(String header, String description, String... examples) {
        spec.usageMessage().header(header).description(description, "").footerHeading("%nExamples:%n")
                .footer(java.util.Arrays.stream(examples).map(example -> "  " + example).toArray(String[]::new));
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("ID").type(String.class)
                .description("The account to update (not with --batch, whose records name theirs).").build());
        spec.addOption(OptionSpec.builder("-f", "--from-file").paramLabel("FILE").type(String.class).order(501)
                .description("A JSON object of fields in the vendor's names and shape ('-' for stdin); flags given beside it win.").build());
        spec.addOption(OptionSpec.builder("--set").paramLabel("NAME=VALUE").type(List.class).auxiliaryTypes(String.class).order(502)
                .description("Set any field by its vendor name, typed by the catalog; JSON for objects, lists and unknown fields. Repeatable.").build());
        spec.addOption(OptionSpec.builder("--unset").paramLabel("NAME").type(List.class).auxiliaryTypes(String.class).order(503)
                .description("Send null for a nullable field. Repeatable.").build());
        spec.addOption(OptionSpec.builder("--allow-unknown-fields").type(boolean.class).order(504)
                .description("Send field names the catalog does not know (the server may know better).").build());
        spec.addOption(OptionSpec.builder("--batch").paramLabel("FILE").type(String.class).order(600)
                .description("One update per record of FILE ('-' for stdin): JSON Lines, or CSV with a header row; the id under the vendor's id name. "
                        + "Every record is validated before the first is sent; fields given on the command line apply to every record.").build());
        spec.addOption(OptionSpec.builder("--batch-format").paramLabel("FORMAT").type(BatchOptions.Format.class).order(601)
                .description("jsonl or csv (default: by the file's extension; jsonl for stdin).").build());
        spec.addOption(OptionSpec.builder("--parallel").paramLabel("N").type(Integer.class).order(602)
                .description("Requests in flight at once with --batch (default: " + BatchOptions.DEFAULT_PARALLEL + ", at most " + BatchOptions.MAX_PARALLEL + ").").build());
        spec.addOption(OptionSpec.builder("--rate").paramLabel("N/s").type(String.class).order(603)
                .description("At most N requests a second with --batch.").build());
        spec.addOption(OptionSpec.builder("--journal").paramLabel("FILE").type(Path.class).order(604)
                .description("Append each record's outcome to FILE as it happens (JSON Lines, flushed per record).").build());
        spec.addOption(OptionSpec.builder("--resume").type(boolean.class).order(605)
                .description("Skip the records the --journal shows as done.").build());
        spec.addOption(OptionSpec.builder("--fail-fast").type(boolean.class).order(606)
                .description("Stop taking records at the first failure (those in flight finish).").build());
        return spec;
    }

    /** An option's value as parsed, or {@code otherwise} when it was not given. */
    protected final <T> T option(String name, T otherwise) {
        return BillctlCommand.option(spec, name, otherwise);
    }

    /** The backend this command updates through. */
    protected abstract Backend backend();

    /** A command's own request parameters beyond the fields (Enswitch's validation=1). */
    protected Update withExtras(Update update) {
        return update;
    }

    @Override
    public Integer call() {
        Context context = BillctlCommand.root(spec).context();
        Backend backend = backend();
        String id = (String) spec.positionalParameters().get(0).getValue();
        UpdateInput input = new UpdateInput(id, option("--from-file", null), CatalogOptions.given(spec.commandLine().getParseResult()),
                option("--set", List.of()), option("--unset", List.of()), option("--allow-unknown-fields", false));
        if (option("--batch", null) != null) return BatchRunner.run(context, backend, input, batchOptions(id), this::withExtras);
        if (id == null) throw BillctlException.usage("give the ID of the account to update, or --batch FILE");
        if (BATCH_ONLY.stream().anyMatch(name -> spec.commandLine().getParseResult().hasMatchedOption(name))) {
            throw BillctlException.usage("--parallel, --rate, --journal, --resume, --fail-fast and --batch-format go with --batch");
        }
        Update update = withExtras(UpdateAssembler.assemble(backend, input, context.env()));
        backend.warnings(update).forEach(context.output()::warning);
        UpdateClient client = context.client(backend);
        if (context.globals().dryRun()) {
            context.output().request(client.request(update, true));
            return ExitCode.OK;
        }
        UpdateResult result = client.send(update);
        if (context.output().json()) {
            ObjectNode document = Json.object();
            document.put("ok", true);
            document.put("backend", backend.id());
            if (result.id().chars().allMatch(Character::isDigit)) document.put("id", Long.parseLong(result.id()));
            else document.put("id", result.id());
            document.set("updated", context.redactor().json(update.fields()));
            document.set("result", result.response());
            context.output().document(document);
        } else {
            context.output().keyValues(result.rows());
        }
        return ExitCode.OK;
    }

    /** The options that only mean something with --batch. */
    private static final List<String> BATCH_ONLY = List.of("--parallel", "--rate", "--journal", "--resume", "--fail-fast", "--batch-format");

    private BatchOptions batchOptions(String id) {
        Path journal = option("--journal", null);
        boolean resume = option("--resume", false);
        if (id != null) throw BillctlException.usage("give an ID or --batch FILE, not both: the records name their accounts");
        if (option("--from-file", null) != null) throw BillctlException.usage("-f and --batch do not mix: put the fields in the batch records");
        if (resume && journal == null) throw BillctlException.usage("--resume needs the --journal of the run to resume");
        int workers = option("--parallel", BatchOptions.DEFAULT_PARALLEL);
        if (workers < 1 || workers > BatchOptions.MAX_PARALLEL) {
            throw BillctlException.usage("--parallel must be 1.." + BatchOptions.MAX_PARALLEL + ", got " + workers);
        }
        return new BatchOptions(option("--batch", null), option("--batch-format", null), workers, ratePerSecond(), journal, resume,
                option("--fail-fast", false));
    }

    /** "50/s" or "50", more than zero. */
    private double ratePerSecond() {
        String rate = option("--rate", null);
        if (rate == null) return 0;
        String number = rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
        try {
            double perSecond = Double.parseDouble(number.trim());
            if (perSecond > 0 && Double.isFinite(perSecond)) return perSecond;
        } catch (NumberFormatException e) {
            // one message below
        }
        throw BillctlException.usage("--rate takes N/s with N more than 0, got '" + rate + "'");
    }
}
