package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl admin-accounts}: Yeti-Switch accounts through the admin API. */
final class AdminAccountsCommand {
    static final String NAME = "admin-accounts";

    private AdminAccountsCommand() {}

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().header("Yeti-Switch accounts (admin API).").description("Commands on Yeti-Switch accounts (PUT {url}/api/rest/admin/accounts/{id}, JSON:API, JWT).");
        spec.addSubcommand("update", AdminAccountsUpdateCommand.spec());
        return spec;
    }
}
