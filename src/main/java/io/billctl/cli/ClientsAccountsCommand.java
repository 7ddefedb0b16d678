package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl clients-accounts}: JeraSoft VCS client accounts. */
final class ClientsAccountsCommand {
    static final String NAME = "clients-accounts";

    private ClientsAccountsCommand() {}

    static CommandSpec spec() {
        return BillctlCommand.group(NAME, "JeraSoft VCS client accounts.",
                "Commands on JeraSoft VCS client accounts (PATCH {url}/clients/accounts/{id}, X-Api-Key).", ClientsAccountsUpdateCommand.spec());
    }
}
