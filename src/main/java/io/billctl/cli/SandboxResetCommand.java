package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.sandbox.SandboxReset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code billctl sandbox reset}. */
@Command(name = "reset", header = "Put every emulator back to its seeded accounts (1..10000, the vendors' example ids among them).",
        description = "Forgets every change made on the sandbox: the saved state of the embedded emulators "
                + "($XDG_DATA_HOME/billctl/sandbox.json), or the accounts of a running 'billctl sandbox serve', which is told to reset "
                + "(POST /_sandbox/reset). Faults set on a running server are kept.")
public final class SandboxResetCommand implements Callable<Integer> {
    private final Invocation invocation;

    SandboxResetCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        String where = SandboxReset.reset(context.env(), context.presenter()::info);
        context.presenter().done("sandbox reset (" + where + ")", Json.object().put("reset", true).put("where", where));
        return ExitCode.OK;
    }
}
