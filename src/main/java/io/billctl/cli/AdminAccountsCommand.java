package io.billctl.cli;

import picocli.CommandLine.Command;

/** {@code billctl admin-accounts}: Yeti-Switch accounts through the admin API. */
@Command(name = "admin-accounts", header = "Yeti-Switch accounts (admin API).",
        description = "Commands on Yeti-Switch accounts (PUT {url}/api/rest/admin/accounts/{id}, JSON:API, JWT).",
        subcommands = AdminAccountsUpdateCommand.class)
public final class AdminAccountsCommand {}
