package io.billctl.portabilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.AgainstSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code account update} end to end against the PortaBilling emulator. */
class PortabillingUpdateTest extends AgainstSandbox {
    static PortabillingEmulator porta;
    @TempDir Path home;
    Billctl billctl;
    private final List<Run> runs = new ArrayList<>();

    @BeforeAll
    static void findEmulator() {
        porta = sandbox.emulator(PortabillingEmulator.class);
    }

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("PB_PASSWORD", PortabillingEmulator.PASSWORD).secret(PortabillingEmulator.PASSWORD)
                .secret(PortabillingEmulator.API_TOKEN).config(profile("password_env = \"PB_PASSWORD\""));
    }

    private String profile(String secretLine) {
        return """
                default_profile = "pb"
                [profiles.pb]
                backend = "portabilling"
                url = "%s"
                username = "sandbox"
                %s
                """.formatted(sandbox.url("/portabilling"), secretLine);
    }

    /** No access token the server issued may appear in anything billctl printed. */
    @AfterEach
    void tokensNeverPrinted() {
        for (EmulatorRequest request : sandbox.requests()) {
            String authorization = request.header("Authorization");
            if (authorization == null) continue;
            String token = authorization.substring("Bearer ".length());
            for (Run run : runs) assertFalse(run.out().contains(token) || run.err().contains(token), "an access token leaked");
        }
    }

    private Run run(String... args) {
        Run run = billctl.run(args);
        runs.add(run);
        return run;
    }

    private List<EmulatorRequest> updates() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/update_account")).toList();
    }

    private List<EmulatorRequest> logins() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/Session/login")).toList();
    }

    private JsonNode sent(int index) {
        try {
            return Json.parse(updates().get(index).bodyText());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theIssuesExampleLogsInUpdatesAndPrintsTheVendorsResult() throws Exception {
        Run run = run("-p", "pb", "account", "update", "55", "--credit-limit", "150.5", "--email", "noc@example.com",
                "--set", "assigned_addons=[{\"i_product\":604,\"addon_effective_from\":\"2022-04-01 00:00:00\"}]", "-o", "json").exits(0);
        assertEquals(Json.parse("{\"i_account\":55}"), run.json().path("result"));
        assertEquals("", run.err());
        assertEquals(Json.parse("{\"params\":{\"login\":\"sandbox\",\"password\":\"" + PortabillingEmulator.PASSWORD + "\"}}"),
                Json.parse(logins().get(0).bodyText()));
        EmulatorRequest update = updates().get(0);
        assertEquals("POST", update.method());
        assertEquals("/portabilling/rest/Account/update_account", update.path());
        assertEquals("application/json", update.header("Content-Type"));
        assertTrue(update.header("Authorization").startsWith("Bearer "));
        assertEquals(Json.parse("""
                {"params":{"account_info":{"i_account":55,"credit_limit":150.5,"email":"noc@example.com",
                "assigned_addons":[{"i_product":604,"addon_effective_from":"2022-04-01 00:00:00"}]}}}"""), sent(0));
        assertTrue(sent(0).at("/params/account_info/i_account").isIntegralNumber());
        assertTrue(sent(0).at("/params/account_info/credit_limit").isNumber(), "numbers stay numbers");
        assertEquals(604, porta.account(55).at("/assigned_addons/0/i_product").asInt());
    }

    @Test
    void scalarFlagsCarryTheirTypes() throws Exception {
        run("account", "update", "3", "--blocked", "Y", "--expiration-date", "2027-01-31", "--firstname", "Ada", "--zip", "10115",
                "--country", "DE", "--login", "ada_l", "--i-product", "604", "--set", "assigned_addons=[]", "--i-lang", "en").exits(0);
        assertEquals(Json.parse("""
                {"params":{"account_info":{"i_account":3,"blocked":"Y","expiration_date":"2027-01-31","firstname":"Ada","zip":"10115",
                "country":"DE","login":"ada_l","i_product":604,"assigned_addons":[],"i_lang":"en"}}}"""), sent(0));
    }

    @Test
    void theSessionIsCachedAndAnExpiredOneRenewedUnnoticed() {
        run("account", "update", "1", "--firstname", "One").exits(0);
        run("account", "update", "1", "--firstname", "Two").exits(0);
        assertEquals(1, logins().size(), "the second call reused the session");
        porta.expireSessions();
        Run renewed = run("account", "update", "1", "--firstname", "Three").exits(0);
        assertEquals("", renewed.err());
        assertEquals(2, logins().size());
        assertEquals(4, updates().size(), "two calls, the rejected try and its retry");
        assertEquals("Three", porta.account(1).path("firstname").asText());
    }

    @Test
    void anApiTokenLogsInInsteadOfAPassword() throws Exception {
        billctl.env("PB_TOKEN", PortabillingEmulator.API_TOKEN).config(profile("api_key_env = \"PB_TOKEN\""));
        run("account", "update", "2", "--firstname", "Token").exits(0);
        assertEquals(Json.parse("{\"params\":{\"login\":\"sandbox\",\"token\":\"" + PortabillingEmulator.API_TOKEN + "\"}}"),
                Json.parse(logins().get(0).bodyText()));
    }

    @Test
    void aWrongPasswordExits3WithTheFaultstring() {
        billctl.env("PB_PASSWORD", "wrong-pb-password").secret("wrong-pb-password");
        Run run = run("account", "update", "1", "--firstname", "x", "-o", "json").exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("Login failed"), run.err());
        assertEquals("Server.Session.auth_failed", run.json().at("/error/vendor_code").asText());
        assertTrue(updates().isEmpty());
    }

    @Test
    void faultsAreClassifiedByFaultcode() {
        Run missing = run("account", "update", "99999", "--firstname", "x", "-o", "json").exits(4).oneErrorLine();
        assertEquals("Server.Account.update_account.not_found", missing.json().at("/error/vendor_code").asText());
        Run duplicate = run("account", "update", "3", "--login", "account2").exits(1).oneErrorLine();
        assertTrue(duplicate.errorLine().contains("Login account2 is already in use"), duplicate.err());
        assertEquals(2, updates().size(), "a validation or not-found fault is an answer: not retried");
        assertTrue(missing.errorLine().contains("account 99999 does not exist"), missing.err());
        assertTrue(missing.errorLine().contains("get_account_info without account_info"), "the account was read to tell: " + missing.err());
        // The disaster-recovery codes and a 500 without a fault are the server's trouble: retried like a 5xx.
        // The emulator's injected 500s take turns: standalone_mode, secondary_site, read_only_mode,
        // pb_delta.connection_failed, a 500 without a body.
        sandbox.faults("error=1x,status=500");
        Run standalone = run("account", "update", "3", "--firstname", "x", "-o", "json").exits(0);
        assertEquals(2, standalone.json().path("attempts").asInt(), standalone.out());
        assertEquals(4, updates().size());
        sandbox.faults("error=10x,status=500");
        Run persistent = run("account", "update", "3", "--firstname", "y", "--retries", "1", "-v").exits(5);
        assertTrue(persistent.err().contains("! attempt 1 of 2 failed: HTTP 500; retrying in"), persistent.err());
        assertTrue(persistent.err().contains("\"faultcode\":\"secondary_site\""), persistent.err());
        String last = persistent.err().lines().filter(l -> l.startsWith("error: ")).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.contains("PortaBilling is read-only for now (disaster recovery, read_only_mode) after 2 attempts"), persistent.err());
        sandbox.faults("error=2x,status=500");
        Run drAndEmpty = run("account", "update", "3", "--firstname", "z", "--retries", "1").exits(5).oneErrorLine();
        assertTrue(drAndEmpty.errorLine().contains("PortaBilling answered HTTP 500 after 2 attempts without a fault: an empty body"), drAndEmpty.err());
    }

    @Test
    void anAnswerWithoutAFaultIsRetriedThenExits5() {
        run("account", "update", "3", "--firstname", "warm").exits(0);
        sandbox.faults("error=5x,status=503");
        Run run = run("account", "update", "3", "--firstname", "x", "--retries", "2").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("HTTP 503 after 3 attempts"), run.err());
    }

    @Test
    void changingTheProductWithoutAddOnsWarnsFirst() {
        Run warned = run("account", "update", "4", "--i-product", "700").exits(0);
        assertTrue(warned.err().startsWith("warning: changing i_product without assigned_addons removes"), warned.err());
        assertEquals(0, porta.account(4).path("assigned_addons").size(), "the server did remove them");
        Run kept = run("account", "update", "5", "--i-product", "700", "--set", "assigned_addons=[{\"i_product\":600}]").exits(0);
        assertEquals("", kept.err());
        Run dry = run("account", "update", "6", "--i-product", "700", "--dry-run").exits(0);
        assertTrue(dry.err().contains("warning: changing i_product"), dry.err());
    }

    @Test
    void fileTakesABareAccountInfoOrTheWholeRequest() throws Exception {
        Path file = home.resolve("info.json");
        Files.writeString(file, "{\"params\":{\"account_info\":{\"i_account\":7,\"firstname\":\"Whole\",\"service_features\":[{\"name\":\"voice_vm\",\"flag_value\":\"Y\"}]}}}");
        run("account", "update", "7", "-f", file.toString()).exits(0);
        assertEquals("Whole", sent(0).at("/params/account_info/firstname").asText());
        assertEquals("voice_vm", sent(0).at("/params/account_info/service_features/0/name").asText());
        Files.writeString(file, "{\"firstname\":\"Bare\",\"aux_fields\":[{\"name\":\"crm\",\"value\":\"42\"}]}");
        run("account", "update", "7", "-f", file.toString()).exits(0);
        assertEquals("Bare", sent(1).at("/params/account_info/firstname").asText());
        Files.writeString(file, "{\"params\":{\"account_info\":{\"i_account\":8,\"firstname\":\"Other\"}}}");
        run("account", "update", "7", "-f", file.toString()).exits(2).oneErrorLine();
    }

    @Test
    void releaseAssignedDidGoesBesideAccountInfo() throws Exception {
        run("account", "update", "9", "--firstname", "x", "--release-assigned-did", "0").exits(0);
        assertEquals(0, sent(0).at("/params/release_assigned_did").asInt());
        assertTrue(sent(0).at("/params/release_assigned_did").isIntegralNumber());
        run("account", "update", "9", "--firstname", "x", "--release-assigned-did", "2").exits(2).oneErrorLine();
    }

    @Test
    void dryRunAndTraceMaskSecrets() {
        Run dry = run("account", "update", "9", "--password", "abc123xyz", "--dry-run").exits(0);
        billctl.secret("abc123xyz");
        assertTrue(dry.out().contains("Authorization: ****"), dry.out());
        assertTrue(dry.out().contains("\"password\":\"****\""), dry.out());
        Run traced = run("account", "update", "9", "--firstname", "y", "-v").exits(0);
        assertTrue(traced.err().contains("\"access_token\":\"****\""), traced.err());
        assertTrue(traced.err().contains("\"session_id\":\"****\""), traced.err());
        assertTrue(traced.err().contains("> Authorization: ****"), traced.err());
    }

    static List<Object[]> refusals() {
        return List.of(
                new Object[] {List.of("--set", "bill_status=C"), "terminate_account"},
                new Object[] {List.of("--set", "billing_model=1"), "cannot be changed after creation"},
                new Object[] {List.of("--set", "i_customer=2"), "cannot be changed after creation"},
                new Object[] {List.of("--set", "control_number=2"), "cannot be changed after creation"},
                new Object[] {List.of("--set", "iso_4217=EUR"), "cannot be changed after creation"},
                new Object[] {List.of("--set", "i_master_account=2"), "system"},
                new Object[] {List.of("--set", "i_account=56"), "names account 56, but the update is for account 55 (an update cannot move to another account"},
                new Object[] {List.of("--blocked", "maybe"), "must be one of Y, N"},
                new Object[] {List.of("--zip", "1"), "--zip: must be at least 2 characters, got 1"},
                new Object[] {List.of("--zip", "10115!"), "does not match"},
                new Object[] {List.of("--login", "abc"), "--login: must be at least 4 characters, got 3"},
                new Object[] {List.of("--login", "ada lovelace"), "does not match"},
                new Object[] {List.of("--password", "abcdef"), "letter and one digit"},
                new Object[] {List.of("--password", "a1"), "at least 6 characters"},
                new Object[] {List.of("--country", "DEU"), "does not match the rule: Two letters"},
                new Object[] {List.of("--expiration-date", "31.01.2027"), "expected a date YYYY-MM-DD"},
                new Object[] {List.of("--credit-limit", "lots"), "expected a decimal number"},
                new Object[] {List.of("--i-product", "x"), "expected an integer"},
                new Object[] {List.of("--set", "assigned_addons=[{\"i_product\":\"604\"}]"), "assigned_addons[0].i_product"},
                new Object[] {List.of("--set", "assigned_addons=[{\"addon_effective_from\":\"2022-04-01\"}]"), "date-time"},
                new Object[] {List.of("--set", "assigned_addons=[{\"colour\":\"red\"}]"), "assigned_addons[0].colour"},
                new Object[] {List.of("--set", "sim_card_info={\"imsi\":12}"), "sim_card_info.imsi"},
                new Object[] {List.of("--set", "service_features={}"), "expected a list"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedBeforeAnythingIsSent(List<String> flags, String expected) {
        List<String> args = new ArrayList<>(List.of("account", "update", "55"));
        args.addAll(flags);
        assertRefusedBeforeSending(run(args.toArray(String[]::new)), expected);
    }
}
