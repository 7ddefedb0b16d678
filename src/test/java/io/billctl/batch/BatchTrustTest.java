package io.billctl.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.EnswitchEmulator;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: a journal that knows its run, one run per journal, and no silent loss or replay, against the emulators. */
class BatchTrustTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = new Billctl(home).env("K", JerasoftEmulator.API_KEY).env("PW", EnswitchEmulator.PASSWORD).secret(JerasoftEmulator.API_KEY)
                .config("""
                        default_profile = "vcs"
                        [profiles.vcs]
                        backend = "jerasoft"
                        url = "%1$s"
                        api_key_env = "K"
                        [profiles.vcs2]
                        backend = "jerasoft"
                        url = "%1$s"
                        api_key_env = "K"
                        [profiles.pbx]
                        backend = "enswitch"
                        url = "%2$s"
                        username = "sandbox"
                        password_env = "PW"
                        """.formatted(sandbox.url("/jerasoft/api"), sandbox.url("/enswitch")));
    }

    private Path file(String name, String content) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** Records 1..count on accounts 1..count, each setting a name only it sets. */
    private Path names(String name, int count, String tag) throws Exception {
        return file(name, IntStream.rangeClosed(1, count).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"" + tag + " " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private static List<JsonNode> entries(Path journal) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) parsed.add(Json.parse(line));
        return parsed;
    }

    private static JsonNode summary(Run run) throws Exception {
        List<String> lines = run.out().lines().toList();
        return Json.parse(lines.get(lines.size() - 1)).path("summary");
    }

    @Test
    void resumeRefusesAJournalOfAnotherInputOrTarget() throws Exception {
        Path a = names("a.jsonl", 10, "A");
        Path journal = home.resolve("run.journal");
        billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString()).exits(0);
        sandbox.server().clearRequests();
        Path c = names("c.jsonl", 10, "C"); // as many records, another content
        Run other = billctl.run("clients-accounts", "update", "--batch", c.toString(), "--journal", journal.toString(), "--resume");
        assertRefusedBeforeSending(other, "was written for another input");
        assertRefusedBeforeSending(billctl.run("-p", "vcs2", "clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(),
                "--resume"), "was written for profile 'vcs', this run uses 'vcs2'");
        Path e = file("e.jsonl", Files.readString(a).replace("\"name\"", "\"description\""));
        assertRefusedBeforeSending(billctl.run("-p", "pbx", "unlimited", "update", "--batch", e.toString(), "--journal", journal.toString(),
                "--resume"), "was written for backend jerasoft, this run is enswitch");
        // The same input moved elsewhere is the same run.
        Path moved = file("moved.jsonl", Files.readString(a));
        Run resumed = billctl.run("clients-accounts", "update", "--batch", moved.toString(), "--journal", journal.toString(), "--resume", "-o", "json")
                .exits(0);
        assertEquals(10, summary(resumed).path("skipped").asInt());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void resumeRefusesAJournalOfOtherCommandLineValues() throws Exception {
        Path ids = file("ids.jsonl", IntStream.rangeClosed(1, 5).mapToObj(i -> "{\"id\":" + i + "}").collect(Collectors.joining("\n", "", "\n")));
        Path journal = home.resolve("run.journal");
        billctl.run("clients-accounts", "update", "--batch", ids.toString(), "--name", "First", "--password", "pw-in-no-journal",
                "--journal", journal.toString()).exits(0);
        assertFalse(Files.readString(journal).contains("pw-in-no-journal"), "no secret in the journal");
        sandbox.server().clearRequests();
        // The same file with another --name: every record would be skipped, and "Second" never sent.
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", ids.toString(), "--name", "Second",
                "--password", "pw-in-no-journal", "--journal", journal.toString(), "--resume"), "was written for other values on the command line");
        // The same values, given another way, are the same run.
        Run resumed = billctl.run("clients-accounts", "update", "--batch", ids.toString(), "--set", "name=First", "--password", "pw-in-no-journal",
                "--journal", journal.toString(), "--resume", "-o", "json").exits(0);
        assertEquals(5, summary(resumed).path("skipped").asInt());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void aFileThatIsNoJournalIsRefused() throws Exception {
        Path a = names("a.jsonl", 3, "A");
        Path garbage = file("garbage.journal", "hello\nworld\n");
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", garbage.toString(), "--resume"),
                "is not a billctl journal");
        Path old = file("old.journal", "{\"journal\":1,\"input\":\"a.jsonl\",\"records\":3}\n{\"line\":1,\"id\":\"1\",\"status\":\"done\"}\n");
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", old.toString(), "--resume"),
                "older billctl");
        assertEquals("hello\nworld\n", Files.readString(garbage), "a refused journal is left as it was");
    }

    @Test
    void aJournalInUseIsRefusedAtOnce() throws Exception {
        sandbox.faults("latency=200");
        Path a = names("a.jsonl", 30, "A");
        Path journal = home.resolve("run.journal");
        CompletableFuture<Run> first = CompletableFuture.supplyAsync(() ->
                billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(), "--parallel", "2"));
        for (int i = 0; i < 200 && !(Files.exists(journal) && Files.readString(journal).contains("\"status\":\"sent\"")); i++) Thread.sleep(20);
        Run second = billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(), "--resume");
        second.exits(2).oneErrorLine();
        assertTrue(second.errorLine().contains("is in use by another billctl (pid " + ProcessHandle.current().pid() + ")"), second.err());
        first.get(60, TimeUnit.SECONDS).exits(0);
        assertEquals(30, sandbox.server().applied().values().stream().mapToInt(Integer::intValue).sum(), "each record once");
    }

    @Test
    void aFifoIsReadOnceAndEveryRecordApplied() throws Exception {
        Path fifo = home.resolve("records.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "no mkfifo here");
        String records = Files.readString(names("n.jsonl", 30, "Fifo"));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(fifo, records);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Run run = billctl.run("clients-accounts", "update", "--batch", fifo.toString(), "--batch-format", "jsonl", "-o", "json").exits(0);
        writer.get(30, TimeUnit.SECONDS);
        assertEquals(30, summary(run).path("done").asInt());
        assertEquals(30, sandbox.server().applied().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void recordsInFlightWhenARunDiedAreListedAndSentOnlyWhenAsked() throws Exception {
        Path a = names("a.jsonl", 10, "A");
        Path journal = home.resolve("run.journal");
        billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(), "--no-before-images", "--parallel", "1").exits(0);
        // As a kill -9 leaves it: records 3 and 4 journaled as sent, no outcome; record 9 never journaled, its "sent" torn mid-line.
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            JsonNode entry = Json.parse(line);
            long number = entry.path("line").asLong(0);
            String status = entry.path("status").asText("");
            if ((number == 3 || number == 4) && status.equals("done")) continue;
            if (number == 9) continue;
            kept.add(line);
        }
        Files.writeString(journal, String.join("\n", kept) + "\n{\"line\":9,\"id\":\"9\",\"sta");
        sandbox.server().clearRequests();
        // Exit 1 and ok:false: records 3 and 4 are neither sent again nor known to be applied.
        Run resumed = billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(), "--no-before-images", "--resume", "-o", "json")
                .exits(1);
        assertEquals(false, Json.parse(resumed.out().lines().reduce((x, y) -> y).orElseThrow()).path("ok").asBoolean(true), resumed.out());
        assertTrue(resumed.err().contains("2 records were in flight when the last run stopped (lines 3, 4)"), resumed.err());
        assertTrue(resumed.err().contains("--resume-uncertain sends them"), resumed.err());
        JsonNode summary = summary(resumed);
        assertEquals(2, summary.path("uncertain").asInt(), summary.toString());
        assertEquals(7, summary.path("skipped").asInt(), summary.toString());
        assertEquals(1, summary.path("done").asInt(), "record 9, whose torn 'sent' line means it never left");
        assertEquals(List.of("/jerasoft/api/clients/accounts/9"), sandbox.requests().stream().map(EmulatorRequest::path).toList());
        for (String line : Files.readAllLines(journal)) Json.parse(line); // the torn tail was cut, nothing glued to it

        sandbox.server().clearRequests();
        Run again = billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(), "--no-before-images", "--resume",
                "--resume-uncertain", "-o", "json").exits(0);
        assertEquals(2, summary(again).path("done").asInt());
        assertEquals(List.of("/jerasoft/api/clients/accounts/3", "/jerasoft/api/clients/accounts/4"),
                sandbox.requests().stream().map(EmulatorRequest::path).sorted().toList());
        Run last = billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(), "--no-before-images", "--resume", "-o", "json")
                .exits(0);
        assertEquals(10, summary(last).path("skipped").asInt());
        assertEquals("", last.err());
    }

    @Test
    void eachRecordIsJournaledAsSentBeforeItsRequestAndItsAttemptsCounted() throws Exception {
        sandbox.faults("error=2x,status=503");
        Path a = names("a.jsonl", 3, "A");
        Path journal = home.resolve("run.journal");
        Run run = billctl.run("clients-accounts", "update", "--batch", a.toString(), "--journal", journal.toString(), "--no-before-images", "--parallel", "1", "-o", "json")
                .exits(0);
        List<JsonNode> entries = entries(journal);
        assertEquals("sent", entries.get(2).path("status").asText());
        assertEquals(1, entries.get(2).path("line").asInt());
        assertEquals("done", entries.get(3).path("status").asText());
        assertEquals(3, entries.get(3).path("attempts").asInt(), "two 503s, then the update");
        assertEquals(3, Json.parse(run.out().lines().findFirst().orElseThrow()).path("attempts").asInt());
        JsonNode summary = summary(run);
        assertEquals(1, summary.path("retried_records").asInt());
        assertEquals(2, summary.path("retries").asInt());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
    }

    @Test
    void recordsOfOneAccountRunOneAtATimeInFileOrder() throws Exception {
        sandbox.faults("latency=40-80");
        StringBuilder records = new StringBuilder();
        String[] values = {"first", "second", "third", "fourth"};
        for (int i = 0; i < 16; i++) {
            records.append("{\"id\":").append(10 + i).append(",\"name\":\"other ").append(i).append("\"}\n");
            if (i % 4 == 0) records.append("{\"id\":5,\"name\":\"").append(values[i / 4]).append("\"}\n");
        }
        Run run = billctl.run("clients-accounts", "update", "--batch", file("dup.jsonl", records.toString()).toString(), "--parallel", "8", "-o", "json")
                .exits(0);
        assertTrue(run.err().contains("warning: 1 accounts appear more than once"), run.err());
        List<String> toFive = new ArrayList<>();
        for (EmulatorRequest request : sandbox.requests()) {
            if (request.path().endsWith("/clients/accounts/5")) toFive.add(Json.parse(request.bodyText()).path("name").asText());
        }
        assertEquals(List.of("first", "second", "third", "fourth"), toFive, "in file order");
        Run get = billctl.run("clients-accounts", "update", "5", "--notes", "check", "-o", "json").exits(0);
        assertEquals("fourth", sandbox.emulator(JerasoftEmulator.class).snapshot().path("accounts").path("5").path("name").asText(), get.out());
    }

    @Test
    void preflightNamesTwentyBadRecordsAndCountsTheRest() throws Exception {
        String records = IntStream.rangeClosed(1, 100).mapToObj(i -> "{\"id\":" + i + ",\"orig_capacity\":" + (i % 2 == 0 ? -i : i) + "}")
                .collect(Collectors.joining("\n"));
        Run run = billctl.run("clients-accounts", "update", "--batch", file("bad.jsonl", records).toString()).exits(2);
        List<String> errors = run.err().lines().toList();
        assertEquals(21, errors.size(), run.err());
        for (int i = 0; i < 20; i++) {
            int line = (i + 1) * 2;
            assertTrue(errors.get(i).startsWith("error: ") && errors.get(i).contains("line " + line + " (id " + line + "): \"orig_capacity\""),
                    errors.get(i));
        }
        assertEquals("error: 50 bad records in " + home.resolve("bad.jsonl") + " (the first 20 shown); nothing was sent", errors.get(20));
        assertTrue(sandbox.requests().isEmpty());
        Run json = billctl.run("clients-accounts", "update", "--batch", home.resolve("bad.jsonl").toString(), "-o", "json").exits(2);
        assertEquals(20, json.json().path("error").path("details").size());
    }

    @Test
    void failedRecordsAreWrittenOutInTheInputsOwnFormatAndRunAgainAsTheyAre() throws Exception {
        Path failed = home.resolve("failed.jsonl");
        Path input = file("in.jsonl", "{\"id\":1,\"name\":\"one\"}\n{\"id\":99999,\"name\":\"nine\",\"orig_capacity\":9}\n{\"id\":2,\"name\":\"two\"}\n");
        billctl.run("clients-accounts", "update", "--batch", input.toString(), "--failed-out", failed.toString()).exits(1);
        List<String> lines = Files.readAllLines(failed);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode record = Json.parse(lines.get(0));
        assertEquals(99999, record.path("id").asInt());
        assertEquals(9, record.path("orig_capacity").asInt());
        assertTrue(record.path("billctl_error").asText().contains("account 99999 does not exist"), lines.get(0));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(failed)));
        // Fixed in place, it runs again as it is: billctl's own error column is no field.
        Files.writeString(failed, lines.get(0).replace("99999", "3"));
        billctl.run("clients-accounts", "update", "--batch", failed.toString()).exits(0);

        Path csv = file("in.csv", "id,name,orig_tags\n1,\"One, Ltd\",\"a,b\"\n99998,x,c\n");
        Path failedCsv = home.resolve("failed.csv");
        billctl.run("clients-accounts", "update", "--batch", csv.toString(), "--failed-out", failedCsv.toString()).exits(1);
        List<String> csvLines = Files.readAllLines(failedCsv);
        assertEquals("id,name,orig_tags,billctl_error", csvLines.get(0));
        assertTrue(csvLines.get(1).startsWith("99998,x,c,"), csvLines.get(1));
        assertEquals(2, csvLines.size());
    }

    /**
     * A server that takes connections and never answers: counted by attempts, and with no answer since
     * the run began, the run stops once each of the 4 workers' attempts got none (after the first
     * record's own), and sends none of the retries then waiting: 5 connections, about two timeouts.
     * Counted by records alone, 8 records would each have had all 3 of their attempts first (about 27
     * connections here); counted by a streak of 8 attempts, about 13 connections and four timeouts.
     */
    @Test
    void aServerThatTakesConnectionsAndNeverAnswersStopsTheRunAfterAStreakOfAttempts() throws Exception {
        List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // read nothing, answer nothing, close nothing
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            jerasoftAt("silent", "http://127.0.0.1:%d/api".formatted(silent.getLocalPort()));
            Run run = billctl.run("-p", "silent", "clients-accounts", "update", "--batch", names("s.jsonl", 100, "S").toString(), "--timeout", "1",
                    "--retries", "2", "--max-consecutive-failures", "8", "--parallel", "4", "-o", "json").exits(5);
            assertTrue(run.err().lines().anyMatch(l -> l.startsWith("error: the server stopped answering: 4 requests in a row got no answer, and not one "
                    + "request has had an answer since the run began (one attempt per --parallel worker); the last: no answer from 127.0.0.1:"
                    + silent.getLocalPort() + " within 1 s") && l.endsWith("records not sent)")), run.err());
            assertTrue(held.size() <= 1 + 4, "the first record's attempt, then one per worker: " + held.size() + " connections");
            JsonNode summary = summary(run);
            assertTrue(summary.path("not_started").asInt() > 80, summary.toString());
        } finally {
            for (java.net.Socket socket : held) socket.close();
        }
    }

    /**
     * A server that answered, then took connections and answered nothing: it was alive, so the run rides
     * out a streak of --max-consecutive-failures unanswered attempts before it stops (not one per worker).
     */
    @Test
    void aServerThatAnsweredThenWentSilentStopsAfterTheStreak() throws Exception {
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        try (io.billctl.testing.ScriptedServer server = io.billctl.testing.ScriptedServer.start((request, out) -> {
            if (answered.incrementAndGet() <= 3) {
                io.billctl.testing.ScriptedServer.write(out, 200, "application/json", "1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                Thread.sleep(60_000); // takes the request, answers nothing
            }
        })) {
            jerasoftAt("hangs", server.url("/api"));
            Run run = billctl.run("-p", "hangs", "clients-accounts", "update", "--batch", names("h.jsonl", 100, "H").toString(), "--timeout", "1",
                    "--retries", "2", "--max-consecutive-failures", "6", "--parallel", "2", "-o", "json").exits(5);
            assertTrue(run.err().lines().anyMatch(l -> l.startsWith("error: the server stopped answering: 6 requests in a row got no answer "
                    + "(--max-consecutive-failures); the last: no answer from ")), run.err());
            JsonNode summary = summary(run);
            assertEquals(3, summary.path("done").asInt(), summary.toString());
            assertTrue(summary.path("not_started").asInt() > 90, summary.toString());
        }
    }

    /** The run's only profile: {@code name}, a JeraSoft server at {@code url} (the key in $K). */
    private void jerasoftAt(String name, String url) {
        billctl.config("[profiles." + name + "]\nbackend = \"jerasoft\"\nurl = \"" + url + "\"\napi_key_env = \"K\"\n");
    }

    @Test
    void aServerThatStopsAnsweringStopsTheRun() throws Exception {
        int port;
        try (ServerSocket reserved = new ServerSocket(0)) {
            port = reserved.getLocalPort();
        }
        jerasoftAt("dead", "http://127.0.0.1:%d/api".formatted(port));
        Run run = billctl.run("-p", "dead", "clients-accounts", "update", "--batch", names("a.jsonl", 200, "A").toString(), "--retries", "1",
                "--max-consecutive-failures", "5", "--parallel", "2", "-o", "json").exits(5);
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("error: the server stopped answering: 5 records in a row failed with a network or server error after their "
                + "retries (--max-consecutive-failures); the last: cannot connect to 127.0.0.1:" + port) && l.endsWith("records not sent)")),
                run.err());
        // Without a journal there is nothing for --resume to continue: the summary's last line says so, and nothing points at --resume.
        assertFalse(run.err().contains("--resume"), run.err());
        assertTrue(run.err().contains("records not sent; without --journal, a rerun cannot tell what was done"), run.err());
        JsonNode summary = summary(run);
        assertTrue(summary.path("failed").asInt() < 10, summary.toString());
        assertTrue(summary.path("not_started").asInt() > 180, summary.toString());

        Path journal = home.resolve("dead.journal");
        Run journaled = billctl.run("-p", "dead", "clients-accounts", "update", "--batch", names("b.jsonl", 200, "B").toString(), "--retries", "1",
                "--max-consecutive-failures", "5", "--parallel", "2", "--journal", journal.toString(), "-o", "json").exits(5);
        assertTrue(journaled.err().lines().anyMatch(l -> l.startsWith("error: the server stopped answering: ") && l.endsWith("records not sent; --resume continues)")),
                journaled.err());
        assertTrue(journaled.err().contains("records not sent; rerun with --resume --journal " + journal), journaled.err());
    }

    @Test
    void aJournalThatCannotBeWrittenStopsTheRunAndTheSummaryIsTrue() throws Exception {
        Path small = home.resolve("small");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", small.toString()).redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0, "cannot mount a small tmpfs here (needs root)");
        try {
            Run run = billctl.run("clients-accounts", "update", "--batch", names("a.jsonl", 100, "Full").toString(), "--journal",
                    small.resolve("run.journal").toString(), "--parallel", "4", "-o", "json");
            run.exits(5);
            assertTrue(run.err().contains("error: cannot write the journal " + small.resolve("run.journal")), run.err());
            JsonNode summary = summary(run);
            int applied = sandbox.server().applied().values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(summary.path("done").asInt() < 100, summary.toString());
            assertEquals(applied, summary.path("done").asInt(), "the summary counts what the server applied: " + summary);
            long journaledSent = Files.readAllLines(small.resolve("run.journal")).stream().filter(l -> l.contains("\"status\":\"sent\"")).count();
            assertTrue(applied <= journaledSent, "nothing left without its 'sent' line: " + applied + " applied, " + journaledSent + " sent");
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
