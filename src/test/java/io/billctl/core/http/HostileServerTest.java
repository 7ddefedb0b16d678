package io.billctl.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Billctl;
import io.billctl.testing.HostileVendor;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every backend against a server that lies, stalls, floods or tries to drive the terminal: billctl
 * says "done" only for the vendor's own success, ends within its deadlines, reads no more than its
 * cap, and prints one clean line. Real HTTP on loopback; the only timings asserted are generous
 * upper bounds that prove "did not hang".
 */
class HostileServerTest {
    /** What "ends in time" means here: far above any deadline these runs set, far below a hang. */
    private static final Duration DID_NOT_HANG = Duration.ofSeconds(15);

    @TempDir Path home;
    ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Billctl start(HostileVendor vendor, ScriptedServer.Script update) {
        server = ScriptedServer.start(vendor.serve(update));
        return vendor.billctl(home, server);
    }

    /** An exit 5 with one clean error line naming the vendor's answer as unexpected. */
    private static void unexpected(HostileVendor vendor, Run run, String what) {
        run.exits(5).oneErrorLine();
        assertTrue(run.errorLine().startsWith("error: unexpected answer from " + vendor.vendor + " (HTTP "), run.err());
        assertTrue(run.errorLine().contains(what), () -> "expected '" + what + "' in: " + run.err());
        assertEquals("", run.out());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void anHtmlPageWithStatus200IsNotSuccess(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.answer(200, "text/html; charset=utf-8",
                "<!DOCTYPE html><html><head><title>Login required</title></head><body>" + "<p>Please log in.</p>".repeat(40) + "</body></html>"));
        Run run = billctl.run(vendor.update());
        unexpected(vendor, run, "(HTTP 200, text/html): <!DOCTYPE html><html><head><title>Login required</title>");
        assertTrue(run.errorLine().length() < "error: ".length() + 300, run.err());
        assertEquals(1, vendor.updates(server).size(), "a 200 is an answer: not sent again");
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void anEmptyBodyIsNotSuccess(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.answer(200, "application/json", ""));
        unexpected(vendor, billctl.run(vendor.update()), "(HTTP 200, application/json): an empty body");
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void invalidJsonIsNotSuccess(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.answer(200, "application/json", "{\"i_account\":1,"));
        unexpected(vendor, billctl.run(vendor.update()), "(HTTP 200, application/json): {\"i_account\":1,");
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void jsonOfAnotherShapeIsNotSuccess(HostileVendor vendor) {
        Billctl billctl = start(vendor, vendor.wrongShape().script());
        Run run = billctl.run(vendor.update("-o", "json"));
        run.exits(5);
        assertTrue(run.err().startsWith("error: unexpected answer from " + vendor.vendor + " (HTTP 200, "), run.err());
        assertFalse(run.json().path("ok").asBoolean(true), run.out());
        assertEquals("unavailable", run.json().at("/error/code").asText());
        assertEquals(1, run.json().path("attempts").asInt());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void theVendorsSuccessIsSuccess(HostileVendor vendor) {
        Billctl billctl = start(vendor, vendor.success().script());
        Run run = billctl.run(vendor.update("-o", "json")).exits(0);
        assertTrue(run.json().path("ok").asBoolean(), run.out());
        assertEquals("", run.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void aBare404IsAWrongUrlNotAMissingAccount(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.answer(404, "text/html", "<html><body><h1>404 Not Found</h1>nginx</body></html>"));
        Run run = billctl.run(vendor.update()).exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("was not found (" + vendor.vendor + " answered HTTP 404): check the URL of profile 'h' ("
                + server.url("")), run.err());
        assertFalse(run.errorLine().contains("does not exist"), run.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void aBare404StopsABatchAtItsFirstRecord(HostileVendor vendor) throws Exception {
        Billctl billctl = start(vendor, ScriptedServer.answer(404, "text/html", "<html><body><h1>404 Not Found</h1>nginx</body></html>"));
        String idName = vendor == HostileVendor.PORTABILLING ? "i_account" : "id";
        Path records = home.resolve("records.jsonl");
        java.nio.file.Files.writeString(records, java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(id -> "{\"" + idName + "\":" + id + "}\n")
                .collect(java.util.stream.Collectors.joining()));
        // The update's own command, its id given way to the batch: the records all take the same flag.
        List<String> args = new java.util.ArrayList<>(List.of(vendor.update("-o", "json")));
        args.set(2, "--batch");
        args.add(3, records.toString());
        Run run = billctl.run(args.toArray(String[]::new)).exits(5);
        stoppedAtTheFirstRecord(vendor, run);
        // With a journal, each account is read first (its before-image): the read meets the 404 and stops the run the same.
        server.clearRequests();
        args.addAll(List.of("--journal", home.resolve("run.journal").toString()));
        stoppedAtTheFirstRecord(vendor, billctl.run(args.toArray(String[]::new)).exits(5));
    }

    private void stoppedAtTheFirstRecord(HostileVendor vendor, Run run) throws Exception {
        assertEquals(1, vendor.updates(server).size(), "the first record goes alone, and every other would meet the same 404: " + run.out());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).contains("was not found (" + vendor.vendor + " answered HTTP 404): check the URL of profile 'h'"), run.out());
        com.fasterxml.jackson.databind.JsonNode summary = io.billctl.core.Json.parse(lines.get(1)).path("summary");
        assertEquals(1, summary.path("failed").asInt(), run.out());
        assertEquals(29, summary.path("not_started").asInt(), run.out());
        assertTrue(run.err().contains("stopped: 29 records not sent"), run.err());
        assertFalse(run.err().contains("stopped answering"), "the server answered, with a 404: " + run.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void a405IsAWrongUrlToo(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.answer(405, "text/plain", "Method Not Allowed"));
        Run run = billctl.run(vendor.update()).exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("(" + vendor.vendor + " answered HTTP 405): check the URL of profile 'h'"), run.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void theVendorsOwnNotFoundIsExit4(HostileVendor vendor) {
        Billctl billctl = start(vendor, vendor.notFoundScript());
        Run run = billctl.run(vendor.update()).exits(4).oneErrorLine();
        assertTrue(run.errorLine().contains("account 1 does not exist"), run.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void aDrippedBodyEndsAtTheTimeout(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.drip(200, "application/json", 1000, 1000));
        long started = System.nanoTime();
        Run run = billctl.run(vendor.update("--timeout", "5")).exits(5).oneErrorLine();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(DID_NOT_HANG) < 0, "took " + took);
        assertTrue(run.errorLine().contains("did not arrive in full within 5 s"), run.err());
        assertEquals(1, vendor.updates(server).size(), "an answer that began is not asked for again");
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void anEndlessBodyEndsAtTheCap(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.endless(200, "application/json"));
        long started = System.nanoTime();
        Run run = billctl.run(vendor.update("--timeout", "5")).exits(5).oneErrorLine();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(DID_NOT_HANG) < 0, "took " + took);
        assertTrue(run.errorLine().contains("is too large (more than 16 MiB; billctl reads at most 16 MiB, BILLCTL_MAX_RESPONSE_SIZE raises it)")
                || run.errorLine().contains("did not arrive in full within 5 s"), run.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void aDeclaredHugeBodyIsRefusedUnread(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.huge(100L << 20, true));
        Run run = billctl.run(vendor.update()).exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("is too large (104857600 bytes; billctl reads at most 16 MiB"), run.err());
        assertEquals(1, vendor.updates(server).size(), "too large is not retried");
    }

    @org.junit.jupiter.api.Test
    void theCapIsSetByTheEnvironment() {
        HostileVendor vendor = HostileVendor.ENSWITCH;
        Billctl billctl = start(vendor, vendor.success().script()).env("BILLCTL_MAX_RESPONSE_SIZE", "16");
        Run run = billctl.run(vendor.update()).exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("billctl reads at most 16 bytes"), run.err());
        billctl.env("BILLCTL_MAX_RESPONSE_SIZE", "1m").run(vendor.update()).exits(0);
        Run bad = billctl.env("BILLCTL_MAX_RESPONSE_SIZE", "lots").run(vendor.update()).exits(2).oneErrorLine();
        assertTrue(bad.errorLine().contains("BILLCTL_MAX_RESPONSE_SIZE must be a size"), bad.err());
    }

    /** Text that would set the window title, clear the screen and forge a line of its own, if printed raw. */
    private static final String EVIL = "\u001b]0;pwned\u0007\u001b[2J\u001b[H\rerror: forged\n\u009b31mred\u202eevil\u0000";

    private static void clean(Run run) {
        for (String stream : List.of(run.err(), run.out())) {
            for (char c : stream.toCharArray()) {
                boolean control = c < 0x20 && c != '\n' && c != '\t' || c >= 0x7F && c <= 0x9F || c == '\u202e';
                assertFalse(control, () -> "a control character (" + (int) c + ") reached the terminal: " + stream);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void escapeSequencesInAnErrorNeverReachTheTerminal(HostileVendor vendor) {
        String message = io.billctl.core.Json.write(io.billctl.core.Json.NODES.textNode(EVIL));
        Billctl billctl = start(vendor, vendor.refusal(message).script());
        Run run = billctl.run(vendor.update()).exits(1).oneErrorLine();
        clean(run);
        // Each sequence (the title it would set included) is one replacement character; the text around it stays, on the one line.
        assertTrue(run.errorLine().endsWith("\uFFFD\uFFFD\uFFFD error: forged \uFFFDred\uFFFDevil\uFFFD"), run.err());
        Run json = billctl.run(vendor.update("-o", "json")).exits(1).oneErrorLine();
        clean(json);
        assertTrue(json.json().at("/error/message").asText().contains("\uFFFD"), json.out());
        Run traced = billctl.run(vendor.update("-v")).exits(1);
        clean(traced);
        assertEquals(1, traced.err().lines().filter(line -> line.startsWith("error: ")).count(), traced.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void escapeSequencesInAnUnexpectedBodyNeverReachTheTerminal(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.answer(200, "text/html", "<html>" + EVIL + "</html>"));
        Run run = billctl.run(vendor.update()).exits(5).oneErrorLine();
        clean(run);
        clean(billctl.run(vendor.update("-v")).exits(5));
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void aHugeErrorMessageIsOneShortLine(HostileVendor vendor) {
        String message = "\"" + "This message goes on. ".repeat(240_000) + "\"";
        Billctl billctl = start(vendor, vendor.refusal(message).script());
        Run run = billctl.run(vendor.update("-o", "json")).exits(1).oneErrorLine();
        assertTrue(run.errorLine().length() <= "error: ".length() + 300, "stderr line of " + run.errorLine().length() + " characters");
        assertTrue(run.errorLine().contains("\u2026"), "cut, its middle elided: " + run.err());
        assertTrue(run.json().at("/error/message").asText().length() <= 300, "the JSON message is cut too");
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void aServerThatAppliesThenDropsGetsTheUpdateAgainAndBillctlSaysSo(HostileVendor vendor) {
        AtomicInteger applied = new AtomicInteger();
        Billctl billctl = start(vendor, (request, out) -> {
            if (applied.incrementAndGet() == 1) out.close(); // applied, then the connection dies before the answer
            else vendor.success().write(out);
        });
        Run run = billctl.run(vendor.update("-o", "json")).exits(0);
        assertEquals(2, applied.get());
        assertEquals(2, run.json().path("attempts").asInt(), run.out());
        assertTrue(run.err().startsWith("warning: account 1 took 2 attempts (connection closed without an answer): a request that got no answer"
                + " may have been applied"), run.err());
        applied.set(0);
        Run table = billctl.run(vendor.update()).exits(0);
        assertTrue(table.out().contains("\nattempts"), "the table has a row for the attempts: " + table.out());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void eachRetryIsATraceLineWithItsReason(HostileVendor vendor) {
        AtomicInteger seen = new AtomicInteger();
        Billctl billctl = start(vendor, (request, out) -> {
            if (seen.incrementAndGet() == 1) ScriptedServer.write(out, 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
            else vendor.success().write(out);
        });
        Run run = billctl.run(vendor.update("-v")).exits(0);
        assertTrue(run.err().contains("! attempt 1 of 3 failed: HTTP 503; retrying in "), run.err());
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void anAbsurdRetryAfterFailsAtOnceSayingSo(HostileVendor vendor) {
        Billctl billctl = start(vendor, ScriptedServer.answer(429, "text/plain", "slow down", Map.of("Retry-After", "999999999")));
        long started = System.nanoTime();
        Run run = billctl.run(vendor.update()).exits(5).oneErrorLine();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(DID_NOT_HANG) < 0);
        assertTrue(run.errorLine().contains("answered HTTP 429 and asked to wait 999999999 s before trying again; billctl waits at most 60 s"),
                run.err());
        assertEquals(1, vendor.updates(server).size());
    }

    @org.junit.jupiter.api.Test
    void aLongWaitIsAnnounced() {
        HostileVendor vendor = HostileVendor.JERASOFT;
        AtomicInteger seen = new AtomicInteger();
        Billctl billctl = start(vendor, (request, out) -> {
            if (seen.incrementAndGet() == 1) ScriptedServer.write(out, 429, "text/plain", new byte[0], Map.of("Retry-After", "6"));
            else vendor.success().write(out);
        });
        Run run = billctl.run(vendor.update()).exits(0);
        assertEquals("waiting 6 s before attempt 2 of 3 (HTTP 429, Retry-After 6 s)", run.err().strip());
    }

    @org.junit.jupiter.api.Test
    void aDrippedHeadIsAnAnswerNotGivenInTime() {
        HostileVendor vendor = HostileVendor.JERASOFT;
        Billctl billctl = start(vendor, ScriptedServer.dripHead(300));
        long started = System.nanoTime();
        Run run = billctl.run(vendor.update("--timeout", "2", "--retries", "1")).exits(5).oneErrorLine();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(DID_NOT_HANG) < 0);
        assertTrue(run.errorLine().contains("no answer from 127.0.0.1:") && run.errorLine().contains("within 2 s (after 2 attempts)"), run.err());
    }

    @org.junit.jupiter.api.Test
    void silenceEndsWithinTheUpdatesLimit() {
        HostileVendor vendor = HostileVendor.JERASOFT;
        Billctl billctl = start(vendor, ScriptedServer.silence());
        long started = System.nanoTime();
        Run run = billctl.run(vendor.update("--timeout", "1")).exits(5).oneErrorLine();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(DID_NOT_HANG) < 0);
        assertTrue(run.errorLine().contains("no answer from 127.0.0.1:"), run.err());
        assertEquals(3, vendor.updates(server).size(), "no answer is retried: the default two retries");
    }

    @org.junit.jupiter.api.Test
    void anEndlessHeaderLineIsRefused() {
        HostileVendor vendor = HostileVendor.YETI;
        Billctl billctl = start(vendor, ScriptedServer.endlessHead());
        Run run = billctl.run(vendor.update()).exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("has a malformed head"), run.err());
    }

    /** The same rule for profile test: a login page with status 200 proves nothing. */
    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void profileTestWantsTheVendorsAnswerToo(HostileVendor vendor) {
        Supplier<ScriptedServer.Script> page = () -> ScriptedServer.answer(200, "text/html", "<html>Login required</html>");
        Billctl billctl;
        if (vendor == HostileVendor.PORTABILLING) {
            // PortaBilling's test is its login: the login itself answers the page.
            server = ScriptedServer.start(page.get());
            billctl = vendor.billctl(home, server);
        } else {
            billctl = start(vendor, page.get());
        }
        Run run = billctl.run("profile", "test").exits(5).oneErrorLine();
        assertTrue(run.errorLine().startsWith("error: unexpected answer from " + vendor.vendor + " (HTTP 200, text/html"), run.err());
        assertFalse(run.err().contains("accepted"), run.err());
    }
}
