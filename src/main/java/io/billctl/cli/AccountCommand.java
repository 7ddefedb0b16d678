package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl account}: PortaBilling accounts. */
final class AccountCommand {
    static final String NAME = "account";

    private AccountCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().header("PortaBilling accounts.").description("Commands on PortaBilling accounts (POST {url}/rest/Account/update_account, session login).");
        spec.addSubcommand("update", AccountUpdateCommand.spec());
        return spec;
    }
}
