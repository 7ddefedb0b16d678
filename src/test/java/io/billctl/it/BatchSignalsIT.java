package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Run;
import io.billctl.testing.Sandbox;
import io.billctl.testing.Subprocess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 with real processes and real signals: bin/billctl against emulators in this JVM (so that
 * every application of every record can be counted), killed with SIGTERM, SIGINT twice and SIGKILL,
 * run twice at once on one journal, fed from a pipe, and pointed at a server that stopped answering.
 */
class BatchSignalsIT {
    @TempDir Path home;
    Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start();
        sandbox.server().countBodies(true);
        Path config = home.resolve(".config/billctl/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\napi_key = \""
                + JerasoftEmulator.API_KEY + "\"\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    /** Records 1..count over accounts 1..100, record N setting notes "record N": each application is told apart by its body. */
    private Path records(int count) throws Exception {
        Path input = home.resolve("records.jsonl");
        Files.writeString(input, IntStream.rangeClosed(1, count).mapToObj(i -> "{\"id\":" + ((i - 1) % 100 + 1) + ",\"notes\":\"record " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        return input;
    }

    /** How many times record N was applied, for N in 1..count. */
    private int[] appliedPerRecord(int count) throws Exception {
        int[] applied = new int[count + 1];
        for (Map.Entry<String, Integer> entry : sandbox.server().appliedBodies().entrySet()) {
            String body = entry.getKey().substring(entry.getKey().indexOf(' ') + 1);
            int record = Integer.parseInt(Json.parse(body).path("notes").asText().substring("record ".length()));
            applied[record] += entry.getValue();
        }
        return applied;
    }

    private Process start(String... args) throws Exception {
        List<String> command = Subprocess.launcherWithDefaultSignals(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(home.resolve("stdout.txt").toFile()).redirectError(home.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_"));
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static long count(Path journal, String status) throws Exception {
        return Files.exists(journal) ? Files.readAllLines(journal).stream().filter(l -> l.contains("\"status\":\"" + status + "\"")).count() : 0;
    }

    private void waitFor(Path journal, long done) throws Exception {
        for (int i = 0; i < 3000 && count(journal, "done") < done; i++) Thread.sleep(10);
    }

    /** Ctrl-C, then again {@code pauseMillis} later: the run ends, exit 130; its stderr. */
    private String interruptedTwice(Process run, long pauseMillis) throws Exception {
        signal(run, "INT");
        Thread.sleep(pauseMillis);
        signal(run, "INT");
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(home.resolve("stderr.txt"));
        assertEquals(130, run.exitValue(), err);
        return err;
    }

    private static void signal(Process process, String signal) throws Exception {
        // The launcher execs java: the process is the JVM itself.
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    }

    /** The records a journal shows as sent with no outcome after: what a resume calls uncertain. */
    private static BitSet uncertain(Path journal) throws Exception {
        BitSet open = new BitSet();
        for (String line : Files.readAllLines(journal)) {
            JsonNode entry;
            try {
                entry = Json.parse(line);
            } catch (Exception torn) {
                continue;
            }
            int number = entry.path("line").asInt(-1);
            if (number < 0) continue;
            switch (entry.path("status").asText()) {
                case "sent", "uncertain" -> open.set(number);
                default -> open.clear(number);
            }
        }
        return open;
    }

    private static JsonNode lastJson(String out) throws Exception {
        List<String> lines = out.lines().toList();
        return Json.parse(lines.get(lines.size() - 1));
    }

    @Test
    void sigtermDrainsJournalsAndSummarises() throws Exception {
        sandbox.faults("latency=20");
        Path input = records(400);
        Path journal = home.resolve("run.journal");
        Process run = start("-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "-o", "json");
        waitFor(journal, 50);
        signal(run, "TERM");
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "did not stop");
        String err = Files.readString(home.resolve("stderr.txt"));
        assertEquals(143, run.exitValue(), err);
        JsonNode summary = lastJson(Files.readString(home.resolve("stdout.txt"))).path("summary");
        assertTrue(summary.path("interrupted").asBoolean(), summary.toString());
        int applied = IntStream.of(appliedPerRecord(400)).sum();
        assertEquals(applied, summary.path("done").asInt(), "the summary counts what was applied");
        assertEquals(applied, count(journal, "done"), "every applied record is journaled done: " + err);
        assertEquals(0, uncertain(journal).cardinality());
        assertTrue(err.contains("SIGTERM: letting the requests in flight finish"), err);
    }

    @Test
    void aSecondCtrlCJournalsWhatIsInFlightAsUncertainAndNothingIsLostOrSilentlyRepeated() throws Exception {
        sandbox.faults("latency=300");
        Path input = records(300);
        Path journal = home.resolve("run.journal");
        Process run = start("-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--parallel", "8");
        waitFor(journal, 16);
        String err = interruptedTwice(run, 100);
        assertTrue(err.contains("quitting now: "), err);
        BitSet uncertain = uncertain(journal);
        assertTrue(count(journal, "uncertain") > 0 && uncertain.cardinality() > 0, "the requests in flight are journaled as uncertain: " + err);

        sandbox.faults("");
        Run resumed = Subprocess.billctl(home, Map.of(), "", "-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal",
                journal.toString(), "--resume");
        // Exit 1: the uncertain records were neither sent again nor known to be applied.
        resumed.exits(1);
        assertTrue(resumed.err().contains(uncertain.cardinality() + " records were in flight when the last run stopped"), resumed.err());
        int[] afterResume = appliedPerRecord(300);
        for (int line = 1; line <= 300; line++) {
            if (!uncertain.get(line)) assertEquals(1, afterResume[line], "record " + line + " applied once");
        }
        Subprocess.billctl(home, Map.of(), "", "-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal",
                journal.toString(), "--resume", "--resume-uncertain").exits(0);
        int[] applied = appliedPerRecord(300);
        for (int line = 1; line <= 300; line++) {
            // An uncertain record whose account's later record the resume applied is superseded: not sent again.
            assertTrue(applied[line] >= 1 || uncertain.get(line) && line <= 200, "record " + line + " never applied");
            if (applied[line] > 1) assertTrue(uncertain.get(line), "record " + line + " applied twice without being listed as uncertain");
        }
        for (int id = 1; id <= 100; id++) {
            assertEquals("record " + (200 + id), sandbox.emulator(JerasoftEmulator.class).account(id).path("notes").asText(),
                    "account " + id + " ends with its last record's value");
        }
    }

    /**
     * A record still reading its account (--diff reads each one first) has sent nothing: a second Ctrl-C
     * leaves it out of the uncertain ones, which --resume-uncertain would send again for nothing, and the
     * journal has no "sent" for it.
     */
    @Test
    void aSecondCtrlCDuringTheReadBeforeTheWriteJournalsNothingAsUncertain() throws Exception {
        try (io.billctl.testing.ScriptedServer reads = io.billctl.testing.ScriptedServer.start(io.billctl.testing.ScriptedServer.silence())) {
            Path config = home.resolve(".config/billctl/config.toml");
            Files.writeString(config, "[profiles.slow]\nbackend = \"jerasoft\"\nurl = \"" + reads.url("/api") + "\"\napi_key = \"k-123456\"\n");
            Path input = records(20);
            Path journal = home.resolve("read.journal");
            Process run = start("-p", "slow", "clients-accounts", "update", "--batch", input.toString(), "--diff", "--journal", journal.toString());
            for (int i = 0; i < 3000 && reads.requests().isEmpty(); i++) Thread.sleep(10);
            assertEquals("GET", reads.requests().get(0).method(), "the read of the first record is in flight");
            String err = interruptedTwice(run, 200);
            assertTrue(err.contains("quitting now: 0 requests in flight journaled as uncertain"), err);
            assertEquals(0, uncertain(journal).cardinality(), Files.readString(journal));
            assertTrue(reads.requests().stream().allMatch(r -> r.method().equals("GET")), "nothing but reads went out");
        }
    }

    /**
     * The issue's own run: 20,000 records, faults on, SIGKILL at a random moment, then --resume and --resume-uncertain.
     * The records cycle over 100 accounts, so the first resume applies later records of the accounts of those left
     * uncertain: --resume-uncertain then sends none of those again (superseded: set again, they would leave the
     * account with a stale value), and each account ends with its last record's value.
     */
    @Test
    void killedWithSigkillThenResumedEveryRecordIsAppliedAndOnlyUncertainOnesTwice() throws Exception {
        sandbox.faults("error=0.1,drop=0.02");
        int records = 20_000;
        Path input = records(records);
        Path journal = home.resolve("run.journal");
        Process run = start("-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString());
        long killAt = ThreadLocalRandom.current().nextLong(records / 20, records / 2);
        waitFor(journal, killAt);
        signal(run, "KILL");
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        BitSet uncertain = uncertain(journal);
        long doneBefore = count(journal, "done");

        Run resumed = Subprocess.billctl(home, Map.of(), "", "-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal",
                journal.toString(), "--resume", "-o", "json");
        resumed.exits(uncertain.isEmpty() ? 0 : 1);
        JsonNode summary = lastJson(resumed.out()).path("summary");
        assertEquals(uncertain.cardinality(), summary.path("uncertain").asInt(), summary.toString());
        assertEquals(uncertain.isEmpty(), lastJson(resumed.out()).path("ok").asBoolean(), "ok only when no record stays uncertain");
        Run again = Subprocess.billctl(home, Map.of(), "", "-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal",
                journal.toString(), "--resume", "--resume-uncertain", "-o", "json");
        again.exits(0);
        JsonNode last = lastJson(again.out()).path("summary");
        assertEquals(uncertain.cardinality(), last.path("done").asInt() + last.path("superseded").asInt(), last.toString());
        long superseded = uncertain.stream().filter(line -> line <= records - 100).count();
        assertEquals(superseded, last.path("superseded").asInt(), "every uncertain record with a later record of its account: " + last);

        int[] applied = appliedPerRecord(records);
        int once = 0, twice = 0, never = 0;
        for (int line = 1; line <= records; line++) {
            if (applied[line] == 0) {
                never++;
                assertTrue(uncertain.get(line) && line <= records - 100, "record " + line + " never applied, and no later record of its account was");
            }
            else if (applied[line] == 1) once++;
            else {
                twice++;
                assertTrue(uncertain.get(line), "record " + line + " applied " + applied[line] + " times, not listed as uncertain");
            }
        }
        System.out.printf("SIGKILL after %d done (%d journaled): %d uncertain; applied once %d, twice %d, never %d%n",
                killAt, doneBefore, uncertain.cardinality(), once, twice, never);
        for (int id = 1; id <= 100; id++) {
            assertEquals("record " + (records - 100 + id), sandbox.emulator(JerasoftEmulator.class).account(id).path("notes").asText(),
                    "account " + id + " ends with its last record's value");
        }
    }

    @Test
    void twoRunsOnOneJournalAtOnceOneIsRefused() throws Exception {
        sandbox.faults("latency=100");
        Path input = records(100);
        Path journal = home.resolve("run.journal");
        Process first = start("-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--parallel", "4");
        waitFor(journal, 1);
        Run second = Subprocess.billctl(home, Map.of(), "", "-p", "vcs", "clients-accounts", "update", "--batch", input.toString(), "--journal",
                journal.toString(), "--resume");
        second.exits(2).oneErrorLine();
        assertTrue(second.errorLine().contains("is in use by another billctl (pid " + first.pid() + ")"), second.err());
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue(), Files.readString(home.resolve("stderr.txt")));
        int[] applied = appliedPerRecord(100);
        for (int line = 1; line <= 100; line++) assertEquals(1, applied[line], "record " + line);
    }

    @Test
    void processSubstitutionAndUmaskZero() throws Exception {
        Path input = records(50);
        Path journal = home.resolve("run.journal");
        // What a shell user types: a pipe named /dev/fd/N, read once; and a umask that would make files world-writable.
        String script = "umask 000; exec " + Subprocess.LAUNCHER + " -p vcs clients-accounts update --batch <(cat " + input + ") --journal " + journal
                + " -o json";
        Run run = Subprocess.run(List.of("bash", "-c", script), home, Map.of(), "");
        run.exits(0);
        assertEquals(50, lastJson(run.out()).path("summary").path("done").asInt());
        assertEquals(50, IntStream.of(appliedPerRecord(50)).sum());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
        Path failed = home.resolve("failed.jsonl");
        Run failing = Subprocess.run(List.of("bash", "-c", "umask 000; exec " + Subprocess.LAUNCHER + " -p vcs clients-accounts update --batch "
                + input + " --failed-out " + failed + " --set orig_routing_plan_id=999999"), home, Map.of(), "");
        assertFalse(failing.exit() == 2, failing.err());
        if (Files.exists(failed)) assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(failed)));
    }

    @Test
    void aServerThatStoppedAnsweringEndsTheRunWithinAMinute() throws Exception {
        int port;
        try (ServerSocket reserved = new ServerSocket(0)) {
            port = reserved.getLocalPort();
        }
        Path config = home.resolve(".config/billctl/config.toml");
        Files.writeString(config, "[profiles.dead]\nbackend = \"jerasoft\"\nurl = \"http://127.0.0.1:" + port + "/api\"\napi_key = \"k\"\n");
        long started = System.nanoTime();
        Run run = Subprocess.billctl(home, Map.of(), "", "-p", "dead", "clients-accounts", "update", "--batch", records(2000).toString());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        run.exits(5);
        assertTrue(seconds < 90, "took " + seconds + " s");
        assertTrue(run.err().contains("error: the server stopped answering: 20 records in a row failed with a network or server error after their retries "
                + "(--max-consecutive-failures); the last: cannot connect to 127.0.0.1:" + port), run.err());
        assertTrue(run.err().contains("records not sent)"), run.err());
        assertFalse(run.err().contains("--resume"), "no journal, nothing to resume: " + run.err());
        System.out.printf("dead server: stopped after %d s%n", seconds);
    }
}
