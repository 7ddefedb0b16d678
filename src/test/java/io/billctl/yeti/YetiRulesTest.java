package io.billctl.yeti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.YetiEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's rules against the server's, one contract each: billctl sends what yeti-web accepts
 * (the emulator, with rules of its own, applies it), refuses before sending only what yeti-web
 * certainly refuses, and names the field when yeti-web refuses what only it can judge.
 */
class YetiRulesTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("YETI_PASSWORD", YetiEmulator.PASSWORD).secret(YetiEmulator.PASSWORD).config("""
                default_profile = "yeti"
                [profiles.yeti]
                backend = "yeti"
                url = "%s"
                username = "sandbox"
                password_env = "YETI_PASSWORD"
                """.formatted(sandbox.url("/yeti")));
    }

    private Run update(String id, String... args) {
        List<String> all = new ArrayList<>(List.of("admin-accounts", "update", id));
        all.addAll(List.of(args));
        return billctl.run(all.toArray(String[]::new));
    }

    private Run updateFromFile(String id, String document, String... args) throws Exception {
        Path file = Files.writeString(home.resolve("update.json"), document);
        List<String> all = new ArrayList<>(List.of("admin-accounts", "update", id, "-f", file.toString()));
        all.addAll(List.of(args));
        return billctl.run(all.toArray(String[]::new));
    }

    private List<EmulatorRequest> puts() {
        return sandbox.requests().stream().filter(r -> r.method().equals("PUT")).toList();
    }

    /** What the last PUT carried in {@code data}. */
    private JsonNode sent() throws Exception {
        List<EmulatorRequest> puts = puts();
        return Json.parse(puts.get(puts.size() - 1).bodyText()).path("data");
    }

    /** The account as the emulator now holds it. */
    private JsonNode stored(String id) {
        JsonNode account = sandbox.server().emulator("yeti").account(Long.parseLong(id));
        return account == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : account;
    }

    // --- time zones: the server's list, not Java's ---

    @ParameterizedTest
    @CsvSource({"EST", "ROC", "America/Coyhaique", "Europe/Kyiv", "UTC"})
    void timeZonesOfTheServersListAreSentEvenWhereJavaDoesNotKnowThem(String zone) throws Exception {
        update("24", "--timezone", zone).exits(0);
        assertEquals(zone, sent().at("/attributes/timezone").asText());
        assertEquals(zone, stored("24").path("timezone").asText());
    }

    @Test
    void aTimeZoneOutsideTheServersListIsRefusedBeforeTheUpdateWithTheClosestNames() {
        Run run = update("24", "--timezone", "SystemV/AST4", "-o", "json").exits(2);
        assertTrue(run.errorLine().startsWith("error: timezone: \"SystemV/AST4\" is not a time zone of this Yeti-Switch server (it knows 597); closest: "),
                run.err());
        assertTrue(run.json().at("/error/fields/timezone").asText().contains("closest"), run.out());
        assertTrue(puts().isEmpty(), "the update was not sent");
        Run typo = update("24", "--timezone", "Europe/Berln").exits(2).oneErrorLine();
        assertTrue(typo.errorLine().contains("closest: Europe/Berlin"), typo.err());
        Run lower = update("24", "--timezone", "america/new_york").exits(2).oneErrorLine();
        assertTrue(lower.errorLine().contains("closest: America/New_York"), "the server's check is case-sensitive: " + lower.err());
        assertTrue(puts().isEmpty());
    }

    // --- casts: every form the server takes is taken, and sent in one form ---

    @Test
    void numericStringsAndASingleContactIdAreCastAsTheServerCastsThem() throws Exception {
        updateFromFile("24", "{\"external-id\":\"4\",\"send-invoices-to\":3,\"send-balance-notifications-to\":[\"7\",8],\"max-call-duration\":\"7200\"}")
                .exits(0);
        JsonNode attributes = sent().path("attributes");
        assertEquals("{\"external-id\":4,\"send-invoices-to\":[3],\"send-balance-notifications-to\":[7,8],\"max-call-duration\":7200}",
                Json.write(attributes));
        assertEquals("[3]", Json.write(stored("24").path("send-invoices-to")));
        // the same through a batch record, which has no document around it
        Path batch = Files.writeString(home.resolve("b.jsonl"), "{\"id\":24,\"external-id\":\"4\",\"send-invoices-to\":\"5\"}\n");
        billctl.run("admin-accounts", "update", "--batch", batch.toString()).exits(0);
        assertEquals("{\"external-id\":4,\"send-invoices-to\":[5]}", Json.write(sent().path("attributes")));
    }

    @ParameterizedTest
    @CsvSource({"724CD70A-39C4-11F1-8C50-82AD38F4DD55", "{724cd70a-39c4-11f1-8c50-82ad38f4dd55}", "724cd70a39c411f18c5082ad38f4dd55",
            "724c-d70a-39c4-11f1-8c50-82ad-38f4-dd55"})
    void aUuidInAnyFormTheServerTakesIsSentInItsCanonicalForm(String uuid) throws Exception {
        update("24", "--uuid", uuid).exits(0);
        assertEquals("724cd70a-39c4-11f1-8c50-82ad38f4dd55", sent().at("/attributes/uuid").asText());
        assertEquals("724cd70a-39c4-11f1-8c50-82ad38f4dd55", stored("24").path("uuid").asText());
    }

    @Test
    void decimalsGoOutAsStringsAndKeepEveryDigit() throws Exception {
        update("24", "--max-balance", "12345678901234567890.123456789", "--min-balance", "-100.50", "--vat", "0", "--balance-high-threshold", "1e3")
                .exits(0);
        JsonNode attributes = sent().path("attributes");
        assertEquals("12345678901234567890.123456789", attributes.path("max-balance").textValue());
        assertEquals("-100.5", attributes.path("min-balance").textValue());
        assertEquals("0.0", attributes.path("vat").textValue());
        assertEquals("1000.0", attributes.path("balance-high-threshold").textValue());
        assertEquals(0, stored("24").path("max-balance").decimalValue().compareTo(new java.math.BigDecimal("12345678901234567890.123456789")),
                "every digit arrived: " + stored("24"));
        // a document with numbers, as a script might write it, goes out the same way
        updateFromFile("24", "{\"max-balance\":20,\"destination-rate-limit\":0.25}").exits(0);
        assertEquals("{\"max-balance\":\"20.0\",\"destination-rate-limit\":\"0.25\"}", Json.write(sent().path("attributes")));
    }

    // --- the ranges of EVIDENCE.md, no more ---

    static List<Object[]> acceptedByTheServer() {
        return List.of(
                new Object[] {List.of("--invoice-period-id", "7")},
                new Object[] {List.of("--invoice-template", "0")},
                new Object[] {List.of("--send-invoices-to", "0,-3")},
                new Object[] {List.of("--send-balance-notifications-to", "-1")},
                new Object[] {List.of("--destination-rate-limit", "0")},
                new Object[] {List.of("--origination-capacity", "32767")},
                new Object[] {List.of("--external-id", "-5")},
                new Object[] {List.of("--vat", "100")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedByTheServer")
    void valuesTheServerAcceptsAreSent(List<String> flags) {
        Run run = update("24", flags.toArray(String[]::new)).exits(0);
        assertEquals("", run.err());
        assertEquals(1, puts().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--destination-rate-limit|-1|--destination-rate-limit: must be at least 0, got -1",
            "--invoice-period-id|8|--invoice-period-id: must be between 1 and 7, got 8",
            "--total-capacity|32768|--total-capacity: must be between 1 and 32767, got 32768",
            "--termination-capacity|0|--termination-capacity: must be between 1 and 32767, got 0"})
    void valuesTheServerCertainlyRefusesAreRefusedBeforeSending(String flag, String value, String message) {
        assertRefusedBeforeSending(update("24", flag, value), message);
    }

    /** --allow-unknown-fields lets names through, never a known field's rule. */
    @Test
    void allowingUnknownFieldsDoesNotLiftAKnownFieldsRule() {
        assertRefusedBeforeSending(update("24", "--set", "invoice-period-id=8", "--allow-unknown-fields"), "must be between 1 and 7, got 8");
    }

    // --- rules on the stored account: the server's to judge, its answer named by field ---

    @Test
    void maxBalanceAgainstTheStoredMinBalanceIsTheServersToJudge() {
        Run run = update("24", "--min-balance", "30", "-o", "json").exits(1);
        assertEquals("must be greater than or equal to 30.0", run.json().at("/error/fields/max-balance").asText());
        assertEquals(1, puts().size(), "sent: only the server knows the stored max-balance");
        update("24", "--min-balance", "30", "--max-balance", "40").exits(0);
    }

    @Test
    void thresholdsMergedWithTheStoredOnesAreTheServersToJudge() {
        update("24", "--balance-high-threshold", "10").exits(0);
        Run run = update("24", "--balance-low-threshold", "20", "-o", "json").exits(1);
        assertEquals("must be less than balance high threshold", run.json().at("/error/fields/balance-low-threshold").asText());
        assertEquals("error: Yeti-Switch refused the update of account 24: balance-low-threshold: must be less than balance high threshold",
                run.errorLine());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--name|Account 7|name|has already been taken",
            "--external-id|7|external-id|has already been taken",
            "--contractor|99|contractor|must exist"})
    void uniquenessAndExistenceAreTheServersToJudge(String flag, String value, String field, String message) {
        Run run = update("24", flag, value, "-o", "json").exits(1);
        assertEquals(message, run.json().at("/error/fields/" + field).asText(), run.out());
        assertEquals(1, puts().size());
    }

    @Test
    void aUuidTakenByAnotherAccountInAnotherFormIsTheServersToJudge() {
        String other = java.util.UUID.nameUUIDFromBytes("yeti-account-7".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        Run run = update("24", "--uuid", other.toUpperCase().replace("-", ""), "-o", "json").exits(1);
        assertEquals("has already been taken", run.json().at("/error/fields/uuid").asText());
    }

    // --- relationships pass through ---

    @Test
    void aRelationshipBillctlDoesNotKnowPassesThroughWhole() throws Exception {
        String document = "{\"data\":{\"type\":\"accounts\",\"id\":\"24\",\"attributes\":{\"name\":\"Old server\"},\"relationships\":{"
                + "\"timezone\":{\"data\":{\"type\":\"timezones\",\"id\":\"12\"}},\"contractor\":{\"data\":{\"type\":\"contractors\",\"id\":\"4\"}}}}}";
        Run refused = updateFromFile("24", document).exits(2).oneErrorLine();
        assertTrue(refused.errorLine().contains("relationships.timezone") && refused.errorLine().contains("--allow-unknown-fields"), refused.err());
        assertFalse(refused.errorLine().contains("relationships.timezone (relationships.timezone)"), "named once: " + refused.err());
        assertTrue(puts().isEmpty());
        updateFromFile("24", document, "--allow-unknown-fields").exits(0);
        JsonNode sent = sent();
        assertEquals("{\"data\":{\"type\":\"timezones\",\"id\":\"12\"}}", Json.write(sent.at("/relationships/timezone")), "as it was given: " + sent);
        assertEquals("{\"data\":{\"type\":\"contractors\",\"id\":\"4\"}}", Json.write(sent.at("/relationships/contractor")));
        assertFalse(sent.path("attributes").has("timezone"), "not turned into the attribute");
        assertEquals(4, stored("24").path("contractor").asInt());
    }

    @Test
    void aKnownRelationshipOfAnotherTypeIsRefused() throws Exception {
        Run run = updateFromFile("24", "{\"data\":{\"type\":\"accounts\",\"relationships\":{\"contractor\":{\"data\":{\"type\":\"accounts\",\"id\":\"4\"}}}}}")
                .exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("relationship 'contractor' points at type 'accounts'; it takes contractors"), run.err());
    }

    @Test
    void aGetDocumentGoesBackAsItIs() throws Exception {
        String document = billctl.run("admin-accounts", "get", "24", "-o", "json").exits(0).out();
        billctl.runWithStdin(document, "admin-accounts", "update", "24", "-f", "-").exits(0);
        assertEquals(document, billctl.run("admin-accounts", "get", "24", "-o", "json").exits(0).out());
        assertEquals("UTC", sent().at("/attributes/timezone").asText(), "the time zone too, checked against the server's list");
    }
}
