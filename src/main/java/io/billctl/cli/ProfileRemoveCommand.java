package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.config.ProfileEditor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl profile remove NAME}. */
@Command(name = "remove", aliases = "rm", header = "Remove a profile, its stored secrets and its cached logins.",
        description = "The logins are deleted here only; 'billctl profile logout NAME' first also ends them on the server (PortaBilling).")
public final class ProfileRemoveCommand implements Callable<Integer> {
    private final Invocation invocation;

    ProfileRemoveCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile to remove.")
    String name;

    @Override
    public Integer call() {
        Context context = invocation.context();
        boolean wasDefault = new ProfileEditor(context.profiles()).remove(name);
        int sessions = 0;
        try {
            sessions = context.sessions().forgetProfile(name);
        } catch (BillctlException e) {
            context.presenter().warning("the profile is removed, but its cached logins were left: " + e.getMessage());
        }
        context.presenter().done("removed profile '" + name + "'"
                + (sessions > 0 ? " and its " + sessions + " cached login" + (sessions == 1 ? "" : "s") : ""),
                Json.object().put("profile", name).put("removed", true).put("deleted", sessions).put("was_default", wasDefault));
        if (wasDefault) {
            var left = context.profiles().config().profiles().keySet();
            context.presenter().info("'" + name + "' was the default profile; now none is: calls without -p need BILLCTL_PROFILE or 'billctl profile use NAME'"
                    + (left.isEmpty() ? "" : " (profiles: " + String.join(", ", left) + ")")
                    + ", and the next profile added becomes the default");
        }
        return ExitCode.OK;
    }
}
