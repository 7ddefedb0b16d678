package io.billctl.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.SandboxProfiles;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch whose file names an account more than once: the last record of the account in the file wins,
 * in one run, in a resumed run and in a rerun of --failed-out; what a run writes is never its own journal
 * or input; a resume reads its input as the run did; and a dry run judges the records of one account in
 * sequence, as the run applies them.
 */
class BatchIntegrityTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "vcs", "");
    }

    private Path file(String name, String content) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** A run whose first request is refused once (503, no retry), one record at a time: line 1 fails, the rest go. Exit 1. */
    private Run firstRecordFails(String... args) {
        sandbox.faults("error=1x,status=503");
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--retries", "0", "--parallel", "1"));
        return billctl.run(all.toArray(String[]::new)).exits(1);
    }

    private static JsonNode account(long id) {
        return sandbox.emulator(JerasoftEmulator.class).account(id);
    }

    private static JsonNode summary(Run run) throws Exception {
        List<String> lines = run.out().lines().toList();
        return Json.parse(lines.get(lines.size() - 1)).path("summary");
    }

    /** The bodies of the updates (not the reads) sent to JeraSoft's account {@code id}, in the order they came. */
    private static List<String> updatesOf(long id) {
        List<String> bodies = new ArrayList<>();
        for (EmulatorRequest request : sandbox.requests()) {
            if (request.method().equals("PATCH") && request.path().endsWith("/clients/accounts/" + id)) bodies.add(request.bodyText());
        }
        return bodies;
    }

    private static final String TWICE = "{\"id\":5,\"name\":\"A-first\"}\n{\"id\":6,\"name\":\"six\"}\n{\"id\":5,\"name\":\"B-last\"}\n";

    /**
     * Line 1 failed (a 503, no retries) and line 3, the same account's last record, succeeded: the resume
     * sent line 1 again, after line 3, and left the account with the stale A-first, exit 0.
     */
    @Test
    void aResumeDoesNotSendARecordThatALaterDoneRecordOfItsAccountSupersedes() throws Exception {
        Path input = file("twice.jsonl", TWICE);
        Path journal = home.resolve("run.journal");
        firstRecordFails("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString());
        assertEquals("B-last", account(5).path("name").asText());
        sandbox.server().clearRequests();
        Run resumed = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume", "-o", "json")
                .exits(0);
        assertEquals("B-last", account(5).path("name").asText(), "the last record of the account in the file wins");
        assertEquals(List.of(), updatesOf(5), "line 1 not sent again");
        JsonNode summary = summary(resumed);
        assertEquals(1, summary.path("superseded").asInt(), summary.toString());
        assertEquals(2, summary.path("skipped").asInt(), summary.toString());
        assertEquals(0, summary.path("not_started").asInt(), summary.toString());
        assertTrue(resumed.err().contains("warning: 1 record is superseded (line 1): a later record of its account in " + input
                + ", already done, set everything it sets; not sent"), resumed.err());
        // Said once, and the table counts it too.
        assertEquals(1, resumed.err().lines().filter(l -> l.contains("superseded")).count(), resumed.err());
        Run table = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume").exits(0);
        assertTrue(table.out().contains("SUPERSEDED"), table.out());
    }

    /** A record that sets more than the later one sends only what no later done record of its account set. */
    @Test
    void aResumeSendsWhatALaterDoneRecordDidNotSet() throws Exception {
        Path input = file("more.jsonl", "{\"id\":5,\"name\":\"A-first\",\"notes\":\"from line 1\"}\n{\"id\":6,\"name\":\"six\"}\n"
                + "{\"id\":5,\"name\":\"B-last\"}\n");
        Path journal = home.resolve("run.journal");
        firstRecordFails("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--no-before-images");
        sandbox.server().clearRequests();
        Run resumed = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume",
                "--no-before-images", "-o", "json").exits(0);
        assertEquals(List.of("{\"notes\":\"from line 1\"}"), updatesOf(5));
        assertEquals("B-last", account(5).path("name").asText());
        assertEquals("from line 1", account(5).path("notes").asText());
        assertEquals(1, summary(resumed).path("done").asInt());
        assertEquals(0, summary(resumed).path("superseded").asInt());
        assertTrue(resumed.err().contains("warning: 1 record is sent without what a later record of its account in " + input
                + ", already done, set (line 1: name)"), resumed.err());
    }

    /**
     * A product change makes PortaBilling take the add-ons away unless the update gives them: sent again after a
     * later record set the add-ons, it goes with that record's add-ons, as the file applied in order leaves the account.
     */
    @Test
    void aResumedProductChangeKeepsTheAddOnsALaterDoneRecordSet() throws Exception {
        Path input = file("product.jsonl", "{\"i_account\":55,\"i_product\":2}\n{\"i_account\":56,\"email\":\"x@example.com\"}\n"
                + "{\"i_account\":55,\"assigned_addons\":[{\"i_product\":601}]}\n");
        Path journal = home.resolve("run.journal");
        firstRecordFails("-p", "pb", "account", "update", "--batch", input.toString(), "--journal", journal.toString(), "--no-before-images");
        sandbox.server().clearRequests();
        Run resumed = billctl.run("-p", "pb", "account", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume",
                "--no-before-images").exits(0);
        assertTrue(resumed.err().contains("(line 1: with assigned_addons as line 3 set it)"), resumed.err());
        List<String> bodies = new ArrayList<>();
        for (EmulatorRequest request : sandbox.requests()) if (request.path().endsWith("/update_account")) bodies.add(request.bodyText());
        assertEquals(1, bodies.size(), bodies.toString());
        assertTrue(bodies.get(0).contains("\"i_product\":2") && bodies.get(0).contains("601"), bodies.get(0));
        JsonNode account = sandbox.emulator(io.billctl.sandbox.PortabillingEmulator.class).account(55);
        assertEquals(2, account.path("i_product").asInt());
        assertEquals(601, account.path("assigned_addons").path(0).path("i_product").asInt(), account.toString());
    }

    /**
     * Line 1 in flight when the run was killed (its "sent" entry and no outcome), line 3 done by a later
     * resume: --resume-uncertain sent line 1 again, and the account kept A-first.
     */
    @Test
    void anUncertainRecordThatALaterDoneRecordSupersedesIsNotSentAgain() throws Exception {
        Path input = file("twice.jsonl", TWICE);
        Path journal = home.resolve("run.journal");
        billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--parallel", "1").exits(0);
        // As a kill -9 leaves it: line 1 journaled as sent, no outcome.
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            JsonNode entry = Json.parse(line);
            if (entry.path("line").asInt() == 1 && entry.path("status").asText().equals("done")) continue;
            kept.add(line);
        }
        Files.write(journal, kept);
        sandbox.server().clearRequests();
        Run resumed = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume",
                "--resume-uncertain", "-o", "json").exits(0);
        assertEquals("B-last", account(5).path("name").asText());
        assertEquals(List.of(), updatesOf(5));
        assertEquals(1, summary(resumed).path("superseded").asInt(), summary(resumed).toString());
        assertEquals(0, summary(resumed).path("uncertain").asInt(), summary(resumed).toString());
        assertFalse(resumed.err().contains("in flight"), "line 1 is no longer uncertain: line 3 was applied after it: " + resumed.err());
        // Without --resume-uncertain the same: whatever line 1 did, line 3 came after it.
        Run plain = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume", "-o", "json")
                .exits(0);
        assertEquals(1, summary(plain).path("superseded").asInt(), summary(plain).toString());
        assertEquals(0, summary(plain).path("uncertain").asInt(), summary(plain).toString());
        assertEquals(List.of(), updatesOf(5));
    }

    /**
     * In one run the records of an account go one at a time in file order, retries included: line 1's
     * retries end before line 3 leaves, whatever --parallel.
     */
    @Test
    void anEarlierRecordsRetriesEndBeforeALaterRecordOfItsAccountIsSent() throws Exception {
        StringBuilder records = new StringBuilder("{\"id\":5,\"name\":\"A-first\"}\n");
        for (int i = 0; i < 20; i++) records.append("{\"id\":").append(20 + i).append(",\"name\":\"other\"}\n");
        records.append("{\"id\":5,\"name\":\"B-last\"}\n");
        sandbox.faults("error=3x,status=503,latency=20-60");
        billctl.run("clients-accounts", "update", "--batch", file("retried.jsonl", records.toString()).toString(), "--parallel", "8", "--retries", "4")
                .exits(0);
        List<String> toFive = new ArrayList<>();
        for (String body : updatesOf(5)) toFive.add(Json.parse(body).path("name").asText());
        // The first request is line 1's and meets a 503 (the others may meet the other two): line 1 is sent again, all before line 3.
        assertTrue(toFive.size() >= 3, toFive.toString());
        assertEquals("B-last", toFive.get(toFive.size() - 1), toFive.toString());
        assertTrue(toFive.subList(0, toFive.size() - 1).stream().allMatch("A-first"::equals), toFive.toString());
        assertEquals("B-last", account(5).path("name").asText());
    }

    /**
     * Line 1 failed and line 3 of the same account succeeded in the same run: --failed-out held line 1,
     * and running that file again set the stale value over line 3's.
     */
    @Test
    void failedOutLeavesOutWhatALaterRecordOfTheAccountAppliedInTheSameRun() throws Exception {
        Path input = file("twice.jsonl", TWICE);
        Path failed = home.resolve("failed.jsonl");
        Run run = firstRecordFails("clients-accounts", "update", "--batch", input.toString(), "--failed-out", failed.toString());
        assertEquals("", Files.readString(failed), "line 1 is superseded: nothing to run again");
        assertTrue(run.err().contains("warning: 1 failed record is left out of --failed-out " + failed + " (line 1): a later record of its account, "
                + "done, set everything it sets"), run.err());
        assertFalse(run.err().contains("failed records written"), run.err());

        // Partly: what line 3 did not set goes out, the rest left out.
        sandbox.reset();
        Path more = file("more.jsonl", "{\"id\":5,\"name\":\"A-first\",\"notes\":\"from line 1\"}\n{\"id\":6,\"name\":\"six\"}\n{\"id\":5,\"name\":\"B-last\"}\n");
        Run partly = firstRecordFails("clients-accounts", "update", "--batch", more.toString(), "--failed-out", failed.toString());
        List<String> lines = Files.readAllLines(failed);
        assertEquals(1, lines.size(), lines.toString());
        JsonNode row = Json.parse(lines.get(0));
        assertEquals(5, row.path("id").asInt());
        assertEquals("from line 1", row.path("notes").asText());
        assertFalse(row.has("name"), lines.get(0));
        assertTrue(partly.err().contains("warning: 1 failed record is written to --failed-out " + failed + " without what a later record of its "
                + "account, done, set (line 1: name)"), partly.err());
        sandbox.server().clearRequests();
        billctl.run("clients-accounts", "update", "--batch", failed.toString()).exits(0);
        assertEquals("B-last", account(5).path("name").asText());
        assertEquals("from line 1", account(5).path("notes").asText());

        // CSV: the cell is emptied (an empty cell leaves the field as it is).
        sandbox.reset();
        Path csv = file("more.csv", "id,name,notes\n5,A-first,from line 2\n6,six,\n5,B-last,\n");
        Path failedCsv = home.resolve("failed.csv");
        firstRecordFails("clients-accounts", "update", "--batch", csv.toString(), "--failed-out", failedCsv.toString());
        List<String> csvLines = Files.readAllLines(failedCsv);
        assertEquals("id,name,notes,billctl_error", csvLines.get(0));
        assertTrue(csvLines.get(1).startsWith("5,,from line 2,"), csvLines.toString());
        assertEquals(2, csvLines.size(), csvLines.toString());
    }

    /** --failed-out naming the journal truncated it ("not a billctl journal" ever after); naming the input replaced it. */
    @Test
    void failedOutIsNeverTheJournalOrTheInput() throws Exception {
        Path input = file("in.jsonl", "{\"id\":99999,\"name\":\"nine\"}\n{\"id\":2,\"name\":\"two\"}\n");
        Path journal = home.resolve("run.journal");
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(),
                "--failed-out", journal.toString()), "--failed-out " + journal + " is the --journal");
        assertFalse(Files.exists(journal), "no journal made for a refused run");
        // An existing journal, named another way (a link, a relative path): the same file.
        billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString()).exits(1);
        String written = Files.readString(journal);
        sandbox.server().clearRequests();
        Path link = Files.createSymbolicLink(home.resolve("link.journal"), journal);
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume",
                "--failed-out", link.toString()), "is the --journal");
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume",
                "--failed-out", home.resolve("sub/../run.journal").toString()), "is the --journal");
        assertEquals(written, Files.readString(journal), "the journal is as it was");
        billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--resume").exits(1);
        sandbox.server().clearRequests();

        String content = Files.readString(input);
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", input.toString(), "--failed-out", input.toString()),
                "--failed-out " + input + " is the --batch input");
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", input.toString(), "--failed-out",
                Files.createSymbolicLink(home.resolve("in-link.jsonl"), input).toString()), "is the --batch input");
        assertEquals(content, Files.readString(input), "the input is as it was");

        // undo: its --failed-out is never the journal it undoes.
        Path undone = home.resolve("undone.journal");
        billctl.run("clients-accounts", "update", "--batch", file("ok.jsonl", "{\"id\":3,\"name\":\"three\"}\n").toString(), "--journal", undone.toString())
                .exits(0);
        String undoneJournal = Files.readString(undone);
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("undo", undone.toString(), "--failed-out", undone.toString()), "is the journal being undone");
        assertEquals(undoneJournal, Files.readString(undone));
        // A file of its own is fine.
        billctl.run("clients-accounts", "update", "--batch", input.toString(), "--failed-out", home.resolve("failed.jsonl").toString()).exits(1);
    }

    /** Run 1 read its CSV as windows-1252; a resume with --encoding ISO-8859-7 was accepted and sent other text. */
    @Test
    void resumeRefusesAJournalOfTheInputReadInAnotherEncoding() throws Exception {
        Path csv = home.resolve("enc.csv");
        Files.write(csv, "id,name\n7,Café\n8,Naïve\n".getBytes(Charset.forName("windows-1252")));
        Path journal = home.resolve("run.journal");
        sandbox.faults("error=1x,status=422");
        billctl.run("clients-accounts", "update", "--batch", csv.toString(), "--encoding", "windows-1252", "--journal", journal.toString(),
                "--parallel", "1", "--no-before-images").exits(1);
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "--batch", csv.toString(), "--encoding", "ISO-8859-7", "--journal",
                journal.toString(), "--resume", "--no-before-images"), "journal " + journal + " was written for input read as windows-1252, this run "
                + "reads it as ISO-8859-7 (--encoding); --resume continues only the same run");
        // The same encoding by another of its names is the same run.
        Run resumed = billctl.run("clients-accounts", "update", "--batch", csv.toString(), "--encoding", "cp1252", "--journal", journal.toString(),
                "--resume", "--no-before-images", "-o", "json").exits(0);
        assertEquals(1, summary(resumed).path("done").asInt());
        assertEquals("Café", account(7).path("name").asText());
    }

    /** A batch that changed account 1 three times: undo's plan judged each record on the account as it is, and saw conflicts the undo does not meet. */
    @Test
    void undosPlanJudgesTheRecordsOfOneAccountInSequence() throws Exception {
        String old = account(1).path("name").asText();
        Path input = file("three.jsonl", "{\"id\":1,\"name\":\"one\"}\n{\"id\":1,\"name\":\"two\"}\n{\"id\":1,\"name\":\"three\"}\n");
        Path journal = home.resolve("run.journal");
        billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString()).exits(0);
        sandbox.server().clearRequests();
        Run plan = billctl.run("undo", journal.toString(), "--dry-run", "--diff").exits(0);
        assertEquals(List.of("id 1: name: three → two", "id 1: name: two → one", "id 1: name: one → " + old), plan.out().lines().toList());
        assertTrue(plan.err().contains("3 of 3 records would change their account, 0 would not; nothing was sent (--dry-run)"), plan.err());
        billctl.run("undo", journal.toString(), "--dry-run").exits(0);
        assertTrue(updatesOf(1).isEmpty(), "a dry run writes nothing");
        assertEquals("three", account(1).path("name").asText());
        billctl.run("undo", journal.toString()).exits(0);
        assertEquals(old, account(1).path("name").asText());

        // An update's own plan: each record diffed against the account as the records before it leave it.
        Run batchPlan = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--dry-run", "--diff").exits(0);
        assertEquals(List.of("id 1: name: " + old + " → one", "id 1: name: one → two", "id 1: name: two → three"), batchPlan.out().lines().toList());
        Path again = file("again.jsonl", "{\"id\":1,\"name\":\"one\"}\n{\"id\":1,\"name\":\"one\"}\n{\"id\":1,\"expect.name\":\"one\",\"name\":\"two\"}\n");
        Run same = billctl.run("clients-accounts", "update", "--batch", again.toString(), "--dry-run", "--diff").exits(0);
        assertEquals(List.of("id 1: name: " + old + " → one", "id 1: no change", "id 1: name: one → two"), same.out().lines().toList());

        // As the server applies them: a list it merges by key (PortaBilling's service_features), merged; what it empties with
        // a changed product (the add-ons), emptied.
        Path features = file("features.jsonl", "{\"i_account\":55,\"service_features\":[{\"name\":\"voice_vm\",\"flag_value\":\"N\"}]}\n"
                + "{\"i_account\":55,\"service_features\":[{\"name\":\"clir\",\"flag_value\":\"Y\"}]}\n"
                + "{\"i_account\":55,\"service_features\":[{\"name\":\"voice_vm\",\"flag_value\":\"N\"},{\"name\":\"clir\",\"flag_value\":\"Y\"}]}\n"
                + "{\"i_account\":55,\"i_product\":2}\n{\"i_account\":55,\"assigned_addons\":[]}\n");
        List<String> planned = billctl.run("-p", "pb", "account", "update", "--batch", features.toString(), "--dry-run", "--diff").exits(0).out().lines().toList();
        assertEquals(5, planned.size(), planned.toString());
        assertTrue(planned.get(1).startsWith("i_account 55: service_features: [{\"name\":\"clir\",\"flag_value\":\"N\""), planned.toString());
        assertEquals("i_account 55: no change", planned.get(2), "voice_vm and clir as the two records before it leave them");
        assertEquals("i_account 55: i_product: 1 → 2", planned.get(3));
        assertEquals("i_account 55: no change", planned.get(4), "the product's change took the add-ons away");
    }
}
