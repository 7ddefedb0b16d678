package io.billctl.cli;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --set}, a CSV cell and {@code --expect} mean by the catalog's type: JSON only where the
 * field is JSON-typed (or unknown), a list a JSON array or a comma list, {@code null} JSON null
 * everywhere, and a text in double quotes a JSON string ({@code '"null"'} is the text null).
 */
class TypedValuesTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void setUp() {
        billctl = SandboxProfiles.billctl(home, sandbox, "");
    }

    private JsonNode sent() throws Exception {
        assertEquals(1, sandbox.requests().size(), () -> "one request: " + sandbox.requests());
        return Json.parse(sandbox.requests().get(0).bodyText());
    }

    /**
     * Java reads every script's digits as 0-9: the Bengali ৪ (4, which looks like an 8) went out as
     * PATCH .../accounts/4, and a fullwidth or Arabic-Indic amount as its ASCII number. Refused.
     */
    @Test
    void digitsOfAnotherScriptAreRefusedInIdsAndNumbers() throws Exception {
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "\u09EA", "--name", "x"),
                "account ID \"\u09EA\" has the digit U+09EA (BENGALI DIGIT FOUR): billctl takes numbers in the digits 0-9 only");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "get", "\uFF11"), "U+FF11 (FULLWIDTH DIGIT ONE)");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--orig-capacity", "\u0663"), "U+0663");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "orig_capacity=\u09EA0"), "U+09EA");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x", "--timeout", "\u0664"), "U+0664");
        assertRefusedBeforeSending(billctl.runWithStdin("{\"id\":\"\u09EA\",\"name\":\"x\"}\n", "-p", "vcs", "clients-accounts", "update",
                "--batch", "-"), "U+09EA");
        // Digits in text are text.
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "Kolkata \u09EA").exits(0);
        assertEquals("Kolkata \u09EA", sent().path("name").asText());
    }

    /**
     * A whole number with a zero fraction (a spreadsheet's 5.0) is the integer; a number written as a
     * JSON string in --set is that string, as -f takes it (Yeti casts it; JeraSoft refuses it both ways).
     * Both were refused, while the vendors (and -f, for the string) take them.
     */
    @Test
    void wholeDecimalsAreIntegersAndQuotedNumbersGoAsMinusFTakesThem() throws Exception {
        billctl.run("-p", "pbx", "unlimited", "update", "40", "--endhour", "5.0").exits(0);
        assertEquals("5", io.billctl.sandbox.EmulatorRequest.params(sandbox.requests().get(0).bodyText()).get("endhour"));
        sandbox.reset();
        billctl.runWithStdin("{\"id\":1.0,\"orig_capacity\":30.00}", "-p", "vcs", "clients-accounts", "update", "1", "-f", "-").exits(0);
        assertEquals("30", sent().path("orig_capacity").toString());
        sandbox.reset();
        billctl.run("-p", "yeti", "admin-accounts", "update", "33", "--set", "external-id=\"40004\"").exits(0);
        assertEquals("40004", lastSent().at("/data/attributes/external-id").toString());
        sandbox.reset();
        billctl.run("-p", "yeti", "admin-accounts", "update", "33", "--set", "vat=\"5.5\"").exits(0);
        assertEquals("\"5.5\"", lastSent().at("/data/attributes/vat").toString());
        sandbox.reset();
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "orig_capacity=\"30\""),
                "--set orig_capacity: expected an integer, got the string \"30\"");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--orig-capacity", "1.5"), "expected an integer, got \"1.5\"");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--orig-capacity", "1e3"), "expected an integer");
    }

    /** The update's body, after any login request. */
    private JsonNode lastSent() throws Exception {
        var requests = sandbox.requests();
        return Json.parse(requests.get(requests.size() - 1).bodyText());
    }

    @Test
    void aListFieldRefusesAJsonObject() {
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "orig_tags={\"a\":1}"),
                "--set orig_tags: a list field takes a JSON array or a comma list, not a JSON object");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--orig-tags", "{\"a\":1}"),
                "--orig-tags: a list field takes a JSON array or a comma list");
    }

    @Test
    void aListTakesAJsonArrayOrACommaList() throws Exception {
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "orig_tags=[\"a,b\",\"c\"]").exits(0);
        assertEquals(Json.parse("{\"orig_tags\":[\"a,b\",\"c\"]}"), sent());
        sandbox.server().clearRequests();
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "orig_tags=a,b").exits(0);
        assertEquals(Json.parse("{\"orig_tags\":[\"a\",\"b\"]}"), sent());
    }

    @Test
    void nullIsJsonNullAndQuotedNullIsTheText() throws Exception {
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "notes=null").exits(0);
        assertTrue(sent().get("notes").isNull(), "--set notes=null sends JSON null");
        sandbox.server().clearRequests();
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "notes=\"null\"").exits(0);
        assertEquals("null", sent().get("notes").textValue(), "--set notes='\"null\"' sends the text");
        sandbox.server().clearRequests();
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "name=\" Acme \"").exits(0);
        assertEquals(" Acme ", sent().get("name").textValue(), "a JSON string keeps its spaces");
        sandbox.server().clearRequests();
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--notes", "null").exits(0);
        assertEquals("null", sent().get("notes").textValue(), "a flag takes its value as it is");
        sandbox.server().clearRequests();
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "tech_prefix=0044").exits(0);
        assertEquals("0044", sent().get("tech_prefix").textValue(), "a text field stays text, not the number 44");
    }

    @Test
    void nullWhereTheFieldCannotBeNullSaysHowToSendTheText() {
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "name=null"),
                "--set name=null is JSON null, which name cannot be; --set name='\"null\"' sends the text \"null\"");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--set", "name=\"a\"b\""),
                "--set name: in double quotes but not a JSON string");
    }

    @Test
    void aCsvCellMeansWhatSetMeans() throws Exception {
        Path csv = home.resolve("a.csv");
        Files.writeString(csv, "id,notes,name\n1,null,\"\"\"null\"\"\"\n");
        billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", csv.toString()).exits(0);
        JsonNode body = sent();
        assertTrue(body.get("notes").isNull(), "a null cell is JSON null: " + body);
        assertEquals("null", body.get("name").textValue(), "a \"null\" cell is the text: " + body);
        Files.writeString(csv, "id,orig_tags\n1,\"{\"\"a\"\":1}\"\n");
        Run refused = billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", csv.toString()).exits(2);
        assertTrue(refused.err().contains("a list field takes a JSON array or a comma list"), refused.err());
    }

    /** The text "null" read by get goes back as the text through CSV: it is written as a JSON string. */
    @Test
    void theTextNullRoundTripsThroughCsv() throws Exception {
        billctl.run("-p", "vcs", "clients-accounts", "update", "2", "--notes", "null").exits(0);
        Run csv = billctl.run("-p", "vcs", "clients-accounts", "get", "2", "--fields", "notes", "-o", "csv").exits(0);
        assertEquals("id,notes\n2,\"\"\"null\"\"\"\n", csv.out());
        Path file = home.resolve("back.csv");
        Files.writeString(file, csv.out());
        sandbox.server().clearRequests();
        billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", file.toString()).exits(0);
        assertEquals("null", sent().get("notes").textValue());
    }

    @Test
    void expectTakesTheSameForms() {
        billctl.run("-p", "vcs", "clients-accounts", "update", "3", "--notes", "null").exits(0);
        billctl.run("-p", "vcs", "clients-accounts", "update", "3", "--name", "x", "--expect", "notes=\"null\"").exits(0);
        Run changed = billctl.run("-p", "vcs", "clients-accounts", "update", "3", "--name", "y", "--expect", "notes=null").exits(1);
        assertTrue(changed.err().contains("changed since"), changed.err());
    }
}
