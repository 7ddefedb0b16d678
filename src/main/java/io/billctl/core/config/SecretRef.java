package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a profile's secret comes from; resolved only when a request needs it, and once per run
 * ({@link Secrets} keeps the answer).
 */
public sealed interface SecretRef {
    /** "API key" or "password": how messages name it. */
    String what();

    /** Where it comes from, in words fit for {@code profile show}: never the value. */
    String describe();

    /** The secret; {@code profile} names whose it is in messages. */
    Secret resolve(Env env, String profile);

    static SecretRef of(String what, String stored, String envVar, String command) {
        if (stored != null) return new Stored(what, stored);
        if (envVar != null) return new FromEnv(what, envVar);
        if (command != null) return new FromCommand(what, command);
        return new Missing(what);
    }

    record Stored(String what, String value) implements SecretRef {
        public String describe() { return "stored in the config file (hidden)"; }
        public Secret resolve(Env env, String profile) { return new Secret(value); }
        @Override public String toString() { return "stored " + what; }
    }

    record FromEnv(String what, String variable) implements SecretRef {
        public String describe() { return "from $" + variable; }
        public Secret resolve(Env env, String profile) {
            return env.get(variable).map(Secret::new).orElseThrow(() -> BillctlException.usage(
                    "the " + what + " comes from $" + variable + ", which is not set"));
        }
    }

    /**
     * A command such as {@code pass show vcs}, run through {@code sh -c} with stdin closed; its first
     * line is the secret. It has {@link #TIMEOUT} to print it and exit; after that it is killed with
     * every process it started. Any failure is exit 3: the credential cannot be had.
     */
    record FromCommand(String what, String command) implements SecretRef {
        /** How long a command may take; a test may shorten it (never a user: the message says 30 s). */
        static volatile Duration timeout = Duration.ofSeconds(30);
        /** The most of its output billctl keeps: a secret is one line. */
        private static final int MOST_KEPT = 1 << 20;

        public String describe() { return "from the command: " + command; }

        public Secret resolve(Env env, String profile) {
            String whose = "the command for the " + what + (profile == null ? "" : " of profile '" + profile + "'");
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().clear();
            builder.environment().putAll(env.vars());
            Duration limit = timeout;
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw failed("cannot run " + whose + ": " + e.getMessage());
            }
            // Read on a thread of its own: a command that never closes its output must not block the wait below.
            CompletableFuture<String> firstLine = new CompletableFuture<>();
            Thread reader = new Thread(() -> readFirstLine(process.getInputStream(), firstLine), "billctl-secret-command");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                    killTree(process);
                    throw failed(whose + " did not finish in " + seconds(limit) + " s; it was stopped, with every process it started: " + command);
                }
                if (process.exitValue() != 0) throw failed(whose + " exited " + process.exitValue() + ": " + command);
                String first;
                try {
                    // It exited; a process it left behind may hold its output open: the first line is enough.
                    first = firstLine.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).strip();
                } catch (TimeoutException e) {
                    throw failed(whose + " exited without printing a line, and something it started holds its output open: " + command);
                } catch (ExecutionException e) {
                    throw failed("cannot read the output of " + whose + ": " + e.getCause().getMessage());
                }
                if (first.isEmpty()) throw failed(whose + " printed nothing: " + command);
                return new Secret(first);
            } catch (InterruptedException e) {
                killTree(process);
                Thread.currentThread().interrupt();
                throw new BillctlException(ExitCode.INTERRUPTED, "interrupted while running " + whose);
            }
        }

        /** Completes {@code line} at the first newline (or the end), then drains the rest so the command never blocks on a full pipe. */
        private static void readFirstLine(InputStream out, CompletableFuture<String> line) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (out) {
                for (int n; (n = out.read(buffer)) >= 0; ) {
                    if (line.isDone()) continue;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            first.write(buffer, 0, i);
                            line.complete(first.toString(StandardCharsets.UTF_8));
                            break;
                        }
                    }
                    if (!line.isDone() && first.size() < MOST_KEPT) first.write(buffer, 0, n);
                }
                line.complete(first.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                line.completeExceptionally(e);
            }
        }

        /** SIGKILL to the command and everything under it, children first seen first, a few rounds for ones forked meanwhile. */
        private static void killTree(Process process) {
            for (int round = 0; round < 3; round++) {
                List<ProcessHandle> tree = process.descendants().toList();
                process.destroyForcibly();
                tree.forEach(ProcessHandle::destroyForcibly);
                if (tree.isEmpty()) break;
            }
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String seconds(Duration limit) {
            return limit.toMillis() % 1000 == 0 ? Long.toString(limit.toSeconds()) : Double.toString(limit.toMillis() / 1000.0);
        }

        private static BillctlException failed(String message) {
            return new BillctlException(ExitCode.AUTH, message);
        }
    }

    /** For tests: commands time out after {@code limit} until the answer is closed. */
    static AutoCloseable commandTimeout(Duration limit) {
        FromCommand.timeout = limit;
        return () -> FromCommand.timeout = Duration.ofSeconds(30);
    }

    record Missing(String what) implements SecretRef {
        public String describe() { return "not set"; }
        public Secret resolve(Env env, String profile) {
            throw BillctlException.usage("this profile has no " + what + "; add one with billctl profile add --force");
        }
    }
}
