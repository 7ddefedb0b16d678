package io.billctl.jerasoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EnswitchEmulator;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.AgainstSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JeraSoft emulator as the vendor (issue 19): its own rule table, checked in the vendor's order,
 * "required when" on the merged account, the client move, and the JSON-RPC and CoreAPI forms, talked to
 * directly, without billctl. And neither it nor the Enswitch emulator uses a client catalog.
 */
class JerasoftEmulatorTest extends AgainstSandbox {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Answer(int status, JsonNode body) {}

    private static Answer call(String method, String path, String body, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.url("/jerasoft/api" + path)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withKey) request.header("X-Api-Key", JerasoftEmulator.API_KEY);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), Json.parse(response.body()));
    }

    private static Answer patch(long id, String body) throws Exception {
        return call("PATCH", "/clients/accounts/" + id, body, true);
    }

    private static JsonNode stored(long id) {
        return sandbox.server().emulator("jerasoft").account(id); // the account as the emulator keeps it
    }

    @Test
    void noEmulatorOfThisIssueNamesTheClientsCatalogOrValidator() throws Exception {
        for (Class<?> emulator : List.of(JerasoftEmulator.class, EnswitchEmulator.class)) {
            Path classes = Path.of(emulator.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("io/billctl/sandbox");
            String prefix = emulator.getSimpleName();
            List<Path> files;
            try (Stream<Path> all = Files.list(classes)) {
                files = all.filter(f -> f.getFileName().toString().equals(prefix + ".class") || f.getFileName().toString().startsWith(prefix + "$")).toList();
            }
            assertFalse(files.isEmpty());
            for (Path file : files) {
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(constants.contains("io/billctl/core/catalog/"), file + " names a client catalog class");
            }
            assertEquals(0, emulator.getConstructor().getParameterCount());
        }
    }

    @Test
    void everyParameterIsCheckedByTheEmulatorsOwnTableAndAllProblemsComeAtOnce() throws Exception {
        Answer answer = patch(1, """
                {"name":"","auth_type":"sip","orig_capacity":"30","term_proxy_mode":8,"tech_prefix":"%s","orig_rate_tables_ids":[0],
                 "orig_enabled":"yes","notes":null,"ips":"192.0.2.1","voicemail":1}""".formatted("7".repeat(65)));
        assertEquals(400, answer.status());
        assertEquals(Json.parse("""
                {"error":{"message":"Invalid request","data":{"name":"Empty value is not allowed","auth_type":"Value must be one of: name, ip, ani",
                 "orig_capacity":"Value must be an integer","term_proxy_mode":"Value must be between 0 and 7",
                 "tech_prefix":"Value is too long (at most 64 characters)","orig_rate_tables_ids":"Object \\"rate_tables(0)\\" was not found!",
                 "orig_enabled":"Value must be a boolean","ips":"Value must be a list","voicemail":"Unknown parameter"}}}"""), answer.body());
        assertEquals("Account 1", stored(1).path("name").asText(), "nothing applied");
    }

    @Test
    void requiredWhenIsJudgedOnTheAccountAsTheUpdateLeavesIt() throws Exception {
        assertEquals(new Answer(200, Json.parse("1")), patch(2, "{\"auth_type\":\"ani\",\"ani\":\"4420\"}"));
        // The account still has its IP: auth_type ip alone is accepted.
        assertEquals(new Answer(200, Json.parse("1")), patch(2, "{\"auth_type\":\"ip\"}"));
        assertEquals(new Answer(200, Json.parse("1")), patch(2, "{\"auth_type\":\"ani\",\"ips\":[]}"));
        Answer refused = patch(2, "{\"auth_type\":\"ip\"}");
        assertEquals(400, refused.status());
        assertEquals("Required when auth_type is ip", refused.body().at("/error/data/ips").asText());
        Answer name = patch(2, "{\"auth_type\":\"name\"}");
        assertEquals("Required when auth_type is name", name.body().at("/error/data/accname").asText());
    }

    @Test
    void aClientMoveIs422AndTheAccountsOwnClientIsAccepted() throws Exception {
        assertEquals(new Answer(200, Json.parse("0")), patch(15, "{\"clients_id\":2}"));
        Answer moved = patch(15, "{\"clients_id\":3}");
        assertEquals(422, moved.status());
        assertEquals(Json.parse("""
                {"error":{"message":"accounts-client-change: Moving an account to another client is not allowed; disable it and create a new one",
                 "data":{"code":"accounts-client-change","message":"Moving an account to another client is not allowed; disable it and create a new one"}}}"""),
                moved.body());
        // A bad parameter is a 400 before the move is judged.
        assertEquals(400, patch(15, "{\"clients_id\":3,\"name\":\"\"}").status());
    }

    @Test
    void theVendorsNotFoundAndARouteMissDiffer() throws Exception {
        Answer missing = patch(999999, "{\"name\":\"x\"}");
        assertEquals(404, missing.status());
        assertEquals("clients_accounts", missing.body().at("/error/data/object_name").asText());
        Answer route = call("GET", "/clients/nothing", null, true);
        assertEquals(404, route.status());
        assertFalse(route.body().at("/error/data").has("object_name"));
        assertEquals(401, call("PATCH", "/clients/accounts/1", "{\"name\":\"x\"}", false).status());
    }

    @Test
    void jsonRpcOnTheBaseUrlTakesTheSameRules() throws Exception {
        Answer ok = call("POST", "/", "{\"jsonrpc\":\"2.0\",\"method\":\"clients.accounts.update\",\"params\":{\"id\":3,\"name\":\"Rpc\"},\"id\":9}", true);
        assertEquals(new Answer(200, Json.parse("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":9}")), ok);
        Answer invalid = call("POST", "/", "{\"jsonrpc\":\"2.0\",\"method\":\"clients.accounts.update\",\"params\":{\"id\":3,\"name\":\"\"},\"id\":9}", true);
        assertEquals(Json.parse("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\",\"data\":{\"name\":\"Empty value is not allowed\"}},\"id\":9}"),
                invalid.body());
        assertEquals(-32700, call("POST", "/", "{not json", true).body().at("/error/code").asInt());
        assertEquals(-32600, call("POST", "/", "{\"jsonrpc\":\"2.0\",\"params\":{},\"id\":1}", true).body().at("/error/code").asInt());
        assertEquals(-32601, call("POST", "/", "{\"jsonrpc\":\"2.0\",\"method\":\"accounts.update\",\"params\":{},\"id\":1}", true).body().at("/error/code").asInt());
        assertEquals("Account 4", call("POST", "/", "{\"jsonrpc\":\"2.0\",\"method\":\"clients.accounts.get\",\"params\":{\"id\":4},\"id\":1}", true)
                .body().at("/result/name").asText());
        assertEquals(401, call("POST", "/", "{\"jsonrpc\":\"2.0\",\"method\":\"clients.accounts.get\",\"params\":{\"id\":4},\"id\":1}", false).status());
    }

    @Test
    void theCoreApiTakesItsKeyAsAParameterAndItsOwnNames() throws Exception {
        String key = JerasoftEmulator.API_KEY;
        Answer ok = call("POST", "/coreapi/", """
                {"jsonrpc":"2.0","method":"accounts.update","params":{"AUTH":"%s","id":5,"orig_rate_table":[7]},"id":2}""".formatted(key), false);
        assertEquals(Json.parse("{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":2}"), ok.body());
        assertEquals("[7]", Json.write(stored(5).path("orig_rate_tables_ids")));
        Answer restName = call("POST", "/coreapi/", """
                {"jsonrpc":"2.0","method":"accounts.update","params":{"AUTH":"%s","id":5,"orig_rate_tables_ids":[7]},"id":2}""".formatted(key), false);
        assertEquals("Unknown parameter", restName.body().at("/error/data/orig_rate_tables_ids").asText());
        Answer noKey = call("POST", "/coreapi/", "{\"jsonrpc\":\"2.0\",\"method\":\"accounts.update\",\"params\":{\"id\":5,\"name\":\"x\"},\"id\":2}", false);
        assertEquals("auth-failed", noKey.body().at("/error/data/code").asText());
        JsonNode found = call("POST", "/coreapi", """
                {"jsonrpc":"2.0","method":"accounts.search","params":{"AUTH":"%s","id":5},"id":3}""".formatted(key), false).body().path("result");
        assertEquals(1, found.size());
        assertEquals("[7]", Json.write(found.get(0).path("orig_rate_table")));
        assertFalse(found.get(0).has("orig_rate_tables_ids"));
        assertTrue(found.get(0).has("orig_routing_plan"));
        assertEquals(-32600, call("GET", "/coreapi/", null, false).body().at("/error/code").asInt());
    }
}
