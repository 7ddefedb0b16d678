package io.billctl.sandbox;

import io.billctl.core.output.Terminal;
import io.billctl.app.Registry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.billctl.core.Env;
import io.billctl.core.Json;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in sandbox profile: embedded per call with saved state, or a running server. */
class SandboxTest {
    @TempDir Path home;

    @Test
    void embeddedSandboxKeepsStateBetweenCalls() throws Exception {
        Billctl billctl = new Billctl(home).secret(JerasoftEmulator.API_KEY);
        Run first = billctl.run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "Acme Ltd", "-o", "json").exits(0);
        assertEquals(1, first.json().at("/result/affected_rows").asInt(), "the seeded name differs, so one row changes");
        Path state = billctl.dataDir().resolve("sandbox.json");
        assertTrue(Files.readString(state).contains("\"name\":\"Acme Ltd\""));
        Run second = billctl.run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "Acme Ltd", "-o", "json").exits(0);
        assertEquals(0, second.json().at("/result/affected_rows").asInt(), "the second call saw the first one's change");
        billctl.run("-p", "sandbox", "clients-accounts", "update", "999999", "--name", "x").exits(4);
        billctl.run("-p", "sandbox", "clients-accounts", "update", "123", "--name", "x").exits(0);
        billctl.run("sandbox", "reset").exits(0);
        assertFalse(Files.exists(state));
        assertEquals(1, billctl.run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "Acme Ltd", "-o", "json").json().at("/result/affected_rows").asInt());
    }

    @Test
    void faultsComeFromTheEnvironmentForAnEmbeddedSandbox() {
        Billctl billctl = new Billctl(home).env("BILLCTL_SANDBOX_FAULTS", "error=1,status=500");
        Run run = billctl.run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "x", "--retries", "1").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("HTTP 500 after 2 attempts: An unexpected error occurred"), run.err());
        billctl.env("BILLCTL_SANDBOX_FAULTS", "bogus=1").run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "x")
                .exits(2).oneErrorLine();
    }

    @Test
    void aRunningServerIsUsedInsteadOfAnEmbeddedOne() throws Exception {
        Env env = new Env(Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.resolve("data").toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), Terminal.NONE);
        try (StandaloneSandbox served = StandaloneSandbox.start(env, Registry.emulators(), 0, FaultPlan.NONE, false, note -> { })) {
            Billctl billctl = new Billctl(home);
            billctl.run("-p", "sandbox", "clients-accounts", "update", "2", "--name", "Via server").exits(0);
            assertEquals(1, served.server().requests().size());
            assertEquals("/jerasoft/api/clients/accounts/2", served.server().requests().get(0).path());
            assertTrue(Files.exists(billctl.dataDir().resolve("sandbox-server.json")));
        }
        assertFalse(Files.exists(home.resolve("data/billctl/sandbox-server.json")), "the server removes its address on exit");
        assertTrue(Files.readString(home.resolve("data/billctl/sandbox.json")).contains("Via server"), "state saved on exit");
    }

    @Test
    void aSecondServeSaysTheFirstIsRunningInsteadOfWaiting() throws Exception {
        Env env = new Env(Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.resolve("data").toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), Terminal.NONE);
        try (StandaloneSandbox served = StandaloneSandbox.start(env, Registry.emulators(), 0, FaultPlan.NONE, false, note -> { })) {
            Billctl billctl = new Billctl(home);
            Run second = billctl.run("sandbox", "serve", "--port", "0").exits(2).oneErrorLine();
            assertTrue(second.errorLine().contains("a sandbox server is already running for " + billctl.dataDir()
                    + " (pid " + ProcessHandle.current().pid() + ", " + served.server().baseUri() + ")"), second.err());
            assertEquals("", second.out());
        }
    }

    @Test
    void faultsFromTheEnvironmentWhileAServerRunsAreCheckedAndTheWarningSaysHowToSetThem() throws Exception {
        Env env = new Env(Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.resolve("data").toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), Terminal.NONE);
        try (StandaloneSandbox served = StandaloneSandbox.start(env, Registry.emulators(), 0, FaultPlan.NONE, false, note -> { })) {
            Billctl billctl = new Billctl(home).env("BILLCTL_SANDBOX_FAULTS", "error=1,status=503");
            Run run = billctl.run("-p", "sandbox", "clients-accounts", "update", "2", "--name", "Not faulted").exits(0);
            String url = served.server().baseUri().toString();
            assertTrue(run.err().contains("warning: BILLCTL_SANDBOX_FAULTS is ignored: this call goes to the running sandbox server (pid "
                    + ProcessHandle.current().pid() + ", " + url + ")"), run.err());
            assertTrue(run.err().contains("curl -X PUT --data error=1,status=503 " + url + "/_sandbox/faults"), run.err());
            assertEquals(1, served.server().requests().size(), "the server's own (no) faults applied");

            Run bad = billctl.env("BILLCTL_SANDBOX_FAULTS", "error=lots").run("-p", "sandbox", "clients-accounts", "update", "2", "--name", "x")
                    .exits(2).oneErrorLine();
            assertTrue(bad.errorLine().contains("BILLCTL_SANDBOX_FAULTS: bad fault 'error=lots'"), bad.err());
            assertEquals(1, served.server().requests().size(), "nothing sent on a bad spec");
        }
        Billctl billctl = new Billctl(home).env("BILLCTL_SANDBOX_FAULTS", "latency=five");
        billctl.run("-p", "sandbox", "clients-accounts", "update", "2", "--name", "x").exits(2).oneErrorLine();
        Run serve = billctl.run("sandbox", "serve", "--port", "0").exits(2).oneErrorLine();
        assertTrue(serve.errorLine().contains("BILLCTL_SANDBOX_FAULTS: bad fault 'latency=five'"), serve.err());
        Run flag = billctl.run("sandbox", "serve", "--port", "0", "--faults", "drop=2").exits(2).oneErrorLine();
        assertTrue(flag.errorLine().contains("--faults: bad fault 'drop=2'"), flag.err());
    }

    @Test
    void shellQuotingOfAFaultSpec() {
        assertEquals("error=0.1,latency=5-20", EmbeddedSandbox.shellQuoted("error=0.1,latency=5-20"));
        assertEquals("'meddle-field=a b'", EmbeddedSandbox.shellQuoted("meddle-field=a b"));
        assertEquals("'it'\\''s'", EmbeddedSandbox.shellQuoted("it's"));
    }

    @Test
    void controlEndpointsSetFaultsResetAndListRequestsMasked() throws Exception {
        try (SandboxServer server = SandboxServer.start(0, Registry.emulators().create(), FaultPlan.NONE, 2)) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = server.baseUri();
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/_sandbox/faults"))
                    .PUT(HttpRequest.BodyPublishers.ofString("throttle=1,retry-after=7")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode());
            HttpResponse<String> throttled = http.send(HttpRequest.newBuilder(base.resolve("/jerasoft/api/clients/accounts/1"))
                    .header("X-Api-Key", JerasoftEmulator.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, throttled.statusCode());
            assertEquals("7", throttled.headers().firstValue("Retry-After").orElse(""));
            assertEquals(400, http.send(HttpRequest.newBuilder(base.resolve("/_sandbox/faults"))
                    .PUT(HttpRequest.BodyPublishers.ofString("nonsense")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            String listed = http.send(HttpRequest.newBuilder(base.resolve("/_sandbox/requests")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(listed.contains("\"X-api-key\":\"****\"") || listed.contains("\"X-Api-Key\":\"****\""), listed);
            assertFalse(listed.contains(JerasoftEmulator.API_KEY), listed);
            assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("/_sandbox/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertTrue(server.requests().isEmpty());
        }
    }

    @Test
    void aDroppedConnectionGetsNoAnswerAtAll() throws Exception {
        try (SandboxServer server = SandboxServer.start(0, Registry.emulators().create(), FaultPlan.parse("drop=1"), 2)) {
            HttpClient http = HttpClient.newHttpClient();
            try {
                http.send(HttpRequest.newBuilder(server.baseUri().resolve("/jerasoft/api/clients/accounts/1")).build(), HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("a dropped connection answered");
            } catch (IOException expected) {
                // the connection closed without a status line
            }
        }
    }

    @Test
    void emulatorAnswersLikeTheVendor() throws Exception {
        try (SandboxServer server = SandboxServer.start(0, Registry.emulators().create(), FaultPlan.NONE, 2)) {
            HttpClient http = HttpClient.newHttpClient();
            URI account = server.baseUri().resolve("/jerasoft/api/clients/accounts/5");
            HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(account).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, noKey.statusCode());
            assertEquals("utoken-auth-failed", Json.parse(noKey.body()).at("/error/data/code").asText());
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(account).header("X-Api-Key", JerasoftEmulator.API_KEY)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"\",\"term_proxy_mode\":8,\"orig_enabled\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            assertEquals(Json.parse("{\"error\":{\"message\":\"Invalid request\",\"data\":{\"name\":\"Empty value is not allowed\","
                    + "\"term_proxy_mode\":\"Value must be between 0 and 7\",\"orig_enabled\":\"Value must be a boolean\"}}}"), Json.parse(bad.body()));
            HttpResponse<String> move = http.send(HttpRequest.newBuilder(account).header("X-Api-Key", JerasoftEmulator.API_KEY)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"clients_id\":99}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(422, move.statusCode());
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/jerasoft/api/clients/accounts/0"))
                    .header("X-Api-Key", JerasoftEmulator.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertEquals("clients_accounts", Json.parse(missing.body()).at("/error/data/object_name").asText());
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(account).header("X-Api-Key", JerasoftEmulator.API_KEY)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"auth_type\":\"ani\",\"ani\":\"4420\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("1", ok.body());
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(account).header("X-Api-Key", JerasoftEmulator.API_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("ani", Json.parse(read.body()).path("auth_type").asText());
        }
    }

    @Test
    void aStateThatCannotBeSavedIsNoSuccess() throws Exception {
        Billctl billctl = new Billctl(home);
        Path data = billctl.dataDir().getParent();
        Files.createDirectories(data);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", data.toString()).redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0, "cannot mount a small tmpfs here (needs root)");
        try {
            billctl.run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "Kept").exits(0);
            Files.write(data.resolve("fill"), new byte[64 * 1024]);
        } catch (IOException full) {
            // the disk is full: what the next call needs
        }
        try {
            Run run = billctl.run("-p", "sandbox", "clients-accounts", "update", "2", "--name", "Lost").exits(5);
            assertTrue(run.err().contains("error: cannot save the sandbox state to "), run.err());
            billctl.run("-p", "sandbox", "clients-accounts", "get", "1").exits(0); // the lock was let go
        } finally {
            new ProcessBuilder("umount", data.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
