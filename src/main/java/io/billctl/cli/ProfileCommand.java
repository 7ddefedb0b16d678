package io.billctl.cli;

import picocli.CommandLine.Command;

/** {@code billctl profile}: where billctl connects, and as whom. */
@Command(name = "profile", header = "Manage connection profiles.",
        description = {"A profile names a backend, its URL and where its secrets come from.",
                "The config file is written with mode 0600; secrets are never printed."},
        subcommands = {ProfileAddCommand.class, ProfileListCommand.class, ProfileShowCommand.class,
                ProfileRemoveCommand.class, ProfileUseCommand.class, ProfileTestCommand.class, ProfileLogoutCommand.class})
public final class ProfileCommand {}
