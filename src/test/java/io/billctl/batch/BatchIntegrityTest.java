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
