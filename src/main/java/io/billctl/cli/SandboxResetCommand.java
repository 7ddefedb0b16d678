package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.sandbox.SandboxReset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code billctl sandbox reset}. */
@Command(name = "reset", header = "Put every emulator back to its seeded accounts (1..100 and the vendors' example ids).")
public final class SandboxResetCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Context context = BillctlCommand.root(spec).context();
        String where = SandboxReset.reset(context.env());
        context.env().err().println("sandbox reset (" + where + ")");
        return ExitCode.OK;
    }
}
