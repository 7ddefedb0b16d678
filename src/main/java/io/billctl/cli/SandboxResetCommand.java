package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.sandbox.SandboxReset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code billctl sandbox reset}. */
@Command(name = "reset", header = "Put every emulator back to its seeded accounts (1..10000, the vendors' example ids among them).")
public final class SandboxResetCommand implements Callable<Integer> {
    private final Invocation invocation;

    SandboxResetCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        String where = SandboxReset.reset(context.env(), context.presenter()::info);
        context.presenter().info("sandbox reset (" + where + ")");
        return ExitCode.OK;
    }
}
