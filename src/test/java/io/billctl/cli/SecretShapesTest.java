package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's own credential, echoed by a hostile JeraSoft server in shapes no encoding covers: cut in
 * two by the end of what an error line decodes, as a response header's name, as a field's name in a
 * CSV header, as a number, and split by a comma into two items of a list that a CSV cell joins again.
 * None of it, whole or but one character short, reaches stdout or stderr.
 */
class SecretShapesTest {
    /** Letters and digits, as most API keys are: a valid header name, and the prefix of itself on its own. */
    static final String KEY = "3f9a1c0e7b2d4a5f8e6c";

    @TempDir Path home;
    ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Billctl billctl(String key) {
        return new Billctl(home).env("KEY", key).secret(key).config("[profiles.x]\nbackend = \"jerasoft\"\nurl = \"" + server.url("/api")
                + "\"\napi_key_env = \"KEY\"\n");
    }

    /** The page at offset 0, and an empty one after it (the end of the list). */
    private static ScriptedServer.Script page(String accounts) {
        return (request, out) -> ScriptedServer.write(out, 200, "application/json",
                (request.target().contains("offset=0") ? accounts : "[]").getBytes(StandardCharsets.UTF_8));
    }

    private static void neverShown(Run run, String key) {
        String shown = run.out() + run.err();
        String shorter = key.substring(0, key.length() - 1);
        assertFalse(shown.contains(shorter), () -> "the key, or all of it but its last character, is shown:\n" + shown);
    }

    @Test
    void aKeyCutInTwoWhereTheErrorLineStopsDecodingIsNotShownInPart() {
        // Blank lines up to where the error line stops decoding (4,096 bytes), then the key across that point.
        String body = "\n".repeat(4096 - KEY.length() + 1) + KEY + "\n";
        server = ScriptedServer.start(ScriptedServer.answer(500, "text/plain", body));
        Run run = billctl(KEY).run("-p", "x", "clients-accounts", "list", "--retries", "0", "-o", "json").exits(5);
        neverShown(run, KEY);
        assertTrue(run.err().contains("HTTP 500"), run.err());
    }

    @Test
    void aResponseHeaderNamedAfterTheKeyIsMaskedInTheTrace() {
        server = ScriptedServer.start((request, out) -> ScriptedServer.write(out, 200, "application/json", "[]".getBytes(StandardCharsets.UTF_8),
                Map.of(KEY, "1")));
        Run run = billctl(KEY).run("-p", "x", "-v", "clients-accounts", "list").exits(0);
        neverShown(run, KEY);
        assertTrue(run.err().contains("< ****: 1"), run.err());
    }

    @Test
    void aFieldNamedAfterTheKeyIsMaskedInACsvHeader() {
        server = ScriptedServer.start(ScriptedServer.answer(200, "application/json", "{\"id\":1,\"name\":\"a\",\"" + KEY + "\":\"x\"}"));
        Run run = billctl(KEY).run("-p", "x", "clients-accounts", "get", "1", "--all-fields", "-o", "csv").exits(0);
        neverShown(run, KEY);
        assertEquals("id,name,****", run.out().lines().findFirst().orElseThrow(), run.out());
    }

    @Test
    void aNumericKeyEchoedAsANumberIsMasked() {
        String numeric = "84736251907";
        server = ScriptedServer.start(page("[{\"id\":1,\"orig_capacity\":\"" + numeric + "\",\"term_capacity\":" + numeric + ",\"misc\":[" + numeric + "]}]"));
        Billctl billctl = billctl(numeric);
        for (String format : new String[] {"jsonl", "json", "csv", "table"}) {
            Run run = billctl.run("-p", "x", "clients-accounts", "list", "--all-fields", "-o", format).exits(0);
            neverShown(run, numeric);
            assertTrue(run.out().contains("****"), format + ": " + run.out());
        }
        Run get = billctl.run("-p", "x", "clients-accounts", "list", "-o", "jsonl").exits(0);
        assertTrue(get.out().contains("\"orig_capacity\":\"****\""), "a numeric string the catalog types as a number: " + get.out());
    }

    @Test
    void aKeyWithACommaSplitIntoTwoItemsIsNotJoinedAgainInACsvCell() {
        String comma = "tok3n,Zq9xW7";
        server = ScriptedServer.start(page("[{\"id\":1,\"parts\":[\"tok3n\",\"Zq9xW7\"]}]"));
        Run run = billctl(comma).run("-p", "x", "clients-accounts", "list", "--all-fields", "--fields", "id,parts", "-o", "csv").exits(0);
        neverShown(run, comma);
        assertTrue(run.out().contains("1,****"), run.out());
    }
}
