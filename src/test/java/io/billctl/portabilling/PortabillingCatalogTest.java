package io.billctl.portabilling;

import static io.billctl.portabilling.PortabillingCatalog.CATALOG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldType;
import io.billctl.core.catalog.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Facts of the PortaBilling update_account page (account_info) that the catalog must keep. */
class PortabillingCatalogTest {
    private static Field field(String name) {
        return CATALOG.find(name).orElseThrow(() -> new AssertionError("no field " + name));
    }

    private static Field member(Field parent, String name) {
        return parent.members().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(parent.name() + " has no member " + name));
    }

    private static String problem(String name, JsonNode value) {
        return Validator.problem(field(name), value);
    }

    private static JsonNode text(String value) {
        return Json.NODES.textNode(value);
    }

    @Test
    void topLevelFieldsAreThePagesInItsOrder() {
        assertEquals(List.of("activation_date", "address_line_2", "alias_did_number_list", "assigned_addons", "aux_fields", "baddr1",
                "batch_name", "bcc", "bill_status", "billing_model", "blocked", "call_processing_mode_info", "city", "companyname",
                "cont1", "cont2", "control_number", "country", "credit_limit", "ecommerce_enabled", "email", "expiration_date", "faxnum",
                "firstname", "h323_password", "i_account", "i_account_balance_control_type", "i_account_role", "i_acl", "i_batch",
                "i_customer", "i_customer_site", "i_distributor", "i_lang", "i_master_account", "i_product", "i_role", "i_time_zone",
                "i_vd_plan", "id", "in_date_format", "in_time_format", "inactivity_expire_time", "included_services", "iso_4217", "lastname",
                "life_time", "login", "midinit", "note", "notepad", "opening_balance", "out_date_format", "out_date_time_format",
                "out_time_format", "password", "phone1", "phone2", "redirect_number", "salutation", "service_features", "sim_card_info",
                "state", "subscriber_email", "ua_profile_id", "voucher_info", "zip", "release_assigned_did"),
                CATALOG.fields().stream().map(Field::name).toList());
        assertEquals(java.util.Set.of("release_assigned_did"), PortabillingCatalog.BESIDE_ACCOUNT_INFO, "the page's last row goes beside account_info");
        assertEquals(List.of("0", "1"), field("release_assigned_did").allowed());
    }

    @Test
    void noObjectNamesAMemberTwiceAndEveryFieldHasHelp() {
        List<String> problems = new ArrayList<>();
        walk(CATALOG.fields(), "", problems);
        assertEquals(List.of(), problems);
    }

    private static void walk(List<Field> fields, String prefix, List<String> problems) {
        List<String> seen = new ArrayList<>();
        for (Field f : fields) {
            if (seen.contains(f.name())) problems.add(prefix + f.name() + " twice");
            seen.add(f.name());
            if (f.help().isBlank()) problems.add(prefix + f.name() + " has no help");
            if (f.help().contains("UI equivalent") || f.help().contains("Note:") || f.help().contains("\n")) {
                problems.add(prefix + f.name() + " help is not one clean line");
            }
            walk(f.members(), prefix + f.name() + ".", problems);
        }
    }

    @Test
    void loginIs4To64CharactersOfAFewKinds() {
        Field login = field("login");
        assertEquals(FieldType.STRING, login.type());
        assertEquals(4, login.minLength().orElseThrow());
        assertEquals(64, login.maxLength().orElseThrow());
        assertNull(problem("login", text("ada.l-@_9")));
        assertEquals("must be at least 4 characters, got 3", problem("login", text("ada")));
        assertNotNull(problem("login", text("ada l")));
        assertNotNull(problem("login", text("a".repeat(65))));
    }

    @Test
    void passwordNeedsSixCharactersWithALetterAndADigitAndIsSecret() {
        Field password = field("password");
        assertTrue(password.secret());
        assertEquals(6, password.minLength().orElseThrow());
        assertEquals("must contain at least one letter and one digit", problem("password", text("abcdef")));
        assertNotNull(problem("password", text("123456")));
        assertNotNull(problem("password", text("ab12")));
        assertNull(problem("password", text("abc123")));
        assertTrue(field("h323_password").secret());
    }

    @Test
    void zipAndCountryFollowThePage() {
        assertEquals("must be at least 2 characters, got 1", problem("zip", text("1")));
        assertNull(problem("zip", text("10115")));
        assertNull(problem("zip", text("SW1A 1AA")));
        assertNotNull(problem("zip", text("10115_")));
        // "ISO 3166-1 alpha-2 format" is two letters; which codes and which case the page does not say: warned about, not refused.
        assertNotNull(problem("country", text("DEU")));
        assertNotNull(problem("country", text("1A")));
        assertNull(problem("country", text("de")));
        assertNull(problem("country", text("XK")));
        assertNull(problem("country", text("DE")));
        assertEquals(64, field("id").maxLength().orElseThrow());
        assertNull(problem("email", text("noc@example.com")));
        assertNull(problem("email", text("root@localhost")), "the page gives no form for an email address");
        com.fasterxml.jackson.databind.node.ObjectNode update = io.billctl.core.Json.object().put("country", "xk").put("email", "root@localhost");
        assertEquals(2, io.billctl.core.catalog.Unstated.warnings(PortabillingCatalog.CATALOG, update).size());
        assertEquals(0, io.billctl.core.catalog.Unstated.warnings(PortabillingCatalog.CATALOG,
                io.billctl.core.Json.object().put("country", "DE").put("email", "noc@example.com")).size());
    }

    @Test
    void refusalsCarryThePagesReason() {
        assertTrue(field("bill_status").refusal().orElseThrow().contains("terminate_account"));
        assertTrue(problem("bill_status", text("C")).contains("terminate_account"));
        assertEquals(List.of("O", "I", "C"), field("bill_status").allowed());
        assertTrue(field("i_account").refusal().isPresent());
        assertEquals("cannot be changed after creation.", field("billing_model").refusal().orElseThrow());
        assertEquals(List.of("-1", "0", "1", "2", "4"), field("billing_model").allowed());
        assertEquals("cannot be changed after creation.", field("i_customer").refusal().orElseThrow());
        assertEquals("cannot be changed after creation.", field("control_number").refusal().orElseThrow());
        assertEquals("can only be updated by the system.", field("i_master_account").refusal().orElseThrow());
        // "Only in get responses; ignored in add/update": accepted from a read, left out of the request, not refused.
        assertEquals("only in get responses; update_account ignores it.", field("included_services").dropped().orElseThrow());
        assertFalse(field("included_services").refusal().isPresent());
        assertFalse(field("included_services").settable(), "no value an update sets: get does not show it, help lists no flag");
        assertTrue(field("alias_did_number_list").refusal().isPresent());
        assertFalse(field("email").refusal().isPresent());
    }

    @Test
    void simpleTypesAndEnums() {
        assertEquals(List.of("Y", "N"), field("blocked").allowed());
        assertNull(problem("blocked", text("N")));
        assertEquals("must be one of Y, N, got \"yes\"", problem("blocked", text("yes")));
        assertEquals(FieldType.DECIMAL, field("credit_limit").type());
        assertNull(problem("credit_limit", Json.NODES.numberNode(new java.math.BigDecimal("150.5"))));
        assertEquals(FieldType.DATE, field("expiration_date").type());
        assertNull(problem("expiration_date", text("2027-01-31")));
        assertNotNull(problem("expiration_date", text("2027-01-31 00:00:00")));
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), field("i_account_role").allowed());
        assertEquals(FieldType.INTEGER, field("i_product").type());
    }

    @Test
    void assignedAddonsNestRecursively() {
        Field addons = field("assigned_addons");
        assertEquals(FieldType.OBJECT_LIST, addons.type());
        assertEquals(FieldType.INTEGER, member(addons, "i_product").type());
        assertEquals(FieldType.DATETIME, member(addons, "addon_effective_from").type());
        assertEquals(FieldType.DATETIME, member(addons, "addon_effective_to").type());
        assertEquals("read-only.", member(addons, "hidden").dropped().orElseThrow());
        assertTrue(member(addons, "hidden").writable(), "accepted from a read, left out of the request");
        assertEquals(List.of("0", "10", "15", "20", "25", "30"), member(addons, "addon_priority").allowed());
        assertEquals(List.of("None", "All", "Debit"), member(addons, "fraud_protection").allowed());
        Field subscription = member(addons, "product_subscription");
        assertEquals(FieldType.OBJECT, subscription.type());
        assertEquals(FieldType.OBJECT_LIST, member(subscription, "multi_month_discount_list").type());
        assertEquals(FieldType.DECIMAL, member(member(subscription, "multi_month_discount_list"), "discount_fee").type());
        assertEquals(FieldType.JSON, member(subscription, "periodic_fees").type());
        assertTrue(member(subscription, "periodic_fees").help().contains("list of lists"));
        assertEquals(255, member(subscription, "description").maxLength().orElseThrow());
    }

    @Test
    void serviceFeaturesAndSimCard() {
        Field features = field("service_features");
        assertEquals(FieldType.OBJECT_LIST, features.type());
        Field attributes = member(features, "attributes");
        assertEquals(FieldType.OBJECT_LIST, attributes.type());
        assertEquals(FieldType.STRING_LIST, member(attributes, "values").type());
        assertTrue(member(features, "effective_flag_value").dropped().isPresent());
        assertTrue(member(member(features, "attributes"), "effective_values").dropped().isPresent());

        Field sim = field("sim_card_info");
        assertEquals(FieldType.OBJECT, sim.type());
        assertTrue(member(sim, "auth_key").secret());
        assertTrue(member(sim, "opc_key").secret());
        assertEquals("must be 32 hexadecimal digits", Validator.problem(member(sim, "auth_key"), text("not-a-key")));
        assertNull(Validator.problem(member(sim, "auth_key"), text("0123456789abcdef0123456789ABCDEF")));
    }

    @Test
    void thePagesExampleUpdatePasses() throws Exception {
        ObjectNode update = (ObjectNode) Json.parse("""
                {"assigned_addons":[{"i_product":604,"addon_effective_from":"2022-04-01 00:00:00","addon_effective_to":"2022-05-01 00:00:00"}]}""");
        assertEquals(Map.of(), Validator.validate(CATALOG, update, false));
    }

    @Test
    void nestedRefusalsAndTypesAreCheckedInsideAnUpdate() throws Exception {
        ObjectNode update = (ObjectNode) Json.parse("""
                {"assigned_addons":[{"i_product":"604","hidden":"Y"}],"sim_card_info":{"is_used":2},"i_account":55}""");
        Map<String, String> problems = Validator.validate(CATALOG, update, false);
        assertEquals("expected an integer, got the string \"604\"", problems.get("assigned_addons[0].i_product"));
        assertFalse(problems.containsKey("assigned_addons[0].hidden"), "a read-only member a read returns is accepted (and left out)");
        assertEquals("must be one of 1, 0, got \"2\"", problems.get("sim_card_info.is_used"));
        assertTrue(problems.get("i_account").startsWith("cannot be updated: "));
    }
}
