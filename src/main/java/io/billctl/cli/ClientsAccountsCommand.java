package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl clients-accounts}: JeraSoft VCS client accounts. */
final class ClientsAccountsCommand {
    static final String NAME = "clients-accounts";

    private ClientsAccountsCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().header("JeraSoft VCS client accounts.").description("Commands on JeraSoft VCS client accounts (PATCH {url}/clients/accounts/{id}, X-Api-Key).");
        spec.addSubcommand("update", ClientsAccountsUpdateCommand.spec());
        return spec;
    }
}
