package io.billctl.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * billctl as a separate process, the way a shell or a script runs it: {@code bin/billctl} (or the
 * jar under a JVM option a test needs), a HOME of the test's own, none of the caller's billctl or
 * XDG variables. Waits at most two minutes: a generous bound that only proves it did not hang.
 */
public final class Subprocess {
    public static final Path REPO = Path.of(System.getProperty("user.dir"));
    public static final Path LAUNCHER = REPO.resolve("bin/billctl");
    public static final Path JAR = REPO.resolve("target/billctl.jar");

    private Subprocess() {}

    /** {@code bin/billctl ARGS} with HOME at {@code home}. */
    /**
     * {@code bin/billctl ARGS} with every signal's handling reset to the default, for the tests that send
     * it signals: a build started in the background by a script (nohup, {@code &}) has SIGINT and SIGHUP
     * ignored, every process it starts inherits that, and billctl, as a program should, leaves an
     * ignored signal ignored. Needs coreutils' {@code env --default-signal} (8.31 and later); without
     * it, the command as it is.
     */
    public static List<String> launcherWithDefaultSignals(String... args) {
        List<String> command = new ArrayList<>();
        if (ENV_DEFAULT_SIGNAL) command.addAll(List.of("env", "--default-signal"));
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        return command;
    }

    private static final boolean ENV_DEFAULT_SIGNAL = envDefaultSignal();

    private static boolean envDefaultSignal() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static Run billctl(Path home, Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command, home, env, stdin);
    }

    /** {@code java JVM_OPTIONS -jar target/billctl.jar ARGS}: for a JVM option the launcher does not pass. */
    public static Run jar(Path home, List<String> jvmOptions, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(command, home, env, "");
    }

    public static Run run(List<String> command, Path home, Map<String, String> env, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> vars = builder.environment();
        vars.keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_") || name.equals("NO_COLOR")
                || name.equals("CLICOLOR_FORCE") || name.equals("JAVA_TOOL_OPTIONS"));
        vars.put("HOME", home.toString());
        vars.putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the command does not read stdin
            }
            String out = read(process.getInputStream());
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "billctl did not finish");
            return new Run(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
