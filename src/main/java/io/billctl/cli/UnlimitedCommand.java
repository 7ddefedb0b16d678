package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl unlimited}: Enswitch unlimited access accounts. */
final class UnlimitedCommand {
    static final String NAME = "unlimited";

    private UnlimitedCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().header("Enswitch unlimited access accounts.").description("Commands on Enswitch unlimited access accounts (POST {url}/api/json/unlimited/update/).");
        spec.addSubcommand("update", UnlimitedUpdateCommand.spec());
        return spec;
    }
}
