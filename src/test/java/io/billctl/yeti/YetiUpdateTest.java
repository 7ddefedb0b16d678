package io.billctl.yeti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.YetiEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.AgainstSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code admin-accounts update} end to end against the Yeti-Switch emulator. */
class YetiUpdateTest extends AgainstSandbox {
    static YetiEmulator yeti;
    @TempDir Path home;
    Billctl billctl;
    private final java.util.List<Run> runs = new java.util.ArrayList<>();

    @BeforeAll
    static void findEmulator() {
        yeti = sandbox.emulator(YetiEmulator.class);
    }

    @BeforeEach
    void profile() {
        yeti.tokenLifetime(Duration.ofSeconds(600));
        billctl = new Billctl(home).env("YETI_PASSWORD", YetiEmulator.PASSWORD).secret(YetiEmulator.PASSWORD).config("""
                default_profile = "yeti"
                [profiles.yeti]
                backend = "yeti"
                url = "%s"
                username = "sandbox"
                password_env = "YETI_PASSWORD"
                """.formatted(sandbox.url("/yeti")));
    }

    /** No JWT the server issued may appear in anything billctl printed. */
    @AfterEach
    void jwtNeverPrinted() {
        for (EmulatorRequest request : sandbox.requests()) {
            String jwt = request.header("Authorization");
            if (jwt == null) continue;
            for (Run run : runs) {
                assertFalse(run.out().contains(jwt) || run.err().contains(jwt), "a JWT leaked");
            }
        }
    }

    private Run run(String... args) {
        Run run = billctl.run(args);
        runs.add(run);
        return run;
    }

    private List<EmulatorRequest> puts() {
        return sandbox.requests().stream().filter(r -> r.method().equals("PUT")).toList();
    }

