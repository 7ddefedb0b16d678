package io.billctl.enswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.EnswitchEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.AgainstSandbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code unlimited update} end to end against the Enswitch emulator. */
class EnswitchUpdateTest extends AgainstSandbox {
    @TempDir java.nio.file.Path home;
    Billctl billctl;

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("PBX_PASSWORD", EnswitchEmulator.PASSWORD).secret(EnswitchEmulator.PASSWORD).config(profile(EnswitchEmulator.USERNAME));
    }

    /** The password must be in no URL that reached the server, whatever the test did. */
    @AfterEach
    void passwordNeverInAUrl() {
        for (EmulatorRequest request : sandbox.requests()) {
            assertFalse(request.target().contains("auth_password"), request.target());
            assertFalse(request.target().contains(EnswitchEmulator.PASSWORD), request.target());
        }
    }

    private String profile(String user) {
        return """
                default_profile = "pbx"
                [profiles.pbx]
                backend = "enswitch"
                url = "%s"
                username = "%s"
                password_env = "PBX_PASSWORD"
                """.formatted(sandbox.url("/enswitch"), user);
    }

    private Map<String, String> sentForm() {
        List<EmulatorRequest> requests = sandbox.requests();
        assertEquals(1, requests.size(), () -> "requests: " + requests);
        return EmulatorRequest.params(requests.get(0).bodyText());
    }

    @Test
    void sendsEveryParameterAsAFormBodyWithTheCredentials() {
        billctl.run("unlimited", "update", "7", "--callerid-external", "442071234567", "--callerid-internal", "", "--cos", "1",
                "--currency", "EUR", "--days-week", "1,2,3,4,5", "--description", "Night & weekend", "--dialplan", "",
                "--starthour", "20", "--startminute", "0", "--startsecond", "0", "--endhour", "6", "--endminute", "59", "--endsecond", "59",
                "--locked", "0", "--maximum-connectfee", "-1", "--maximum-cost", "1E-2", "--maximum-seconds", "3600",
                "--minimum-percentage", "-2.5", "--minimum-profit", "0.001", "--name", "Night plan", "--panel", "1",
                "--ring-after-answer", "3").exits(0);
        EmulatorRequest request = sandbox.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/enswitch/api/json/unlimited/update/", request.path());
        assertEquals(null, request.query());
        assertEquals("application/x-www-form-urlencoded", request.header("Content-Type"));
        Map<String, String> form = sentForm();
        assertEquals(Map.ofEntries(Map.entry("auth_username", "sandbox"), Map.entry("auth_password", EnswitchEmulator.PASSWORD), Map.entry("id", "7"),
                Map.entry("callerid_external", "442071234567"), Map.entry("callerid_internal", ""), Map.entry("cos", "1"),
                Map.entry("currency", "EUR"), Map.entry("days_week", "1,2,3,4,5"), Map.entry("description", "Night & weekend"),
                Map.entry("dialplan", ""), Map.entry("starthour", "20"), Map.entry("startminute", "0"), Map.entry("startsecond", "0"),
                Map.entry("endhour", "6"), Map.entry("endminute", "59"), Map.entry("endsecond", "59"), Map.entry("locked", "0"),
                Map.entry("maximum_connectfee", "-1"), Map.entry("maximum_cost", "0.01"), Map.entry("maximum_seconds", "3600"),
                Map.entry("minimum_percentage", "-2.5"), Map.entry("minimum_profit", "0.001"), Map.entry("name", "Night plan"),
                Map.entry("panel", "1"), Map.entry("ring_after_answer", "3")), form);
        assertTrue(request.bodyText().contains("description=Night+%26+weekend"), "form-encoded: " + request.bodyText());
    }

    @Test
    void theIssuesExampleSucceedsWithOneJsonDocument() throws Exception {
        Run run = billctl.run("-p", "pbx", "unlimited", "update", "1", "--name", "Night plan", "--starthour", "20", "--endhour", "6",
                "--days-week", "1,2,3,4,5", "-o", "json").exits(0);
        assertEquals(Json.parse("{\"code\":204,\"message\":\"OK\"}"), run.json().path("result"), "the normalised result");
        assertEquals("204", run.json().at("/vendor/responses/0/code").asText(), "the vendor's answer as it came");
        assertEquals("1,2,3,4,5", run.json().at("/updated/days_week").asText());
        assertEquals("", run.err());
        assertEquals("Night plan", read(1).path("name").asText());
    }

    @Test
    void validateOnlySendsValidationAndChangesNothing() throws Exception {
        Run run = billctl.run("unlimited", "update", "1", "--name", "Checked", "--validate-only").exits(0);
        assertTrue(run.out().contains("valid, nothing changed (201 Input passed validation.)"), run.out());
        assertFalse(run.out().toLowerCase().contains("updated") || run.err().toLowerCase().contains("updated"), run.out() + run.err());
        assertEquals("1", sentForm().get("validation"));
        assertEquals("Unlimited 1", read(1).path("name").asText());
        JsonNode json = billctl.run("unlimited", "update", "1", "--name", "Checked", "--validate-only", "-o", "json").exits(0).json();
        assertTrue(json.path("validated").asBoolean() && json.has("changed") && !json.path("changed").asBoolean(), json.toString());
        assertFalse(json.has("updated"), "never 'updated': " + json);
        assertEquals(Json.parse("{\"name\":\"Checked\"}"), json.path("checked"));
        assertEquals(Json.parse("{\"code\":201,\"message\":\"Input passed validation.\"}"), json.path("result"));
    }

    /** A batch the server only checks: its records are "validated", never "done", and the accounts keep their values. */
    @Test
    void validateOnlyInABatchSaysValidated() throws Exception {
        java.nio.file.Path batch = home.resolve("plans.jsonl");
        java.nio.file.Files.writeString(batch, "{\"id\":1,\"name\":\"A\"}\n{\"id\":2,\"name\":\"B\"}\n");
        Run table = billctl.run("unlimited", "update", "--batch", batch.toString(), "--validate-only").exits(0);
        assertTrue(table.out().startsWith("RECORDS  VALIDATED  FAILED"), table.out());
        assertFalse(table.out().contains("DONE"), table.out());
        assertTrue(table.err().contains("2 records valid, nothing changed"), table.err());
        List<String> lines = billctl.run("unlimited", "update", "--batch", batch.toString(), "--validate-only", "-o", "json").exits(0).out().lines().toList();
        for (String line : lines.subList(0, 2)) {
            JsonNode record = Json.parse(line);
            assertTrue(record.path("validated").asBoolean() && !record.path("changed").asBoolean() && !record.has("updated"), line);
        }
        JsonNode summary = Json.parse(lines.get(2)).path("summary");
        assertEquals(2, summary.path("validated").asInt(), summary.toString());
        assertEquals(0, summary.path("done").asInt(), summary.toString());
        Run diff = billctl.run("unlimited", "update", "--batch", batch.toString(), "--validate-only", "--diff").exits(0);
        assertTrue(diff.out().contains("id 1: valid, nothing changed; it would change name: Unlimited 1 \u2192 A"), diff.out());
        assertEquals("Unlimited 1", read(1).path("name").asText());
        assertEquals("Unlimited 2", read(2).path("name").asText());
    }

    /** There is nothing to undo after a check, and a journal of one would make --resume of the real run skip every record. */
    @Test
    void validateOnlyTakesNoJournal() {
        Run run = billctl.run("unlimited", "update", "1", "--name", "x", "--validate-only", "--journal", home.resolve("j").toString()).exits(2);
        assertTrue(run.errorLine().contains("--validate-only changes nothing, so there is nothing to journal or undo: drop --journal"), run.err());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void fileAndSetAreTypedAndMerged() throws Exception {
        java.nio.file.Path file = home.resolve("plan.json");
        java.nio.file.Files.writeString(file, "{\"name\":\"From file\",\"maximum_cost\":0.5,\"locked\":1}");
        billctl.run("unlimited", "update", "2", "-f", file.toString(), "--locked", "0", "--set", "dialplan=0044").exits(0);
        Map<String, String> form = sentForm();
        assertEquals("From file", form.get("name"));
        assertEquals("0.5", form.get("maximum_cost"));
        assertEquals("0", form.get("locked"));
        assertEquals("0044", form.get("dialplan"));
    }

    @Test
    void wrongPasswordExits3() {
        billctl.env("PBX_PASSWORD", "not-it-at-all").secret("not-it-at-all");
        Run run = billctl.run("unlimited", "update", "1", "--name", "x").exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("refused the username or password of profile 'pbx'"), run.err());
    }

    @Test
    void aUserWithoutTheCommerceRoleExits3() {
        billctl.config(profile(EnswitchEmulator.VIEWER));
        Run run = billctl.run("unlimited", "update", "1", "--name", "x", "-o", "json").exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("lacks the commerce role privilege"), run.err());
        assertEquals("402", run.json().at("/error/vendor_code").asText());
    }

    @Test
    void unknownIdExits4() {
        billctl.run("unlimited", "update", "999999", "--name", "x").exits(4).oneErrorLine();
    }

    @Test
    void theServersRefusalNamesTheParameterAndExits1() {
        Run run = billctl.run("unlimited", "update", "1", "--set", "voicemail=1", "--allow-unknown-fields", "-o", "json").exits(1);
        assertEquals("Unknown parameter.", run.json().at("/error/fields/voicemail").asText());
        assertTrue(run.err().contains("voicemail: Unknown parameter."), run.err());
    }

    @Test
    void serverErrorsExit5AfterRetries() {
        sandbox.faults("error=10x,status=500");
        Run run = billctl.run("unlimited", "update", "1", "--name", "x", "--retries", "1").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("code 500"), run.err());
        assertEquals(2, sandbox.requests().size());
    }

    @Test
    void anUnreadableAnswerExits5WithTheRawStatus() throws Exception {
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger hits = new AtomicInteger();
        proxy.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] page = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        proxy.start();
        try {
            billctl.config(profile("sandbox").replace(sandbox.url("/enswitch"), "http://127.0.0.1:" + proxy.getAddress().getPort()));
            Run run = billctl.run("unlimited", "update", "1", "--name", "x", "--retries", "1").exits(5).oneErrorLine();
            assertTrue(run.errorLine().contains("unexpected answer from Enswitch (HTTP 502, no content type; after 2 attempts): <html><body>502 Bad Gateway"),
                    run.err());
            assertEquals(2, hits.get());
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void dryRunAndTraceMaskThePassword() {
        Run dry = billctl.run("unlimited", "update", "1", "--name", "x", "--dry-run").exits(0);
        assertTrue(dry.out().contains("auth_username=sandbox&auth_password=****&id=1&name=x"), dry.out());
        assertTrue(sandbox.requests().isEmpty());
        Run traced = billctl.run("unlimited", "update", "1", "--name", "x", "-v").exits(0);
        assertTrue(traced.err().contains("auth_password=****"), traced.err());
    }

    /**
     * Enswitch reads every parameter as form text (EVIDENCE.md), so "1" and 1 are the same bytes on the
     * wire: an integer parameter given as an integer-looking JSON string goes, from -f, --set and a batch
     * record alike; "abc" is still refused.
     */
    @Test
    void integerParametersGivenAsStringsAreTheirIntegers() throws Exception {
        billctl.runWithStdin("{\"cos\":\"1\",\"locked\":\"1\",\"maximum_seconds\":\"-1\",\"name\":123}", "unlimited", "update", "7", "-f", "-")
                .exits(0);
        Map<String, String> form = sentForm();
        assertEquals("1", form.get("cos"));
        assertEquals("1", form.get("locked"));
        assertEquals("-1", form.get("maximum_seconds"));
        assertEquals("123", form.get("name"), "a text parameter given a JSON integer: its digits");
        assertEquals("1", sandbox.server().emulator("enswitch").account(7).path("locked").asText());

        sandbox.server().clearRequests();
        billctl.run("unlimited", "update", "7", "--set", "locked=\"0\"").exits(0);
        assertEquals("0", sentForm().get("locked"));

        sandbox.server().clearRequests();
        java.nio.file.Path batch = home.resolve("locks.jsonl");
        java.nio.file.Files.writeString(batch, "{\"id\":8,\"locked\":\"1\",\"expect.locked\":\"0\"}\n");
        billctl.run("unlimited", "update", "--batch", batch.toString()).exits(0);
        assertEquals("1", sandbox.server().emulator("enswitch").account(8).path("locked").asText());

        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("unlimited", "update", "7", "--set", "locked=\"abc\""),
                "--set locked: expected an integer, got the string \"abc\"");
        assertRefusedBeforeSending(billctl.runWithStdin("{\"cos\":\"1.5\"}", "unlimited", "update", "7", "-f", "-"),
                "\"cos\" in stdin: expected an integer, got the string \"1.5\"");
    }

    static List<Object[]> refusals() {
        return List.of(
                new Object[] {List.of("--endhour", "24"), "--endhour: must be between 0 and 23, got 24"},
                new Object[] {List.of("--starthour", "-1"), "--starthour: must be between 0 and 23"},
                new Object[] {List.of("--endminute", "60"), "must be between 0 and 59"},
                new Object[] {List.of("--startsecond", "61"), "must be between 0 and 59"},
                new Object[] {List.of("--days-week", "1,9"), "Days 1 (Monday) to 7 (Sunday)"},
                new Object[] {List.of("--days-week", "mon"), "does not match"},
                new Object[] {List.of("--locked", "2"), "must be one of 0, 1"},
                new Object[] {List.of("--panel", "yes"), "expected an integer"},
                new Object[] {List.of("--maximum-connectfee", "free"), "expected a decimal number"},
                new Object[] {List.of("--ring-after-answer", "1.5"), "expected an integer"},
                new Object[] {List.of("--unset", "name"), "cannot be null"},
                new Object[] {List.of("--set", "validation=1"), "validation is a parameter of Enswitch's request itself (--validate-only sends it)"});
    }

    /**
     * What the vendor's page leaves unsaid is not refused: a day named twice, a limit below -1 ("-1 for
     * no limit"), a negative class of service, a currency not in three capitals. Each is sent with a
     * warning, and the emulator (the page's rules only) takes it.
     */
    @Test
    void whatThePageDoesNotStateIsSentWithAWarning() {
        Run run = billctl.run("unlimited", "update", "1", "--days-week", "1,1", "--maximum-cost", "-0.5", "--cos", "-1", "--currency", "pounds",
                "-o", "json").exits(0);
        List<String> warnings = new java.util.ArrayList<>();
        run.json().path("warnings").forEach(w -> warnings.add(w.asText()));
        assertEquals(4, warnings.size(), run.out());
        assertTrue(warnings.contains("cos: is negative: -1; the vendor's documentation states no such rule, so it is sent and the server decides"),
                warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("currency: \"pounds\" is not in the usual form (Usually three capital letters")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("days_week: names a day twice")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("maximum_cost: is neither -1 (no limit) nor 0 or more: -0.5")), warnings.toString());
        assertTrue(run.err().contains("warning: currency: \"pounds\""), run.err());
        assertEquals("pounds", read(1).path("currency").asText(), "sent, and the emulator took it");
        assertEquals("1,1", read(1).path("days_week").asText());
    }

    /**
     * Enswitch's form carries the account's id and the login beside the fields: a field of such a name
     * replaced them (the audit's --set id=7 renamed account 7 and reported account 5). Refused, whatever
     * way it comes, even with --allow-unknown-fields; the same id as the command's is dropped.
     */
    @Test
    void noFieldTakesTheIdOrTheLoginOfTheRequest() throws Exception {
        assertRefusedBeforeSending(billctl.run("unlimited", "update", "5", "--name", "Hijacked", "--set", "id=7", "--allow-unknown-fields"),
                "--set id: names account 7, but the update is for account 5 (an update cannot move to another account: it is named by its ID alone)");
        assertRefusedBeforeSending(billctl.run("unlimited", "update", "5", "--name", "x", "--set", "auth_username=evil", "--allow-unknown-fields"),
                "--set auth_username: auth_username is a parameter of Enswitch's request itself (the profile's login), not a field of the account; it cannot be set");
        assertRefusedBeforeSending(billctl.runWithStdin("{\"name\":\"x\",\"auth_password\":\"guess\"}", "unlimited", "update", "5", "-f", "-",
                "--allow-unknown-fields"), "auth_password is a parameter of Enswitch's request itself");
        assertRefusedBeforeSending(billctl.run("unlimited", "update", "5", "--name", "x", "--set", "validation=1", "--allow-unknown-fields"),
                "validation is a parameter of Enswitch's request itself");
        java.nio.file.Path batch = home.resolve("moved.jsonl");
        java.nio.file.Files.writeString(batch, "{\"id\":1,\"name\":\"A\"}\n{\"id\":2,\"name\":\"B\"}\n");
        Run moved = billctl.run("unlimited", "update", "--batch", batch.toString(), "--set", "id=7", "--allow-unknown-fields").exits(2);
        assertTrue(moved.err().contains("names account 7, but the update is for account 1"), moved.err());
        assertRefusedBeforeSending(billctl.run("unlimited", "update", "5", "--set", "id=5"), "nothing to update: the account's own id is no change");
        assertEquals(List.of(), sandbox.requests(), "nothing sent");
        assertEquals("Unlimited 7", read(7).path("name").asText());

        billctl.run("unlimited", "update", "5", "--name", "Same", "--set", "id=5", "--allow-unknown-fields").exits(0);
        List<EmulatorRequest> requests = sandbox.requests();
        assertEquals("id=5", java.util.Arrays.stream(requests.get(requests.size() - 1).bodyText().split("&")).filter(p -> p.startsWith("id="))
                .reduce((a, b) -> a + "&" + b).orElse(""), "the id once, the command's");
        assertEquals("Same", read(5).path("name").asText());
    }

    /** A dry run said nothing of them: an operator who previewed was warned only by the real run. */
    @Test
    void aDryRunGivesTheSameWarningsAsTheRun() throws Exception {
        Run dry = billctl.run("unlimited", "update", "1", "--currency", "pounds", "--cos", "-1", "--dry-run", "-o", "json").exits(0);
        List<String> warnings = new java.util.ArrayList<>();
        dry.json().path("warnings").forEach(w -> warnings.add(w.asText()));
        assertEquals(2, warnings.size(), dry.out());
        assertTrue(dry.json().path("dry_run").asBoolean(), dry.out());
        assertTrue(dry.err().contains("warning: currency: \"pounds\" is not in the usual form"), dry.err());
        Run table = billctl.run("unlimited", "update", "1", "--cos", "-1", "--dry-run").exits(0);
        assertTrue(table.err().contains("warning: cos: is negative: -1"), table.err());
        java.nio.file.Path batch = home.resolve("currencies.csv");
        java.nio.file.Files.writeString(batch, "id,currency\n1,GBP\n2,pounds\n");
        Run lines = billctl.run("unlimited", "update", "--batch", batch.toString(), "--dry-run").exits(0);
        assertTrue(lines.err().contains("warning: line 3: currency: \"pounds\" is not in the usual form"), lines.err());
        assertFalse(lines.err().contains("line 2:"), lines.err());
        assertEquals(List.of(), sandbox.requests(), "nothing sent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedBeforeAnythingIsSent(List<String> flags, String expected) {
        List<String> args = new java.util.ArrayList<>(List.of("unlimited", "update", "1"));
        args.addAll(flags);
        assertRefusedBeforeSending(billctl.run(args.toArray(String[]::new)), expected);
    }

    @Test
    void theEmulatorTakesGetOrPostWithEitherSeparator() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = sandbox.url("/enswitch/api/json/unlimited/update/");
        HttpResponse<String> viaGet = http.send(HttpRequest.newBuilder(URI.create(base
                + "?auth_username=sandbox;auth_password=" + EnswitchEmulator.PASSWORD + ";id=123;name=example")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("204", Json.parse(viaGet.body()).at("/responses/0/code").asText());
        HttpResponse<String> viaPost = http.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("auth_username=sandbox;auth_password=" + EnswitchEmulator.PASSWORD + ";id=123;endhour=24")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode refused = Json.parse(viaPost.body()).at("/responses/0");
        assertEquals("400", refused.path("code").asText());
        assertEquals("endhour", refused.path("key").asText());
        assertEquals("example", read(123).path("name").asText());
        sandbox.server().clearRequests(); // the GET above put the password in a URL on purpose
    }

    private JsonNode read(long id) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.url("/enswitch/api/json/unlimited/get/")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("auth_username=sandbox&auth_password=" + EnswitchEmulator.PASSWORD + "&id=" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.parse(response.body()).path("data");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
