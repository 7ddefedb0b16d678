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
import io.billctl.testing.SandboxProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor page: "If the main product is changed and the list of add-on products is not provided,
 * existing add-on products will be removed." The emulator does that only when the product changes, and
 * a journal of such an update keeps the add-ons as read, so that undo puts back both.
 */
class PortabillingProductChangeTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "");
    }

    private PortabillingEmulator porta() {
        return sandbox.emulator(PortabillingEmulator.class);
    }

    private List<JsonNode> updates() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/update_account")).map(EmulatorRequest::bodyText).map(text -> {
            try {
                return Json.parse(text).path("params");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void undoOfAProductChangePutsBackTheAddOnsTheVendorRemoved() throws Exception {
        JsonNode addons = porta().account(13).get("assigned_addons").deepCopy();
        assertEquals(600, addons.at("/0/i_product").asInt(), addons.toString());
        Path journal = home.resolve("j1");
        Run update = billctl.run("-p", "pb", "account", "update", "13", "--i-product", "2", "--journal", journal.toString()).exits(0);
        assertTrue(update.err().contains("removes the account's add-on products"), update.err());
        assertEquals(0, porta().account(13).get("assigned_addons").size(), "the vendor removed them");
        JsonNode sent = Files.readAllLines(journal).stream().map(line -> {
            try {
                return Json.parse(line);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).filter(l -> "sent".equals(l.path("status").asText())).findFirst().orElseThrow();
        assertEquals(1, sent.at("/before/i_product").asInt(), sent.toString());
        assertEquals(600, sent.at("/before/assigned_addons/0/i_product").asInt(), "the add-ons as read, kept for undo: " + sent);
        assertFalse(sent.path("after").has("assigned_addons"), "the update did not set them: " + sent);

        sandbox.server().clearRequests();
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertFalse(undo.err().contains("removes the account's add-on products"), "the undo sends them: " + undo.err());
        JsonNode info = updates().get(0).path("account_info");
        assertEquals(1, info.path("i_product").asInt(), info.toString());
        assertEquals(600, info.at("/assigned_addons/0/i_product").asInt(), info.toString());
        assertEquals(1, porta().account(13).path("i_product").asInt());
        assertEquals(addons, porta().account(13).get("assigned_addons"), "put back as they were");
    }

    /** The page's "if the main product is changed": sending the product the account already has keeps the add-ons. */
    @Test
    void theSameProductSentAgainKeepsTheAddOns() {
        JsonNode addons = porta().account(13).get("assigned_addons").deepCopy();
        billctl.run("-p", "pb", "account", "update", "13", "--i-product", "1").exits(0);
        assertEquals(1, updates().get(0).at("/account_info/i_product").asInt(), "sent: " + updates());
        assertFalse(updates().get(0).path("account_info").has("assigned_addons"));
        assertEquals(addons, porta().account(13).get("assigned_addons"));
    }

    /** Without a product change, nothing else goes into the before-image. */
    @Test
    void aJournalOfAnotherChangeKeepsOnlyThatField() throws Exception {
        Path journal = home.resolve("j2");
        billctl.run("-p", "pb", "account", "update", "13", "--i-product", "1", "--firstname", "Other", "--journal", journal.toString()).exits(0);
        String text = Files.readString(journal);
        assertFalse(text.contains("assigned_addons"), text);
    }
}
