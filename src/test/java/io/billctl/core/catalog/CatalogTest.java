package io.billctl.core.catalog;

import io.billctl.app.Registry;
import static io.billctl.core.catalog.Field.bool;
import static io.billctl.core.catalog.Field.date;
import static io.billctl.core.catalog.Field.dateTime;
import static io.billctl.core.catalog.Field.decimal;
import static io.billctl.core.catalog.Field.integer;
import static io.billctl.core.catalog.Field.integerList;
import static io.billctl.core.catalog.Field.objectList;
import static io.billctl.core.catalog.Field.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog engine on a made-up backend with every kind of rule, and the JeraSoft catalog's facts. */
class CatalogTest {
    static final Catalog CATALOG = Catalog.of("test",
            List.of(update -> update.has("min") && update.has("max") && update.get("max").decimalValue().compareTo(update.get("min").decimalValue()) < 0
                    ? Map.of("max", "must be at least min") : Map.of()),
            string("login").length(4, 64).pattern("[a-z0-9_]+", "Lower-case letters, digits and _."),
            string("blocked").oneOf("Y", "N"),
            integer("capacity").range(1, 32767).nullable(),
            decimal("min"),
            decimal("max"),
            bool("enabled"),
            date("expires"),
            dateTime("effective_from"),
            integerList("ids").min(1),
            string("mode").oneOf("ip", "ani"),
            string("ani").requiredWhen("mode", "ani").nullable(),
            string("status").refused("use terminate instead."),
            objectList("addons", integer("i_product").min(1), dateTime("addon_effective_from"), string("hidden").refused("read-only.")));

    private static Map<String, String> check(String json) throws Exception {
        return Validator.validate(CATALOG, (ObjectNode) Json.parse(json), false);
    }

    @Test
    void acceptsValuesWithinEveryRule() throws Exception {
        assertEquals(Map.of(), check("""
                {"login":"ab_12","blocked":"Y","capacity":null,"min":"1.50","max":2,"enabled":false,"expires":"2026-02-28",
                 "effective_from":"2026-02-28 23:59:59","ids":[1,2],"mode":"ani","ani":"4420",
                 "addons":[{"i_product":604,"addon_effective_from":"2022-04-01 00:00:00"}]}"""));
    }

    @Test
    void reportsEachBrokenRuleInWords() throws Exception {
        Map<String, String> problems = check("""
                {"login":"AB","blocked":"yes","capacity":0,"min":"abc","enabled":"true","expires":"2026-02-30",
                 "effective_from":"2026-02-28","ids":[0,"x"],"status":"C","addons":[{"i_product":0,"hidden":"Y","colour":"red"}]}""");
        assertEquals("must be at least 4 characters, got 2", problems.get("login"));
        assertEquals("must be one of Y, N, got \"yes\"", problems.get("blocked"));
        assertEquals("must be between 1 and 32767, got 0", problems.get("capacity"));
        assertEquals("expected a decimal number, got \"abc\"", problems.get("min"));
        assertEquals("expected true or false, got the string \"true\"", problems.get("enabled"));
        assertEquals("expected a date YYYY-MM-DD, got \"2026-02-30\"", problems.get("expires"));
        assertEquals("expected a date-time YYYY-MM-DD hh:mm:ss, got \"2026-02-28\"", problems.get("effective_from"));
        assertEquals("must be at least 1, got 0", problems.get("ids[0]"));
        assertEquals("expected an integer, got the string \"x\"", problems.get("ids[1]"));
        assertEquals("cannot be updated: use terminate instead.", problems.get("status"));
        assertEquals("must be at least 1, got 0", problems.get("addons[0].i_product"));
        assertEquals("cannot be updated: read-only.", problems.get("addons[0].hidden"));
        assertTrue(problems.get("addons[0].colour").startsWith("not a field this command knows"));
    }

    @Test
    void patternsAndLengthsCountCharactersNotBytes() throws Exception {
        assertEquals("\"ab-cd\" does not match the rule: Lower-case letters, digits and _.", check("{\"login\":\"ab-cd\"}").get("login"));
        assertEquals(Map.of(), Validator.validate(Registry.backends().require("jerasoft").catalog(), (ObjectNode) Json.parse("{\"name\":\"" + "é".repeat(64) + "\"}"), false));
    }

    @Test
    void requiredWhenAndCrossFieldRulesLookAtTheWholeUpdate() throws Exception {
        // The request alone refuses only what the update itself breaks; the rest is judged on the account (StateRulesTest).
        assertEquals(Map.of(), check("{\"mode\":\"ani\"}"));
        assertEquals(Map.of("ani", "is required when mode is ani, and this update empties it"), check("{\"mode\":\"ani\",\"ani\":\"\"}"));
        assertEquals(Map.of("max", "must be at least min"), check("{\"min\":5,\"max\":4}"));
    }

