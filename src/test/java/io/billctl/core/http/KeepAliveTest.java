package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.testing.Billctl;
import io.billctl.testing.HostileVendor;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import io.billctl.testing.TestCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept-alive connection is reused only when nothing is waiting on it: bytes a server sent after
 * a complete answer (a second answer, garbage), or while the connection sat in the pool, would be
 * read as the answer to the next request, and every later record would get the one before's
 * answer. Such a connection is closed and a new one opened, as curl and Go's client do. A raw
 * loopback server plays JeraSoft, whose success is the bare number of rows.
 */
class KeepAliveTest {
    private static final HostileVendor JERASOFT = HostileVendor.JERASOFT;
    private static final byte[] ONE_ROW = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n1"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir Path home;
    ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** The first update gets {@code first}; every later one JeraSoft's refusal naming the request it answers. */
    private static ScriptedServer.Script firstThenRefuse(ScriptedServer.Script first) {
        AtomicInteger count = new AtomicInteger();
        return (request, out) -> {
            int n = count.incrementAndGet();
            if (n == 1) first.answer(request, out);
            else JERASOFT.refusal("\"request " + n + " refused\"").write(out);
        };
    }

    private Path records(int count) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int id = 1; id <= count; id++) lines.append("{\"id\":").append(id).append(",\"name\":\"n").append(id).append("\"}\n");
        Path file = home.resolve("records.jsonl");
        Files.writeString(file, lines);
        return file;
    }

    private Run batch(Billctl billctl, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("clients-accounts", "update", "--batch", records(3).toString(), "--parallel", "1",
                "--retries", "0", "-o", "json"));
        args.addAll(List.of(more));
        return billctl.run(args.toArray(String[]::new));
    }

    /** The records' lines of a batch's JSON output, by line number. */
    private static List<JsonNode> outcomes(Run run) throws IOException {
        List<JsonNode> outcomes = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            JsonNode node = Json.parse(line);
            if (node.has("line")) outcomes.add(node);
        }
        return outcomes;
    }

    /** Record 1 done, records 2 and 3 refused with their own request's answer. */
    private void secondAndThirdRefused(Run run) throws IOException {
        run.exits(1);
        List<JsonNode> outcomes = outcomes(run);
        assertEquals(3, outcomes.size(), run.out());
        assertTrue(outcomes.get(0).path("ok").asBoolean(), run.out());
        for (int i = 1; i < 3; i++) {
            JsonNode outcome = outcomes.get(i);
            assertFalse(outcome.path("ok").asBoolean(true), "record " + (i + 1) + " was refused by the server: " + run.out());
            assertEquals("JeraSoft refused the update of account " + (i + 1) + ": request " + (i + 1) + " refused",
                    outcome.at("/error/message").asText(), run.out());
        }
        assertEquals(3, JERASOFT.updates(server).size());
    }

    /** Two whole answers in one write: both arrive together, the second waiting in the client's buffer. */
    private static ScriptedServer.Script twoAnswers() {
        return (request, out) -> {
            out.write(twice(ONE_ROW));
            out.flush();
        };
    }

    /** The answer, then 100 ms later (the connection back in the pool) a stray second one. */
    private static ScriptedServer.Script strayAnswerLater() {
        return (request, out) -> {
            out.write(ONE_ROW);
            out.flush();
            sleep(100);
            out.write(ONE_ROW);
            out.flush();
        };
    }

    private static byte[] twice(byte[] bytes) {
        byte[] both = new byte[bytes.length * 2];
        System.arraycopy(bytes, 0, both, 0, bytes.length);
        System.arraycopy(bytes, 0, both, bytes.length, bytes.length);
        return both;
    }

    @Test
    void aSecondAnswerLeftOnTheConnectionIsNotTheNextRecordsAnswer() throws IOException {
        server = ScriptedServer.start(firstThenRefuse(twoAnswers()));
        secondAndThirdRefused(batch(JERASOFT.billctl(home, server)));
        // The tainted connection was closed; the clean one that replaced it was kept for record 3.
        assertEquals(2, server.connections());
    }

    @Test
    void anAnswerArrivingWhileTheConnectionIsIdleClosesIt() throws IOException {
        // --rate sends the next record 500 ms after the first, long after the stray answer came.
        server = ScriptedServer.start(firstThenRefuse(strayAnswerLater()));
        secondAndThirdRefused(batch(JERASOFT.billctl(home, server), "--rate", "2/s"));
        assertEquals(2, server.connections());
    }

    @Test
    void garbageAfterTheBodyIsNotReadAsTheNextAnswer() throws IOException {
        byte[] garbage = "garbage after the body\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] answer = new byte[ONE_ROW.length + garbage.length];
        System.arraycopy(ONE_ROW, 0, answer, 0, ONE_ROW.length);
        System.arraycopy(garbage, 0, answer, ONE_ROW.length, garbage.length);
        server = ScriptedServer.start((request, out) -> {
            out.write(answer);
            out.flush();
        });
        Run run = batch(JERASOFT.billctl(home, server)).exits(0);
        assertEquals(3, outcomes(run).stream().filter(o -> o.path("ok").asBoolean()).count(), run.out());
        assertEquals("", run.err());
        assertEquals(3, server.connections(), "each connection had garbage left on it");
    }

    @Test
    void aCleanConnectionIsKeptForTheNextRecord() throws IOException {
        server = ScriptedServer.start(ScriptedServer.answer(200, "application/json", "1"));
        Run run = batch(JERASOFT.billctl(home, server)).exits(0);
        assertEquals(3, outcomes(run).stream().filter(o -> o.path("ok").asBoolean()).count(), run.out());
        assertEquals(1, server.connections(), "one connection for the whole run");
    }

    /** A billctl that trusts {@link #certificate}, against {@link #server} over TLS. */
    private Billctl overTls() {
        return JERASOFT.billctl(home, server).config(JERASOFT.config(server) + "ca_cert = \"" + certificate.pem() + "\"\n");
    }

    @Test
    void overTlsASecondAnswerInTheSameRecordIsNotTheNextRecordsAnswer() throws Exception {
        server = ScriptedServer.startTls(certificate().server(), firstThenRefuse(twoAnswers()));
        secondAndThirdRefused(batch(overTls()));
        assertEquals(2, server.connections());
    }

    @Test
    void overTlsAStrayAnswerArrivingWhileIdleClosesTheConnection() throws Exception {
        server = ScriptedServer.startTls(certificate().server(), firstThenRefuse(strayAnswerLater()));
        secondAndThirdRefused(batch(overTls(), "--rate", "2/s"));
        assertEquals(2, server.connections());
    }

    @Test
    void overTlsACleanConnectionIsKept() throws Exception {
        server = ScriptedServer.startTls(certificate().server(), ScriptedServer.answer(200, "application/json", "1"));
        Run run = batch(overTls()).exits(0);
        assertEquals(3, outcomes(run).stream().filter(o -> o.path("ok").asBoolean()).count(), run.out());
        assertEquals(1, server.connections(), "one connection for the whole run");
    }

    @TempDir static Path certs;
    private static TestCertificate certificate;

    /** One certificate for the class (keytool takes seconds). */
    private static synchronized TestCertificate certificate() throws Exception {
        if (certificate == null) certificate = TestCertificate.make(certs, "localhost", "ip:127.0.0.1");
        return certificate;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
