package io.billctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Json reads and writes trees without an ObjectMapper; it must read and write them as one would. */
class JsonTest {
    private static final String DOCUMENT = "{\"id\":7,\"big\":123456789012,\"huge\":123456789012345678901234567890,"
            + "\"credit\":150.50,\"tiny\":1E-7,\"name\":\"Acme \\\"Ltd\\\" \\u00e9\\n\",\"on\":true,\"off\":false,\"none\":null,"
            + "\"tags\":[\"a\",[],{},[1,[2,[3]]]],\"nested\":{\"deeper\":{\"empty\":\"\"}}}";

    @Test
    void decimalsStayExactAndEveryTypeRoundTrips() throws Exception {
        JsonNode tree = Json.parse(DOCUMENT);
        assertEquals(new BigDecimal("150.50"), tree.get("credit").decimalValue());
        assertTrue(tree.get("id").isInt());
        assertTrue(tree.get("big").isLong());
        assertTrue(tree.get("huge").isBigInteger());
        String written = Json.write(tree);
        assertTrue(written.contains("\"credit\":150.50"), written);
        assertEquals(tree, Json.parse(written));
        // What Jackson's own mapper writes for the same tree (the former implementation).
        assertEquals(new ObjectMapper().writeValueAsString(tree), written);
    }

    @Test
    void prettyPrintingIsJacksonsDefault() throws Exception {
        JsonNode tree = Json.parse(DOCUMENT);
        assertEquals(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree), Json.writePretty(tree));
    }

    @Test
    void emptyTextIsMissingAndTrailingTokensAreRefused() throws Exception {
        assertTrue(Json.parse("").isMissingNode());
        assertTrue(Json.parse("  \n").isMissingNode());
        assertEquals(5, Json.parse(" 5 ").intValue());
        JsonProcessingException trailing = assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":1} {\"b\":2}"));
        assertTrue(Json.describe(trailing).startsWith("Trailing token"), Json.describe(trailing));
        JsonProcessingException unclosed = assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":[1,2"));
        assertTrue(Json.describe(unclosed).contains("line 1"), Json.describe(unclosed));
        assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":}"));
    }

    @Test
    void deepNestingDoesNotNeedTheStack() throws Exception {
        String deep = "[".repeat(900) + "]".repeat(900);
        JsonNode tree = Json.parse(deep);
        assertEquals(deep, Json.write(tree));
    }

    @Test
    void bytesEscapeDelAndTheC1ControlsAndKeepEverythingElse() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode node = Json.object().put("t", "a\u0085b\u009b31mc\u007fd\u00e9\u20ac\n");
        String written = new String(Json.bytes(node), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("{\"t\":\"a\\u0085b\\u009b31mc\\u007Fd\u00e9\u20ac\\n\"}", written);
        assertEquals(node, Json.parse(written), "the same value, read back");
    }

    @Test
    void aUsersDocumentGivesEachKeyOnceAVendorsAnswerKeepsTheLast() throws Exception {
        String doubled = "{\"id\":1,\"list\":[{\"a\":1,\"b\":2}],\"x\":{\"name\":\"a\",\n\"name\":\"b\"}}";
        Json.DuplicateKey e = assertThrows(Json.DuplicateKey.class, () -> Json.parseInput(doubled));
        assertEquals("name", e.key());
        assertEquals("the key \"name\" appears twice in one object at line 2, column 8", Json.describe(e));
        assertEquals("b", Json.parse(doubled).path("x").path("name").asText(), "answers are read as before");
        assertEquals(Json.parse(DOCUMENT), Json.parseInput(DOCUMENT));
        assertThrows(Json.DuplicateKey.class, () -> Json.parseInput("[{\"a\":1},{\"a\":1,\"a\":1}]"));
        assertEquals(2, Json.parseInput("[{\"a\":1},{\"a\":2}]").size(), "the same key in two objects is two keys");
    }
}
