package io.billctl.testing;

import io.billctl.core.output.Terminal;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.billctl.cli.Cli;
import io.billctl.core.Env;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs billctl in this JVM as a user would from a shell: its own HOME and XDG directories,
 * chosen environment variables and stdin, captured stdout and stderr. Every run is checked
 * for leaks: no secret this harness knows may appear in anything billctl printed.
 */
public final class Billctl {
    private final Path home;
    private final Map<String, String> vars = new HashMap<>();
    private final List<String> secrets = new ArrayList<>();

    public Billctl(Path home) {
        this.home = home;
        vars.put("HOME", home.toString());
        vars.put("PATH", System.getenv("PATH"));
        vars.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        vars.put("XDG_DATA_HOME", home.resolve("data").toString());
        vars.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    }

    public Path home() {
        return home;
    }

    public Path configFile() {
        return home.resolve("config/billctl/config.toml");
    }

    public Path dataDir() {
        return home.resolve("data/billctl");
    }

    public Billctl env(String name, String value) {
        if (value == null) vars.remove(name);
        else vars.put(name, value);
        return this;
    }

    /** A value that must never be printed; every run is checked for it. */
    public Billctl secret(String value) {
        secrets.add(value);
        return this;
    }

    /** Writes the config file by hand, as a user might. */
    public Billctl config(String toml) {
        try {
            Files.createDirectories(configFile().getParent());
            Files.writeString(configFile(), toml);
            Files.setPosixFilePermissions(configFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public Run run(String... args) {
        return runWithStdin("", args);
    }

    public Run runWithStdin(String stdin, String... args) {
        return runWithStdin(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** The same with stdin's bytes as given: a file piped in as it is (a byte-order mark, another encoding, bytes that are not text). */
    public Run runWithStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Env env = new Env(Map.copyOf(vars), new ByteArrayInputStream(stdin), outStream, errStream, Terminal.NONE);
        int exit = Cli.run(env, args);
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        for (String secret : secrets) {
            assertFalse(run.out().contains(secret), () -> "a secret leaked on stdout:\n" + run.out());
            assertFalse(run.err().contains(secret), () -> "a secret leaked on stderr:\n" + run.err());
        }
        return run;
    }
}
