package io.billctl.cli;

import picocli.CommandLine.Command;

/** {@code billctl account}: PortaBilling accounts. */
@Command(name = "account", header = "PortaBilling accounts.",
        description = "Commands on PortaBilling accounts (POST {url}/rest/Account/update_account, session login).",
        subcommands = AccountUpdateCommand.class)
public final class AccountCommand {}
