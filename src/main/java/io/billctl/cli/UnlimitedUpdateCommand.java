package io.billctl.cli;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.core.backend.Update;
import io.billctl.enswitch.EnswitchBackend;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code billctl unlimited update ID}: Enswitch. */
public final class UnlimitedUpdateCommand extends UpdateCommand {
    static CommandSpec spec() {
        CommandSpec spec = new UnlimitedUpdateCommand().spec("Update an Enswitch unlimited access account.",
                "Sends POST {url}/api/json/unlimited/update/ with the parameters given, and only those, "
                        + "as a form body that also carries auth_username and auth_password (never the URL). "
                        + "Every documented parameter has a flag and is checked by its rule before anything is sent; "
                        + "--validate-only asks the server to check them too, changing nothing.",
                "billctl -p sandbox unlimited update 1 --name \"Night plan\" --starthour 20 --endhour 6 --days-week 1,2,3,4,5",
                "billctl unlimited update 7 --maximum-cost -1 --locked 0 --validate-only",
                "billctl unlimited update 7 -f plan.json --cos 1 -o json");
        spec.addOption(OptionSpec.builder("--validate-only").type(boolean.class).order(505)
                .description("Send validation=1: the server checks the input and answers 201, changing nothing.").build());
        return spec;
    }

    @Override
    protected Backend backend() {
        return Backends.require(EnswitchBackend.ID);
    }

    @Override
    protected Update withExtras(Update update) {
        return option("--validate-only", false) ? update.withExtra("validation", "1") : update;
    }
}
