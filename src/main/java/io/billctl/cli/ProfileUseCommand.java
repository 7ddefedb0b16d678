package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.config.ProfileEditor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code billctl profile use NAME}. */
@Command(name = "use", header = "Make a profile the default for calls without -p or $BILLCTL_PROFILE.")
public final class ProfileUseCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile to use by default ('sandbox' too).")
    String name;

    @Override
    public Integer call() {
        Context context = BillctlCommand.root(spec).context();
        new ProfileEditor(context.profiles()).use(name);
        context.env().err().println("default profile is now '" + name + "'");
        return ExitCode.OK;
    }
}
