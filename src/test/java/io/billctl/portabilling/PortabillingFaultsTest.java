package io.billctl.portabilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import io.billctl.portabilling.PortabillingFaults.Outcome;
import io.billctl.testing.Billctl;
import io.billctl.testing.HostileVendor;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fault table, fed with the codes spec/EVIDENCE.md quotes, on its own and end to end: a scripted
 * server answers billctl's update with each fault (HTTP 500, {@code faultcode}/{@code faultstring}, as
 * PortaBilling answers every error), and the exit code, the retries, the renewals and the one error
 * line are what the table says.
 */
class PortabillingFaultsTest {
    @TempDir Path home;
    ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Server.Session.check_auth.auth_failed, TOKEN_REJECTED",
            "Client.Session.check_auth.failed_to_process_access_token, TOKEN_REJECTED",
            "Client.Session.check_auth.failed_to_process_jwt, TOKEN_REJECTED",
            "Client.check_auth.envelope_missed, TOKEN_REJECTED",
            "Server.Session.auth_failed, LOGIN_REFUSED",
            "Server.Session.cannot_login_brute_force_activity, LOGIN_REFUSED",
            "Server.Session.alert_You_must_change_password, LOGIN_REFUSED",
            "standalone_mode, TRANSIENT",
            "secondary_site, TRANSIENT",
            "read_only_mode, TRANSIENT",
            "pb_delta.connection_failed, TRANSIENT",
            "Server.Account.duplicate_id, REJECTED",
            // Not in EVIDENCE.md: what the table does with the codes it does not know.
            "Client.Account.update_account.validation_error, UNKNOWN",
            "Server.Account.update_account.too_many_digits, UNKNOWN",
            "Server.Generic.internal_error, UNKNOWN",
            "Server.Account.update_account.permission_denied, PERMISSION",
            "Client.Account.access_denied, PERMISSION",
            "Server.Session.access_denied, UNKNOWN"})
    void everyCodeHasItsOutcome(String code, Outcome outcome) {
        assertEquals(outcome, PortabillingFaults.of(code));
    }

    /** The update is answered with one fault; logins are answered as the vendor would. */
    private Billctl serving(String code, String text) {
        String fault = Json.write(Json.object().put("faultcode", code).put("faultstring", text));
        server = ScriptedServer.start(HostileVendor.PORTABILLING.serve(ScriptedServer.answer(500, "application/json", fault)));
        return HostileVendor.PORTABILLING.billctl(home, server);
    }

    private long updates() {
        return server.requests().stream().filter(r -> r.target().endsWith("/update_account")).count();
    }

    private long logins() {
        return server.requests().stream().filter(r -> r.target().endsWith("/Session/login")).count();
    }

    private long reads() {
        return server.requests().stream().filter(r -> r.target().endsWith("/get_account_info")).count();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Server.Session.check_auth.auth_failed", "Client.Session.check_auth.failed_to_process_access_token",
            "Client.Session.check_auth.failed_to_process_jwt", "Client.check_auth.envelope_missed"})
    void aRejectedTokenIsRenewedOnceAndRejectedAgainIsExit3(String code) {
        Run run = serving(code, "Session is expired or invalid").run(HostileVendor.PORTABILLING.update("-o", "json")).exits(3).oneErrorLine();
        assertEquals(2, logins(), "the login, and one more after the rejection");
        assertEquals(2, updates(), "the update, and once more with the fresh token");
        assertTrue(run.errorLine().contains("again right after a fresh login (" + code + "): Session is expired or invalid"), run.err());
        assertEquals(code, run.json().at("/error/vendor_code").asText());
        assertEquals("auth", run.json().at("/error/code").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Server.Session.auth_failed", "Server.Session.cannot_login_brute_force_activity", "Server.Session.alert_You_must_change_password"})
    void aRefusedLoginIsExit3AndTriedOnce(String code) {
        String fault = Json.write(Json.object().put("faultcode", code).put("faultstring", "Login refused: " + code));
        server = ScriptedServer.start(ScriptedServer.answer(500, "application/json", fault));
        Run run = HostileVendor.PORTABILLING.billctl(home, server).run(HostileVendor.PORTABILLING.update()).exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("refused the login of profile 'h': Login refused: " + code), run.err());
        assertEquals(1, logins());
        assertEquals(0, updates());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"standalone_mode", "secondary_site", "read_only_mode", "pb_delta.connection_failed"})
    void disasterRecoveryIsRetriedThenExit5(String code) {
        Run run = serving(code, "changes are not allowed now").run(HostileVendor.PORTABILLING.update("--retries", "2")).exits(5).oneErrorLine();
        assertEquals(3, updates(), "retried like a 5xx");
        assertTrue(run.errorLine().contains("PortaBilling is read-only for now (disaster recovery, " + code + ") after 3 attempts: changes are not allowed now"),
                run.err());
    }

    @Test
    void aDuplicatePinIsARefusalNotRetried() {
        Run run = serving("Server.Account.duplicate_id", "Account with id 12345 already exists").run(HostileVendor.PORTABILLING.update()).exits(1)
                .oneErrorLine();
        assertEquals(1, updates());
        assertEquals(0, reads(), "a known refusal needs no read");
        assertTrue(run.errorLine().contains("refused the update of account 1 (Server.Account.duplicate_id): Account with id 12345 already exists"),
                run.err());
    }

    /** Unknown Client.* and Server.* faults are refusals that show their code: not retried, not "server unavailable". */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Client.Account.update_account.validation_error", "Server.Account.update_account.invalid_iso_code", "Server.Generic.internal_error",
            "some_bare_code"})
    void anUnknownFaultIsARefusalThatShowsItsCode(String code) {
        Run run = serving(code, "The server said no").run(HostileVendor.PORTABILLING.update("-o", "json")).exits(1).oneErrorLine();
        assertEquals(1, updates(), "an answer about the request: not sent again");
        assertEquals(1, reads(), "the account was read to tell a missing account from a refusal");
        assertTrue(run.errorLine().contains("PortaBilling refused the update of account 1 (" + code + "): The server said no"), run.err());
        assertEquals("rejected", run.json().at("/error/code").asText());
    }

    @Test
    void anUnknownFaultOnAnAccountThatIsNotThereIsExit4() {
        server = ScriptedServer.start(HostileVendor.PORTABILLING.serve(HostileVendor.PORTABILLING.notFoundScript()));
        Run run = HostileVendor.PORTABILLING.billctl(home, server).run(HostileVendor.PORTABILLING.update()).exits(4).oneErrorLine();
        assertTrue(run.errorLine().contains("account 1 does not exist (PortaBilling answered update_account with Server.Account.update_account.not_found"),
                run.err());
        assertEquals(1, updates());
    }

    @Test
    void aPermissionFaultIsExit3ForThisAccount() {
        Run run = serving("Server.Account.update_account.permission_denied", "You may not manage account 1").run(HostileVendor.PORTABILLING.update())
                .exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("PortaBilling does not let this login make the update of account 1"
                + " (Server.Account.update_account.permission_denied): You may not manage account 1"), run.err());
        assertEquals(1, updates());
    }

    /** A JSON-style profile against a release that answers the login with a session id only: say what to set. */
    @Test
    void aLoginWithASessionIdAndNoAccessTokenSaysToUseTheFormStyle() {
        server = ScriptedServer.start((request, out) -> ScriptedServer.write(out, 200, "application/json",
                ("{\"session_id\":\"" + HostileVendor.TOKEN + "\"}").getBytes(StandardCharsets.UTF_8)));
        Run run = HostileVendor.PORTABILLING.billctl(home, server).run(HostileVendor.PORTABILLING.update()).exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("with a session_id and no access_token"), run.err());
        assertTrue(run.errorLine().contains("api_style = \"form\""), run.err());
        assertEquals(0, updates());
        assertFalse(run.err().contains(HostileVendor.TOKEN));
    }

    @Test
    void expiresInAndExpiresAtAreBothReadAndTheSoonerWins() throws Exception {
        java.time.Instant now = java.time.Instant.parse("2026-03-01T10:00:00Z");
        assertEquals(now.plusSeconds(900), PortabillingClient.expiry(Json.parse("{\"expires_in\":900}"), now));
        assertEquals(now.plusSeconds(900), PortabillingClient.expiry(Json.parse("{\"expires_in\":\"900\"}"), now));
        assertEquals(java.time.Instant.parse("2026-03-01T12:00:00Z"),
                PortabillingClient.expiry(Json.parse("{\"expires_at\":\"2026-03-01 12:00:00\"}"), now));
        assertEquals(now.plusSeconds(900), PortabillingClient.expiry(Json.parse("{\"expires_at\":\"2026-03-01 12:00:00\",\"expires_in\":900}"), now));
        assertEquals(java.time.Instant.parse("2026-03-01T10:05:00Z"),
                PortabillingClient.expiry(Json.parse("{\"expires_at\":\"2026-03-01 10:05:00\",\"expires_in\":86400}"), now));
        assertEquals(null, PortabillingClient.expiry(Json.parse("{\"access_token\":\"x\"}"), now), "neither: good until rejected");
        assertEquals(null, PortabillingClient.expiry(Json.parse("{\"expires_in\":0}"), now));
    }
}