    private List<EmulatorRequest> logins() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/admin/auth")).toList();
    }

    @Test
    void theVendorsAcceptanceExampleAnswersTheWholeResource() {
        Run run = run("admin-accounts", "update", "24", "--name", "name", "--max-balance", "20", "--invoice-period-id", "3", "-o", "json").exits(0);
        JsonNode resource = run.json().at("/vendor/data");
        assertEquals("24", run.json().at("/result/id").asText(), "the normalised result: the resource's id and attributes");
        assertEquals(resource.path("attributes"), run.json().at("/result/attributes"));
        assertEquals("24", resource.path("id").asText());
        assertEquals("name", resource.at("/attributes/name").asText());
        assertEquals("20.0", resource.at("/attributes/max-balance").asText());
        assertEquals(3, resource.at("/attributes/invoice-period-id").asInt());
        assertEquals("0.3444", resource.at("/attributes/destination-rate-limit").asText());
        assertEquals("5", resource.at("/relationships/contractor/data/id").asText());
        assertEquals("", run.err());
        Run table = run("admin-accounts", "update", "24", "--vat", "20").exits(0);
        assertTrue(table.out().contains("max-balance                    20.0"), table.out());
        assertTrue(table.out().contains("contractor                     5"), table.out());
    }

    @Test
    void sendsAJsonApiDocumentWithTheJwt() throws Exception {
        run("admin-accounts", "update", "7", "--name", "Carrier 7", "--uuid", "724cd70a-39c4-11f1-8c50-82ad38f4dd55", "--external-id", "100077",
                "--min-balance", "-100.50", "--max-balance", "1000", "--balance-low-threshold", "10", "--balance-high-threshold", "900.5",
                "--send-balance-notifications-to", "1,2", "--destination-rate-limit", "0.25", "--max-call-duration", "7200", "--vat", "23.1",
                "--origination-capacity", "10", "--termination-capacity", "20", "--total-capacity", "30", "--send-invoices-to", "3",
                "--timezone", "Europe/Berlin", "--invoice-period-id", "2", "--contractor", "4", "--invoice-template", "1").exits(0);
        assertEquals(1, logins().size());
        assertEquals(Json.parse("{\"auth\":{\"username\":\"sandbox\",\"password\":\"" + YetiEmulator.PASSWORD + "\"}}"), Json.parse(logins().get(0).bodyText()));
        EmulatorRequest put = puts().get(0);
        assertEquals("/yeti/api/rest/admin/accounts/7", put.path());
        assertEquals("application/vnd.api+json", put.header("Content-Type"));
        assertEquals("application/vnd.api+json", put.header("Accept"));
        assertEquals(3, put.header("Authorization").split("\\.").length, "the bare JWT");
        assertEquals(Json.parse("""
                {"data":{"type":"accounts","id":"7","attributes":{"name":"Carrier 7","uuid":"724cd70a-39c4-11f1-8c50-82ad38f4dd55",
                "external-id":100077,"min-balance":"-100.5","max-balance":"1000.0","balance-low-threshold":"10.0","balance-high-threshold":"900.5",
                "send-balance-notifications-to":[1,2],"destination-rate-limit":"0.25","max-call-duration":7200,"vat":"23.1",
                "origination-capacity":10,"termination-capacity":20,"total-capacity":30,"send-invoices-to":[3],
                "timezone":"Europe/Berlin","invoice-period-id":2},
                "relationships":{"contractor":{"data":{"type":"contractors","id":"4"}},"invoice-template":{"data":{"type":"invoice-templates","id":"1"}}}}}"""),
                Json.parse(put.bodyText()));
    }

    /** What Rails casts is taken and sent in the form yeti-web keeps: a name of 123 is "123", an external id of 40000.0 is 40000. */
    @Test
    void valuesRailsCastsAreTaken() throws Exception {
        billctl.runWithStdin("{\"name\":123,\"external-id\":40000.0}", "-p", "yeti", "admin-accounts", "update", "9", "-f", "-").exits(0);
        JsonNode attributes = Json.parse(puts().get(0).bodyText()).at("/data/attributes");
        assertEquals(Json.parse("{\"name\":\"123\",\"external-id\":40000}"), attributes);
    }

    @Test
    void unsetClearsARelationshipAndNullableAttributes() throws Exception {
        run("admin-accounts", "update", "8", "--unset", "invoice-template", "--unset", "total-capacity").exits(0);
        assertEquals(Json.parse("{\"data\":{\"type\":\"accounts\",\"id\":\"8\",\"attributes\":{\"total-capacity\":null},"
                + "\"relationships\":{\"invoice-template\":{\"data\":null}}}}"), Json.parse(puts().get(0).bodyText()));
    }

    @Test
    void fileTakesTheWholeDocumentOrBareAttributes() throws Exception {
        Path document = home.resolve("doc.json");
        Files.writeString(document, "{\"data\":{\"type\":\"accounts\",\"id\":\"9\",\"attributes\":{\"name\":\"Doc\",\"max-balance\":\"50.0\"},"
                + "\"relationships\":{\"contractor\":{\"data\":{\"type\":\"contractors\",\"id\":\"2\"}}}}}");
        run("admin-accounts", "update", "9", "-f", document.toString(), "--vat", "5").exits(0);
        JsonNode sent = Json.parse(puts().get(0).bodyText()).path("data");
        assertEquals("Doc", sent.at("/attributes/name").asText());
        assertEquals("50.0", sent.at("/attributes/max-balance").asText());
        assertEquals("2", sent.at("/relationships/contractor/data/id").asText());
        Path bare = home.resolve("bare.json");
        Files.writeString(bare, "{\"name\":\"Bare\",\"timezone\":\"UTC\"}");
        run("admin-accounts", "update", "9", "-f", bare.toString()).exits(0);
        assertEquals("Bare", Json.parse(puts().get(1).bodyText()).at("/data/attributes/name").asText());
        Files.writeString(document, "{\"data\":{\"type\":\"accounts\",\"id\":\"10\",\"attributes\":{\"name\":\"x\"}}}");
        run("admin-accounts", "update", "9", "-f", document.toString()).exits(2).oneErrorLine();
        Files.writeString(document, "{\"data\":{\"type\":\"contractors\",\"attributes\":{\"name\":\"x\"}}}");
        run("admin-accounts", "update", "9", "-f", document.toString()).exits(2).oneErrorLine();
    }

    @Test
    void theJwtIsCachedInAnOwnerOnlyFileAndReused() throws Exception {
        run("admin-accounts", "update", "1", "--vat", "1").exits(0);
        run("admin-accounts", "update", "1", "--vat", "2").exits(0);
        assertEquals(1, logins().size(), "the second call reused the token");
        assertEquals(2, puts().size());
        try (Stream<Path> files = Files.list(home.resolve("cache/billctl/sessions"))) {
            Path file = files.findFirst().orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        }
    }

    @Test
    void aRejectedTokenIsRenewedWithoutTheUserNoticing() {
        run("admin-accounts", "update", "1", "--vat", "1").exits(0);
        yeti.revokeTokens();
        Run run = run("admin-accounts", "update", "1", "--vat", "2").exits(0);
        assertEquals("", run.err());
        assertEquals(2, logins().size());
        assertEquals(3, puts().size(), "first call, the rejected PUT, its retry");
    }

    @Test
    void aTokenNearItsExpiryIsRenewedBeforeUse() {
        yeti.tokenLifetime(Duration.ofSeconds(5));
        run("admin-accounts", "update", "1", "--vat", "1").exits(0);
        run("admin-accounts", "update", "1", "--vat", "2").exits(0);
        assertEquals(2, logins().size(), "a token with 5 s left is not used");
        assertEquals(2, puts().size(), "and so no request was rejected");
    }

    @Test
    void aServerThatRejectsEvenFreshTokensExits3NamingTheIpsAndTheClock() {
        yeti.tokenLifetime(Duration.ZERO); // every token it issues has expired already, as with a clock gone wrong
        Run run = run("admin-accounts", "update", "1", "--vat", "1").exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("the server rejected a fresh token: the admin user's allowed IPs or the server's clock"), run.err());
        assertFalse(run.err().contains("admin rights"), run.err());
        assertEquals(2, puts().size(), "one retry, not a loop");
        assertEquals(2, logins().size());
    }

    @Test
    void aTokenWithoutExpiryIsKeptUntilTheServerRejectsIt() {
        yeti.tokenLifetime(null); // token_lifetime empty: no exp, a permanent token
        run("admin-accounts", "update", "1", "--vat", "1").exits(0);
        run("admin-accounts", "update", "1", "--vat", "2").exits(0);
        assertEquals(1, logins().size());
    }

    @Test
    void wrongPasswordExits3QuotingTheServer() {
        billctl.env("YETI_PASSWORD", "wrong-yeti-pw").secret("wrong-yeti-pw");
        Run run = run("admin-accounts", "update", "1", "--vat", "1").exits(3).oneErrorLine();
        assertEquals("error: Yeti-Switch refused the login of profile 'yeti' (user 'sandbox'): \"Incorrect login or password.\"", run.errorLine());
        assertTrue(puts().isEmpty());
    }

    @Test
    void anAddressOutsideTheAllowedIpsIsNotCalledAPasswordProblem() {
        yeti.ipAllowed(false);
        Run run = run("admin-accounts", "update", "1", "--vat", "1").exits(3).oneErrorLine();
        assertEquals("error: Yeti-Switch refused the login of profile 'yeti' (user 'sandbox'): \"Your IP address is not allowed.\"", run.errorLine());
        assertFalse(run.err().contains("password"), run.err());
    }

    @Test
    void aWrongBaseUrlIsNotAMissingAccount() {
        billctl.config("""
                [profiles.yeti]
                backend = "yeti"
                url = "%s"
                username = "sandbox"
                password_env = "YETI_PASSWORD"
                """.formatted(sandbox.url("/yeti/admin")));
        Run run = run("-p", "yeti", "admin-accounts", "update", "1", "--vat", "1").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("was not found (Yeti-Switch answered HTTP 404): check the URL of profile 'yeti'"), run.err());
        assertFalse(run.err().contains("does not exist"), run.err());
    }

    @Test
    void unknownAccountExits4() {
        Run run = run("admin-accounts", "update", "99999", "--vat", "1").exits(4).oneErrorLine();
        assertEquals("error: account 99999 does not exist (Yeti-Switch: The record identified by 99999 could not be found.)", run.errorLine());
    }

    @Test
    void serverValidationNamesTheAttributeFromItsPointer() {
        Run run = run("admin-accounts", "update", "25", "--name", "Account 24", "-o", "json").exits(1);
        assertEquals("has already been taken", run.json().at("/error/fields/name").asText());
        assertEquals("100", run.json().at("/error/vendor_code").asText());
        assertEquals("error: Yeti-Switch refused the update of account 25: name: has already been taken", run.errorLine());
        Run across = run("admin-accounts", "update", "25", "--min-balance", "30", "-o", "json").exits(1);
        assertEquals("must be greater than or equal to 30.0", across.json().at("/error/fields/max-balance").asText());
    }

    @Test
    void anAttributeTheServerDoesNotAllowIsCode105NamedWithoutAPointer() {
        Run run = run("admin-accounts", "update", "1", "--set", "rateplan=3", "--allow-unknown-fields", "-o", "json").exits(1);
        assertEquals("rateplan is not allowed.", run.json().at("/error/fields/rateplan").asText());
        assertEquals(1, run.json().at("/error/fields").size(), "the parameter, not the code: " + run.out());
        assertEquals("105", run.json().at("/error/vendor_code").asText());
        assertEquals("error: Yeti-Switch refused the update of account 1: rateplan is not allowed (code 105 \"Param not allowed\")", run.errorLine());
        assertTrue(sandbox.requests().stream().noneMatch(r -> r.bodyText().contains("source")), "the request carried no pointer either");
    }

    @Test
    void unsupportedMediaTypeExits5WithAHint() {
        run("admin-accounts", "update", "1", "--vat", "1").exits(0); // the token is cached, so the fault meets the PUT
        sandbox.faults("error=1x,status=415");
        Run run = run("admin-accounts", "update", "1", "--vat", "1").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("application/vnd.api+json"), run.err());
    }

    @Test
    void traceAndDryRunMaskTheToken() {
        Run traced = run("admin-accounts", "update", "1", "--vat", "1", "-v").exits(0);
        assertTrue(traced.err().contains("> Authorization: ****"), traced.err());
        assertTrue(traced.err().contains("\"password\":\"****\""), traced.err());
        assertTrue(traced.err().contains("\"jwt\":\"****\""), traced.err());
        Run dry = run("admin-accounts", "update", "1", "--vat", "1", "--dry-run").exits(0);
        assertTrue(dry.out().contains("Authorization: ****"), dry.out());
    }

    static List<Object[]> refusals() {
        return List.of(
                new Object[] {List.of("--vat", "101"), "--vat: must be between 0 and 100, got 101"},
                new Object[] {List.of("--vat", "-1"), "must be between 0 and 100"},
                new Object[] {List.of("--set", "balance=5"), "the balance is read-only"},
                new Object[] {List.of("--set", "currency=EUR"), "set when the account is created"},
                new Object[] {List.of("--min-balance", "10", "--max-balance", "5"), "--max-balance: must be at least min-balance (10), got 5"},
                new Object[] {List.of("--balance-low-threshold", "5", "--balance-high-threshold", "5"), "must be below balance-high-threshold"},
                new Object[] {List.of("--origination-capacity", "0"), "must be between 1 and 32767"},
                new Object[] {List.of("--total-capacity", "32768"), "must be between 1 and 32767"},
                new Object[] {List.of("--max-call-duration", "0"), "must be between 1 and 2147483647, got 0"},
                new Object[] {List.of("--uuid", "not-a-uuid"), "\"not-a-uuid\" does not match the rule: A UUID"},
                new Object[] {List.of("--max-balance", "lots"), "expected a decimal number"},
                new Object[] {List.of("--destination-rate-limit", "-0.01"), "--destination-rate-limit: must be at least 0, got -0.01"},
                new Object[] {List.of("--invoice-period-id", "8"), "--invoice-period-id: must be between 1 and 7, got 8"},
                new Object[] {List.of("--invoice-period-id", "0"), "must be between 1 and 7, got 0"},
                new Object[] {List.of("--external-id", "9223372036854775808"), "must be between -9223372036854775808 and 9223372036854775807"},
                new Object[] {List.of("--name", " "), "--name: cannot be blank"},
                new Object[] {List.of("--timezone", ""), "--timezone: cannot be blank"},
                new Object[] {List.of("--set", "external-id=four"), "--set external-id: expected an integer, got \"four\""},
                new Object[] {List.of("--unset", "contractor"), "cannot be null"},
                new Object[] {List.of("--unset", "timezone"), "cannot be null"});
    }

    /** --expect uuid=AAAA… said "changed since: uuid is aaaa…": the expectation was not put in the form the server keeps. */
    @Test
    void anExpectationIsComparedInTheFormTheServerKeeps() {
        run("admin-accounts", "update", "7", "--uuid", "724cd70a-39c4-11f1-8c50-82ad38f4dd55").exits(0);
        run("admin-accounts", "update", "7", "--name", "Held", "--expect", "uuid=724CD70A-39C4-11F1-8C50-82AD38F4DD55").exits(0);
        Run changed = run("admin-accounts", "update", "7", "--name", "Not", "--expect", "uuid=00000000-39C4-11F1-8C50-82AD38F4DD55").exits(1);
        assertTrue(changed.err().contains("changed since: uuid is 724cd70a-39c4-11f1-8c50-82ad38f4dd55, expected 00000000-39c4-11f1-8c50-82ad38f4dd55"),
                changed.err());
    }

    /** attributes that are not an object said "nothing to update", as if the document were empty. */
    @Test
    void aJsonApiDocumentOfTheWrongShapeIsNamed() {
        assertRefusedBeforeSending(billctl.runWithStdin("{\"data\":{\"type\":\"accounts\",\"attributes\":\"x\"}}", "admin-accounts", "update", "24", "-f", "-"),
                "the JSON:API document's attributes must be an object");
        assertRefusedBeforeSending(billctl.runWithStdin("{\"data\":{\"type\":\"accounts\",\"attributes\":{\"name\":\"x\"},\"relationships\":[]}}",
                "admin-accounts", "update", "24", "-f", "-"), "the JSON:API document's relationships must be an object");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedBeforeAnythingIsSent(List<String> flags, String expected) {
        List<String> args = new java.util.ArrayList<>(List.of("admin-accounts", "update", "24"));
        args.addAll(flags);
        assertRefusedBeforeSending(run(args.toArray(String[]::new)), expected);
    }
}
