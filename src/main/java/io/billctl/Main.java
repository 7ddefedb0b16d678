package io.billctl;

import io.billctl.cli.Cli;
import io.billctl.core.Env;

/** The {@code billctl} executable. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(Env.system(), args));
    }
}
