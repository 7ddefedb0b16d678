package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import io.billctl.testing.Run;
import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 with real processes sharing one HOME: a second {@code sandbox serve} says the first is
 * running (its pid and URL) and exits 2 instead of hanging on the state's lock; a {@code -p sandbox}
 * call that waits for another one's embedded sandbox says so, naming it, and then runs.
 */
class SandboxContentionIT {
    private static final Map<String, String> ENV = Map.of("BILLCTL_CDS", "off");
    @TempDir Path home;

    private Process start(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of(Subprocess.LAUNCHER.toString()))).directory(home.toFile())
                .redirectOutput(home.resolve("first.out").toFile()).redirectError(home.resolve("first.err").toFile());
        builder.command().addAll(List.of(args));
        builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_"));
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    private Path data(String file) {
        return home.resolve(".local/share/billctl").resolve(file);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited a minute for " + what);
            Thread.sleep(50);
        }
    }

    /**
     * README's own pipe on the embedded sandbox: the list holds the sandbox while it writes, and the
     * update, taking it only once its whole input is read, waits for the list to end instead of holding
     * the sandbox while it waits for input the list cannot write (which hung both, 4 runs in 6).
     * A list longer than a pipe's buffer (10,000 accounts), with either call starting first.
     */
    @Test
    void aListPipedIntoABatchUpdateOnTheEmbeddedSandboxFinishes() throws Exception {
        String billctl = Subprocess.LAUNCHER.toString();
        for (String delay : List.of("", "sleep 1; ")) {
            String script = "set -o pipefail; timeout 100 bash -c '" + billctl + " -p sandbox clients-accounts list -o jsonl | (" + delay
                    + "exec " + billctl + " -p sandbox clients-accounts update --batch - --set notes=piped -o json)' | tail -1";
            Run run = Subprocess.run(List.of("bash", "-c", script), home, ENV, "");
            assertEquals(0, run.exit(), "124 is the pipe hanging until timeout killed it: " + run.err());
            assertEquals(10_000, Json.parse(run.out().strip()).at("/summary/done").asInt(), run.out());
        }
    }

    @Test
    void aSecondServeExitsTwoNamingTheFirst() throws Exception {
        Process first = start(ENV, "sandbox", "serve", "--port", "0");
        try {
            await("the first server's address", () -> Files.exists(data("sandbox-server.json")));
            Run second = Subprocess.billctl(home, ENV, "", "sandbox", "serve", "--port", "0").exits(2).oneErrorLine();
            assertTrue(second.errorLine().contains("a sandbox server is already running for " + home.resolve(".local/share/billctl")
                    + " (pid " + first.pid() + ", http://127.0.0.1:"), second.err());
            assertTrue(first.isAlive(), "the first server runs on");
        } finally {
            first.destroy();
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCallWaitingForAnotherOnesEmbeddedSandboxSaysForWhom() throws Exception {
        Path input = home.resolve("slow.jsonl");
        Files.writeString(input, IntStream.rangeClosed(1, 12).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"batch " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        Map<String, String> slow = Map.of("BILLCTL_CDS", "off", "BILLCTL_SANDBOX_FAULTS", "latency=300");
        Process batch = start(slow, "-p", "sandbox", "clients-accounts", "update", "--batch", input.toString(), "--parallel", "1");
        try {
            String pid = Long.toString(batch.pid());
            await("the batch to hold the sandbox", () -> {
                try {
                    return Files.exists(data("sandbox.lock")) && Files.readString(data("sandbox.lock")).strip().equals(pid);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            Run waiting = Subprocess.billctl(home, ENV, "", "-p", "sandbox", "clients-accounts", "update", "1", "--name", "After the batch", "-o", "json")
                    .exits(0);
            assertTrue(waiting.err().contains("waiting for another billctl (pid " + pid + ")\u2026"), waiting.err());
            assertTrue(waiting.json().path("ok").asBoolean(), waiting.out());
            assertTrue(batch.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, batch.exitValue(), Files.readString(home.resolve("first.err")));
            assertTrue(Files.readString(data("sandbox.json")).contains("After the batch"), "the waiting call ran after the batch, on its state");
        } finally {
            batch.destroyForcibly();
            batch.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
