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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every backend's {@code update} shares: the id, {@code -f}, {@code --set}, {@code --unset},
 * {@code --allow-unknown-fields}; the catalog's own flags are added by {@link CatalogOptions}.
 * Parses, hands the work to the core, and renders.
 */
public abstract class UpdateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The account to update (not with --batch, whose records name theirs).")
    String id;

    @Option(names = {"-f", "--from-file"}, paramLabel = "FILE", order = 501,
            description = "A JSON object of fields in the vendor's names and shape ('-' for stdin); flags given beside it win.")
    String fromFile;

    @Option(names = "--set", paramLabel = "NAME=VALUE", order = 502,
            description = "Set any field by its vendor name, typed by the catalog; JSON for objects, lists and unknown fields. Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--unset", paramLabel = "NAME", order = 503, description = "Send null for a nullable field. Repeatable.")
    List<String> unsets = new ArrayList<>();

    @Option(names = "--allow-unknown-fields", order = 504,
            description = "Send field names the catalog does not know (the server may know better).")
    boolean allowUnknown;

    @Option(names = "--batch", paramLabel = "FILE", order = 600,
            description = "One update per record of FILE ('-' for stdin): JSON Lines, or CSV with a header row; the id under the vendor's id name. "
                    + "Every record is validated before the first is sent; fields given on the command line apply to every record.")
    String batch;

    @Option(names = "--batch-format", paramLabel = "FORMAT", order = 601,
            description = "jsonl or csv (default: by the file's extension; jsonl for stdin).")
    BatchOptions.Format batchFormat;

    @Option(names = "--parallel", paramLabel = "N", order = 602,
            description = "Requests in flight at once with --batch (default: " + BatchOptions.DEFAULT_PARALLEL + ", at most " + BatchOptions.MAX_PARALLEL + ").")
    Integer parallel;

    @Option(names = "--rate", paramLabel = "N/s", order = 603, description = "At most N requests a second with --batch.")
    String rate;

    @Option(names = "--journal", paramLabel = "FILE", order = 604,
            description = "Append each record's outcome to FILE as it happens (JSON Lines, flushed per record).")
    Path journal;

    @Option(names = "--resume", order = 605, description = "Skip the records the --journal shows as done.")
    boolean resume;

    @Option(names = "--fail-fast", order = 606, description = "Stop taking records at the first failure (those in flight finish).")
    boolean failFast;

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
        UpdateInput input = new UpdateInput(id, fromFile, CatalogOptions.given(spec.commandLine().getParseResult()), sets, unsets, allowUnknown);
        if (batch != null) return BatchRunner.run(context, backend, input, batchOptions(), this::withExtras);
        if (id == null) throw BillctlException.usage("give the ID of the account to update, or --batch FILE");
        if (parallel != null || rate != null || journal != null || resume || failFast || batchFormat != null) {
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

    private BatchOptions batchOptions() {
        if (id != null) throw BillctlException.usage("give an ID or --batch FILE, not both: the records name their accounts");
        if (fromFile != null) throw BillctlException.usage("-f and --batch do not mix: put the fields in the batch records");
        if (resume && journal == null) throw BillctlException.usage("--resume needs the --journal of the run to resume");
        int workers = parallel == null ? BatchOptions.DEFAULT_PARALLEL : parallel;
        if (workers < 1 || workers > BatchOptions.MAX_PARALLEL) {
            throw BillctlException.usage("--parallel must be 1.." + BatchOptions.MAX_PARALLEL + ", got " + workers);
        }
        return new BatchOptions(batch, batchFormat, workers, ratePerSecond(), journal, resume, failFast);
    }

    /** "50/s" or "50", more than zero. */
    private double ratePerSecond() {
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
