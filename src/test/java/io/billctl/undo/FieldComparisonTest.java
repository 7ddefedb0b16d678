package io.billctl.undo;

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
import io.billctl.testing.SandboxProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How --diff, --skip-unchanged, --expect and undo compare what an account holds with what an update
 * sets, where the vendor's server does not keep a value as it was sent: PortaBilling's service features
 * (merged by name, with members of the server's own), its add-ons (replaced whole, each read back with
 * its product's data), Yeti's contact lists (an empty list kept as null), and a request option
 * (release_assigned_did) that is no value of the account. Through the real path: billctl's requests to
 * the emulators, which keep their own rules.
 */
class FieldComparisonTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "").secret("sip55secret").secret("h32355secret");
    }

    private PortabillingEmulator porta() {
        return sandbox.emulator(PortabillingEmulator.class);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private List<EmulatorRequest> writes() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/update_account") || r.method().equals("PATCH")
                || r.method().equals("PUT")).toList();
    }

    private JsonNode sentLine(Path journal) throws Exception {
        return Files.readAllLines(journal).stream().map(FieldComparisonTest::parse).filter(l -> "sent".equals(l.path("status").asText()))
                .findFirst().orElseThrow();
    }

    // --- PortaBilling service_features: merged by name -----------------------------------------------

    private static final String VOICE_DIALING = "service_features=[{\"name\":\"voice_dialing\",\"flag_value\":\"Y\"}]";

    @Test
    void aServiceFeatureTheAccountHasIsNoChangeForDiffSkipUnchangedAndExpect() {
        billctl.run("-p", "pb", "account", "update", "55", "--set", VOICE_DIALING).exits(0);
        sandbox.server().clearRequests();

        Run diff = billctl.run("-p", "pb", "account", "update", "55", "--set", VOICE_DIALING, "--diff", "--dry-run", "-o", "json").exits(0);
        assertFalse(diff.json().path("changed").asBoolean(true), "the other features and the server's effective_flag_value are no change: " + diff.out());
        // The same read back whole (get -o json), its read-only members included.
        Run whole = billctl.run("-p", "pb", "account", "update", "55", "--set", "service_features=" + porta().account(55).get("service_features"),
                "--diff", "--dry-run", "-o", "json").exits(0);
        assertFalse(whole.json().path("changed").asBoolean(true), whole.out());
        Run skip = billctl.run("-p", "pb", "account", "update", "55", "--set", VOICE_DIALING, "--skip-unchanged").exits(0);
        assertTrue(skip.out().startsWith("no change"), skip.out());
        assertTrue(writes().isEmpty(), "nothing sent: " + writes());

        Run expect = billctl.run("-p", "pb", "account", "update", "55", "--firstname", "Expected", "--expect", VOICE_DIALING).exits(0);
        assertEquals("Expected", porta().account(55).path("firstname").asText(), expect.err());

        // A feature whose flag differs is a change, shown as one, and an expectation it breaks is unmet.
        Run changed = billctl.run("-p", "pb", "account", "update", "55", "--set", "service_features=[{\"name\":\"voice_vm\",\"flag_value\":\"N\"}]",
                "--diff", "--dry-run", "-o", "json").exits(0);
        assertTrue(changed.json().path("diff").has("service_features"), changed.out());
        billctl.run("-p", "pb", "account", "update", "55", "--firstname", "Refused", "--expect", "service_features=[{\"name\":\"clir\",\"flag_value\":\"Y\"}]")
                .exits(1);
        assertEquals("Expected", porta().account(55).path("firstname").asText());
    }

    @Test
    void undoOfAServiceFeatureChangePutsItBack() throws Exception {
        JsonNode before = porta().account(55).get("service_features").deepCopy();
        Path journal = home.resolve("features.journal");
        billctl.run("-p", "pb", "account", "update", "55", "--set", "service_features=[{\"name\":\"voice_vm\",\"flag_value\":\"N\"}]",
                "--journal", journal.toString()).exits(0);
        assertEquals("N", porta().account(55).at("/service_features/0/flag_value").asText());
        JsonNode sent = sentLine(journal);
        assertEquals(1, sent.at("/before/service_features").size(), "the feature it changes, as it was: " + sent);
        assertEquals("voice_vm", sent.at("/before/service_features/0/name").asText());
        sandbox.server().clearRequests();
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertFalse(undo.err().contains("changed since"), undo.err());
        assertEquals(1, writes().size(), undo.err());
        assertEquals(before, porta().account(55).get("service_features"));
        // Done already: a second undo finds the account as it was and sends nothing.
        sandbox.server().clearRequests();
        billctl.run("undo", journal.toString()).exits(0);
        assertTrue(writes().isEmpty(), writes().toString());
    }

    /** The server merges by name: a feature the account did not have cannot be taken away again; undo says so, not "changed since". */
    @Test
    void undoOfANewServiceFeatureSaysItCannotBeRemoved() throws Exception {
        Path journal = home.resolve("new-feature.journal");
        billctl.run("-p", "pb", "account", "update", "55", "--set", VOICE_DIALING, "--journal", journal.toString()).exits(0);
        Run undo = billctl.run("undo", journal.toString()).exits(1);
        assertFalse(undo.err().contains("changed since"), undo.err());
        assertTrue(undo.err().contains("not restored: service_features"), undo.err());
    }

    /**
     * One feature changed and one added in the same update: the new one made the whole before-image
     * unknown, so the change was not put back either ("the account's read did not return its value").
     */
    @Test
    void undoPutsBackTheFeaturesTheAccountHadAndNamesTheOneItAdded() throws Exception {
        Path journal = home.resolve("mixed.journal");
        assertEquals("N", feature(9, "clir").path("flag_value").asText());
        billctl.run("-p", "pb", "account", "update", "9", "--set",
                "service_features=[{\"name\":\"clir\",\"flag_value\":\"Y\"},{\"name\":\"forward_mode\",\"flag_value\":\"Y\"}]",
                "--journal", journal.toString()).exits(0);
        assertEquals("Y", feature(9, "clir").path("flag_value").asText());
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertEquals("N", feature(9, "clir").path("flag_value").asText(), "the feature the account had is put back");
        assertTrue(undo.err().contains("not restored: service_features element name=forward_mode (the update added it; the server merges this "
                + "list, so it cannot be taken away) on 1 account"), undo.err());
        assertFalse(undo.err().contains("did not return its value"), undo.err());
    }

    private JsonNode feature(long account, String name) {
        for (JsonNode feature : porta().account(account).get("service_features")) if (feature.path("name").asText().equals(name)) return feature;
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    // --- PortaBilling assigned_addons: replaced whole, each entry read back with its product's data -----

    @Test
    void anAddOnTheAccountHasIsNoChangeForDiffSkipUnchangedAndExpect() {
        String same = "assigned_addons=[{\"i_product\":600,\"addon_effective_from\":\"2026-01-01 00:00:00\"}]";
        Run diff = billctl.run("-p", "pb", "account", "update", "55", "--set", same, "--diff", "--dry-run", "-o", "json").exits(0);
        assertFalse(diff.json().path("changed").asBoolean(true), "the product's own members are no change: " + diff.out());
        Run whole = billctl.run("-p", "pb", "account", "update", "55", "--set", "assigned_addons=" + porta().account(55).get("assigned_addons"),
                "--diff", "--dry-run", "-o", "json").exits(0);
        assertFalse(whole.json().path("changed").asBoolean(true), whole.out());
        sandbox.server().clearRequests();
        billctl.run("-p", "pb", "account", "update", "55", "--set", same, "--skip-unchanged").exits(0);
        assertTrue(writes().isEmpty(), writes().toString());
        billctl.run("-p", "pb", "account", "update", "55", "--firstname", "Expected", "--expect", "assigned_addons=[{\"i_product\":600}]").exits(0);
        assertEquals("Expected", porta().account(55).path("firstname").asText());

        Run other = billctl.run("-p", "pb", "account", "update", "55", "--set", "assigned_addons=[{\"i_product\":601}]", "--diff", "--dry-run", "-o", "json")
                .exits(0);
        assertTrue(other.json().path("diff").has("assigned_addons"), other.out());
        Run more = billctl.run("-p", "pb", "account", "update", "55", "--set", "assigned_addons=[{\"i_product\":600},{\"i_product\":601}]", "--diff",
                "--dry-run", "-o", "json").exits(0);
        assertTrue(more.json().path("diff").has("assigned_addons"), "replaced whole: one more add-on is a change: " + more.out());
    }

    @Test
    void undoOfAnAddOnChangePutsItBack() throws Exception {
        JsonNode before = porta().account(55).get("assigned_addons").deepCopy();
        Path journal = home.resolve("addons.journal");
        billctl.run("-p", "pb", "account", "update", "55", "--set", "assigned_addons=[{\"i_product\":601}]", "--journal", journal.toString()).exits(0);
        assertEquals(601, porta().account(55).at("/assigned_addons/0/i_product").asInt());
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertFalse(undo.err().contains("changed since"), undo.err());
        assertEquals(before, porta().account(55).get("assigned_addons"));
    }

    // --- Yeti: an empty contact list is kept as null ---------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"send-balance-notifications-to", "send-invoices-to"})
    void clearingAContactListWithAnEmptyListIsUndone(String field) throws Exception {
        billctl.run("-p", "yeti", "admin-accounts", "update", "35", "--" + field, "3,1").exits(0);
        Path journal = home.resolve(field + ".journal");
        billctl.run("-p", "yeti", "admin-accounts", "update", "35", "--set", field + "=[]", "--journal", journal.toString()).exits(0);
        assertTrue(sandbox.server().emulator("yeti").account(35).get(field).isNull(), "the server keeps [] as null");
        assertEquals(parse("[3,1]"), sentLine(journal).at("/before/" + field));

        sandbox.server().clearRequests();
        Run diff = billctl.run("-p", "yeti", "admin-accounts", "update", "35", "--set", field + "=[]", "--diff", "--dry-run", "-o", "json").exits(0);
        assertFalse(diff.json().path("changed").asBoolean(true), "null is [] already: " + diff.out());
        billctl.run("-p", "yeti", "admin-accounts", "update", "35", "--set", field + "=[]", "--skip-unchanged").exits(0);
        assertTrue(writes().isEmpty(), "nothing sent: " + writes());
        billctl.run("-p", "yeti", "admin-accounts", "update", "35", "--name", "Expected " + field, "--expect", field + "=[]").exits(0);
        assertEquals("Expected " + field, sandbox.server().emulator("yeti").account(35).path("name").asText());

        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertFalse(undo.err().contains("changed since"), undo.err());
        assertEquals(parse("[3,1]"), sandbox.server().emulator("yeti").account(35).get(field));
    }

    /** A list that holds something is still not null. */
    @Test
    void aContactListWithIdsIsNotEmpty() {
        Run diff = billctl.run("-p", "yeti", "admin-accounts", "update", "35", "--send-invoices-to", "4", "--diff", "--dry-run", "-o", "json").exits(0);
        assertTrue(diff.json().path("diff").has("send-invoices-to"), diff.out());
    }

    // --- a request option is no value of the account --------------------------------------------------

    @Test
    void releaseAssignedDidIsNoChangeOfTheAccount() throws Exception {
        Run diff = billctl.run("-p", "pb", "account", "update", "9", "--i-product", "2", "--release-assigned-did", "0", "--diff", "--dry-run", "-o", "json")
                .exits(0);
        assertEquals(parse("{\"i_product\":{\"before\":1,\"after\":2}}"), diff.json().path("diff"), diff.out());
        Run table = billctl.run("-p", "pb", "account", "update", "9", "--i-product", "2", "--release-assigned-did", "0", "--diff", "--dry-run").exits(0);
        assertFalse(table.out().contains("release_assigned_did"), table.out());

        // Alone, it changes nothing: nothing to undo, and nothing unrestorable.
        Path alone = home.resolve("option.journal");
        billctl.run("-p", "pb", "account", "update", "9", "--release-assigned-did", "0", "--journal", alone.toString()).exits(0);
        Run undoAlone = billctl.run("undo", alone.toString()).exits(0);
        assertFalse(undoAlone.err().contains("cannot be restored") || undoAlone.err().contains("not restored"), undoAlone.err());
        assertTrue(undoAlone.err().contains("nothing to undo"), undoAlone.err());

        // With a field: the field is put back, the option sent again as the run sent it, nothing said about it.
        Path journal = home.resolve("product.journal");
        billctl.run("-p", "pb", "account", "update", "9", "--i-product", "2", "--release-assigned-did", "0", "--journal", journal.toString()).exits(0);
        assertFalse(sentLine(journal).has("unknown"), sentLine(journal).toString());
        sandbox.server().clearRequests();
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertFalse(undo.err().contains("release_assigned_did"), undo.err());
        JsonNode sent = parse(writes().get(0).bodyText());
        assertEquals(1, sent.at("/params/account_info/i_product").asInt(), sent.toString());
        assertEquals(0, sent.at("/params/release_assigned_did").asInt(-1), sent.toString());
        assertEquals(1, porta().account(9).path("i_product").asInt());
    }

    /** A journal written before release_assigned_did stopped being a change (it is named in "unknown") is undone the same way. */
    @Test
    void anOlderJournalThatNamesTheOptionUnknownIsUndoneTheSameWay() throws Exception {
        billctl.run("-p", "pb", "account", "update", "9", "--i-product", "2").exits(0);
        Path journal = home.resolve("old.journal");
        Files.writeString(journal, "{\"billctl_journal\":2,\"input\":{\"name\":\"command line\",\"size\":0,\"sha256\":\"\",\"format\":\"args\",\"records\":1},"
                + "\"target\":{\"backend\":\"portabilling\",\"profile\":\"pb\",\"endpoint\":\"" + endpointOf("pb") + "\",\"command\":\"account update\"},"
                + "\"started\":\"2026-01-01T00:00:00Z\"}\n"
                + "{\"run\":1,\"pid\":1,\"started\":\"2026-01-01T00:00:00Z\",\"resume\":false,\"resume_uncertain\":false}\n"
                + "{\"line\":1,\"id\":\"9\",\"status\":\"sent\",\"time\":\"2026-01-01T00:00:00Z\",\"before\":{\"i_product\":1},"
                + "\"after\":{\"i_product\":2,\"release_assigned_did\":0},\"unknown\":[\"release_assigned_did\"]}\n"
                + "{\"line\":1,\"id\":\"9\",\"status\":\"done\",\"time\":\"2026-01-01T00:00:00Z\",\"attempts\":1}\n");
        sandbox.server().clearRequests();
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertFalse(undo.err().contains("release_assigned_did"), undo.err());
        JsonNode sent = parse(writes().get(0).bodyText());
        assertEquals(0, sent.at("/params/release_assigned_did").asInt(-1), sent.toString());
        assertEquals(1, porta().account(9).path("i_product").asInt());
    }

    /** The endpoint a journal of profile {@code profile} records, as a journal of that profile's run has it. */
    private String endpointOf(String profile) throws Exception {
        Path probe = home.resolve("probe-" + profile + ".journal");
        billctl.run("-p", profile, "account", "update", "1", "--firstname", "Account", "--journal", probe.toString()).exits(0);
        return parse(Files.readAllLines(probe).get(0)).at("/target/endpoint").asText();
    }

    // --- an update that changed nothing ------------------------------------------------------------------

    @Test
    void undoOfAnUpdateThatChangedNothingHasNothingToUndo() throws Exception {
        assertEquals(parse("[]"), sandbox.server().emulator("jerasoft").account(8).get("equipment_ids"));
        Path journal = home.resolve("noop.journal");
        billctl.run("-p", "vcs", "clients-accounts", "update", "8", "--set", "equipment_ids=[]", "--journal", journal.toString()).exits(0);
        assertEquals(Json.object(), sentLine(journal).path("before"));
        sandbox.server().clearRequests();
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertTrue(undo.err().contains("nothing to undo"), undo.err());
        assertFalse(undo.err().contains("nothing undone") || undo.err().contains("error:"), undo.err());
        assertTrue(sandbox.requests().isEmpty(), "nothing sent, nothing read: " + sandbox.requests());
        Run json = billctl.run("undo", journal.toString(), "-o", "json").exits(0);
        assertTrue(json.json().path("ok").asBoolean(), json.out());
    }
}
