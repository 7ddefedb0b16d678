package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl unlimited}: Enswitch unlimited access accounts. */
final class UnlimitedCommand {
    static final String NAME = "unlimited";

    private UnlimitedCommand() {}

    static CommandSpec spec() {
        return BillctlCommand.group(NAME, "Enswitch unlimited access accounts.",
                "Commands on Enswitch unlimited access accounts (POST {url}/api/json/unlimited/update/).", UnlimitedUpdateCommand.spec());
    }
}
