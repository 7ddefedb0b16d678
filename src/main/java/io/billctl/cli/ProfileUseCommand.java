package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.config.ProfileEditor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl profile use NAME}. */
@Command(name = "use", header = "Make a profile the default for calls without -p or $BILLCTL_PROFILE.")
public final class ProfileUseCommand implements Callable<Integer> {
    private final Invocation invocation;

    ProfileUseCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile to use by default ('sandbox' too).")
    String name;

    @Override
    public Integer call() {
        Context context = invocation.context();
        new ProfileEditor(context.profiles()).use(name);
        context.presenter().info("default profile is now '" + name + "'");
        return ExitCode.OK;
    }
}
