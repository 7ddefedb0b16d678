package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.config.ProfileEditor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl profile use NAME}. */
@Command(name = "use", header = "Make a profile the default for calls without -p or $BILLCTL_PROFILE.",
        description = "Writes default_profile in the config file. -p NAME and $BILLCTL_PROFILE still choose another for one call. "
                + "With -o json: {\"ok\":true, \"profile\":NAME, \"default\":true, \"config\":FILE}.")
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
        context.presenter().done("default profile is now '" + name + "'", Json.object().put("profile", name).put("default", true)
                .put("config", context.profiles().store().path().toString()));
        return ExitCode.OK;
    }
}
