package io.billctl.portabilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, sessions as real servers treat them, against the emulator: every rejection code renews
 * once, one login for a whole batch, expires_in read, the form style of older releases, a base URL
 * that already ends in /rest, and a permission fault that fails one record.
 */
class PortabillingSessionsTest extends AgainstSandbox {
    static PortabillingEmulator porta;
    @TempDir Path home;
    Billctl billctl;

    @BeforeAll
    static void findEmulator() {
        porta = sandbox.emulator(PortabillingEmulator.class);
    }

    @BeforeEach
    void profiles() {
        billctl = new Billctl(home).env("PB", PortabillingEmulator.PASSWORD).secret(PortabillingEmulator.PASSWORD).config(config(""));
    }

    @AfterEach
    void back() {
        porta.sessionLifetime(Duration.ofHours(24));
    }

    private String config(String more) {
        return """
                default_profile = "pb"
                [profiles.pb]
                backend = "portabilling"
                url = "%1$s"
                username = "sandbox"
                password_env = "PB"
                %2$s
                [profiles.old]
                backend = "portabilling"
                url = "%1$s"
                username = "sandbox"
                password_env = "PB"
                api_style = "form"
                """.formatted(sandbox.url("/portabilling"), more);
    }

    private long requestsTo(String pathEnd) {
        return sandbox.requests().stream().filter(r -> r.path().endsWith(pathEnd)).count();
    }

