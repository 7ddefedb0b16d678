package io.billctl.enswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.EnswitchEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Enswitch as its servers behave (issue 19): a base URL with or without /api/json, a profile test
 * that says which role it proved, and an emulator whose every answer carries {@code responses} and
 * whose rules are its own.
 */
class EnswitchServerTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void setUp() {
        billctl = new Billctl(home).env("PBX_PASSWORD", EnswitchEmulator.PASSWORD).secret(EnswitchEmulator.PASSWORD);
    }

    private void profile(String url, String user) {
        billctl.config("""
                default_profile = "pbx"
                [profiles.pbx]
                backend = "enswitch"
                url = "%s"
                username = "%s"
                password_env = "PBX_PASSWORD"
                """.formatted(url, user));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/api/json", "/api/json/"})
    void aBaseUrlWithOrWithoutApiJsonWorks(String suffix) {
        profile(sandbox.url("/enswitch") + suffix, EnswitchEmulator.USERNAME);
        billctl.run("unlimited", "update", "3", "--name", "Base " + suffix).exits(0);
        assertEquals("Base " + suffix, billctl.run("unlimited", "get", "3", "-o", "json").exits(0).json().at("/account/name").asText());
        assertEquals(2, billctl.run("unlimited", "list", "--limit", "2", "-o", "jsonl").exits(0).out().lines().count());
        billctl.run("profile", "test").exits(0);
        assertEquals(List.of("/enswitch/api/json/unlimited/update/", "/enswitch/api/json/unlimited/get/", "/enswitch/api/json/unlimited/list/",
                "/enswitch/api/json/unlimited/get/"), sandbox.requests().stream().map(EmulatorRequest::path).toList());
        Run dry = billctl.run("unlimited", "update", "3", "--name", "x", "--dry-run").exits(0);
        assertTrue(dry.out().startsWith("POST " + sandbox.url("/enswitch/api/json/unlimited/update/") + "\n"), dry.out());
    }

    @Test
    void profileTestSaysItProvedAReadRoleAndThatUpdateNeedsCommerce() {
        profile(sandbox.url("/enswitch"), EnswitchEmulator.VIEWER);
        Run test = billctl.run("profile", "test", "-o", "json").exits(0);
        assertEquals("the username and password were accepted, and the user's role may read (unlimited/get); update needs the commerce role "
                + "privilege, which only an update shows (402 without it)", test.json().at("/results/0/message").asText());
        // The same login, on update: the 402 the test could not foresee, said plainly.
        Run update = billctl.run("unlimited", "update", "1", "--name", "x").exits(3).oneErrorLine();
        assertTrue(update.errorLine().contains("user 'sandbox-viewer' lacks the commerce role privilege needed to update"), update.err());
    }

    @Test
    void aWrongBaseUrlLeadsNowhereRatherThanToAMissingAccount() {
        String wrong = sandbox.url("/enswitch/wrong");
        profile(wrong, EnswitchEmulator.USERNAME);
        Run update = billctl.run("unlimited", "update", "7", "--name", "x").exits(5).oneErrorLine();
        assertEquals("error: the endpoint POST " + wrong + "/api/json/unlimited/update/ was not found (Enswitch answered HTTP 404): "
                + "check the URL of profile 'pbx' (" + wrong + ")", update.errorLine());
        Run get = billctl.run("unlimited", "get", "7").exits(5).oneErrorLine();
        assertTrue(get.errorLine().contains("/api/json/unlimited/get/ was not found (Enswitch answered HTTP 404): check the URL of profile 'pbx'"),
                get.err());
        assertFalse((update.err() + get.err()).contains("does not exist"));
    }

    @Test
    void aWrongBaseUrlStopsABatchAtItsFirstRecord() throws Exception {
        profile(sandbox.url("/enswitch/wrong"), EnswitchEmulator.USERNAME);
        Path records = home.resolve("records.jsonl");
        java.nio.file.Files.writeString(records, java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(id -> "{\"id\":" + id + ",\"name\":\"n\"}\n")
                .collect(java.util.stream.Collectors.joining()));
        Run run = billctl.run("unlimited", "update", "--batch", records.toString(), "-o", "json").exits(5);
        assertEquals(1, sandbox.requests().size(), "the first record alone: every other would meet the same 404");
        List<String> lines = run.out().lines().toList();
        JsonNode summary = Json.parse(lines.get(lines.size() - 1)).path("summary");
        assertEquals(1, summary.path("failed").asInt(), run.out());
        assertEquals(29, summary.path("not_started").asInt(), run.out());
        assertTrue(Json.parse(lines.get(0)).at("/error/message").asText().contains("was not found (Enswitch answered HTTP 404)"), run.out());
        assertFalse(run.err().contains("does not exist"), run.err());
    }

    // --- the emulator, talked to directly ------------------------------------------------------------

    @Test
    void aPathThatIsNoFunctionGetsTheWebServersPageNotAnApiAnswer() throws Exception {
        for (String path : List.of("/enswitch/api/json/unlimited/nothing/", "/enswitch/wrong/api/json/unlimited/update/", "/enswitch/")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("auth_username=nobody&auth_password=wrong&id=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(response.body().contains("<title>404 Not Found</title>"), response.body());
            assertFalse(response.body().contains("responses"), "no API answer where there is no API function: " + response.body());
        }
    }

    private static JsonNode post(String function, String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.url("/enswitch/api/json/" + function)))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.parse(response.body());
    }

    private static String as(String user) {
        return "auth_username=" + user + "&auth_password=" + EnswitchEmulator.PASSWORD;
    }

    @Test
    void everyAnswerOfTheEmulatorCarriesResponses() throws Exception {
        String ok = as(EnswitchEmulator.USERNAME);
        List<JsonNode> answers = List.of(
                post("unlimited/update/", ok + "&id=1&name=x"),
                post("unlimited/update/", ok + "&id=1&name=x&validation=1"),
                post("unlimited/update/", ok + "&id=1&endhour=24"),
                post("unlimited/update/", ok + "&id=999999&name=x"),
                post("unlimited/update/", ok),
                post("unlimited/update/", as(EnswitchEmulator.VIEWER) + "&id=1&name=x"),
                post("unlimited/update/", "auth_username=sandbox&auth_password=wrong&id=1"),
                post("unlimited/get/", ok + "&id=1"),
                post("unlimited/get/", ok + "&id=999999"),
                post("unlimited/get/", ok),
                post("unlimited/list/", ok));
        for (JsonNode answer : answers) {
            JsonNode responses = answer.path("responses");
            assertTrue(responses.isArray() && !responses.isEmpty(), "no responses in " + answer);
            for (JsonNode each : responses) {
                assertTrue(each.path("code").isTextual() && each.has("key") && each.has("message"), "a response as the vendor writes it: " + answer);
            }
        }
        assertEquals("200", answers.get(7).at("/responses/0/code").asText());
        assertEquals("x", answers.get(7).at("/data/name").asText(), "the first call updated it");
        assertEquals("The unlimited access account does not exist, or you do not have permission to view it.",
                answers.get(8).at("/responses/0/message").asText());
        sandbox.faults("error=1x,status=500");
        assertEquals("500", post("unlimited/get/", ok + "&id=1").at("/responses/0/code").asText());
        sandbox.faults("throttle=1x");
        assertEquals("429", post("unlimited/get/", ok + "&id=1").at("/responses/0/code").asText());
    }

    @Test
    void theEmulatorsOwnRulesAreThePages() throws Exception {
        String ok = as(EnswitchEmulator.USERNAME) + "&id=2";
        JsonNode refused = post("unlimited/update/", ok + "&endhour=24&startminute=60&locked=2&days_week=1,8&maximum_seconds=ten&voicemail=1");
        List<String> keys = new java.util.ArrayList<>();
        refused.path("responses").forEach(each -> {
            assertEquals("400", each.path("code").asText());
            keys.add(each.path("key").asText());
        });
        assertEquals(List.of("endhour", "startminute", "locked", "days_week", "maximum_seconds", "voicemail"), keys);
        assertEquals("Unlimited 2", post("unlimited/get/", ok).at("/data/name").asText(), "nothing applied");
        // What the page does not state is taken: a currency in lower case, a day twice, a limit below -1, a negative COS.
        JsonNode unstated = post("unlimited/update/", ok + "&currency=gbp&days_week=1,1&maximum_cost=-0.5&cos=-1");
        assertEquals("204", unstated.at("/responses/0/code").asText(), unstated.toString());
        JsonNode accepted = post("unlimited/update/", ok + "&maximum_cost=-1&maximum_connectfee=0.05&minimum_percentage=-2.5&days_week=1,2,3&cos=0&callerid_internal=");
        assertEquals("204", accepted.at("/responses/0/code").asText());
        JsonNode data = post("unlimited/get/", ok).path("data");
        assertEquals(0, data.path("maximum_cost").decimalValue().compareTo(new java.math.BigDecimal("-1")));
        assertEquals("1,2,3", data.path("days_week").asText());
        assertFalse(data.path("cos").isTextual());
    }
}