    @Test
    void unknownNamesGetASuggestionOrAreLetThrough() throws Exception {
        assertEquals("not a field this command knows (did you mean capacity?); --allow-unknown-fields sends it anyway", check("{\"capacty\":1}").get("capacty"));
        assertEquals("not a field this command knows; --allow-unknown-fields sends it anyway", check("{\"zzz\":1}").get("zzz"));
        assertEquals(Map.of(), Validator.validate(CATALOG, (ObjectNode) Json.parse("{\"zzz\":1}"), true));
    }

    @Test
    void textIsTypedByTheField() throws Exception {
        assertEquals(Json.NODES.textNode("007"), FieldText.parse(CATALOG.find("login").get(), "007"));
        assertEquals("12", FieldText.parse(CATALOG.find("capacity").get(), "12").toString());
        assertEquals("1.50", FieldText.parse(CATALOG.find("min").get(), "1.50").toString(), "decimals stay exact");
        assertEquals("[1,2]", FieldText.parse(CATALOG.find("ids").get(), "1, 2").toString());
        assertEquals("[1,2]", FieldText.parse(CATALOG.find("ids").get(), "[1,2]").toString());
        assertEquals("[]", FieldText.parse(CATALOG.find("ids").get(), "").toString());
        assertEquals("true", FieldText.parse(CATALOG.find("enabled").get(), "TRUE").toString());
        assertThrows(FieldText.BadText.class, () -> FieldText.parse(CATALOG.find("capacity").get(), "1.5"));
        assertThrows(FieldText.BadText.class, () -> FieldText.parse(CATALOG.find("enabled").get(), "yes"));
        assertThrows(FieldText.BadText.class, () -> FieldText.parse(CATALOG.find("addons").get(), "[{"));
        JsonNode lenient = FieldText.parseLenient("not json");
        assertEquals("not json", lenient.asText());
        assertEquals(42, FieldText.parseLenient("42").asInt());
    }

    @Test
    void describesRulesForHelpText() {
        assertEquals("One of: Y, N.", CATALOG.find("blocked").get().rules());
        assertEquals("From 1 to 32767. Nullable (--unset capacity).", CATALOG.find("capacity").get().rules());
        assertEquals("<Y|N>", CATALOG.find("blocked").get().paramLabel());
        assertEquals("--effective-from", CATALOG.find("effective_from").get().flag());
    }

    @Test
    void aCatalogCannotNameAFieldTwice() {
        assertThrows(IllegalArgumentException.class, () -> Catalog.of("dup", List.of(), string("a"), integer("a")));
    }

    @Test
    void suggestionsForgiveCaseDashesAndSmallTypos() {
        assertEquals("tech_prefix", Suggest.closest("tech-prefx", List.of("tech_prefix", "name")).orElse(null));
        assertEquals("name", Suggest.closest("NAME", List.of("tech_prefix", "name")).orElse(null));
        assertTrue(Suggest.closest("foo", List.of("tech_prefix", "name")).isEmpty());
        assertEquals("name", Suggest.closest("nmae", List.of("tech_prefix", "name")).orElse(null), "a swap is one edit");
        // A word of other names: those, not a name as near by edits that means something else.
        assertEquals("--firstname or --lastname", Suggest.closest("--name", List.of("--rate", "--firstname", "--lastname", "--email")).orElse(null));
        assertEquals("--orig-capacity", Suggest.closest("--capacity", List.of("--orig-capacity", "--name")).orElse(null));
        assertTrue(Suggest.closest("--id", List.of("--ids", "--i-d")).isPresent(), "short words go by edits");
        assertEquals(1, Suggest.distance("ab", "ba"));
        assertEquals(3, Suggest.distance("kitten", "sitting"));
    }