    private List<Path> sessionFiles() throws Exception {
        Path dir = home.resolve("cache/billctl/sessions");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    private Path records(int count) throws Exception {
        Path file = home.resolve("records.jsonl");
        Files.writeString(file, IntStream.rangeClosed(1, count).mapToObj(i -> "{\"i_account\":" + ((i - 1) % 100 + 1) + ",\"firstname\":\"R" + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    private static JsonNode summary(Run run) {
        List<String> lines = run.out().lines().toList();
        try {
            return Json.parse(lines.get(lines.size() - 1)).path("summary");
        } catch (Exception e) {
            throw new AssertionError(run.out(), e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth_failed", "failed_to_process_access_token", "failed_to_process_jwt", "envelope_missed"})
    void everyRejectionCodeForgetsTheTokenLogsInOnceAndSendsAgain(String code) throws Exception {
        billctl.run("account", "update", "1", "--firstname", "One").exits(0);
        porta.expireSessions();
        sandbox.faults("token-fault=" + code);
        Run renewed = billctl.run("account", "update", "1", "--firstname", "Two", "-v").exits(0);
        assertTrue(renewed.err().contains("check_auth." + code + "\""), "the server rejected it with " + code + ": " + renewed.err());
        assertFalse(renewed.err().lines().anyMatch(l -> l.startsWith("error:") || l.startsWith("warning:")), renewed.err());
        assertEquals(2, requestsTo("/Session/login"));
        assertEquals(3, requestsTo("/update_account"), "the first call, the rejected try and its retry");
        assertEquals("Two", porta.account(1).path("firstname").asText());
        // The renewed token went to the cache: the next call needs no login.
        billctl.run("account", "update", "1", "--firstname", "Three").exits(0);
        assertEquals(2, requestsTo("/Session/login"));
    }

    /** Done means: a batch where the emulator starts rejecting tokens halfway completes with exactly one extra login. */
    @Test
    void aBatchWhoseTokensAreRejectedHalfwayLogsInExactlyOnceMore() throws Exception {
        sandbox.faults("token-fault=failed_to_process_access_token,token-reset=100");
        Run run = billctl.run("account", "update", "--batch", records(200).toString(), "--parallel", "8", "-o", "json").exits(0);
        JsonNode summary = summary(run);
        assertEquals(200, summary.path("done").asInt(), summary.toString());
        assertEquals(0, summary.path("failed").asInt());
        assertEquals(2, requestsTo("/Session/login"), "the first login, and exactly one more for every worker");
        assertEquals(200, sandbox.server().applied().get("/portabilling/rest/Account/update_account"));
        long rejected = requestsTo("/update_account") - 200;
        assertTrue(rejected >= 1 && rejected <= 8, "the requests in flight at the reset were rejected and sent again: " + rejected);
    }

    /** A second rejection right after a fresh login is exit 3 with the fault's own text; a batch stops at it. */
    @Test
    void rejectedAgainRightAfterAFreshLoginIsExit3() throws Exception {
        sandbox.faults("token-reset=always,token-fault=failed_to_process_jwt");
        Run run = billctl.run("account", "update", "1", "--firstname", "x").exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("rejected the session of profile 'pb' again right after a fresh login"
                + " (Client.Session.check_auth.failed_to_process_jwt): Session is expired or invalid"), run.err());
        assertEquals(2, requestsTo("/Session/login"));
        assertEquals(2, requestsTo("/update_account"));

        sandbox.server().clearRequests();
        Run batch = billctl.run("account", "update", "--batch", records(200).toString(), "--parallel", "4").exits(3);
        assertTrue(batch.err().contains("again right after a fresh login"), batch.err());
        assertTrue(requestsTo("/update_account") < 40, "the run stopped: " + requestsTo("/update_account"));
    }

    @Test
    void expiresInIsRead() throws Exception {
        sandbox.faults("login-expiry=expires_in");
        billctl.run("account", "update", "2", "--firstname", "x").exits(0);
        List<Path> files = sessionFiles();
        assertEquals(1, files.size());
        JsonNode saved = Json.parse(Files.readString(files.get(0)));
        long expires = saved.path("expires_at").asLong();
        long expected = Instant.now().plus(Duration.ofHours(24)).getEpochSecond();
        assertTrue(Math.abs(expires - expected) < 120, "expires_in 86400 read as " + Instant.ofEpochSecond(expires));

        // A token about to lapse is not sent: with a 5 s lifetime, each call logs in and none is rejected.
        porta.sessionLifetime(Duration.ofSeconds(5));
        for (Path file : files) Files.delete(file);
        sandbox.server().clearRequests();
        billctl.run("account", "update", "2", "--firstname", "y").exits(0);
        billctl.run("account", "update", "2", "--firstname", "z").exits(0);
        assertEquals(2, requestsTo("/Session/login"));
        assertEquals(2, requestsTo("/update_account"), "no rejected try");
    }

    @Test
    void aLoginWithNeitherLifetimeIsKeptUntilTheServerRejectsIt() throws Exception {
        sandbox.faults("login-expiry=none");
        billctl.run("account", "update", "2", "--firstname", "x").exits(0);
        assertFalse(Files.readString(sessionFiles().get(0)).contains("expires_at"));
        billctl.run("account", "update", "2", "--firstname", "y").exits(0);
        assertEquals(1, requestsTo("/Session/login"));
        porta.expireSessions();
        billctl.run("account", "update", "2", "--firstname", "z").exits(0);
        assertEquals(2, requestsTo("/Session/login"));
    }

    private static Map<String, String> form(EmulatorRequest request) {
        return Stream.of(request.bodyText().split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    /** Done means: a form-style profile updates an account on the emulator. */
    @Test
    void aFormStyleProfileLogsInBySessionIdAndUpdates() throws Exception {
        billctl.run("-p", "old", "account", "update", "3", "--firstname", "Form", "--credit-limit", "12.5").exits(0);
        EmulatorRequest login = sandbox.requests().stream().filter(r -> r.path().endsWith("/Session/login")).findFirst().orElseThrow();
        assertTrue(login.header("Content-Type").startsWith("application/x-www-form-urlencoded"), login.header("Content-Type"));
        assertEquals(Json.parse("{\"login\":\"sandbox\",\"password\":\"" + PortabillingEmulator.PASSWORD + "\"}"), Json.parse(form(login).get("params")));
        EmulatorRequest update = sandbox.requests().stream().filter(r -> r.path().endsWith("/update_account")).findFirst().orElseThrow();
        assertEquals(null, update.header("Authorization"));
        Map<String, String> fields = form(update);
        assertTrue(Json.parse(fields.get("auth_info")).path("session_id").isTextual(), fields.toString());
        assertEquals(Json.parse("{\"account_info\":{\"i_account\":3,\"firstname\":\"Form\",\"credit_limit\":12.5}}"), Json.parse(fields.get("params")));
        assertEquals("Form", porta.account(3).path("firstname").asText());

        // Reads go the same way, and an ended session is renewed in the same style.
        porta.expireSessions();
        Run get = billctl.run("-p", "old", "account", "get", "3", "-o", "json").exits(0);
        assertEquals("Form", get.json().at("/account/firstname").asText());
        assertEquals(2, requestsTo("/Session/login"));
        Run list = billctl.run("-p", "old", "account", "list", "--customer", "1", "-o", "jsonl").exits(0);
        assertEquals(10, list.out().lines().count());
        Run test = billctl.run("profile", "test", "old").exits(0);
        assertTrue((test.out() + test.err()).contains("logged in (password, form style with a session_id)"), test.out() + test.err());
    }

    /** The form style writes a password JSON-escaped, then URL-encoded: a -v trace masks that form too. */
    @Test
    void aFormStyleTraceMasksAPasswordInEveryForm() {
        String tricky = "pa\"ss\\w0rd";
        String inForm = java.net.URLEncoder.encode("pa\\\"ss\\\\w0rd", StandardCharsets.UTF_8);
        Run run = billctl.env("PB", tricky).secret(tricky).run("-p", "old", "account", "update", "3", "--firstname", "x", "-v").exits(3);
        assertTrue(run.err().contains("> POST"), run.err());
        assertFalse(run.err().contains(inForm), "the password as the form carries it: " + run.err());
        assertFalse(run.err().contains("ss%5C%5Cw0rd"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/portabilling/rest", "/portabilling/rest/", "/portabilling/"})
    void aBaseUrlWithOrWithoutRestWorks(String base) {
        billctl.config(config("").replaceFirst("url = \"[^\"]*\"", "url = \"" + sandbox.url(base) + "\""));
        billctl.run("account", "update", "4", "--firstname", "Rest").exits(0);
        billctl.run("account", "get", "4").exits(0);
        assertTrue(sandbox.requests().stream().allMatch(r -> r.path().startsWith("/portabilling/rest/") && !r.path().contains("/rest/rest")),
                sandbox.requests().toString());
        assertEquals("Rest", porta.account(4).path("firstname").asText());
    }

    @Test
    void apiStyleIsAProfileSettingOfPortaBillingProfiles() throws Exception {
        Billctl fresh = new Billctl(home.resolve("fresh")).env("PB", PortabillingEmulator.PASSWORD);
        fresh.run("profile", "add", "legacy", "--backend", "portabilling", "--url", sandbox.url("/portabilling"), "--username", "sandbox",
                "--password-env", "PB", "--api-style", "form").exits(0);
        assertTrue(Files.readString(fresh.configFile()).contains("api_style = \"form\""), Files.readString(fresh.configFile()));
        Run shown = fresh.run("profile", "show", "legacy", "-o", "json").exits(0);
        assertEquals("form", shown.json().path("api_style").asText(), shown.out());
        fresh.run("-p", "legacy", "account", "update", "5", "--firstname", "Legacy").exits(0);
        assertEquals("Legacy", porta.account(5).path("firstname").asText());
        fresh.run("profile", "add", "plain", "--backend", "portabilling", "--url", sandbox.url("/portabilling"), "--username", "sandbox",
                "--password-env", "PB").exits(0);
        assertEquals("json (default)", fresh.run("profile", "show", "plain", "-o", "json").exits(0).json().path("api_style").asText());

        Run other = fresh.run("profile", "add", "vcs", "--backend", "jerasoft", "--url", "https://vcs.example.com/api", "--api-key-env", "K",
                "--api-style", "form").exits(2).oneErrorLine();
        assertTrue(other.errorLine().contains("--api-style is not a setting of JeraSoft"), other.err());
        Run bad = fresh.run("profile", "add", "soap", "--backend", "portabilling", "--url", sandbox.url("/portabilling"), "--username", "sandbox",
                "--password-env", "PB", "--api-style", "soap").exits(2).oneErrorLine();
        assertTrue(bad.errorLine().contains("--api-style must be json or form, got 'soap'"), bad.err());

        billctl.config(config("api_style = \"soap\""));
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("account", "update", "5", "--firstname", "x"), "profile 'pb' has api_style = \"soap\"");
    }

    /** A permission the login lacks for one account fails that record; the batch goes on. */
    @Test
    void aPermissionFaultFailsTheRecordNotTheBatch() throws Exception {
        sandbox.faults("deny=7");
        Run single = billctl.run("account", "update", "7", "--firstname", "x").exits(3).oneErrorLine();
        assertTrue(single.errorLine().contains("does not let this login make the update of account 7 (Server.Account.permission_denied)"), single.err());
        Run batch = billctl.run("account", "update", "--batch", records(20).toString(), "--parallel", "4", "-o", "json").exits(1);
        JsonNode summary = summary(batch);
        assertEquals(19, summary.path("done").asInt(), batch.out());
        assertEquals(1, summary.path("failed").asInt(), batch.out());
        assertTrue(batch.out().lines().anyMatch(l -> l.contains("\"exit_code\":3") && l.contains("\"id\":\"7\"")), batch.out());
        assertEquals("R20", porta.account(20).path("firstname").asText());
    }

    /** The same when the account is read first (a journal's before-images): the read's permission fault is that account's too. */
    @Test
    void aPermissionFaultOnTheReadFirstFailsTheRecordNotTheBatch() throws Exception {
        sandbox.faults("deny=7");
        Run batch = billctl.run("account", "update", "--batch", records(20).toString(), "--parallel", "4", "-o", "json",
                "--journal", home.resolve("run.journal").toString()).exits(1);
        JsonNode summary = summary(batch);
        assertEquals(19, summary.path("done").asInt(), batch.out());
        assertEquals(1, summary.path("failed").asInt(), batch.out());
        assertTrue(batch.out().lines().anyMatch(l -> l.contains("\"exit_code\":3") && l.contains("\"id\":\"7\"")), batch.out());
        assertEquals("R20", porta.account(20).path("firstname").asText());
    }
}
