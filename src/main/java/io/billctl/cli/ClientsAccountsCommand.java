package io.billctl.cli;

import picocli.CommandLine.Command;

/** {@code billctl clients-accounts}: JeraSoft VCS client accounts. */
@Command(name = "clients-accounts", header = "JeraSoft VCS client accounts.",
        description = "Commands on JeraSoft VCS client accounts (PATCH {url}/clients/accounts/{id}, X-Api-Key).",
        subcommands = ClientsAccountsUpdateCommand.class)
public final class ClientsAccountsCommand {}
