package io.billctl.cli;

import picocli.CommandLine.Command;

/** {@code billctl sandbox}: the built-in emulators. */
@Command(name = "sandbox", header = "Run the built-in emulators of the four backends.",
        description = "-p sandbox works without this: billctl then starts the emulators inside the process for "
                + "the call. 'sandbox serve' keeps them running for other tools and for faster calls.",
        subcommands = {SandboxServeCommand.class, SandboxResetCommand.class})
public final class SandboxCommand {}
