package io.billctl.jerasoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Required when" judged on the account (issue 19): billctl reads the account when an update sets
 * auth_type without the field it requires, or empties the field without auth_type; what the merged
 * account breaks, or what it cannot tell, is a warning, and the server's refusal comes back in its words.
 */
class JerasoftAccountStateTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("VCS_KEY", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY).config("""
                default_profile = "vcs"
                [profiles.vcs]
                backend = "jerasoft"
                url = "%s"
                api_key_env = "VCS_KEY"
                """.formatted(sandbox.url("/jerasoft/api")));
    }

    private JsonNode stored(long id) {
        return sandbox.server().emulator("jerasoft").account(id); // the account as the emulator keeps it
    }

    private List<String> wire() {
        return sandbox.requests().stream().map(r -> r.method() + " " + r.path()).toList();
    }

    /** Account 7 by ANI with no IPs left, set up straight on the emulator. */
    private void withoutIps(long id) {
        billctl.run("clients-accounts", "update", Long.toString(id), "--auth-type", "ani", "--ani", "442071234567", "--ips", "").exits(0);
        assertEquals(0, stored(id).path("ips").size());
        sandbox.server().clearRequests();
    }

    @Test
    void authTypeIpOnAnAccountThatHasIpsSucceeds() throws Exception {
        withoutIps(7);
        billctl.run("clients-accounts", "update", "7", "--auth-type", "ip", "--ips", "192.0.2.7").exits(0);
        sandbox.server().clearRequests();
        billctl.run("clients-accounts", "update", "7", "--auth-type", "name", "--accname", "acme").exits(0);
        sandbox.server().clearRequests();
        // The account still holds its IP: the rule is met by the account, not by the request.
        Run run = billctl.run("clients-accounts", "update", "7", "--auth-type", "ip", "-o", "json").exits(0);
        assertEquals("", run.err());
        assertEquals(1, run.json().path("attempts").asInt(), "the read is not an attempt of the update");
        assertEquals(List.of("GET /jerasoft/api/clients/accounts/7", "PATCH /jerasoft/api/clients/accounts/7"), wire());
        assertEquals(Json.parse("{\"auth_type\":\"ip\"}"), Json.parse(sandbox.requests().get(1).bodyText()));
        assertEquals("ip", stored(7).path("auth_type").asText());
    }

    @Test
    void authTypeIpOnAnAccountWithoutIpsGetsTheServersRefusalAfterBillctlsWarning() {
        withoutIps(7);
        Run run = billctl.run("clients-accounts", "update", "7", "--auth-type", "ip").exits(1);
        assertEquals(List.of("warning: ips is required when auth_type is ip, and account 7 has none: the server will refuse this (give --ips in the same update)",
                "error: JeraSoft refused the update of account 7: ips: Required when auth_type is ip"), run.err().lines().toList());
        assertEquals(List.of("GET /jerasoft/api/clients/accounts/7", "PATCH /jerasoft/api/clients/accounts/7"), wire(), "read, then sent");
        assertEquals("ani", stored(7).path("auth_type").asText());
        Run json = billctl.run("clients-accounts", "update", "7", "--auth-type", "ip", "-o", "json").exits(1);
        assertEquals("rejected", json.json().at("/error/code").asText(), json.out());
        assertEquals("Required when auth_type is ip", json.json().at("/error/fields/ips").asText(), json.out());
    }

    @Test
    void aPlanShowsTheWarningAndSendsNothing() {
        withoutIps(7);
        Run run = billctl.run("clients-accounts", "update", "7", "--auth-type", "ip", "--dry-run", "--diff").exits(0);
        assertTrue(run.err().contains("ips is required when auth_type is ip, and account 7 has none: the server will refuse this"), run.err());
        assertEquals(List.of("GET /jerasoft/api/clients/accounts/7"), wire(), "read, nothing sent");
    }

    @Test
    void whenTheReadFailsBillctlWarnsSendsAndTheServersWordsComeBack() {
        withoutIps(7);
        sandbox.faults("error=1x,status=503");
        Run run = billctl.run("clients-accounts", "update", "7", "--auth-type", "ip", "--retries", "0").exits(1);
        List<String> lines = run.err().lines().toList();
        assertEquals(2, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("warning: ips is required when auth_type is ip; the server will refuse this if the account has no ips "
                + "(billctl could not read account 7: JeraSoft answered HTTP 503"), run.err());
        assertEquals("error: JeraSoft refused the update of account 7: ips: Required when auth_type is ip", lines.get(1));
        assertEquals(List.of("GET /jerasoft/api/clients/accounts/7", "PATCH /jerasoft/api/clients/accounts/7"), wire());
    }

    @Test
    void whenTheReadFailsAndTheServerAcceptsTheWarningStaysWithTheSuccess() {
        sandbox.faults("error=1x,status=503");
        Run run = billctl.run("clients-accounts", "update", "8", "--auth-type", "ip", "--retries", "0", "-o", "json").exits(0);
        assertTrue(run.err().startsWith("warning: ips is required when auth_type is ip; the server will refuse this if the account has no ips"), run.err());
        assertTrue(run.json().path("warnings").get(0).asText().startsWith("ips is required when auth_type is ip"), run.out());
        assertEquals(1, run.json().path("attempts").asInt());
    }

    @Test
    void anAccountReadWithoutTheFieldIsAWarningNotARefusal() {
        // A server whose read does not show ips (another name, an older version): billctl cannot judge, so it sends.
        try (ScriptedServer server = ScriptedServer.start((request, out) -> ScriptedServer.write(out, 200, "application/json",
                (request.method().equals("GET") ? "{\"id\":7,\"auth_type\":\"ani\"}" : "1").getBytes()))) {
            billctl.config("[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + server.url("/api") + "\"\napi_key_env = \"VCS_KEY\"\n");
            Run run = billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--auth-type", "ip").exits(0);
            assertTrue(run.err().startsWith("warning: ips is required when auth_type is ip; the server will refuse this if the account has no ips "
                    + "(account 7 as read shows no ips)"), run.err());
            assertEquals(List.of("GET", "PATCH"), server.requests().stream().map(ScriptedServer.Request::method).toList());
        }
    }

    @Test
    void theSameUpdateGivingTheFieldReadsNothing() {
        withoutIps(7);
        billctl.run("clients-accounts", "update", "7", "--auth-type", "ip", "--ips", "192.0.2.9").exits(0);
        assertEquals(List.of("PATCH /jerasoft/api/clients/accounts/7"), wire());
        sandbox.server().clearRequests();
        billctl.run("clients-accounts", "update", "7", "--name", "No rule touched").exits(0);
        assertEquals(List.of("PATCH /jerasoft/api/clients/accounts/7"), wire());
    }

    @Test
    void emptyingARequiredFieldIsJudgedOnTheAccountsAuthType() {
        // Account 3 authenticates by IP: emptying its IPs is certainly refused, by the server, after billctl's warning.
        Run refused = billctl.run("clients-accounts", "update", "3", "--ips", "").exits(1);
        assertEquals(List.of("warning: ips is required when auth_type is ip, and account 3's auth_type is ip: the server will refuse this "
                + "(set another auth_type in the same update, or keep ips)", "error: JeraSoft refused the update of account 3: ips: Required when auth_type is ip"),
                refused.err().lines().toList());
        assertEquals(List.of("GET /jerasoft/api/clients/accounts/3", "PATCH /jerasoft/api/clients/accounts/3"), wire());
        assertEquals(1, stored(3).path("ips").size(), "the server refused it: account 3 keeps its IP");
        sandbox.server().clearRequests();
        // Clearing the name identification of an account that does not use it is fine.
        billctl.run("clients-accounts", "update", "3", "--unset", "accname").exits(0);
        assertEquals(List.of("GET /jerasoft/api/clients/accounts/3", "PATCH /jerasoft/api/clients/accounts/3"), wire());
    }

    @Test
    void settingAuthTypeAndEmptyingItsFieldTogetherIsRefusedWithoutAnyRequest() {
        assertRefusedBeforeSending(billctl.run("clients-accounts", "update", "4", "--auth-type", "name", "--unset", "accname"),
                "accname: is required when auth_type is name, and this update empties it");
    }

    @Test
    void aDryRunReadsNothing() {
        billctl.run("clients-accounts", "update", "7", "--auth-type", "ani", "--dry-run").exits(0);
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void inABatchOnlyTheRecordsThatSetAuthTypeAreRead() throws Exception {
        withoutIps(9);
        Path batch = home.resolve("a.jsonl");
        Files.writeString(batch, """
                {"id":5,"name":"Five"}
                {"id":6,"auth_type":"ip"}
                {"id":9,"auth_type":"ip"}
                {"id":10,"auth_type":"name","accname":"ten"}
                """);
        Run run = billctl.run("clients-accounts", "update", "--batch", batch.toString(), "--parallel", "1", "-o", "json").exits(1);
        List<JsonNode> lines = run.out().lines().map(line -> {
            try {
                return Json.parse(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
        assertTrue(lines.get(0).path("ok").asBoolean());
        assertTrue(lines.get(1).path("ok").asBoolean());
        assertEquals(1, lines.get(1).path("attempts").asInt());
        assertFalse(lines.get(2).path("ok").asBoolean());
        assertEquals("rejected", lines.get(2).at("/error/code").asText(), "the server's refusal");
        assertTrue(lines.get(2).path("warnings").get(0).asText().startsWith("ips is required when auth_type is ip, and account 9 has none"), lines.get(2).toString());
        assertTrue(run.err().contains("warning: line 3: ips is required when auth_type is ip, and account 9 has none: the server will refuse this"), run.err());
        assertTrue(lines.get(3).path("ok").asBoolean());
        List<String> reads = wire().stream().filter(line -> line.startsWith("GET")).toList();
        assertEquals(List.of("GET /jerasoft/api/clients/accounts/6", "GET /jerasoft/api/clients/accounts/9"), reads);
        assertEquals(4, wire().stream().filter(line -> line.startsWith("PATCH")).count());
        assertEquals("ip", stored(6).path("auth_type").asText());
        assertEquals("ani", stored(9).path("auth_type").asText(), "refused by the server");
    }
}
