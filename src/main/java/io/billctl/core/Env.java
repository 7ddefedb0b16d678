package io.billctl.core;

import io.billctl.core.output.Terminal;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of billctl sees of the outside world: environment variables and the three
 * standard streams. Passed in rather than read from {@link System} so that tests can run
 * billctl in-process with a temporary HOME and captured output.
 */
public record Env(Map<String, String> vars, InputStream in, PrintStream out, PrintStream err, Terminal terminal) {

    /**
     * The process's own streams. stdout gets a 64 KiB buffer without autoflush: the JVM's
     * System.out flushes at every line, one system call per record of a batch's JSON output.
     * Output flushes where a reader needs the data; Cli.run flushes at the end. Beneath the buffer,
     * {@link CheckedOutput}: a write that fails throws {@link OutputFailed} rather than vanish in the
     * PrintStream.
     */
    public static Env system() {
        PrintStream out = new PrintStream(new BufferedOutputStream(new CheckedOutput(new FileOutputStream(FileDescriptor.out)), 1 << 16), false,
                StandardCharsets.UTF_8);
        return new Env(System.getenv(), ClosedStdin.detect() ? new ClosedStdin() : System.in, out, System.err, Terminal.detect());
    }

    public Optional<String> get(String name) {
        String value = vars.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public Path home() {
        return Path.of(get("HOME").orElse(System.getProperty("user.home")));
    }

    /** {@code $XDG_CONFIG_HOME/billctl}, else {@code ~/.config/billctl}. */
    public Path configDir() {
        return get("XDG_CONFIG_HOME").map(Path::of).orElse(home().resolve(".config")).resolve("billctl");
    }

    /** {@code $XDG_CACHE_HOME/billctl}, else {@code ~/.cache/billctl}: login sessions and tokens. */
    public Path cacheDir() {
        return get("XDG_CACHE_HOME").map(Path::of).orElse(home().resolve(".cache")).resolve("billctl");
    }

    /** {@code $XDG_DATA_HOME/billctl}, else {@code ~/.local/share/billctl}. */
    public Path dataDir() {
        return get("XDG_DATA_HOME").map(Path::of).orElse(home().resolve(".local/share")).resolve("billctl");
    }
}
