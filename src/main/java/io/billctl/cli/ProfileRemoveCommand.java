package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.config.ProfileEditor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code billctl profile remove NAME}. */
@Command(name = "remove", aliases = "rm", header = "Remove a profile and its stored secrets.")
public final class ProfileRemoveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile to remove.")
    String name;

    @Override
    public Integer call() {
        Context context = BillctlCommand.root(spec).context();
        new ProfileEditor(context.profiles()).remove(name);
        context.env().err().println("removed profile '" + name + "'");
        return ExitCode.OK;
    }
}
