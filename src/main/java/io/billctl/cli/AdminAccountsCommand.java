package io.billctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** {@code billctl admin-accounts}: Yeti-Switch accounts through the admin API. */
final class AdminAccountsCommand {
    static final String NAME = "admin-accounts";

    private AdminAccountsCommand() {}

    static CommandSpec spec() {
        return BillctlCommand.group(NAME, "Yeti-Switch accounts (admin API).",
                "Commands on Yeti-Switch accounts (PUT {url}/api/rest/admin/accounts/{id}, JSON:API, JWT).", AdminAccountsUpdateCommand.spec());
    }
}
