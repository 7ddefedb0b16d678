package io.billctl.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Billctl;
import io.billctl.testing.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal is an output like any other: the redactor sees every line of it. */
class JournalRedactionTest {
    private static final String KEY = "k3y-that-the-server-quotes";

    @TempDir Path home;

    @Test
    void aServerThatQuotesTheKeyPutsNoKeyInTheJournal() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, out) -> ScriptedServer.write(out, 400, "application/json",
                ("{\"error\":{\"message\":\"key " + request.header("X-Api-Key") + " may not do this\",\"data\":{\"name\":\"refused for "
                        + request.header("X-Api-Key") + "\"}}}").getBytes()))) {
            Billctl billctl = new Billctl(home).env("K", KEY).secret(KEY).config("""
                    [profiles.vcs]
                    backend = "jerasoft"
                    url = "%s"
                    api_key_env = "K"
                    """.formatted(server.url("/api")));
            Path batch = home.resolve("in.jsonl");
            Files.writeString(batch, "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n");
            Path journal = home.resolve("run.journal");
            billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", batch.toString(), "--journal", journal.toString(), "--no-before-images", "-o", "json")
                    .exits(1);
            assertEquals(2, server.requests().size());
            assertTrue(server.requests().get(0).bodyText().contains("\"name\""), "the server saw the update");
            String written = Files.readString(journal);
            assertFalse(written.contains(KEY), written);
            assertEquals(2, written.lines().filter(line -> line.contains("\"status\":\"failed\"") && line.contains("name: refused for ****")).count(),
                    written);
        }
    }
}
