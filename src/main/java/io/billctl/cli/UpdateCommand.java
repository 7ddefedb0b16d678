package io.billctl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.backend.UpdateResult;
import io.billctl.core.update.UpdateAssembler;
import io.billctl.core.update.UpdateInput;
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

    @Parameters(index = "0", paramLabel = "ID", description = "The account to update.")
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
}
