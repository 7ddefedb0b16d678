package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.config.Secrets;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproduction 5: {@code --api-key-command} / {@code --password-command} run once per
 * process however many records need the secret, and a command that does not finish is killed with
 * every process it started.
 */
class SecretCommandTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;
    Path runs;

    @BeforeEach
    void setUp() {
        billctl = new Billctl(home).secret(JerasoftEmulator.API_KEY).secret(PortabillingEmulator.PASSWORD);
        runs = home.resolve("runs.log");
    }

    private Path records(String idName, String field) throws Exception {
        Path file = home.resolve(idName + ".jsonl");
        Files.writeString(file, IntStream.rangeClosed(1, 200).mapToObj(i -> "{\"" + idName + "\":" + (i % 100 + 1) + ",\"" + field + "\":\"n" + i + "@example.com\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    @Test
    void aKeyCommandRunsOncePerBatch() throws Exception {
        billctl.config("[profiles.ops]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\n"
                + "api_key_command = \"echo run >> " + runs + "; echo " + JerasoftEmulator.API_KEY + "\"\n");
        billctl.run("-p", "ops", "clients-accounts", "update", "--batch", records("id", "name").toString(), "--parallel", "16").exits(0);
        assertEquals(200, sandbox.requests().size());
        assertEquals(1, Files.readAllLines(runs).size(), "runs of the command for 200 records");
    }

    @Test
    void aPasswordCommandRunsOncePerBatch() throws Exception {
        billctl.config("[profiles.pb]\nbackend = \"portabilling\"\nurl = \"" + sandbox.url("/portabilling") + "\"\nusername = \"sandbox\"\n"
                + "password_command = \"echo run >> " + runs + "; echo " + PortabillingEmulator.PASSWORD + "\"\n");
        billctl.run("-p", "pb", "account", "update", "--batch", records("i_account", "email").toString(), "--parallel", "16").exits(0);
        assertEquals(1, Files.readAllLines(runs).size(), "runs of the command for 200 records");
    }

    @Test
    void aCommandThatDoesNotFinishIsKilledWithItsChildren() throws Exception {
        Path pids = home.resolve("pids");
        // A child in the background and one in the foreground, both far longer than the limit.
        billctl.config("[profiles.slow]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\n"
                + "api_key_command = \"sleep 50 & echo $! >> " + pids + "; sleep 50 & echo $! >> " + pids + "; wait\"\n");
        long started = System.nanoTime();
        Run run;
        try (AutoCloseable shorter = Secrets.commandTimeoutForTests(Duration.ofSeconds(2))) {
            run = billctl.run("-p", "slow", "clients-accounts", "update", "1", "--name", "x").exits(3).oneErrorLine();
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 40, "it did not wait for the command");
        assertTrue(run.errorLine().contains("the command for the API key of profile 'slow' did not finish in 2 s"), run.err());
        assertTrue(sandbox.requests().isEmpty());
        for (String pid : Files.readAllLines(pids)) {
            ProcessHandle child = ProcessHandle.of(Long.parseLong(pid.strip())).orElse(null);
            for (int i = 0; i < 100 && child != null && child.isAlive(); i++) Thread.sleep(100);
            assertFalse(child != null && child.isAlive(), "a child of the command still runs: " + pid);
        }
    }
}
