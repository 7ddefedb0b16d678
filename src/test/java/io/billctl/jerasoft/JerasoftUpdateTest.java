package io.billctl.jerasoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.AgainstSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code clients-accounts update} end to end: billctl sending real HTTP to the JeraSoft emulator. */
class JerasoftUpdateTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("VCS_KEY", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY).config("""
                default_profile = "vcs"
                [profiles.vcs]
                backend = "jerasoft"
                url = "%s"
                api_key_env = "VCS_KEY"
                """.formatted(sandbox.url("/jerasoft/api")));
    }

    private EmulatorRequest onlyRequest() {
        List<EmulatorRequest> requests = sandbox.requests();
        assertEquals(1, requests.size(), () -> "requests: " + requests);
        return requests.get(0);
    }

    private JsonNode sentBody() {
        try {
            return Json.parse(onlyRequest().bodyText());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsEveryFieldInItsWireForm() throws Exception {
        billctl.run("clients-accounts", "update", "7",
                "--name", "Acme Ltd", "--auth-type", "ani", "--ani", "442071234567", "--notes", "rack 4",
                "--orig-tags", "vip,eu", "--orig-tags", "night", "--term-tags", "t1",
                "--tech-prefix", "007", "--accname", "acme", "--password", "s3cret-sip", "--orig-enabled",
                "--orig-capacity", "30", "--orig-rate-tables-ids", "11,12", "--orig-routing-plan-id", "5",
                "--no-term-enabled", "--term-capacity", "0", "--term-rate-tables-ids", "21",
                "--term-protocol", "SIP", "--term-port", "5060", "--term-proxy-mode", "7",
                "--ips", "192.0.2.1,192.0.2.2", "--equipment-ids", "3").exits(0);
        EmulatorRequest request = onlyRequest();
        assertEquals("PATCH", request.method());
        assertEquals("/jerasoft/api/clients/accounts/7", request.path());
        assertEquals(JerasoftEmulator.API_KEY, request.header("X-Api-Key"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals(Json.parse("""
                {"name":"Acme Ltd","auth_type":"ani","ani":"442071234567","notes":"rack 4",
                 "orig_tags":["vip","eu","night"],"term_tags":["t1"],"tech_prefix":"007","accname":"acme",
                 "password":"s3cret-sip","orig_enabled":true,"orig_capacity":30,"orig_rate_tables_ids":[11,12],
                 "orig_routing_plan_id":5,"term_enabled":false,"term_capacity":0,"term_rate_tables_ids":[21],
                 "term_protocol":"SIP","term_port":"5060","term_proxy_mode":7,"ips":["192.0.2.1","192.0.2.2"],
                 "equipment_ids":[3]}"""), sentBody());
        // The types, not just the values: a JSON boolean, integers, arrays.
        JsonNode body = sentBody();
        assertTrue(body.get("orig_enabled").isBoolean());
        assertTrue(body.get("orig_capacity").isIntegralNumber());
        assertTrue(body.get("tech_prefix").isTextual());
        assertTrue(body.get("orig_rate_tables_ids").get(0).isIntegralNumber());
    }

    @Test
    void successPrintsATableOrOneJsonDocument() throws Exception {
        Run table = billctl.run("clients-accounts", "update", "1", "--name", "Acme Ltd").exits(0);
        assertEquals("FIELD          VALUE\nid             1\nname           Acme Ltd\naffected_rows  1\n", table.out());
        assertEquals("", table.err());
        Run json = billctl.run("clients-accounts", "update", "1", "--name", "Acme 2", "-o", "json").exits(0);
        // The schema README documents: ids are strings, in a single update's document as in each batch line.
        assertEquals(Json.parse("{\"ok\":true,\"backend\":\"jerasoft\",\"id\":\"1\",\"updated\":{\"name\":\"Acme 2\"},\"result\":{\"affected_rows\":1},\"vendor\":1,\"attempts\":1}"), json.json());
    }

    @Test
    void theAccountsSipPasswordIsMaskedInOutputButSent() {
        billctl.secret("hunter2-sip");
        Run run = billctl.run("clients-accounts", "update", "1", "--password", "hunter2-sip", "-o", "json").exits(0);
        assertEquals("****", run.json().at("/updated/password").asText());
        assertEquals("hunter2-sip", sentBody().get("password").asText());
        billctl.run("clients-accounts", "update", "1", "--password", "hunter2-sip").exits(0);
    }

    @Test
    void globalOptionsWorkOnEitherSideOfTheSubcommand() {
        billctl.config("[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\napi_key_env = \"VCS_KEY\"\n");
        assertTrue(billctl.run("-p", "vcs", "-o", "json", "clients-accounts", "update", "1", "--name", "A").exits(0).json().path("ok").asBoolean());
        assertTrue(billctl.run("clients-accounts", "update", "1", "--name", "B", "-p", "vcs", "-o", "json").exits(0).json().path("ok").asBoolean());
        assertTrue(billctl.run("clients-accounts", "-p", "vcs", "update", "1", "--output=json", "--name", "C").exits(0).json().path("ok").asBoolean());
    }

    @Test
    void profileComesFromTheEnvironmentWhenNotGiven() {
        billctl.config("[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\napi_key_env = \"VCS_KEY\"\n");
        billctl.run("clients-accounts", "update", "1", "--name", "A").exits(2).oneErrorLine();
        billctl.env("BILLCTL_PROFILE", "vcs").run("clients-accounts", "update", "1", "--name", "A").exits(0);
    }

    @Test
    void fileFieldsMergeWithFlagsAndFlagsWin() throws Exception {
        Path file = home.resolve("account.json");
        Files.writeString(file, "{\"name\":\"From file\",\"notes\":\"n\",\"orig_capacity\":10,\"id\":3}");
        billctl.run("clients-accounts", "update", "3", "-f", file.toString(), "--name", "From flag", "--set", "tech_prefix=777").exits(0);
        assertEquals(Json.parse("{\"name\":\"From flag\",\"notes\":\"n\",\"orig_capacity\":10,\"tech_prefix\":\"777\"}"), sentBody());
    }

    @Test
    void fileComesFromStdinWithDash() throws Exception {
        billctl.runWithStdin("{\"orig_tags\":[\"a\"],\"orig_enabled\":false}", "clients-accounts", "update", "4", "-f", "-").exits(0);
        assertEquals(Json.parse("{\"orig_tags\":[\"a\"],\"orig_enabled\":false}"), sentBody());
    }

    @Test
    void setIsTypedByTheCatalogAndJsonForListsAndUnknownFields() throws Exception {
        billctl.run("clients-accounts", "update", "5", "--set", "tech_prefix=777", "--set", "orig_capacity=12",
                "--set", "orig_tags=[\"x\",\"y\"]", "--set", "term_enabled=true", "--set", "equipment_ids=4,5").exits(0);
        assertEquals(Json.parse("{\"tech_prefix\":\"777\",\"orig_capacity\":12,\"orig_tags\":[\"x\",\"y\"],\"term_enabled\":true,\"equipment_ids\":[4,5]}"), sentBody());
    }

    @Test
    void unsetSendsNull() throws Exception {
        billctl.run("clients-accounts", "update", "6", "--unset", "notes", "--unset", "orig_capacity").exits(0);
        assertEquals(Json.parse("{\"notes\":null,\"orig_capacity\":null}"), sentBody());
    }

    @Test
    void unknownFieldsGoOutOnlyWhenAllowedAndTheServerHasTheLastWord() throws Exception {
        Run refused = billctl.run("clients-accounts", "update", "1", "--set", "payment_terms_id=4").exits(2).oneErrorLine();
        assertTrue(refused.errorLine().contains("--allow-unknown-fields"), refused.err());
        assertTrue(sandbox.requests().isEmpty());
        Run sent = billctl.run("clients-accounts", "update", "1", "--set", "payment_terms_id=4", "--allow-unknown-fields", "-o", "json").exits(1);
        assertEquals(Json.parse("{\"payment_terms_id\":4}"), sentBody());
        assertEquals("Unknown parameter", sent.json().at("/error/fields/payment_terms_id").asText());
    }

    @Test
    void dryRunPrintsTheExactRequestMaskedAndSendsNothing() {
        Run run = billctl.run("clients-accounts", "update", "9", "--name", "Dry", "--password", "pw-in-dry-run", "--dry-run").exits(0);
        billctl.secret("pw-in-dry-run");
        assertTrue(sandbox.requests().isEmpty(), "dry run sent a request");
        assertEquals("PATCH " + sandbox.url("/jerasoft/api") + "/clients/accounts/9\n"
                + "Accept: application/json\nX-Api-Key: ****\nContent-Type: application/json\n\n"
                + "{\"name\":\"Dry\",\"password\":\"****\"}\n", run.out());
        Run json = billctl.run("clients-accounts", "update", "9", "--name", "Dry", "--dry-run", "-o", "json").exits(0);
        assertEquals("****", json.json().at("/request/headers/X-Api-Key").asText());
        assertEquals("Dry", json.json().at("/request/body/name").asText());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void dryRunNeedsNoWorkingSecret() {
        billctl.env("VCS_KEY", null);
        billctl.run("clients-accounts", "update", "9", "--name", "Dry", "--dry-run").exits(0);
        billctl.run("clients-accounts", "update", "9", "--name", "Wet").exits(2).oneErrorLine();
    }

    @Test
    void verboseTracesTheExchangeWithSecretsMasked() {
        Run run = billctl.run("clients-accounts", "update", "2", "--name", "Traced", "--password", "trace-pw", "-v").exits(0);
        billctl.secret("trace-pw");
        assertTrue(run.err().contains("> PATCH " + sandbox.url("/jerasoft/api") + "/clients/accounts/2"), run.err());
        assertTrue(run.err().contains("> X-Api-Key: ****"), run.err());
        assertTrue(run.err().contains("\"password\":\"****\""), run.err());
        assertTrue(run.err().contains("< 200"), run.err());
        assertFalse(run.err().contains("trace-pw"));
    }

    // --- every error class and its exit code ---

    @Test
    void unknownAccountExits4() {
        Run run = billctl.run("clients-accounts", "update", "999999", "--name", "Ghost", "-o", "json").exits(4).oneErrorLine();
        assertTrue(run.errorLine().contains("account 999999 does not exist"), run.err());
        assertEquals("not_found", run.json().at("/error/code").asText());
        assertEquals("not_found", run.json().at("/error/vendor_code").asText());
    }

    @Test
    void wrongApiKeyExits3() {
        billctl.env("VCS_KEY", "not-the-key").secret("not-the-key");
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "X").exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("refused the API key of profile 'vcs'"), run.err());
    }

    @Test
    void vendorValidationErrorExits1WithPerFieldMessages() {
        // The account authenticates by IP; emptying its list is caught by the server when billctl cannot read the account.
        sandbox.faults("error=1x,status=503");
        Run run = billctl.run("clients-accounts", "update", "1", "--ips", "", "--retries", "0", "-o", "json").exits(1);
        assertEquals("rejected", run.json().at("/error/code").asText());
        assertEquals("Required when auth_type is ip", run.json().at("/error/fields/ips").asText());
        assertTrue(run.err().contains("ips: Required when auth_type is ip"), run.err());
    }

    @Test
    void logicErrorExits1() {
        sandbox.faults("error=1x,status=422");
        billctl.run("clients-accounts", "update", "1", "--name", "X").exits(1).oneErrorLine();
    }

    @Test
    void serverErrorsAreRetriedThenExit5() {
        sandbox.faults("error=10x,status=503");
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "X", "--retries", "2").exits(5).oneErrorLine();
        assertEquals(3, sandbox.requests().size());
        assertTrue(run.errorLine().contains("HTTP 503 after 3 attempts"), run.err());
    }

    @Test
    void aPassingFaultIsRetriedAway() {
        sandbox.faults("error=1x,drop=0");
        billctl.run("clients-accounts", "update", "1", "--name", "Retried", "-o", "json").exits(0);
        assertEquals(2, sandbox.requests().size());
    }

    @Test
    void droppedConnectionsAreRetriedThenExit5() {
        sandbox.faults("drop=1");
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "X", "--retries", "1").exits(5).oneErrorLine();
        assertEquals(2, sandbox.requests().size());
        assertTrue(run.errorLine().contains("after 2 attempts"), run.err());
    }

    @Test
    void throttlingHonoursRetryAfter() {
        sandbox.faults("throttle=1x,retry-after=1");
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Patient", "-v").exits(0);
        assertEquals(2, sandbox.requests().size());
        // The first backoff is at most 250 ms; the wait shown is the server's 1 s.
        assertTrue(run.err().contains("! attempt 1 of 3 failed: HTTP 429, Retry-After 1 s; retrying in 1000 ms"), run.err());
    }

    @Test
    void noAnswerWithinTheTimeoutExits5() {
        sandbox.faults("latency=2500");
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Slow", "--timeout", "1", "--retries", "0").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("no answer from 127.0.0.1"), run.err());
    }

    @Test
    void nobodyListeningExits5() {
        billctl.config("[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"http://127.0.0.1:9/api\"\napi_key_env = \"VCS_KEY\"\n");
        Run run = billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "X", "--retries", "0").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("cannot connect to 127.0.0.1:9"), run.err());
    }

    // --- refused before sending: exit 2, one line, nothing on the wire ---

    /**
     * The page says of ips only "Identification: IP address(es)", under a name NOTES.md lists as unverified:
     * no form is stated, so a value that is not an address or a subnet (a port, a host name) is sent with a
     * warning, and an account holding one goes back through get -o json | update -f -.
     */
    @Test
    void anIpsValueThatIsNotAnAddressIsSentWithAWarning() throws Exception {
        Run run = billctl.run("clients-accounts", "update", "3", "--ips", "192.0.2.1:5060,sip.example.com", "-o", "json").exits(0);
        assertEquals(Json.parse("{\"ips\":[\"192.0.2.1:5060\",\"sip.example.com\"]}"), sentBody());
        assertEquals("ips: \"192.0.2.1:5060\" (and 1 more) is not an IPv4 or IPv6 address (or a subnet such as 192.0.2.0/24); the vendor's"
                + " documentation states no such rule, so it is sent and the server decides", run.json().at("/warnings/0").asText(), run.out());
        assertTrue(run.err().contains("warning: ips: \"192.0.2.1:5060\""), run.err());
        sandbox.server().clearRequests();
        Run get = billctl.run("clients-accounts", "get", "3", "-o", "json").exits(0);
        billctl.runWithStdin(get.out(), "clients-accounts", "update", "3", "-f", "-").exits(0);
        assertEquals("192.0.2.1:5060", sandbox.server().emulator("jerasoft").account(3).at("/ips/0").asText());
        // Addresses and subnets go without a word.
        sandbox.server().clearRequests();
        Run plain = billctl.run("clients-accounts", "update", "3", "--ips", "192.0.2.1,2001:db8::/32").exits(0);
        assertFalse(plain.err().contains("warning"), plain.err());
    }

    static List<Object[]> refusals() {
        String longName = "x".repeat(65);
        return List.of(
                new Object[] {"65-character name", List.of("clients-accounts", "update", "1", "--name", longName), "--name: must be at most 64 characters, got 65"},
                new Object[] {"auth type sip", List.of("clients-accounts", "update", "1", "--auth-type", "sip"), "must be one of name, ip, ani"},
                new Object[] {"proxy mode 9", List.of("clients-accounts", "update", "1", "--term-proxy-mode", "9"), "must be between 0 and 7, got 9"},
                new Object[] {"negative capacity", List.of("clients-accounts", "update", "1", "--orig-capacity", "-1"), "must be between 0 and 2147483647"},
                new Object[] {"capacity not a number", List.of("clients-accounts", "update", "1", "--term-capacity", "ten"), "expected an integer"},
                new Object[] {"client id 0", List.of("clients-accounts", "update", "1", "--clients-id", "0"), "--clients-id: must be at least 1"},
                new Object[] {"no field", List.of("clients-accounts", "update", "1"), "nothing to update"},
                new Object[] {"bad id", List.of("clients-accounts", "update", "abc", "--name", "x"), "positive integer"},
                new Object[] {"unknown flag", List.of("clients-accounts", "update", "1", "--tech-prefx", "7"), "did you mean --tech-prefix?"},
                new Object[] {"unknown profile", List.of("-p", "prod", "clients-accounts", "update", "1", "--name", "x"), "no profile named 'prod'"},
                new Object[] {"output xml", List.of("clients-accounts", "update", "1", "--name", "x", "-o", "xml"), "expected one of [table, json, jsonl, csv]"},
                new Object[] {"null for a non-nullable field", List.of("clients-accounts", "update", "1", "--unset", "name"), "name: cannot be null"},
                new Object[] {"field given twice", List.of("clients-accounts", "update", "1", "--name", "a", "--set", "name=b"), "given twice"},
                new Object[] {"ip auth emptying its IPs", List.of("clients-accounts", "update", "1", "--auth-type", "ip", "--ips", ""),
                        "ips: is required when auth_type is ip, and this update empties it"},
                new Object[] {"an IP that is not text", List.of("clients-accounts", "update", "1", "--set", "ips=[1]"),
                        "ips[0] (--set ips): expected a string, got 1"},
                new Object[] {"misspelt --expect", List.of("clients-accounts", "update", "3", "--expect", "nme=z", "--name", "z"),
                        "--expect nme: not a field this command knows (did you mean name?)"},
                new Object[] {"set without equals", List.of("clients-accounts", "update", "1", "--set", "name"), "--set takes NAME=VALUE"},
                new Object[] {"bad JSON list in --set", List.of("clients-accounts", "update", "1", "--set", "orig_tags=[1,"), "--set orig_tags: not valid JSON"},
                new Object[] {"wrong element type", List.of("clients-accounts", "update", "1", "--set", "orig_tags=[1]"), "orig_tags[0]"},
                new Object[] {"zero timeout", List.of("clients-accounts", "update", "1", "--name", "x", "--timeout", "0"), "'--timeout': must be a positive"},
                new Object[] {"missing file", List.of("clients-accounts", "update", "1", "-f", "/nonexistent.json"), "no such file"},
                new Object[] {"stray argument", List.of("clients-accounts", "update", "1", "--name", "x", "extra"), "unexpected argument 'extra'"},
                new Object[] {"misspelt command", List.of("clients-acounts", "update", "1", "--name", "x"), "unknown command 'clients-acounts' (did you mean clients-accounts?)"},
                new Object[] {"absurd number", List.of("clients-accounts", "update", "1", "--orig-capacity", "1" + "0".repeat(400)), "--orig-capacity: 100000000000…00000000 is too large or too small: billctl takes numbers of at most 40 significant digits"},
                new Object[] {"config is a directory", List.of("--config", "/tmp", "clients-accounts", "update", "1", "--name", "x"), "is a directory"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedBeforeAnythingIsSent(String why, List<String> args, String expected) {
        assertRefusedBeforeSending(billctl.run(args.toArray(String[]::new)), expected);
    }

    static List<Object[]> badFiles() {
        return List.of(
                new Object[] {"{\"name\": ", "is not valid JSON"},
                new Object[] {"[{\"name\":\"x\"}]", "must hold a JSON object of fields, not an array"},
                new Object[] {"\"name\"", "must hold a JSON object of fields"},
                new Object[] {"{\"tech_prefx\":\"7\"}", "\"tech_prefx\" in FILE: not a field this command knows (did you mean tech_prefix?)"},
                new Object[] {"{\"orig_enabled\":\"yes\"}", "expected true or false"},
                new Object[] {"{\"orig_capacity\":\"30\"}", "expected an integer, got the string \"30\""},
                new Object[] {"{\"orig_capacity\":\"x\",\"term_capacity\":\"y\",\"term_port\":[1]}",
                        "expected an integer, got the string \"x\" (and 2 more problems: term_capacity, term_port)"},
                new Object[] {"{\"name\":\"x\",\"id\":2}", "is for id 2, but the command names 1"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFilesAreRefusedBeforeAnythingIsSent(String content, String expected) throws Exception {
        Path file = home.resolve("bad.json");
        Files.writeString(file, content);
        Run run = billctl.run("clients-accounts", "update", "1", "-f", file.toString(), "-o", "json").exits(2).oneErrorLine();
        String wanted = expected.replace("FILE", file.toString());
        assertTrue(run.errorLine().contains(wanted), () -> "expected '" + wanted + "' in: " + run.err());
        assertEquals(false, run.json().path("ok").asBoolean(true));
        assertEquals("usage", run.json().at("/error/code").asText());
        assertTrue(sandbox.requests().isEmpty());
    }

    /** A type refused from a flag, --set or --expect names its field in -o json's fields, as one from -f does. */
    @Test
    void aFlagsTypeErrorNamesItsFieldInTheJsonError() {
        for (List<String> args : List.of(List.of("--term-capacity", "ten"), List.of("--set", "term_capacity=ten"),
                List.of("--name", "x", "--expect", "term_capacity=ten"))) {
            List<String> all = new java.util.ArrayList<>(List.of("clients-accounts", "update", "1", "-o", "json"));
            all.addAll(args);
            Run run = billctl.run(all.toArray(String[]::new)).exits(2).oneErrorLine();
            assertEquals("expected an integer, got \"ten\"", run.json().at("/error/fields/term_capacity").asText(), args + ": " + run.out());
            assertTrue(sandbox.requests().isEmpty(), args.toString());
        }
    }

    @Test
    void aProfileOfAnotherBackendIsRefused() {
        billctl.config("[profiles.pbx]\nbackend = \"enswitch\"\nurl = \"http://127.0.0.1:9\"\nusername = \"u\"\npassword_env = \"X\"\n");
        Run run = billctl.run("-p", "pbx", "clients-accounts", "update", "1", "--name", "x").exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("profile 'pbx' is for Enswitch, but 'clients-accounts update' talks to JeraSoft VCS"), run.err());
    }

    @Test
    void stackTracesOnlyWhenAsked() {
        Run plain = billctl.run("clients-accounts", "update", "999999", "--name", "x").exits(4).oneErrorLine();
        assertFalse(plain.err().contains("\tat "));
        Run traced = billctl.run("clients-accounts", "update", "999999", "--name", "x", "--stacktrace").exits(4);
        assertTrue(traced.err().contains("\tat io.billctl."), traced.err());
    }
}