    /** Facts of the JeraSoft page (spec/NOTES.md) that the catalog must keep. */
    @Test
    void jerasoftCatalogMatchesTheVendorPage() {
        Catalog jerasoft = Registry.backends().require("jerasoft").catalog();
        assertEquals(List.of("clients_id", "name", "auth_type", "notes", "orig_tags", "term_tags", "tech_prefix", "ani", "accname",
                "password", "orig_enabled", "orig_capacity", "orig_rate_tables_ids", "orig_routing_plan_id", "term_enabled",
                "term_capacity", "term_rate_tables_ids", "term_protocol", "term_port", "term_proxy_mode", "ips", "equipment_ids"),
                jerasoft.fields().stream().map(Field::name).toList());
        assertTrue(jerasoft.find("clients_id").get().writable(), "sent as given: the server decides whether the account may move");
        assertEquals(64, jerasoft.find("name").get().maxLength().orElseThrow());
        assertEquals(128, jerasoft.find("accname").get().maxLength().orElseThrow());
        assertEquals(256, jerasoft.find("password").get().maxLength().orElseThrow());
        assertTrue(jerasoft.find("password").get().secret());
        assertEquals(List.of("name", "ip", "ani"), jerasoft.find("auth_type").get().allowed());
        assertEquals("7", jerasoft.find("term_proxy_mode").get().max().orElseThrow().toPlainString());
        assertEquals("2147483647", jerasoft.find("orig_capacity").get().max().orElseThrow().toPlainString());
        assertEquals(FieldType.BOOLEAN, jerasoft.find("orig_enabled").get().type());
        assertEquals(FieldType.INTEGER_LIST, jerasoft.find("orig_rate_tables_ids").get().type());
        assertEquals(List.of(new Field.RequiredWhen("auth_type", "ani")), jerasoft.find("ani").get().requiredWhen());
        assertEquals(List.of(new Field.RequiredWhen("auth_type", "name")), jerasoft.find("accname").get().requiredWhen());
        assertEquals(List.of(new Field.RequiredWhen("auth_type", "ip")), jerasoft.find("ips").get().requiredWhen());
        assertTrue(jerasoft.find("notes").get().nullable());
    }

    /** Issue 18: a member a read returns but the server sets (accepted, whatever it holds), "" for "not set", a flag named otherwise. */
    @Test
    void droppedMembersEmptyTextAndNamedFlags() throws Exception {
        Catalog catalog = Catalog.of("test", List.of(),
                string("zip").length(2, 10).pattern("[0-9]+", "Digits.").orEmpty(),
                string("blocked").oneOf("Y", "N"),
                string("id").flag("--account-id").deprecatedAlias("--id", "it is the PIN"),
                objectList("addons", integer("i_product"), integer("addon_priority").oneOf("10", "20").dropped("read-only.")));
        ObjectNode update = (ObjectNode) Json.parse("""
                {"zip":"","addons":[{"i_product":1,"addon_priority":"anything at all"}]}""");
        assertEquals(Map.of(), Validator.validate(catalog, update, false));
        assertEquals(Map.of("zip", "must be at least 2 characters, got 1"), Validator.validate(catalog, (ObjectNode) Json.parse("{\"zip\":\"1\"}"), false));
        assertEquals(Map.of("blocked", "must be one of Y, N, got \"\""), Validator.validate(catalog, (ObjectNode) Json.parse("{\"blocked\":\"\"}"), false),
                "only a field that says so takes \"\"");
        Field id = catalog.find("id").orElseThrow();
        assertEquals("--account-id", id.flag());
        assertEquals(List.of("--id"), id.deprecatedAliases());
        assertEquals("it is the PIN", id.deprecation());
        assertEquals("--zip", catalog.find("zip").orElseThrow().flag());
        Field priority = catalog.find("addons").orElseThrow().members().get(1);
        assertTrue(priority.writable() && priority.dropped().isPresent());
        assertTrue(priority.rules().contains("Accepted and left out of the request: read-only."), priority.rules());
        assertTrue(catalog.find("zip").orElseThrow().rules().contains("Or \"\" (empty) to clear it."));
    }

    /** A secret's value is never repeated by a problem: its type and length only, whatever rule it breaks. */
    @Test
    void aSecretsProblemNeverRepeatsItsValue() throws Exception {
        Catalog secrets = Catalog.of("test", List.of(),
                string("pin").pattern("[0-9]{4}", "Four digits.").secret(),
                string("level").oneOf("low", "high").secret(),
                string("key").check(new Field.Check() {
                    @Override
                    public String apply(JsonNode value) {
                        return value.asText().startsWith("k") ? null : value.asText() + " does not start with k";
                    }
                }, "Starts with k.").secret(),
                Field.object("sim", string("auth").maxLength(4).secret()));
        ObjectNode update = (ObjectNode) Json.parse("{\"pin\":\"Secret99pin\",\"level\":\"Secret99lvl\",\"key\":\"Secret99key\","
                + "\"sim\":{\"auth\":123456789}}");
        Map<String, String> problems = Validator.validate(secrets, update, false);
        assertEquals(4, problems.size(), problems.toString());
        for (String problem : problems.values()) assertTrue(!problem.contains("Secret99") && !problem.contains("123456789"), problem);
        assertEquals("a value of 11 characters (a secret: not shown) does not match the rule: Four digits.", problems.get("pin"));
        assertEquals("must be one of low, high, got a value of 11 characters (a secret: not shown)", problems.get("level"));
        assertEquals("expected a string, got a number of 9 characters (a secret: not shown)", problems.get("sim.auth"));
    }
}
