package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.SandboxProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command under {@code -o json} prints one document on stdout with {@code "ok"} first (a batch: one
 * line per record, each with {@code "ok"}, and a summary line {@code {"ok":…,"summary":{…}}}), nothing
 * else on stdout; an update's {@code result} is the backend's normalised answer beside {@code vendor}.
 */
class JsonEnvelopeTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void setUp() {
        billctl = SandboxProfiles.billctl(home, sandbox, "");
    }

    /** One document, "ok" its first member, and what the command said of it. */
    private static JsonNode document(Run run, boolean ok) {
        JsonNode document = run.json();
        assertTrue(document.isObject(), run.out());
        assertEquals("ok", document.fieldNames().next(), () -> "\"ok\" first: " + run.out());
        assertEquals(ok, document.path("ok").asBoolean(), run.out());
        return document;
    }

    @Test
    void billctlsOwnCommandsPrintAnEnvelope() {
        JsonNode add = document(billctl.run("profile", "add", "lab", "--backend", "jerasoft", "--url", sandbox.url("/jerasoft/api"),
                "--api-key-env", "K", "-o", "json").exits(0), true);
        assertEquals("lab", add.path("profile").asText());
        assertEquals("jerasoft", add.path("backend").asText());
        assertEquals(billctl.configFile().toString(), add.path("config").asText());
        assertTrue(add.has("default"), add.toString());

        JsonNode use = document(billctl.run("profile", "use", "lab", "-o", "json").exits(0), true);
        assertEquals("lab", use.path("profile").asText());
        assertTrue(use.path("default").asBoolean());

        JsonNode list = document(billctl.run("profile", "list", "-o", "json").exits(0), true);
        assertEquals("lab", list.path("default").asText());
        assertTrue(list.path("profiles").isArray(), "not a bare array: " + list);
        assertEquals(List.of("lab", "pb", "pbx", "vcs", "yeti", "sandbox"),
                java.util.stream.StreamSupport.stream(list.path("profiles").spliterator(), false).map(p -> p.path("name").asText()).toList());

        JsonNode show = document(billctl.run("profile", "show", "lab", "-o", "json").exits(0), true);
        assertEquals("from $K", show.path("api_key").asText());

        JsonNode test = document(billctl.run("profile", "test", "vcs", "-o", "json").exits(0), true);
        assertEquals("vcs", test.path("profile").asText());
        assertEquals("jerasoft", test.at("/results/0/backend").asText());
        assertTrue(test.at("/results/0/message").asText().contains("accepted"), test.toString());
        JsonNode all = document(billctl.run("profile", "test", "sandbox", "-o", "json").exits(0), true);
        assertEquals(4, all.path("results").size(), "the sandbox tests every backend, in one document: " + all);

        JsonNode logout = document(billctl.run("profile", "logout", "pb", "-o", "json").exits(0), true);
        assertEquals("pb", logout.path("profile").asText());

        JsonNode remove = document(billctl.run("profile", "remove", "lab", "-o", "json").exits(0), true);
        assertEquals("lab", remove.path("profile").asText());
        assertTrue(remove.path("removed").asBoolean());
        assertTrue(remove.path("was_default").asBoolean(), "lab was the default: " + remove);

        JsonNode reset = document(billctl.run("sandbox", "reset", "-o", "json").exits(0), true);
        assertTrue(reset.path("reset").asBoolean());
        assertTrue(reset.path("where").asText().contains("sandbox.json"), reset.toString());
    }

    @Test
    void failuresAreAnEnvelopeToo() {
        JsonNode unknown = document(billctl.run("profile", "use", "nope", "-o", "json").exits(2), false);
        assertEquals("usage", unknown.at("/error/code").asText(), unknown.toString());
        JsonNode usage = document(billctl.run("profile", "frobnicate", "-o", "json").exits(2), false);
        assertTrue(usage.at("/error/message").asText().contains("frobnicate"), usage.toString());
    }

    /** Each backend's result, in the one shape README documents, beside the vendor's own answer. */
    @Test
    void anUpdatesResultIsNormalisedPerBackend() throws Exception {
        JsonNode jerasoft = document(billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--name", "N", "-o", "json").exits(0), true);
        assertEquals(Json.parse("{\"affected_rows\":1}"), jerasoft.path("result"));
        assertEquals(1, jerasoft.path("vendor").asInt());
        JsonNode enswitch = document(billctl.run("-p", "pbx", "unlimited", "update", "7", "--name", "N", "-o", "json").exits(0), true);
        assertEquals(Json.parse("{\"code\":204,\"message\":\"OK\"}"), enswitch.path("result"));
        assertEquals("204", enswitch.at("/vendor/responses/0/code").asText());
        JsonNode porta = document(billctl.run("-p", "pb", "account", "update", "7", "--credit-limit", "5", "-o", "json").exits(0), true);
        assertEquals(Json.parse("{\"i_account\":7}"), porta.path("result"));
        JsonNode yeti = document(billctl.run("-p", "yeti", "admin-accounts", "update", "24", "--name", "N", "-o", "json").exits(0), true);
        assertEquals("24", yeti.at("/result/id").asText());
        assertEquals("N", yeti.at("/result/attributes/name").asText());
        assertEquals(yeti.at("/vendor/data/attributes"), yeti.at("/result/attributes"));
        for (JsonNode document : List.of(jerasoft, enswitch, porta, yeti)) {
            assertFalse(document.has("affected_rows"), "facts are in result only: " + document);
            assertEquals(1, document.path("attempts").asInt());
        }
    }

    /** Batch lines, --diff documents and undo's lines carry the same result. */
    @Test
    void batchDiffAndUndoCarryTheSameDocument() throws Exception {
        Path batch = home.resolve("a.jsonl");
        Files.writeString(batch, "{\"i_account\":3,\"credit_limit\":50}\n{\"i_account\":4,\"credit_limit\":60}\n");
        Path journal = home.resolve("run.journal");
        List<String> lines = billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", journal.toString(), "-o", "json")
                .exits(0).out().lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        for (String line : lines.subList(0, 2)) {
            JsonNode record = Json.parse(line);
            assertTrue(record.path("ok").asBoolean() && record.has("line"), line);
            assertEquals(record.path("id").asInt(), record.at("/result/i_account").asInt(), line);
            assertTrue(record.path("changed").asBoolean() && record.has("diff"), "the journal read first: " + line);
        }
        JsonNode summary = Json.parse(lines.get(2));
        assertEquals("ok", summary.fieldNames().next(), lines.get(2));
        assertTrue(summary.path("ok").asBoolean());
        assertEquals(2, summary.at("/summary/done").asInt());

        JsonNode diff = document(billctl.run("-p", "pb", "account", "update", "5", "--credit-limit", "70", "--diff", "-o", "json").exits(0), true);
        assertEquals(5, diff.at("/result/i_account").asInt());
        assertTrue(diff.path("changed").asBoolean());
        assertEquals(70, diff.at("/diff/credit_limit/after").asInt());

        // A run that changed nothing (every account already had its values) leaves nothing to undo: still one envelope.
        Path unchanged = home.resolve("unchanged.journal");
        billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--skip-unchanged", "--journal", unchanged.toString()).exits(0);
        JsonNode nothing = document(billctl.run("undo", unchanged.toString(), "-o", "json").exits(0), true);
        assertEquals(0, nothing.at("/summary/records").asInt(), nothing.toString());
        assertTrue(nothing.path("message").asText().startsWith("nothing to undo"), nothing.toString());

        List<String> undo = billctl.run("undo", journal.toString(), "-o", "json").exits(0).out().lines().toList();
        assertEquals(3, undo.size(), String.join("\n", undo));
        assertTrue(Json.parse(undo.get(0)).has("result") && Json.parse(undo.get(0)).has("vendor"), undo.get(0));
        assertTrue(Json.parse(undo.get(2)).path("ok").asBoolean(), undo.get(2));

        Files.writeString(batch, "{\"i_account\":3,\"credit_limit\":5}\n{\"i_account\":99999999,\"credit_limit\":5}\n");
        JsonNode failed = Json.parse(billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "-o", "json").exits(1)
                .out().lines().reduce((a, b) -> b).orElseThrow());
        assertFalse(failed.path("ok").asBoolean(), "a batch with a failed record is not ok: " + failed);
    }

    @Test
    void dryRunsAreAnEnvelope() throws Exception {
        document(billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--name", "N", "--dry-run", "-o", "json").exits(0), true);
        JsonNode single = document(billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--name", "N", "--dry-run", "--diff", "-o", "json").exits(0), true);
        assertTrue(single.path("dry_run").asBoolean(), single.toString());
        // A batch's plan: one line per record, marked as the single update's is, whether it would change the account or not.
        Path batch = home.resolve("plan.jsonl");
        Files.writeString(batch, "{\"id\":7,\"name\":\"N\"}\n{\"id\":8,\"name\":\"Account 8\"}\n");
        List<String> lines = billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", batch.toString(), "--dry-run", "--diff", "-o", "json")
                .exits(0).out().lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        for (String line : lines.subList(0, 2)) {
            JsonNode record = Json.parse(line);
            assertTrue(record.path("dry_run").asBoolean() && !record.path("sent").asBoolean(true) && record.has("line"), line);
        }
        assertTrue(Json.parse(lines.get(0)).path("changed").asBoolean(), lines.get(0));
        assertFalse(Json.parse(lines.get(1)).path("changed").asBoolean(true), lines.get(1));
        assertTrue(Json.parse(lines.get(2)).at("/summary/dry_run").asBoolean(), lines.get(2));
        assertTrue(sandbox.requests().stream().noneMatch(r -> r.method().equals("PATCH")), "nothing written");
    }

    /** A batch that leaves an account alone (--skip-unchanged) sent nothing for it, and is no dry run. */
    @Test
    void aRecordLeftAloneIsNotADryRun() throws Exception {
        Path batch = home.resolve("same.jsonl");
        Files.writeString(batch, "{\"id\":8,\"name\":\"Account 8\"}\n");
        JsonNode record = Json.parse(billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", batch.toString(), "--skip-unchanged", "-o", "json")
                .exits(0).out().lines().findFirst().orElseThrow());
        assertFalse(record.path("sent").asBoolean(true), record.toString());
        assertFalse(record.has("dry_run"), record.toString());
    }
}
