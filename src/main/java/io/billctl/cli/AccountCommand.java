package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl account}: PortaBilling accounts. */
final class AccountCommand {
    static final String NAME = "account";

    private AccountCommand() {}

    static CommandSpec spec() {
        return BillctlCommand.group(NAME, "PortaBilling accounts.",
                "Commands on PortaBilling accounts (POST {url}/rest/Account/update_account, session login).", AccountUpdateCommand.spec());
    }
}
