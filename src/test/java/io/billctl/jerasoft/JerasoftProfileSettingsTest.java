package io.billctl.jerasoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
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
 * A JeraSoft profile's own settings (issue 19): {@code api = rest|jsonrpc|coreapi3} and
 * {@code field_names}, end to end against the emulator's REST, JSON-RPC and CoreAPI forms; clients_id
 * sent as given; a 0-row answer that names its likely causes.
 */
class JerasoftProfileSettingsTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("VCS_KEY", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY);
        profiles("");
    }

    /** rest, jsonrpc and coreapi3 profiles on the emulator, each with {@code extra} lines. */
    private void profiles(String extra) {
        billctl.config("""
                default_profile = "rest"
                [profiles.rest]
                backend = "jerasoft"
                url = "%1$s"
                api_key_env = "VCS_KEY"
                %3$s
                [profiles.rpc]
                backend = "jerasoft"
                url = "%1$s"
                api = "jsonrpc"
                api_key_env = "VCS_KEY"
                [profiles.old]
                backend = "jerasoft"
                url = "%2$s"
                api = "coreapi3"
                api_key_env = "VCS_KEY"
                """.formatted(sandbox.url("/jerasoft/api"), sandbox.url("/jerasoft/api" + JerasoftEmulator.COREAPI_PATH), extra));
    }

    private JsonNode stored(long id) {
        return sandbox.server().emulator("jerasoft").account(id); // the account as the emulator keeps it
    }

    private static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    // --- coreapi3 --------------------------------------------------------------------------

    @Test
    void aCoreApi3ProfileUpdatesAnAccountOnTheEmulator() {
        Run run = billctl.run("-p", "old", "clients-accounts", "update", "7", "--name", "Old API", "--orig-rate-tables-ids", "11,12", "-o", "json").exits(0);
        assertEquals(1, run.json().at("/result/affected_rows").asInt());
        EmulatorRequest request = sandbox.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/jerasoft/api/coreapi/", request.path());
        assertNull(request.header("X-Api-Key"), "the CoreAPI takes the key as a parameter only");
        assertEquals(json("""
                {"jsonrpc":"2.0","method":"accounts.update","params":{"AUTH":"%s","id":7,"name":"Old API","orig_rate_table":[11,12]},"id":1}"""
                .formatted(JerasoftEmulator.API_KEY)), json(request.bodyText()));
        assertEquals("Old API", stored(7).path("name").asText());
        assertEquals("[11,12]", Json.write(stored(7).path("orig_rate_tables_ids")));
    }

    @Test
    void coreApi3ReadsGoThroughAccountsSearchInBillctlsNames() {
        billctl.run("-p", "old", "clients-accounts", "update", "7", "--orig-rate-tables-ids", "3").exits(0);
        JsonNode account = billctl.run("-p", "old", "clients-accounts", "get", "7", "-o", "json").exits(0).json().path("account");
        assertEquals("[3]", Json.write(account.path("orig_rate_tables_ids")));
        assertFalse(account.has("orig_rate_table"));
        assertEquals("accounts.search", json(sandbox.requests().get(1).bodyText()).path("method").asText());
        Run missing = billctl.run("-p", "old", "clients-accounts", "get", "999999").exits(4).oneErrorLine();
        assertTrue(missing.errorLine().contains("account 999999 does not exist"), missing.err());
        Run list = billctl.run("-p", "old", "clients-accounts", "list", "--limit", "3", "-o", "jsonl").exits(0);
        assertEquals(3, list.out().lines().count());
        assertTrue(list.out().lines().allMatch(line -> json(line).has("orig_rate_tables_ids")), list.out());
    }

    @Test
    void aCoreApi3NameBillctlDoesNotGuessIsFixedByTheProfilesFieldNames() {
        // The emulator's CoreAPI calls the routing plan orig_routing_plan; billctl sends its own guess until told.
        Run refused = billctl.run("-p", "old", "clients-accounts", "update", "7", "--orig-routing-plan-id", "5").exits(1).oneErrorLine();
        assertEquals("error: JeraSoft refused the update of account 7: orig_routing_plan_id: Unknown parameter", refused.err().strip());
        billctl.run("profile", "add", "fixed", "--backend", "jerasoft", "--url", sandbox.url("/jerasoft/api/coreapi"), "--api", "coreapi3",
                "--api-key-env", "VCS_KEY", "--field-name", "orig_routing_plan_id=orig_routing_plan").exits(0);
        billctl.run("-p", "fixed", "clients-accounts", "update", "7", "--orig-routing-plan-id", "5").exits(0);
        assertEquals(5, stored(7).path("orig_routing_plan_id").asInt());
        assertEquals(5, billctl.run("-p", "fixed", "clients-accounts", "get", "7", "-o", "json").exits(0).json().at("/account/orig_routing_plan_id").asInt());
    }

    @Test
    void profileTestProvesEachApiWithItsOwnRead() {
        assertEquals("the API key was accepted (accounts.search, coreapi3)", billctl.run("profile", "test", "old", "-o", "json").exits(0).json()
                .at("/results/0/message").asText());
        assertEquals("the API key was accepted (clients.accounts.search, jsonrpc)", billctl.run("profile", "test", "rpc", "-o", "json").exits(0).json()
                .at("/results/0/message").asText());
        assertEquals(List.of("POST", "POST"), sandbox.requests().stream().map(EmulatorRequest::method).toList());
    }

    @Test
    void coreApi3KeyIsAParameterMaskedInADryRunAndCheckedByTheServer() {
        Run dry = billctl.run("-p", "old", "clients-accounts", "update", "7", "--name", "x", "--dry-run", "-o", "json").exits(0);
        assertEquals("****", dry.json().at("/request/body/params/AUTH").asText());
        assertEquals(sandbox.url("/jerasoft/api/coreapi/"), dry.json().at("/request/url").asText());
        billctl.env("VCS_KEY", "not-the-key").secret("not-the-key");
        Run refused = billctl.run("-p", "old", "clients-accounts", "update", "7", "--name", "x").exits(3).oneErrorLine();
        assertTrue(refused.errorLine().contains("JeraSoft refused the API key of profile 'old'"), refused.err());
    }

    // --- jsonrpc ---------------------------------------------------------------------------

    @Test
    void aJsonRpcProfilePostsClientsAccountsUpdateToTheBaseUrl() {
        Run run = billctl.run("-p", "rpc", "clients-accounts", "update", "8", "--tech-prefix", "0044", "-o", "json").exits(0);
        assertEquals(1, run.json().at("/result/affected_rows").asInt());
        EmulatorRequest request = sandbox.requests().get(0);
        assertEquals("POST /jerasoft/api/", request.method() + " " + request.path());
        assertEquals(JerasoftEmulator.API_KEY, request.header("X-Api-Key"));
        assertEquals(json("{\"jsonrpc\":\"2.0\",\"method\":\"clients.accounts.update\",\"params\":{\"id\":8,\"tech_prefix\":\"0044\"},\"id\":1}"),
                json(request.bodyText()));
        assertEquals("0044", stored(8).path("tech_prefix").asText());
    }

    @Test
    void jsonRpcErrorsAreTheVendorsRefusalsAndNotFound() {
        Run refused = billctl.run("-p", "rpc", "clients-accounts", "update", "8", "--set", "voicemail=1", "--allow-unknown-fields", "-o", "json").exits(1);
        assertEquals("Unknown parameter", refused.json().at("/error/fields/voicemail").asText());
        assertEquals("-32602", refused.json().at("/error/vendor_code").asText());
        Run missing = billctl.run("-p", "rpc", "clients-accounts", "update", "999999", "--name", "x").exits(4).oneErrorLine();
        assertTrue(missing.errorLine().contains("account 999999 does not exist (JeraSoft: Object \"clients_accounts(999999)\" was not found!)"), missing.err());
        Run moved = billctl.run("-p", "rpc", "clients-accounts", "update", "8", "--clients-id", "5").exits(1);
        assertTrue(moved.err().contains("error: JeraSoft refused the update of account 8: Moving an account to another client is not allowed"), moved.err());
    }

    @Test
    void jsonRpcReadsAndTheAccountStateRule() {
        JsonNode account = billctl.run("-p", "rpc", "clients-accounts", "get", "8", "-o", "json").exits(0).json().path("account");
        assertEquals("Account 8", account.path("name").asText());
        assertEquals("clients.accounts.get", json(sandbox.requests().get(0).bodyText()).path("method").asText());
        billctl.run("-p", "rpc", "clients-accounts", "get", "999999").exits(4).oneErrorLine();
        assertEquals(4, billctl.run("-p", "rpc", "clients-accounts", "list", "--limit", "4", "-o", "jsonl").exits(0).out().lines().count());
        billctl.run("-p", "rpc", "clients-accounts", "update", "8", "--auth-type", "ani", "--ani", "4420", "--ips", "").exits(0);
        sandbox.server().clearRequests();
        Run refused = billctl.run("-p", "rpc", "clients-accounts", "update", "8", "--auth-type", "ip").exits(1);
        assertTrue(refused.err().startsWith("warning: ips is required when auth_type is ip, and account 8 has none: the server will refuse this"), refused.err());
        assertTrue(refused.err().contains("\nerror: JeraSoft refused the update of account 8"), refused.err());
        assertEquals(List.of("clients.accounts.get", "clients.accounts.update"),
                sandbox.requests().stream().map(r -> json(r.bodyText()).path("method").asText()).toList(), "the read, then the update");
    }

    // --- field names on the REST API ----------------------------------------------------------

    @Test
    void aFieldNameMapRenamesWhatIsSentAndWhatComesBack() throws Exception {
        profiles("[profiles.rest.field_names]\norig_routing_plan_id = \"orig_routing_plans_id\"");
        Run dry = billctl.run("clients-accounts", "update", "7", "--orig-routing-plan-id", "5", "--dry-run", "-o", "json").exits(0);
        assertEquals(5, dry.json().at("/request/body/orig_routing_plans_id").asInt());
        assertFalse(dry.json().at("/request/body").has("orig_routing_plan_id"));
        // The emulator knows billctl's guess, not the mapped name: its refusal comes back in the user's name.
        Run refused = billctl.run("clients-accounts", "update", "7", "--orig-routing-plan-id", "5", "-o", "json").exits(1);
        assertEquals(json("{\"orig_routing_plans_id\":5}"), json(sandbox.requests().get(0).bodyText()));
        assertEquals("Unknown parameter", refused.json().at("/error/fields/orig_routing_plan_id").asText());
        billctl.run("clients-accounts", "list", "--filter", "orig_routing_plan_id=5", "--limit", "1").exits(0);
        assertTrue(sandbox.requests().get(1).query().contains("orig_routing_plans_id=5"), sandbox.requests().get(1).query());
    }

    @Test
    void aServerThatIgnoresAnUnknownNameChanges0RowsAndBillctlSaysWhy() {
        try (ScriptedServer server = ScriptedServer.start(ScriptedServer.answer(200, "application/json", "0"))) {
            billctl.config("""
                    [profiles.vcs]
                    backend = "jerasoft"
                    url = "%s"
                    api_key_env = "VCS_KEY"
                    [profiles.vcs.field_names]
                    orig_routing_plan_id = "orig_routing_plans_id"
                    """.formatted(server.url("/api")));
            Run run = billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--orig-routing-plan-id", "5", "--name", "x", "-o", "json").exits(0);
            String expected = "JeraSoft changed 0 rows of account 7. Likely causes: the account already holds these values, or the server ignored a "
                    + "field name it does not know (unverified: orig_routing_plan_id (sent as orig_routing_plans_id); a profile's field_names "
                    + "maps one to the server's name)";
            assertEquals("warning: " + expected + "\n", run.err());
            assertEquals(expected, run.json().path("warnings").get(0).asText());
            assertEquals(0, run.json().at("/result/affected_rows").asInt());
        }
    }

    @Test
    void theSameValuesChange0RowsAndTheWarningSaysSo() {
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Account 1").exits(0);
        assertEquals("warning: JeraSoft changed 0 rows of account 1. Likely causes: the account already holds these values, or the server ignored "
                + "a field name it does not know\n", run.err());

        // With --diff the account was read and already held the value: "no change" says why, and the guess is not made.
        Run diffed = billctl.run("clients-accounts", "update", "1", "--name", "Account 1", "--diff", "-o", "json").exits(0);
        assertEquals("", diffed.err());
        assertEquals(0, diffed.json().at("/result/affected_rows").asInt(), diffed.out());
        assertTrue(diffed.json().path("warnings").isMissingNode() || diffed.json().path("warnings").isEmpty(), diffed.out());
    }

    // --- clients_id ------------------------------------------------------------------------

    @Test
    void clientsIdIsSentAndTheServerDecides() {
        String warning = "warning: clients_id is sent as given: JeraSoft does not allow moving an account between clients (disable it and create a "
                + "new one), so the server may refuse a value other than the account's own";
        Run same = billctl.run("clients-accounts", "update", "17", "--clients-id", "2", "--name", "Seventeen").exits(0);
        assertEquals(warning, same.err().lines().findFirst().orElse(""));
        assertEquals(json("{\"clients_id\":2,\"name\":\"Seventeen\"}"), json(sandbox.requests().get(0).bodyText()));
        Run moved = billctl.run("clients-accounts", "update", "17", "--clients-id", "3", "-o", "json").exits(1);
        assertEquals(warning, moved.err().lines().findFirst().orElse(""));
        assertEquals("accounts-client-change", moved.json().at("/error/vendor_code").asText());
        assertTrue(moved.json().at("/error/message").asText().contains("Moving an account to another client is not allowed"), moved.out());
        assertEquals(2, stored(17).path("clients_id").asInt());

        // Read first (--diff), the warning is judged on the account: its own clients_id sent back moves nothing and says nothing.
        Run roundTrip = billctl.run("clients-accounts", "update", "17", "--clients-id", "2", "--name", "Again", "--diff").exits(0);
        assertFalse(roundTrip.err().contains("clients_id"), roundTrip.err());
        Run movedAfterRead = billctl.run("clients-accounts", "update", "17", "--clients-id", "3", "--diff").exits(1);
        assertEquals(warning, movedAfterRead.err().lines().findFirst().orElse(""));
        Run dry = billctl.run("clients-accounts", "update", "17", "--clients-id", "2", "--diff", "--dry-run").exits(0);
        assertFalse(dry.err().contains("clients_id"), dry.err());
    }

    // --- profile add and show ----------------------------------------------------------------

    @Test
    void profileAddStoresTheApiAndTheFieldNamesAndShowSaysThem() throws Exception {
        billctl.config("");
        billctl.run("profile", "add", "old", "--backend", "jerasoft", "--url", "http://vcs.lab:3080", "--api", "coreapi3",
                "--field-name", "orig_routing_plan_id=orig_routing_plan", "--field-name", "term_port=port", "--api-key-env", "K").exits(0);
        String toml = Files.readString(billctl.configFile());
        assertTrue(toml.contains("api = \"coreapi3\"\n"), toml);
        assertTrue(toml.contains("[profiles.old.field_names]\norig_routing_plan_id = \"orig_routing_plan\"\nterm_port = \"port\"\n"), toml);
        Run show = billctl.run("profile", "show", "old").exits(0);
        assertTrue(show.out().contains("coreapi3"), show.out());
        assertTrue(show.out().contains("orig_routing_plan_id=orig_routing_plan, term_port=port"), show.out());
        // --force keeps what it does not give: the api stays, the names are the new ones.
        billctl.run("profile", "add", "old", "--backend", "jerasoft", "--url", "http://vcs.lab:3080", "--field-name", "ips=ip_addresses",
                "--api-key-env", "K", "--force").exits(0);
        String replaced = Files.readString(billctl.configFile());
        assertTrue(replaced.contains("api = \"coreapi3\""), replaced);
        assertTrue(replaced.contains("[profiles.old.field_names]\nips = \"ip_addresses\"\n"), replaced);
    }

    @Test
    void profileAddRefusesSettingsThatCouldNotWork() {
        billctl.config("");
        String url = "https://vcs.example.com/api";
        String[][] cases = {
                {"--api", "soap"}, {"--field-name", "nmae=x"}, {"--field-name", "name"}, {"--field-name", "name=two words"},
                {"--field-name", "tech_prefix=name"}, {"--field-name", "name=a", "--field-name", "name=b"}};
        String[] expected = {"api must be rest, jsonrpc or coreapi3, got 'soap'", "nmae is not a JeraSoft field (did you mean name?)",
                "--field-name takes NAME=SERVER_NAME", "needs the server's name for it", "name and tech_prefix would both be sent as name",
                "--field-name names name twice"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("profile", "add", "x", "--backend", "jerasoft", "--url", url, "--api-key-env", "K"));
            args.addAll(List.of(cases[i]));
            Run run = billctl.run(args.toArray(String[]::new)).exits(2).oneErrorLine();
            String want = expected[i];
            assertTrue(run.errorLine().contains(want), () -> "expected '" + want + "' in: " + run.err());
        }
        Run enswitch = billctl.run("profile", "add", "p", "--backend", "enswitch", "--url", url, "--username", "u", "--password-env", "P",
                "--api", "jsonrpc").exits(2).oneErrorLine();
        assertTrue(enswitch.errorLine().contains("Enswitch profiles have no api setting"), enswitch.err());
        assertFalse(Files.exists(billctl.configFile()) && Files.isRegularFile(billctl.configFile()) && read(billctl.configFile()).contains("[profiles"),
                "a refused profile was saved");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHandEditedSettingThatCannotWorkIsAUsageError() {
        billctl.config("[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\napi = \"soap\"\napi_key_env = \"VCS_KEY\"\n");
        Run run = billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x").exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("profile 'vcs': api must be rest, jsonrpc or coreapi3, got 'soap'"), run.err());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void profileAddHelpShowsAnExampleForEachApi() {
        String help = billctl.run("profile", "add", "--help").exits(0).out();
        assertTrue(help.contains("--backend jerasoft --api-key-stdin \\\n      --url https://vcs.example.com/api < vcs.key\n"), help);
        assertTrue(help.contains("--backend jerasoft --api jsonrpc \\\n      --url https://vcs.example.com/api --api-key-env VCS_KEY\n"), help);
        assertTrue(help.contains("--backend jerasoft --api coreapi3 \\\n      --url http://vcs.local:3080 --api-key-env VCS_KEY\n"), help);
        assertTrue(help.contains("      --field-name orig_routing_plan_id=orig_routing_plans_id\n"), help);
    }
}
