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
