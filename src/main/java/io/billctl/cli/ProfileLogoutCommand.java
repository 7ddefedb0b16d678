package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.config.ProfileConfig;
import io.billctl.core.config.Profiles;
import io.billctl.core.session.TokenCache;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl profile logout [NAME]}: ends the profile's cached logins. */
@Command(name = "logout", header = "End a profile's cached logins (the selected one by default).",
        description = {"Deletes the sessions billctl keeps for the profile, so that the next call logs in again. "
                + "PortaBilling is also asked to end each session that is still valid (Session/logout), best effort: "
                + "the session is deleted here whatever it answers."},
        footerHeading = "%nExamples:%n",
        footer = {"  billctl profile logout porta", "  billctl -p porta profile logout -o json"})
public final class ProfileLogoutCommand implements Callable<Integer> {
    private final Invocation invocation;

    ProfileLogoutCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Profile to log out (default: the selected one).")
    String name;

    @Override
    public Integer call() {
        Context context = invocation.context();
        Profiles profiles = context.profiles();
        String chosen = profiles.selectedName(name != null ? name : context.globals().profile());
        ProfileConfig profile = profiles.profile(chosen);
        List<TokenCache.Saved> saved = context.sessions().of(chosen);
        if (profile == null && !Profiles.SANDBOX.equals(chosen) && saved.isEmpty()) throw profiles.unknown(chosen);
        int ended = 0;
        Instant now = Instant.now();
        for (TokenCache.Saved session : saved) {
            // The server is told only where the profile still says which server it is, and the token may still be good.
            if (profile != null && session.token().usableAt(now) && profile.backend().equals(session.owner().backend())) {
                Backend backend = context.backends().require(profile.backend());
                try {
                    if (context.connect(backend, Profiles.endpoint(chosen, profile)).client().logout(session.token().value())) ended++;
                } catch (BillctlException e) {
                    context.presenter().warning("could not end a session of profile '" + chosen + "' on the server (" + e.getMessage()
                            + "); it is deleted here and lapses there");
                }
            }
            context.sessions().forget(session.key());
        }
        if (!saved.isEmpty()) {
            context.changeMade(saved.size() + " cached login" + (saved.size() == 1 ? " of profile '" + chosen + "' was" : "s of profile '" + chosen + "' were")
                    + " deleted" + (ended > 0 ? " (" + ended + " ended on the server)" : ""));
        }
        String said = saved.isEmpty() ? "profile '" + chosen + "' had no cached login"
                : "logged out profile '" + chosen + "': " + saved.size() + " cached login" + (saved.size() == 1 ? "" : "s") + " deleted"
                + (ended > 0 ? ", " + ended + " ended on the server" : "");
        if (context.presenter().json()) {
            context.presenter().document(Json.object().put("ok", true).put("profile", chosen).put("deleted", saved.size()).put("ended", ended));
        } else {
            context.presenter().info(said);
        }
        return ExitCode.OK;
    }
}
