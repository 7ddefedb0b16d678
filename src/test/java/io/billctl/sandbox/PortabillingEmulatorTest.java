package io.billctl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PortaBilling emulator as a server, without billctl: its own rules (from the vendor page and
 * EVIDENCE.md), its answers and fault codes, its sessions and its fault switches. What it accepts
 * here billctl must accept too, so that a wrong client rule shows against it.
 */
class PortabillingEmulatorTest {
    PortabillingEmulator porta;
    String token;

    @BeforeEach
    void start() throws Exception {
        porta = new PortabillingEmulator();
        porta.seed();
        token = login().path("access_token").asText();
    }

    private EmulatorResponse post(String path, String body, Map<String, List<String>> headers) {
        return porta.handle(new EmulatorRequest("POST", path, null, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    private EmulatorResponse call(String method, String params) {
        return post("/rest/" + method, "{\"params\":" + params + "}",
                Map.of("Content-Type", List.of("application/json"), "Authorization", List.of("Bearer " + token)));
    }

    private JsonNode login() throws Exception {
        EmulatorResponse answer = post("/rest/Session/login", "{\"params\":{\"login\":\"sandbox\",\"password\":\"" + PortabillingEmulator.PASSWORD + "\"}}",
                Map.of("Content-Type", List.of("application/json")));
        assertEquals(200, answer.status());
        return body(answer);
    }

    private static JsonNode body(EmulatorResponse response) throws Exception {
        return Json.parse(new String(response.body(), StandardCharsets.UTF_8));
    }

    private EmulatorResponse update(String accountInfo) {
        return call("Account/update_account", "{\"account_info\":" + accountInfo + "}");
    }

    private static String faultcode(EmulatorResponse response) throws Exception {
        assertEquals(500, response.status(), "every fault is HTTP 500");
        return body(response).path("faultcode").asText();
    }

    @Test
    void aLoginAnswersTokensAndTheirLifetimeAsTheSwitchSays() throws Exception {
        JsonNode answer = login();
        for (String key : List.of("access_token", "refresh_token", "session_id", "expires_at")) assertTrue(answer.hasNonNull(key), answer.toString());
        assertFalse(answer.has("expires_in"));
        porta.faults(FaultPlan.parse("login-expiry=expires_in"));
        answer = login();
        assertEquals(86400, answer.path("expires_in").asInt());
        assertFalse(answer.has("expires_at"));
        porta.faults(FaultPlan.parse("login-expiry=none"));
        assertFalse(login().has("expires_in") || login().has("expires_at"));
        // An older release's form login answers a session id, and no access token.
        EmulatorResponse form = post("/rest/Session/login", "params=" + URLEncoder.encode("{\"login\":\"sandbox\",\"token\":\""
                + PortabillingEmulator.API_TOKEN + "\"}", StandardCharsets.UTF_8), Map.of("Content-Type", List.of("application/x-www-form-urlencoded")));
        assertTrue(body(form).hasNonNull("session_id"));
        assertFalse(body(form).has("access_token"));
    }

    @Test
    void aTokenIsRejectedWithTheCodeRealServersUse() throws Exception {
        EmulatorResponse none = post("/rest/Account/get_account_info", "{\"params\":{\"i_account\":1}}", Map.of("Content-Type", List.of("application/json")));
        assertEquals("Client.check_auth.envelope_missed", faultcode(none));
        String issued = token;
        token = "0123456789abcdef";
        assertEquals("Client.Session.check_auth.failed_to_process_access_token", faultcode(call("Account/get_account_info", "{\"i_account\":1}")));
        token = issued;
        porta.expireSessions();
        assertEquals("Server.Session.check_auth.auth_failed", faultcode(call("Account/get_account_info", "{\"i_account\":1}")));
        porta.faults(FaultPlan.parse("token-fault=failed_to_process_jwt"));
        assertEquals("Client.Session.check_auth.failed_to_process_jwt", faultcode(call("Account/get_account_info", "{\"i_account\":1}")));
    }

    @Test
    void tokenResetEndsEverySessionOnceAtTheNthCall() throws Exception {
        porta.faults(FaultPlan.parse("token-reset=3"));
        assertEquals(200, call("Account/get_account_info", "{\"i_account\":1}").status());
        assertEquals(200, call("Account/get_account_info", "{\"i_account\":1}").status());
        assertEquals("Server.Session.check_auth.auth_failed", faultcode(call("Account/get_account_info", "{\"i_account\":1}")));
        token = login().path("access_token").asText();
        for (int i = 0; i < 5; i++) assertEquals(200, call("Account/get_account_info", "{\"i_account\":1}").status(), "once only");
        porta.faults(FaultPlan.parse("token-reset=always"));
        token = login().path("access_token").asText();
        assertEquals("Server.Session.check_auth.auth_failed", faultcode(call("Account/get_account_info", "{\"i_account\":1}")));
    }

    @Test
    void switchesAreCheckedWhenGiven() {
        BillctlException e = org.junit.jupiter.api.Assertions.assertThrows(BillctlException.class, () -> FaultPlan.parse("token-fault=expired"));
        assertTrue(e.getMessage().contains("token-fault is one of"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(BillctlException.class, () -> FaultPlan.parse("token-reset=0"));
        org.junit.jupiter.api.Assertions.assertThrows(BillctlException.class, () -> FaultPlan.parse("login-expiry=never"));
        org.junit.jupiter.api.Assertions.assertThrows(BillctlException.class, () -> FaultPlan.parse("deny=seven"));
        assertEquals("7:9", FaultPlan.parse("deny=7:9,error=0.1").option("deny"));
    }

    @Test
    void readsAnswerAnUnknownAccountWithAnEmptyObject() throws Exception {
        EmulatorResponse missing = call("Account/get_account_info", "{\"i_account\":99999}");
        assertEquals(200, missing.status());
        assertEquals(Json.object(), body(missing));
        assertEquals(7, body(call("Account/get_account_info", "{\"id\":\"10007\"}")).at("/account_info/i_account").asInt());
        assertEquals(8, body(call("Account/get_account_info", "{\"login\":\"account8\"}")).at("/account_info/i_account").asInt());
        assertFalse(body(call("Account/get_account_info", "{\"i_account\":8,\"without_service_features\":1}")).path("account_info").has("service_features"));
        JsonNode info = body(call("Account/get_account_info", "{\"i_account\":10}")).path("account_info");
        assertTrue(info.path("credit_limit").isNull(), "a debit account has no credit limit: " + info);
        assertEquals("", info.path("baddr1").asText("-"));
        assertTrue(info.at("/assigned_addons/0/i_reseller_subscription").isNull());
        assertEquals("USD", info.at("/assigned_addons/0/iso_4217").asText());
        assertEquals("Y", info.at("/service_features/0/effective_flag_value").asText());
    }

    @Test
    void aPathTheApiDoesNotHaveIsAPlain404() {
        EmulatorResponse answer = post("/rest/rest/Account/update_account", "{}", Map.of("Content-Type", List.of("application/json")));
        assertEquals(404, answer.status());
        assertFalse(new String(answer.body(), StandardCharsets.UTF_8).contains("faultcode"));
    }

    /** The server's own rules, from the page and EVIDENCE.md: "" is the fault code's absence (accepted). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"zip\":\"1\"}|Client.Account.update_account.validation_error",
            "{\"zip\":\"\"}|",
            "{\"zip\":\"SW1A 1AA\"}|",
            "{\"login\":\"abc\"}|Client.Account.update_account.validation_error",
            "{\"login\":\"\"}|",
            "{\"email\":\"\"}|",
            // The page gives no form for an email address, and for the country only "alpha-2": taken as they come.
            "{\"email\":\"root@localhost\"}|",
            "{\"country\":\"XK\"}|",
            "{\"country\":\"de\"}|",
            "{\"country\":\"DEU\"}|Client.Account.update_account.validation_error",
            "{\"country\":\"1A\"}|Client.Account.update_account.validation_error",
            "{\"country\":\"\"}|",
            "{\"password\":\"abcdef\"}|Client.Account.update_account.validation_error",
            "{\"credit_limit\":null,\"expiration_date\":null,\"life_time\":null,\"inactivity_expire_time\":null}|",
            "{\"credit_limit\":\"12.50\"}|",
            "{\"firstname\":null}|Client.Account.update_account.validation_error",
            "{\"blocked\":\"maybe\"}|Client.Account.update_account.validation_error",
            "{\"bill_status\":\"C\"}|Server.Account.update_account.field_not_updatable",
            "{\"i_customer\":2}|Server.Account.update_account.field_not_updatable",
            "{\"iso_4217\":\"EUR\"}|Server.Account.update_account.field_not_updatable",
            "{\"included_services\":[{\"i_service\":1}]}|",
            "{\"colour\":\"red\"}|Client.Account.update_account.unknown_field",
            "{\"service_features\":[{\"name\":\"voice_vm\",\"flag_value\":\"N\",\"effective_flag_value\":\"Y\",\"attributes\":[{\"name\":\"ext_num\",\"values\":[\"9\"],\"effective_values\":[\"5\"]}]}]}|",
            "{\"assigned_addons\":[{\"i_product\":604,\"addon_priority\":10,\"hidden\":\"N\",\"iso_4217\":\"USD\",\"realm\":\"\",\"i_reseller_subscription\":null,\"product_subscription\":{\"activation_fee\":0}}]}|",
            "{\"assigned_addons\":[{\"addon_effective_from\":\"2026-01-01\"}]}|Client.Account.update_account.validation_error",
            // "flag_value ... Not mandatory for cli_trust and permitted_sip_proxies service features": mandatory for the others.
            "{\"service_features\":[{\"name\":\"voice_vm\"}]}|Client.Account.update_account.validation_error",
            "{\"service_features\":[{\"name\":\"voice_vm\",\"attributes\":[{\"name\":\"ext_num\",\"values\":[\"9\"]}]}]}|Client.Account.update_account.validation_error",
            "{\"service_features\":[{\"name\":\"permitted_sip_proxies\",\"attributes\":[{\"name\":\"proxies\",\"values\":[\"192.0.2.1\"]}]}]}|",
            // "Both attributes of the cli_trust service feature (accept_caller and supply_caller) are mandatory."
            "{\"service_features\":[{\"name\":\"cli_trust\",\"attributes\":[{\"name\":\"accept_caller\",\"values\":[\"Y\"]},{\"name\":\"supply_caller\",\"values\":[\"N\"]}]}]}|",
            "{\"service_features\":[{\"name\":\"cli_trust\",\"flag_value\":\"Y\",\"attributes\":[{\"name\":\"accept_caller\",\"values\":[\"Y\"]}]}]}|Client.Account.update_account.validation_error",
            "{\"service_features\":[{\"name\":\"cli_trust\",\"flag_value\":\"Y\"}]}|Client.Account.update_account.validation_error",
            "{\"id\":\"10001\"}|Server.Account.duplicate_id",
            "{\"login\":\"account1\"}|Client.Account.update_account.duplicate_login"})
    void theServersOwnRules(String accountInfo, String fault) throws Exception {
        ObjectNode info = (ObjectNode) Json.parse(accountInfo);
        info.put("i_account", 3);
        EmulatorResponse answer = update(Json.write(info));
        if (fault == null) assertEquals(200, answer.status(), () -> new String(answer.body(), StandardCharsets.UTF_8));
        else assertEquals(fault, faultcode(answer));
    }

    /** get_account_list's filters by the account's own field types: the PIN and the login are text, the customer an integer. */
    @Test
    void listFiltersAreTypedAsTheAccountsFields() throws Exception {
        assertEquals(PortabillingRules.LIST_VALIDATION, faultcode(call("Account/get_account_list", "{\"id\":10003}")));
        assertEquals(PortabillingRules.LIST_VALIDATION, faultcode(call("Account/get_account_list", "{\"login\":3}")));
        assertEquals(PortabillingRules.LIST_VALIDATION, faultcode(call("Account/get_account_list", "{\"i_customer\":\"abc\"}")));
        JsonNode pin = body(call("Account/get_account_list", "{\"id\":\"10003\"}")).path("account_list");
        assertEquals(1, pin.size(), pin.toString());
        assertEquals(3, pin.at("/0/i_account").asInt());
        JsonNode login = body(call("Account/get_account_list", "{\"login\":\"account7\"}")).path("account_list");
        assertEquals(1, login.size(), login.toString());
        assertEquals(7, login.at("/0/i_account").asInt());
        assertEquals(10, body(call("Account/get_account_list", "{\"i_customer\":6}")).path("account_list").size());
    }

    @Test
    void whatTheServerKeepsIsItsOwnForReadOnlyMembers() throws Exception {
        update("{\"i_account\":3,\"service_features\":[{\"name\":\"voice_vm\",\"flag_value\":\"N\",\"effective_flag_value\":\"Y\"}],"
                + "\"assigned_addons\":[{\"i_product\":604,\"addon_priority\":30,\"addon_effective_from\":\"2026-02-01 00:00:00\"}]}");
        JsonNode stored = porta.account(3);
        assertEquals("N", stored.at("/service_features/0/effective_flag_value").asText(), "the effective value is the server's");
        assertEquals("clir", stored.at("/service_features/1/name").asText(), "features not named are kept");
        assertEquals(10, stored.at("/assigned_addons/0/addon_priority").asInt(), "the product's priority, not the request's");
        assertEquals("2026-02-01 00:00:00", stored.at("/assigned_addons/0/addon_effective_from").asText());
    }

    /** cli_trust's flag_value is not mandatory: sent without it, the feature keeps the flag it had. */
    @Test
    void aFeatureWhoseFlagIsNotMandatoryKeepsItsFlag() throws Exception {
        String both = "\"attributes\":[{\"name\":\"accept_caller\",\"values\":[\"Y\"]},{\"name\":\"supply_caller\",\"values\":[\"N\"]}]";
        assertEquals(200, update("{\"i_account\":3,\"service_features\":[{\"name\":\"cli_trust\",\"flag_value\":\"Y\"," + both + "}]}").status());
        assertEquals(200, update("{\"i_account\":3,\"service_features\":[{\"name\":\"cli_trust\"," + both.replace("\"N\"", "\"Y\"") + "}]}").status());
        JsonNode cli = null;
        for (JsonNode feature : porta.account(3).get("service_features")) if (feature.path("name").asText().equals("cli_trust")) cli = feature;
        assertEquals("Y", cli.path("flag_value").asText(), cli.toString());
        assertEquals("Y", cli.path("effective_flag_value").asText(), cli.toString());
        assertEquals("Y", cli.at("/attributes/1/values/0").asText(), cli.toString());
    }

    /** "If the main product is changed and the list of add-on products is not provided, existing add-on products will be removed." */
    @Test
    void addOnsGoOnlyWhenTheMainProductChangesWithoutThem() throws Exception {
        JsonNode addons = porta.account(13).get("assigned_addons").deepCopy();
        assertEquals(1, addons.size(), addons.toString());
        long product = porta.account(13).path("i_product").asLong();
        assertEquals(200, update("{\"i_account\":13,\"i_product\":" + product + "}").status());
        assertEquals(addons, porta.account(13).get("assigned_addons"), "the same product sent again changes nothing");
        assertEquals(200, update("{\"i_account\":13,\"i_product\":" + (product + 1) + "}").status());
        assertEquals(0, porta.account(13).get("assigned_addons").size(), "a new product without add-ons removes them");
    }

    @Test
    void aDeniedAccountIsAPermissionFaultAndAMissingOneNotFound() throws Exception {
        porta.faults(FaultPlan.parse("deny=7"));
        assertEquals(PortabillingEmulator.PERMISSION_DENIED, faultcode(update("{\"i_account\":7,\"firstname\":\"x\"}")));
        assertEquals(PortabillingEmulator.PERMISSION_DENIED, faultcode(call("Account/get_account_info", "{\"i_account\":7}")));
        assertEquals(PortabillingEmulator.NOT_FOUND, faultcode(update("{\"i_account\":99999,\"firstname\":\"x\"}")));
        assertEquals("Client.Account.update_account.validation_error",
                faultcode(call("Account/update_account", "{\"account_info\":{\"i_account\":3},\"release_assigned_did\":2}")));
    }

    @Test
    void theFormStyleCarriesTheSessionIdInAuthInfo() throws Exception {
        String sessionId = login().path("session_id").asText();
        String body = "auth_info=" + URLEncoder.encode("{\"session_id\":\"" + sessionId + "\"}", StandardCharsets.UTF_8)
                + "&params=" + URLEncoder.encode("{\"account_info\":{\"i_account\":4,\"firstname\":\"Form\"}}", StandardCharsets.UTF_8);
        EmulatorResponse answer = post("/rest/Account/update_account", body, Map.of("Content-Type", List.of("application/x-www-form-urlencoded")));
        assertEquals(200, answer.status());
        assertEquals("Form", porta.account(4).path("firstname").asText());
    }
}
