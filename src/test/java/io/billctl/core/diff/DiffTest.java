package io.billctl.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 20: what an update changes, compared as the vendor means the values, not as JSON writes them. */
class DiffTest {
    private static final Catalog CATALOG = Catalog.of("test", List.of(),
            Field.decimal("credit_limit").nullable(),
            Field.integer("capacity").nullable(),
            Field.bool("enabled"),
            Field.string("name"),
            Field.string("tech_prefix").nullable(),
            Field.dateTime("effective_from"),
            Field.stringList("tags").unordered(),
            Field.integerList("rate_tables"),
            Field.string("password").secret(),
            Field.string("login"));

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.parse(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Diff diff(String current, String update) {
        return Diff.of(CATALOG, json(current), json(update));
    }

    @Test
    void decimalsIntegersAndBooleansAreComparedByValue() {
        assertTrue(diff("{\"credit_limit\":20}", "{\"credit_limit\":20.0}").isEmpty());
        assertTrue(diff("{\"credit_limit\":\"20.00\"}", "{\"credit_limit\":20}").isEmpty(), "a vendor that writes decimals as text");
        assertTrue(diff("{\"capacity\":\"7\"}", "{\"capacity\":7}").isEmpty());
        assertTrue(diff("{\"enabled\":1}", "{\"enabled\":true}").isEmpty());
        assertTrue(diff("{\"enabled\":\"0\"}", "{\"enabled\":false}").isEmpty());
        assertTrue(diff("{\"tech_prefix\":777}", "{\"tech_prefix\":\"777\"}").isEmpty(), "a text field the vendor returned as a number");
        assertTrue(diff("{\"effective_from\":\"2026-01-02T03:04:05Z\"}", "{\"effective_from\":\"2026-01-02 03:04:05\"}").isEmpty());
        Diff changed = diff("{\"credit_limit\":\"20.00\",\"capacity\":7}", "{\"credit_limit\":20.01,\"capacity\":7}");
        assertEquals(1, changed.changes().size());
        Change change = changed.changes().get(0);
        assertEquals("credit_limit", change.field());
        assertEquals(Json.NODES.numberNode(new java.math.BigDecimal("20.00")), change.before(), "the before-image typed as an update takes it");
        assertEquals(Json.NODES.numberNode(new java.math.BigDecimal("20.01")), change.after());
    }

    @Test
    void listsAreSetsOnlyWhereTheCatalogSaysOrderIsIrrelevant() {
        assertTrue(diff("{\"tags\":[\"a\",\"b\"]}", "{\"tags\":[\"b\",\"a\"]}").isEmpty());
        assertTrue(diff("{\"tags\":\"a,b\"}", "{\"tags\":[\"b\",\"a\"]}").isEmpty(), "a comma string is the list it writes");
        assertFalse(diff("{\"tags\":[\"a\",\"a\"]}", "{\"tags\":[\"a\",\"b\"]}").isEmpty(), "compared as multisets, not by membership");
        assertFalse(diff("{\"rate_tables\":[1,2]}", "{\"rate_tables\":[2,1]}").isEmpty(), "an ordered list's order matters");
        assertTrue(diff("{\"rate_tables\":[\"1\",\"2\"]}", "{\"rate_tables\":[1,2]}").isEmpty());
    }

    @Test
    void nullIsAbsentAndAnAbsentFieldIsNullWhereTheCatalogAllowsIt() {
        assertTrue(diff("{}", "{\"tech_prefix\":null}").isEmpty(), "vendors leave empty fields out of what they return");
        assertTrue(diff("{\"tech_prefix\":null}", "{\"tech_prefix\":null}").isEmpty());
        Diff set = diff("{}", "{\"tech_prefix\":\"9\",\"name\":\"x\"}");
        assertEquals(2, set.changes().size());
        assertTrue(set.changes().get(0).before().isNull(), "nullable and absent: null, which undo sets back");
        assertNull(set.changes().get(1).before(), "not nullable and absent: unknown, never guessed");
        assertFalse(set.changes().get(1).beforeKnown());
        assertFalse(diff("{\"name\":\"\"}", "{\"name\":\"x\"}").isEmpty());
    }

    @Test
    void onlyTheFieldsThatChangeAreListedInTheUpdatesOrderAndSecretsAreOnlyNamed() {
        Diff diff = diff("{\"name\":\"a\",\"login\":\"l\",\"password\":\"old\",\"capacity\":1}",
                "{\"capacity\":2,\"name\":\"a\",\"password\":\"new\",\"login\":\"m\"}");
        assertEquals(List.of("capacity", "password", "login"), diff.changes().stream().map(Change::field).toList());
        assertEquals(List.of("password"), diff.secretFields());
        assertEquals(4, diff.compared());
        assertTrue(diff("{\"password\":\"same\"}", "{\"password\":\"same\"}").isEmpty());
    }

    @Test
    void unmetExpectationsSayWhatTheAccountHas() {
        Map<String, String> unmet = Diff.unmet(CATALOG, json("{\"credit_limit\":200,\"name\":\"a\"}"),
                json("{\"credit_limit\":100,\"name\":\"a\",\"capacity\":null,\"tech_prefix\":\"9\"}"));
        assertEquals(Map.of("credit_limit", "is 200, expected 100", "tech_prefix", "is absent, expected 9"), unmet);
        assertTrue(Diff.unmet(CATALOG, json("{\"credit_limit\":\"100.0\"}"), json("{\"credit_limit\":100}")).isEmpty());
    }

    @Test
    void fieldsTheCatalogDoesNotKnowAreComparedStructurallyWithNumbersByValue() {
        assertTrue(diff("{\"x\":{\"a\":1.0,\"b\":null}}", "{\"x\":{\"a\":1}}").isEmpty());
        assertTrue(diff("{\"x\":\"5\"}", "{\"x\":5}").isEmpty());
        assertFalse(diff("{\"x\":[1,2]}", "{\"x\":[2,1]}").isEmpty());
        JsonNode unknown = diff("{}", "{\"x\":1}").changes().get(0).before();
        assertNull(unknown, "an unknown field absent from the read is unknown");
    }

    private static final Catalog LISTS = Catalog.of("lists", List.of(),
            Field.integerList("contacts").unordered().nullable().emptyIsNull(),
            Field.integerList("ids").nullable(),
            Field.objectList("features", Field.string("name"), Field.string("flag"), Field.string("effective").dropped("the server's"),
                    Field.objectList("attributes", Field.string("name"), Field.stringList("values")).keyedSet("name")).mergedBy("name"),
            Field.objectList("addons", Field.integer("i_product"), Field.string("from"), Field.string("iso").dropped("the product's"),
                    Field.object("plan", Field.string("name"), Field.decimal("fee").dropped("the product's"))).keyedSet("i_product"));

    private static Diff lists(String current, String update) {
        return Diff.of(LISTS, json(current), json(update));
    }

    @Test
    void anEmptyListIsNullOnlyWhereTheCatalogSaysTheServerKeepsItSo() {
        assertTrue(lists("{\"contacts\":null}", "{\"contacts\":[]}").isEmpty());
        assertTrue(lists("{}", "{\"contacts\":[]}").isEmpty());
        assertTrue(lists("{\"contacts\":[]}", "{\"contacts\":null}").isEmpty());
        assertFalse(lists("{\"contacts\":null}", "{\"contacts\":[1]}").isEmpty());
        assertFalse(lists("{\"ids\":null}", "{\"ids\":[]}").isEmpty(), "a vendor may tell [] from null: a change unless the catalog says otherwise");
    }

    @Test
    void aListMergedByKeyIsComparedOnTheElementsGivenAndTheirMembersGiven() {
        String current = "{\"features\":[{\"name\":\"a\",\"flag\":\"Y\",\"effective\":\"Y\",\"attributes\":[{\"name\":\"x\",\"values\":[\"1\"],"
                + "\"extra\":[\"1\"]}]},{\"name\":\"b\",\"flag\":\"N\"}]}";
        assertTrue(lists(current, "{\"features\":[{\"name\":\"b\",\"flag\":\"N\"}]}").isEmpty(), "a feature not given is left as it is");
        assertTrue(lists(current, "{\"features\":[{\"name\":\"a\",\"flag\":\"Y\",\"effective\":\"N\"}]}").isEmpty(), "a dropped member is not compared");
        assertTrue(lists(current, "{\"features\":[]}").isEmpty(), "nothing given, nothing merged");
        assertTrue(lists(current, "{\"features\":[{\"name\":\"a\",\"attributes\":[{\"name\":\"x\",\"values\":[\"1\"]}]}]}").isEmpty());
        assertFalse(lists(current, "{\"features\":[{\"name\":\"a\",\"attributes\":[{\"name\":\"x\",\"values\":[\"2\"]}]}]}").isEmpty());
        assertFalse(lists(current, "{\"features\":[{\"name\":\"b\",\"flag\":\"Y\"}]}").isEmpty());
        assertFalse(lists(current, "{\"features\":[{\"flag\":\"Y\"}]}").isEmpty(), "an element without its key is no element of the account's");

        Diff changed = lists(current, "{\"features\":[{\"name\":\"b\",\"flag\":\"Y\"}]}");
        assertEquals(json("{\"f\":[{\"name\":\"b\",\"flag\":\"N\"}]}").get("f"), changed.changes().get(0).before(), "the before-image: the elements it names");
        Diff added = lists(current, "{\"features\":[{\"name\":\"c\",\"flag\":\"Y\"}]}");
        assertEquals(json("{\"f\":[]}").get("f"), added.changes().get(0).before(),
                "a merge cannot take an element away: it has no part in the before-image, which the read did return");
        Diff mixed = lists(current, "{\"features\":[{\"name\":\"b\",\"flag\":\"Y\"},{\"name\":\"c\",\"flag\":\"Y\"}]}");
        assertEquals(json("{\"f\":[{\"name\":\"b\",\"flag\":\"N\"}]}").get("f"), mixed.changes().get(0).before(),
                "the elements the account had are put back; the new one does not take them with it");
    }

    @Test
    void aKeyedSetIsReplacedWholeInAnyOrderEachElementOnTheMembersItGives() {
        String current = "{\"addons\":[{\"i_product\":600,\"from\":\"2026\",\"iso\":\"USD\",\"name\":\"A\",\"plan\":{\"name\":\"m\",\"fee\":4.99}},"
                + "{\"i_product\":601,\"iso\":\"USD\"}]}";
        assertTrue(lists(current, "{\"addons\":[{\"i_product\":601},{\"i_product\":\"600\",\"from\":\"2026\"}]}").isEmpty());
        assertTrue(lists(current, "{\"addons\":[{\"i_product\":601,\"iso\":\"EUR\"},{\"i_product\":600,\"plan\":{\"name\":\"m\",\"fee\":0}}]}")
                .isEmpty(), "dropped members, in nested objects too");
        assertFalse(lists(current, "{\"addons\":[{\"i_product\":600}]}").isEmpty(), "replaced whole: one fewer is a change");
        assertFalse(lists(current, "{\"addons\":[{\"i_product\":601},{\"i_product\":600,\"from\":\"2027\"}]}").isEmpty());
        assertFalse(lists(current, "{\"addons\":[{\"i_product\":601},{\"i_product\":602}]}").isEmpty());
        assertFalse(lists("{}", "{\"addons\":[{\"i_product\":601}]}").isEmpty());
    }
}
