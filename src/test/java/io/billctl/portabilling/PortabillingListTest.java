package io.billctl.portabilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
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
 * account list's filters go out typed as the vendor's fields are: the PIN (id) and the login as text,
 * i_customer as an integer. A PIN with leading zeros sent as a number would name another account, and
 * a list fed into --batch would then update that one.
 */
class PortabillingListTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "pb", "");
    }

    private List<JsonNode> listParams() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/get_account_list")).map(r -> {
            try {
                return Json.parse(r.bodyText()).path("params");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void aPinWithLeadingZerosListsItsOwnAccountOnly() throws Exception {
        billctl.run("account", "update", "3", "--account-id", "00123").exits(0);
        billctl.run("account", "update", "4", "--account-id", "123").exits(0);
        sandbox.server().clearRequests();
        Run list = billctl.run("account", "list", "--id-like", "00123", "-o", "jsonl", "--fields", "i_account,id").exits(0);
        assertEquals("{\"i_account\":3,\"id\":\"00123\"}\n", list.out());
        JsonNode sent = listParams().get(0).path("id");
        assertTrue(sent.isTextual() && sent.textValue().equals("00123"), "the PIN goes as text: " + listParams());

        // Fed into --batch, the list updates account 3, and account 4 keeps its PIN.
        Path records = home.resolve("pins.jsonl");
        Files.writeString(records, list.out().replace("\"id\":\"00123\"", "\"id\":\"00124\""));
        billctl.run("account", "update", "--batch", records.toString()).exits(0);
        assertEquals("00124", sandbox.server().emulator("portabilling").account(3).path("id").asText());
        assertEquals("123", sandbox.server().emulator("portabilling").account(4).path("id").asText());
    }

    @Test
    void eachFilterIsTypedAsTheVendorsField() throws Exception {
        billctl.run("account", "list", "--customer", "6", "--filter", "login=0007", "--filter", "i_product=1", "--filter", "colour=7",
                "-o", "jsonl").exits(0);
        JsonNode params = listParams().get(0);
        assertTrue(params.path("i_customer").isIntegralNumber(), params.toString());
        assertTrue(params.path("login").isTextual() && params.path("login").textValue().equals("0007"), params.toString());
        assertTrue(params.path("i_product").isIntegralNumber(), params.toString());
        assertTrue(params.path("colour").isIntegralNumber(), "a parameter the catalog does not know: JSON when it parses: " + params);
    }

    @Test
    void aFilterThatIsNotOfItsTypeIsRefusedBeforeSending() {
        assertRefusedBeforeSending(billctl.run("account", "list", "--customer", "six"), "the list filter i_customer: expected an integer, got \"six\"");
    }
}
