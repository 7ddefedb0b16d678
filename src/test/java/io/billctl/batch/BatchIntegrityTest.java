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
}
