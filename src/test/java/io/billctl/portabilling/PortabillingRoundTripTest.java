package io.billctl.portabilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, round trips: what a read returns goes back through update (the read-only members inside
 * service_features and assigned_addons left out with one note, nulls and "" accepted), fields can be
 * cleared, -f keeps release_assigned_did, and the PIN has a flag that cannot be taken for the account.
 */
class PortabillingRoundTripTest extends AgainstSandbox {
    static PortabillingEmulator porta;
    @TempDir Path home;
    Billctl billctl;

    @BeforeAll
    static void findEmulator() {
        porta = sandbox.emulator(PortabillingEmulator.class);
    }

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("PB", PortabillingEmulator.PASSWORD).secret(PortabillingEmulator.PASSWORD).config("""
                default_profile = "pb"
                [profiles.pb]
                backend = "portabilling"
                url = "%s"
                username = "sandbox"
                password_env = "PB"
                """.formatted(sandbox.url("/portabilling")));
    }

    private List<EmulatorRequest> updates() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/update_account")).toList();
    }

    private JsonNode sent(int index) {
        try {
            return Json.parse(updates().get(index).bodyText()).path("params");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> warnings(Run run) {
        return run.err().lines().filter(l -> l.startsWith("warning: ")).toList();
    }

    /** A debit account (no credit limit: null), "" for unset text, an add-on and service features with their read-only members. */
    @ParameterizedTest
    @ValueSource(strings = {"10", "55"})
    void getJsonGoesBackThroughUpdateUnchanged(String id) throws Exception {
        Run get = billctl.run("account", "get", id, "-o", "json").exits(0);
        JsonNode account = get.json().path("account");
        assertTrue(account.at("/assigned_addons/0").has("addon_priority"), "the read carries the add-on's read-only members: " + account);
        assertTrue(account.at("/service_features/0").has("effective_flag_value"), account.toString());
        assertEquals("", account.path("baddr1").asText("-"));
        if (id.equals("10")) assertTrue(account.path("credit_limit").isNull(), account.toString());
        JsonNode before = porta.account(Long.parseLong(id)).deepCopy();

        Run update = billctl.runWithStdin(get.out(), "account", "update", id, "-f", "-").exits(0);
        assertEquals(before, porta.account(Long.parseLong(id)), "nothing changed");
        JsonNode info = sent(0).path("account_info");
        assertFalse(info.at("/assigned_addons/0").has("addon_priority"), "left out: " + info);
        assertFalse(info.at("/assigned_addons/0").has("iso_4217"));
        assertFalse(info.at("/assigned_addons/0").has("hidden"));
        assertFalse(info.at("/assigned_addons/0").has("realm"));
        assertFalse(info.at("/assigned_addons/0/product_subscription").has("activation_fee"));
        assertTrue(info.at("/assigned_addons/0").has("i_reseller_subscription"), "a nullable member is sent as it came");
        assertTrue(info.at("/assigned_addons/0/i_reseller_subscription").isNull());
        assertFalse(info.at("/service_features/0").has("effective_flag_value"));
        assertFalse(info.at("/service_features/0/attributes/0").has("effective_values"));
        assertEquals("5" + id, info.at("/service_features/0/attributes/0/values/0").asText());
        assertEquals(id.equals("10"), info.path("credit_limit").isNull());
        assertFalse(update.err().contains("PIN"), "the read's own PIN going back is no news: " + update.err());
        List<String> warnings = warnings(update);
        List<String> notes = warnings.stream().filter(w -> w.contains("left out of the request")).toList();
        assertEquals(1, notes.size(), "one note: " + update.err());
        assertTrue(notes.get(0).contains("assigned_addons[].{addon_priority, ") && notes.get(0).contains("; service_features[].{attributes[].effective_values,"
                + " effective_flag_value}"), notes.get(0));
    }

    /** Done means: a get_account_info answer pasted into -f is accepted. */
    @Test
    void aGetAccountInfoAnswerPastedIntoFIsAccepted() throws Exception {
        ObjectNode answer = Json.object();
        answer.set("account_info", porta.account(55).deepCopy());
        Path pasted = home.resolve("answer.json");
        Files.writeString(pasted, Json.write(answer));
        JsonNode before = porta.account(55).deepCopy();
        billctl.secret("sip55secret").secret("h323" + 55 + "secret");
        Run run = billctl.run("account", "update", "55", "-f", pasted.toString(), "-o", "json").exits(0);
        assertEquals(before, porta.account(55), "sent back as it was read");
        String leftOut = warnings(run).stream().filter(w -> w.contains("get_account_info answer holds")).findFirst().orElseThrow(() -> new AssertionError(run.err()));
        for (String name : List.of("billing_model", "bill_status", "i_customer", "iso_4217", "control_number", "balance")) {
            assertTrue(leftOut.contains(name), leftOut);
            assertFalse(sent(0).path("account_info").has(name), name);
        }
        assertEquals("sip55secret", sent(0).at("/account_info/password").asText(), "the pasted answer's own values go back");
        // Given any other way, a field no update sets is refused as before.
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("account", "update", "55", "--set", "bill_status=C"), "terminate_account");
    }

    @Test
    void fieldsCanBeClearedWithNullAndEmptyText() throws Exception {
        billctl.run("account", "update", "3", "--unset", "credit_limit", "--unset", "expiration_date", "--unset", "life_time",
                "--zip", "", "--set", "email=", "--country", "").exits(0);
        JsonNode info = sent(0).path("account_info");
        assertTrue(info.path("credit_limit").isNull() && info.has("credit_limit"), info.toString());
        assertTrue(info.path("expiration_date").isNull() && info.has("expiration_date"));
        assertTrue(info.path("life_time").isNull() && info.has("life_time"));
        assertEquals("", info.path("zip").asText("-"));
        assertEquals("", info.path("email").asText("-"));
        ObjectNode stored = porta.account(3);
        assertTrue(stored.path("credit_limit").isNull());
        assertEquals("", stored.path("zip").asText());
        // What is not nullable stays refused.
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("account", "update", "3", "--unset", "firstname"), "cannot be null");
    }

    /** Done means: release_assigned_did survives -f. */
    @Test
    void releaseAssignedDidSurvivesTheRequestDocument() throws Exception {
        Path file = home.resolve("request.json");
        Files.writeString(file, "{\"params\":{\"account_info\":{\"i_account\":8,\"firstname\":\"Kept\"},\"release_assigned_did\":0}}");
        billctl.run("account", "update", "8", "-f", file.toString()).exits(0);
        assertEquals(0, sent(0).path("release_assigned_did").asInt(-1));
        assertTrue(sent(0).path("release_assigned_did").isIntegralNumber());
        assertFalse(sent(0).path("account_info").has("release_assigned_did"));
        // The flag beside the file wins.
        billctl.run("account", "update", "8", "-f", file.toString(), "--release-assigned-did", "1").exits(0);
        assertEquals(1, sent(1).path("release_assigned_did").asInt(-1));
        // A batch record can carry it too.
        Path batch = home.resolve("b.jsonl");
        Files.writeString(batch, "{\"i_account\":9,\"firstname\":\"B\",\"release_assigned_did\":0}\n");
        billctl.run("account", "update", "--batch", batch.toString()).exits(0);
        assertEquals(0, sent(2).path("release_assigned_did").asInt(-1));

        Files.writeString(file, "{\"params\":{\"account_info\":{\"firstname\":\"X\"},\"release_assigned_did\":0,\"notify\":1}}");
        sandbox.server().clearRequests();
        Run refused = billctl.run("account", "update", "8", "-f", file.toString());
        assertRefusedBeforeSending(refused, "params.notify");
        assertTrue(refused.errorLine().contains("--allow-unknown-fields"), refused.err());
        // named once, with the file it came from (not "params.notify (params.notify)")
        assertTrue(refused.errorLine().contains("\"params.notify\" in " + file), refused.err());
        assertFalse(refused.errorLine().contains("params.notify (params.notify)"), refused.err());
        billctl.run("account", "update", "8", "-f", file.toString(), "--allow-unknown-fields").exits(0);
        assertEquals(1, sent(0).path("notify").asInt(), "sent beside account_info: " + sent(0));
        assertFalse(sent(0).path("account_info").has("params.notify"));

        Files.writeString(file, "{\"params\":{\"account_info\":{\"firstname\":\"X\"}},\"auth_info\":{}}");
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("account", "update", "8", "-f", file.toString()), "beside params");
    }

    /** Done means: account update 55 --account-id 12345 changes the PIN and says so. */
    @Test
    void accountIdChangesThePinAndSaysSo() throws Exception {
        Run run = billctl.run("account", "update", "55", "--account-id", "12345").exits(0);
        assertEquals("note: --account-id 12345 changes the account's PIN (id), what it logs in and is found by; the account updated is the"
                + " I_ACCOUNT argument\n", run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("id +12345")), run.out());
        assertEquals(Json.parse("{\"account_info\":{\"i_account\":55,\"id\":\"12345\"}}"), sent(0));
        assertEquals("12345", porta.account(55).path("id").asText());
        assertEquals(55, porta.account(55).path("i_account").asInt());
    }

    /**
     * README: "a run that sets it says so on stderr", whatever gives it: --set and -f say it as the flag
     * does; a batch says it once, counted. billctl's own get document sending the read's PIN back is no news.
     */
    @Test
    void everyInputThatSetsThePinSaysSo() throws Exception {
        String what = " changes the account's PIN (id), what it logs in and is found by; the account updated is the I_ACCOUNT argument\n";
        Run set = billctl.run("account", "update", "55", "--set", "id=12345").exits(0);
        assertEquals("note: --set id=12345" + what, set.err());
        Path file = home.resolve("pin.json");
        Files.writeString(file, "{\"id\":\"00777\",\"firstname\":\"P\"}");
        Run fromFile = billctl.run("account", "update", "56", "-f", file.toString()).exits(0);
        assertEquals("note: \"id\" in " + file + " (00777)" + what, fromFile.err());
        assertEquals("00777", porta.account(56).path("id").asText());

        Path batch = home.resolve("pins.jsonl");
        Files.writeString(batch, "{\"i_account\":57,\"id\":\"5700\"}\n{\"i_account\":58,\"firstname\":\"Q\"}\n{\"i_account\":59,\"id\":\"5900\"}\n");
        Run records = billctl.run("account", "update", "--batch", batch.toString()).exits(0);
        List<String> notes = records.err().lines().filter(l -> l.contains("PIN")).toList();
        assertEquals(List.of("note: 2 records of " + batch + " set id, which changes the account's PIN (id), what it logs in and is found by;"
                + " the account a record updates is its i_account"), notes, records.err());
        assertEquals("5900", porta.account(59).path("id").asText());
    }

    @Test
    void theOldIdFlagStillWorksAndWarns() {
        Run old = billctl.run("account", "update", "56", "--id", "777").exits(0);
        assertTrue(old.err().startsWith("warning: --id is deprecated: it sets the account's PIN (the id field), not the account to update,"
                + " which is the I_ACCOUNT argument; use --account-id\nnote: --id 777 changes the account's PIN (id)"), old.err());
        assertEquals("777", porta.account(56).path("id").asText());

        sandbox.server().clearRequests();
        Run mistaken = billctl.run("account", "update", "--id", "55").exits(2);
        assertTrue(mistaken.err().startsWith("warning: --id is deprecated"), mistaken.err());
        assertTrue(mistaken.err().contains("error: give the ID of the account to update"), mistaken.err());
        assertTrue(sandbox.requests().isEmpty());

        Run both = billctl.run("account", "update", "55", "--id", "1", "--account-id", "2").exits(2);
        assertTrue(both.err().contains("id is given twice: by --account-id and by --id")
                || both.err().contains("id is given twice: by --id and by --account-id"), both.err());

        Run help = billctl.run("account", "update", "--help").exits(0);
        assertTrue(help.out().contains("--account-id=<text>"), help.out());
        assertTrue(help.out().replaceAll("\\s+", " ").contains("--id is this flag's old name, deprecated"), help.out());
        assertFalse(help.out().contains("  --id="), "the old name is not offered: " + help.out());
    }

    @Test
    void aPinAnotherAccountHasIsTheServersDuplicateId() {
        Run run = billctl.run("account", "update", "55", "--account-id", "10001").exits(1);
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("error: ")).count(), run.err());
        assertTrue(run.err().contains("(Server.Account.duplicate_id): Account with id 10001 already exists"), run.err());
    }

    /** What the server takes (PortabillingEmulatorTest has the server's side), billctl takes too: no false refusal. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"zip\":\"\",\"login\":\"\",\"email\":\"\",\"country\":\"\",\"bcc\":\"\",\"password\":\"\"}",
            "{\"credit_limit\":null,\"expiration_date\":null,\"life_time\":null,\"inactivity_expire_time\":null}",
            "{\"credit_limit\":\"12.50\"}",
            "{\"sim_card_info\":{\"imsi\":\"\",\"iccid\":\"\",\"amf\":\"\"}}",
            "{\"assigned_addons\":[{\"i_product\":604,\"addon_priority\":10,\"hidden\":\"N\",\"iso_4217\":\"USD\",\"realm\":\"\","
                    + "\"i_reseller_subscription\":null,\"addon_effective_to\":null,\"product_subscription\":{\"activation_fee\":0,\"multiple\":0}}]}",
            "{\"call_processing_mode_info\":{\"effective_from\":\"2026-01-01 00:00:00\",\"name\":\"Day\",\"sticky\":\"N\",\"short_code\":1}}"})
    void whatTheServerTakesBillctlTakes(String accountInfo) throws Exception {
        Path file = home.resolve("info.json");
        Files.writeString(file, accountInfo);
        billctl.run("account", "update", "14", "-f", file.toString()).exits(0);
    }

    @Test
    void readOnlyMembersGivenByHandAreAcceptedAndLeftOutWithANote() {
        Run run = billctl.run("account", "update", "12", "--set",
                "service_features=[{\"name\":\"voice_vm\",\"flag_value\":\"N\",\"effective_flag_value\":\"Y\"}]", "-o", "json").exits(0);
        assertEquals(Json.NODES.arrayNode().add(Json.object().put("name", "voice_vm").put("flag_value", "N")),
                sent(0).at("/account_info/service_features"));
        assertEquals("N", porta.account(12).at("/service_features/0/effective_flag_value").asText(), "the server's own effective value");
        assertTrue(run.json().path("warnings").toString().contains("service_features[].{effective_flag_value}"), run.out());
        assertFalse(run.json().at("/updated/service_features/0").has("effective_flag_value"), "updated shows what was sent: " + run.out());
    }

    /**
     * The page's notes on service features: flag_value "Not mandatory for cli_trust and permitted_sip_proxies"
     * (so mandatory for the others), and "Both attributes of the cli_trust service feature (accept_caller and
     * supply_caller) are mandatory". The list is merged by name, and whether the server takes a feature given
     * without them to change only the rest the page does not say: billctl warns and sends, and the server (the
     * emulator, by its own table) decides.
     */
    @Test
    void serviceFeatureNotesAreWarnedAboutAndLeftToTheServer() throws Exception {
        Run noFlag = billctl.run("account", "update", "12", "--set", "service_features=[{\"name\":\"voice_vm\"}]", "-o", "json").exits(1);
        assertEquals(Json.parse("[{\"name\":\"voice_vm\"}]"), sent(0).at("/account_info/service_features"), "sent as given");
        assertTrue(noFlag.err().contains("warning: service_features: voice_vm has no flag_value, which the vendor page makes mandatory for every"
                + " feature but cli_trust and permitted_sip_proxies; sent as given, the server may refuse it"), noFlag.err());
        assertTrue(noFlag.json().at("/error/message").asText().contains("flag_value is mandatory for the service feature voice_vm"), noFlag.out());

        String oneAttribute = "service_features=[{\"name\":\"cli_trust\",\"flag_value\":\"Y\",\"attributes\":[{\"name\":\"accept_caller\",\"values\":[\"Y\"]}]}]";
        Run half = billctl.run("account", "update", "12", "--set", oneAttribute).exits(1);
        assertEquals(2, updates().size(), "sent");
        assertTrue(half.err().contains("warning: service_features: cli_trust lacks the attribute supply_caller; the vendor page makes both"
                + " accept_caller and supply_caller mandatory"), half.err());

        // What the page allows goes without a word: cli_trust and permitted_sip_proxies without a flag, cli_trust with both attributes.
        Run fine = billctl.run("account", "update", "12", "--set", "service_features=[{\"name\":\"cli_trust\",\"attributes\":["
                + "{\"name\":\"accept_caller\",\"values\":[\"Y\"]},{\"name\":\"supply_caller\",\"values\":[\"N\"]}]},"
                + "{\"name\":\"permitted_sip_proxies\",\"attributes\":[]},{\"name\":\"voice_vm\",\"flag_value\":\"N\"}]").exits(0);
        assertFalse(fine.err().contains("warning"), fine.err());
    }

    /**
     * included_services: "Only in get responses; ignored in add/update" (the vendor page). A script that sends
     * a read back sends it: accepted from -f, --set and a batch record, left out of the request with one note.
     */
    @Test
    void includedServicesAreAcceptedAndLeftOutWithANote() throws Exception {
        String services = "[{\"i_service\":3,\"name\":\"Voice\",\"rating_base\":\"session_time\",\"unit\":\"sec\",\"is_used\":1,"
                + "\"service_pool_combination_list\":[{\"dg_name\":\"All\",\"pooled_ratio\":1}]}]";
        Path file = home.resolve("info.json");
        Files.writeString(file, "{\"firstname\":\"F\",\"included_services\":" + services + "}");
        Run fromFile = billctl.run("account", "update", "12", "-f", file.toString()).exits(0);
        Run fromSet = billctl.run("account", "update", "12", "--lastname", "S", "--set", "included_services=" + services).exits(0);
        Path batch = home.resolve("b.jsonl");
        Files.writeString(batch, "{\"i_account\":13,\"firstname\":\"B\",\"included_services\":" + services + "}\n");
        Run fromBatch = billctl.run("account", "update", "--batch", batch.toString()).exits(0);
        assertEquals(3, updates().size());
        for (int i = 0; i < 3; i++) assertFalse(sent(i).path("account_info").has("included_services"), sent(i).toString());
        assertEquals("F", porta.account(12).path("firstname").asText());
        assertEquals("B", porta.account(13).path("firstname").asText());
        for (Run run : List.of(fromFile, fromSet)) {
            List<String> notes = warnings(run).stream().filter(w -> w.contains("left out of the request") && w.endsWith(": included_services")).toList();
            assertEquals(1, notes.size(), run.err());
        }
        assertTrue(fromBatch.err().contains("included_services"), fromBatch.err());
        // Not a value of the account an update sets: get does not show it, and a diff does not count it.
        assertFalse(billctl.run("account", "get", "12", "-o", "json").exits(0).json().path("account").has("included_services"));
        Run diff = billctl.run("account", "update", "12", "--set", "included_services=[]", "--firstname", "F", "--diff", "-o", "json").exits(0);
        assertFalse(diff.json().path("diff").has("included_services"), diff.out());
        // Alone, it is nothing to update: an empty update_account was sent and said applied.
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("account", "update", "55", "--set", "included_services=[]"),
                "nothing to update: included_services is left out of the request (only in get responses; update_account ignores it)");
    }

    /**
     * Nested members the server takes as null (its rule table: PortabillingRulesTest's side) go back as a read
     * returns them: a call processing mode without an end or a message, a SIM card without its record.
     */
    @Test
    void nestedNullsAReadReturnsGoBack() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        JsonNode login = Json.parse(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.url("/portabilling/rest/Session/login")))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"params\":{\"login\":\"sandbox\",\"password\":\"" + PortabillingEmulator.PASSWORD + "\"}}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        String raw = "{\"params\":{\"account_info\":{\"i_account\":77,"
                + "\"call_processing_mode_info\":{\"short_code\":1,\"effective_to\":null,\"i_response_message\":null},"
                + "\"sim_card_info\":{\"i_sim_card\":null,\"i_account\":null,\"managed_by\":null,\"imsi\":\"001010123456789\"}}}}";
        java.net.http.HttpResponse<String> other = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(sandbox.url("/portabilling/rest/Account/update_account"))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + login.path("access_token").asText()).POST(java.net.http.HttpRequest.BodyPublishers.ofString(raw)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, other.statusCode(), other.body());
        sandbox.server().clearRequests();

        Run get = billctl.run("account", "get", "77", "-o", "json").exits(0);
        assertTrue(get.json().at("/account/call_processing_mode_info").has("effective_to"), get.out());
        JsonNode before = porta.account(77).deepCopy();
        billctl.runWithStdin(get.out(), "account", "update", "77", "-f", "-").exits(0);
        JsonNode info = sent(0).path("account_info");
        assertTrue(info.at("/call_processing_mode_info/effective_to").isNull() && info.at("/call_processing_mode_info/i_response_message").isNull(),
                info.toString());
        assertTrue(info.at("/sim_card_info/i_sim_card").isNull() && info.at("/sim_card_info/i_account").isNull()
                && info.at("/sim_card_info/managed_by").isNull(), info.toString());
        assertEquals(before, porta.account(77), "nothing changed");
        for (String member : List.of("call_processing_mode_info={\"short_code\":null}", "sim_card_info={\"i_sim_card\":null}")) {
            billctl.run("account", "update", "77", "--set", member).exits(0);
        }
    }
}
