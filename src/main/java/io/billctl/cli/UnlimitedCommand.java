package io.billctl.cli;

import picocli.CommandLine.Command;

/** {@code billctl unlimited}: Enswitch unlimited access accounts. */
@Command(name = "unlimited", header = "Enswitch unlimited access accounts.",
        description = "Commands on Enswitch unlimited access accounts (POST {url}/api/json/unlimited/update/).",
        subcommands = UnlimitedUpdateCommand.class)
public final class UnlimitedCommand {}
