package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.apply.Guard;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Connection;
import io.billctl.core.batch.BatchOptions;
import io.billctl.core.batch.Undo;
import io.billctl.core.update.UpdateInput;
import io.billctl.core.update.UpdatePlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code billctl undo JOURNAL}: puts back what the run a journal records changed, as a batch of its
 * own (the core's {@link Undo}), at the backend and profile the journal names.
 */
final class UndoCommand implements Callable<Integer> {
    private final Invocation invocation;
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("undo");
    private final PositionalParamSpec journalToUndo = PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("JOURNAL").type(Path.class)
            .description("The --journal of the update or batch to undo.").build();
    private final OptionSpec force;
    private final BatchFlags run;

    private UndoCommand(Invocation invocation) {
        this.invocation = invocation;
        spec.addPositional(journalToUndo);
        force = OptionSpec.builder("--force").type(boolean.class).order(580)
                .description("Put accounts back even where a value has changed again since the run (by default such an account is reported, "
                        + "exit 1, and left as it is).").build();
        spec.addOption(force);
        run = new BatchFlags(spec, true, "Journal the undo itself, as any batch (before-images included: an undo can be undone; "
                + "--resume continues it).");
    }

    static CommandSpec spec(Invocation invocation) {
        UndoCommand command = new UndoCommand(invocation);
        command.spec.usageMessage()
                .header("Put back what an update or a batch changed, from its --journal.")
                .description("Each update the journal shows as applied (or in flight when its run stopped) sets its account's fields back "
                                + "to the values they had before it, in the reverse order of the run. An account is read first: one that "
                                + "already has its old values is left alone, and one whose value has changed again since (someone else "
                                + "changed it) is reported and not overwritten unless --force. Secrets are never journaled, so they are "
                                + "named, not restored. The backend and profile are the journal's (-p may name another profile of the "
                                + "same server). --dry-run --diff reads every account and shows what would be put back.",
                        "")
                .footerHeading("%nExamples:%n")
                .footer("  billctl undo run.journal --dry-run --diff",
                        "  billctl undo run.journal --journal undo.journal",
                        "  billctl undo run.journal --journal undo.journal --resume");
        return command.spec;
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        Path file = journalToUndo.getValue();
        Undo undo = Undo.read(file);
        Backend backend = context.backends().find(undo.backend())
                .orElseThrow(() -> BillctlException.usage("journal " + file + " is for backend '" + undo.backend() + "', which this billctl does not know"));
        BatchOptions options = run.options(file.toString(), BatchOptions.Format.jsonl);
        String profile = context.globals().profile() != null ? context.globals().profile() : undo.profile();
        Connection connection = context.connectForBatch(backend, profile, "'undo' of this journal");
        undo.checkTarget(connection.endpoint());
        UpdatePlan plan = UpdatePlan.of(backend, new UpdateInput(List.of(), List.of(), List.of(), true), Map.of()).restoring();
        Pipeline pipeline = new Pipeline(plan, connection, new Guard(true, true));
        return undo.run(context, pipeline, options, Boolean.TRUE.equals(force.getValue()));
    }
}
