package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's conventions: a profile made of environment variables alone (CI, containers),
 * {@code BILLCTL_OUTPUT}, {@code CLICOLOR_FORCE}, and {@code --version} with the runtime and a JSON form.
 */
class ConventionsTest extends AgainstSandbox {
    static final String KEY = JerasoftEmulator.API_KEY;
    @TempDir Path home;

    private Billctl fromEnvironment() {
        return new Billctl(home).env("BILLCTL_BACKEND", "jerasoft").env("BILLCTL_URL", sandbox.url("/jerasoft/api"))
                .env("BILLCTL_API_KEY", KEY).secret(KEY);
    }

    @Test
    void theEnvironmentAloneIsAProfileWithNoConfigFile() {
        Billctl billctl = fromEnvironment();
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "From the environment", "-o", "json").exits(0);
        assertTrue(run.json().path("ok").asBoolean(), run.out());
        assertEquals("", run.err());
        assertEquals(KEY, sandbox.requests().get(0).header("X-Api-Key"));
        assertFalse(Files.exists(billctl.configFile()), "no config file was needed or written");

        Run traced = billctl.run("clients-accounts", "update", "1", "--name", "Traced", "-v").exits(0);
        assertTrue(traced.err().contains("X-Api-Key: ****"), traced.err());
        Run dry = billctl.run("clients-accounts", "update", "1", "--name", "Dry", "--dry-run").exits(0);
        assertTrue(dry.out().contains("X-Api-Key: ****"), dry.out());
        Run shown = billctl.run("profile", "show").exits(0);
        assertTrue(shown.out().contains("(environment)"), shown.out());
        assertTrue(shown.out().contains("from $BILLCTL_API_KEY"), shown.out());
        billctl.run("profile", "test").exits(0);
    }

    @Test
    void aLoginBackendTakesAUsernameAndPassword() {
        Billctl billctl = new Billctl(home).env("BILLCTL_BACKEND", "portabilling").env("BILLCTL_URL", sandbox.url("/portabilling"))
                .env("BILLCTL_USERNAME", "sandbox").env("BILLCTL_PASSWORD", PortabillingEmulator.PASSWORD).secret(PortabillingEmulator.PASSWORD);
        billctl.run("account", "update", "55", "--credit-limit", "150.5", "-v").exits(0);
        Run noPassword = billctl.env("BILLCTL_PASSWORD", null).run("account", "update", "55", "--credit-limit", "1").exits(2).oneErrorLine();
        assertTrue(noPassword.errorLine().contains("PortaBilling needs BILLCTL_USERNAME and BILLCTL_PASSWORD (or an API token in BILLCTL_API_KEY)"),
                noPassword.err());
    }

    /**
     * A key pasted with its line break, or holding a control character or a letter of another script, went
     * out altered (a space, "?") and came back 401 (exit 3); an empty stored key went out as an empty header.
     */
    @Test
    void aKeyNoHeaderCanCarryIsRefusedBeforeSending() throws Exception {
        refusedKey(fromEnvironment().env("BILLCTL_API_KEY", KEY + "\r\nX-Injected: 1").run("clients-accounts", "update", "1", "--name", "x"),
                "the X-Api-Key header would carry a carriage return at character " + (KEY.length() + 1) + ": a header takes printable ASCII only");
        refusedKey(fromEnvironment().env("BILLCTL_API_KEY", "k\u00e9y").run("clients-accounts", "get", "1"),
                "the X-Api-Key header would carry a character that is not ASCII at character 2");
        refusedKey(fromEnvironment().env("BILLCTL_API_KEY", "k\u0001y").run("clients-accounts", "update", "1", "--name", "x"),
                "a control character at character 2");
        Billctl stored = new Billctl(home).config("""
                [profiles.empty]
                backend = "jerasoft"
                url = "%s"
                api_key = ""
                """.formatted(sandbox.url("/jerasoft/api")));
        refusedKey(stored.run("-p", "empty", "clients-accounts", "update", "1", "--name", "x"), "the X-Api-Key header would be empty: the profile's key is empty");
        // A batch stops at its first record, said once (it failed every record the same way, exit 1).
        java.nio.file.Path batch = home.resolve("many.jsonl");
        Files.writeString(batch, "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n{\"id\":3,\"name\":\"c\"}\n");
        Run run = fromEnvironment().env("BILLCTL_API_KEY", "k\ny").run("clients-accounts", "update", "--batch", batch.toString()).exits(3);
        assertEquals(1, run.err().lines().filter(line -> line.contains("header would carry")).count(), run.err());
        assertTrue(sandbox.requests().isEmpty(), () -> "sent: " + sandbox.requests());
    }

    /** Exit 3 (the profile's key cannot be sent), one line, nothing sent. */
    private void refusedKey(Run run, String expected) {
        run.exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains(expected), () -> "expected '" + expected + "' in: " + run.err());
        assertTrue(sandbox.requests().isEmpty(), () -> "sent despite refusal: " + sandbox.requests());
    }

    @Test
    void whatIsMissingOrWrongIsNamedAndNothingIsSent() {
        assertRefusedBeforeSending(fromEnvironment().env("BILLCTL_URL", null).run("clients-accounts", "update", "1", "--name", "x"),
                "BILLCTL_BACKEND is set but BILLCTL_URL is not");
        assertRefusedBeforeSending(fromEnvironment().env("BILLCTL_BACKEND", "jerasof").run("clients-accounts", "update", "1", "--name", "x"),
                "BILLCTL_BACKEND is 'jerasof'; billctl knows jerasoft, enswitch, portabilling, yeti");
        assertRefusedBeforeSending(fromEnvironment().env("BILLCTL_API_KEY", null).run("clients-accounts", "update", "1", "--name", "x"),
                "needs an API key: set BILLCTL_API_KEY");
        assertRefusedBeforeSending(fromEnvironment().env("BILLCTL_URL", "https://vcs.example.com:99999/api").run("clients-accounts", "update", "1", "--name", "x"),
                "BILLCTL_URL 'https://vcs.example.com:99999/api' has the port 99999");
        assertRefusedBeforeSending(fromEnvironment().env("BILLCTL_BACKEND", null).run("clients-accounts", "update", "1", "--name", "x"),
                "no profile chosen: BILLCTL_URL is set but BILLCTL_BACKEND is not");
        assertRefusedBeforeSending(fromEnvironment().run("account", "update", "55", "--credit-limit", "1"),
                "profile '(environment)' is for JeraSoft VCS, but 'account update' talks to PortaBilling; choose a profile of backend portabilling with -p "
                        + "(or set BILLCTL_BACKEND=portabilling)");
        assertRefusedBeforeSending(new Billctl(home).run("clients-accounts", "update", "1", "--name", "x"),
                "or set BILLCTL_BACKEND and BILLCTL_URL (try -p sandbox)");
    }

    @Test
    void aProfileChosenAnyOtherWayWins() {
        Billctl billctl = fromEnvironment().env("BILLCTL_URL", "http://127.0.0.1:9/never");
        billctl.run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "Sandbox").exits(0);
        billctl.env("OTHER_KEY", KEY).run("profile", "add", "vcs", "--backend", "jerasoft", "--url", sandbox.url("/jerasoft/api"), "--api-key-env", "OTHER_KEY")
                .exits(0);
        Run run = billctl.run("clients-accounts", "update", "1", "--name", "Default").exits(0);
        assertTrue(run.err().contains("warning: BILLCTL_BACKEND is set, but the default profile 'vcs' of " + billctl.configFile() + " is used"), run.err());
        assertEquals(1, sandbox.requests().size(), "the config's default went to the sandbox");
    }

    @Test
    void billctlOutputIsTheDefaultOfDashO() {
        Billctl billctl = fromEnvironment().env("BILLCTL_OUTPUT", "json");
        JsonNode update = billctl.run("clients-accounts", "update", "1", "--name", "Json by default").exits(0).json();
        assertTrue(update.path("ok").asBoolean(), update.toString());
        assertTrue(billctl.run("clients-accounts", "update", "1", "--name", "A table", "-o", "table").exits(0).out().startsWith("FIELD"));
        Run usage = billctl.run("clients-accounts", "update", "1", "--nmae", "x").exits(2);
        assertEquals("usage", usage.json().path("error").path("code").asText(), usage.out());
        assertTrue(billctl.run("--version").exits(0).json().path("ok").asBoolean());

        Billctl csv = fromEnvironment().env("BILLCTL_OUTPUT", "csv");
        assertEquals("id,name\n1,A table\n", csv.run("clients-accounts", "get", "1", "--fields", "id,name").exits(0).out());
        assertTrue(csv.run("clients-accounts", "update", "1", "--name", "Csv leaves updates a table").exits(0).out().startsWith("FIELD"),
                "csv is for get and list; an update falls back to its table");
        assertTrue(fromEnvironment().env("BILLCTL_OUTPUT", " JSONL ").run("clients-accounts", "get", "1").exits(0).out().startsWith("{"));

        assertTrue(csv.run("profile", "list").exits(0).out().contains("NAME"), "profile list is no account list: its table");

        // Given on the command line to a command that prints no csv, -o csv is refused, nothing printed on stdout.
        for (List<String> call : List.of(List.of("profile", "list"), List.of("profile", "show", "vcs"), List.of("clients-accounts", "update", "1", "--name", "x"))) {
            List<String> args = new java.util.ArrayList<>(call);
            args.addAll(List.of("-o", "csv"));
            Run refused = fromEnvironment().run(args.toArray(String[]::new)).exits(2).oneErrorLine();
            assertEquals("", refused.out());
            assertTrue(refused.errorLine().contains("-o csv is for get and list; " + String.join(" ", call.subList(0, 2)) + " prints a table, json or jsonl"), refused.err());
        }

        Run bad = fromEnvironment().env("BILLCTL_OUTPUT", "xml").run("clients-accounts", "update", "1", "--name", "x").exits(2).oneErrorLine();
        assertTrue(bad.errorLine().contains("BILLCTL_OUTPUT is 'xml'; it must be one of table, json, jsonl, csv"), bad.err());
        fromEnvironment().env("BILLCTL_OUTPUT", "xml").run("clients-accounts", "update", "1", "--name", "x", "-o", "json").exits(0);
    }

    @Test
    void clicolorForceColoursWhatANoTerminalRunWouldNotAndNoColorWins() {
        Billctl billctl = fromEnvironment().env("CLICOLOR_FORCE", "1");
        Run error = billctl.run("-p", "nosuch", "clients-accounts", "update", "1", "--name", "x").exits(2);
        assertTrue(error.err().startsWith("\u001b[31merror:"), error.err());
        Run parsedError = billctl.run("clients-accounts", "update", "1", "--depth", "x").exits(2);
        assertTrue(parsedError.err().startsWith("\u001b[31merror:"), parsedError.err());
        assertTrue(billctl.run("clients-accounts", "get", "1", "--fields", "id,name").exits(0).out().contains("\u001b[1m"), "a bold header");
        assertFalse(billctl.env("CLICOLOR_FORCE", "0").run("clients-accounts", "get", "1").exits(0).out().contains("\u001b["));
        assertFalse(billctl.env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").run("clients-accounts", "get", "1").exits(0).out().contains("\u001b["));
        assertFalse(billctl.env("NO_COLOR", null).run("clients-accounts", "get", "1", "--no-color").exits(0).out().contains("\u001b["));
    }

    @Test
    void versionSaysTheBuildTheJavaRuntimeAndTheOs() {
        Billctl billctl = new Billctl(home);
        String[] lines = billctl.run("--version").exits(0).out().split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertTrue(lines[0].matches("billctl \\S+ \\(commit .+\\)"), lines[0]);
        assertTrue(lines[1].startsWith("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "), lines[1]);
        assertTrue(lines[1].endsWith(" at " + System.getProperty("java.home")), lines[1]);
        assertEquals("os " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"), lines[2]);

        JsonNode json = billctl.run("clients-accounts", "update", "--version", "-o", "json").exits(0).json();
        assertTrue(json.path("ok").asBoolean());
        assertEquals(lines[0].split(" ")[1], json.path("version").asText());
        assertTrue(json.has("commit") && json.path("modified").isBoolean(), json.toString());
        assertEquals(System.getProperty("java.version"), json.path("java").path("version").asText());
        assertEquals(System.getProperty("java.home"), json.path("java").path("home").asText());
        assertEquals(System.getProperty("os.name"), json.path("os").path("name").asText());
        assertEquals(System.getProperty("os.arch"), json.path("os").path("arch").asText());
    }

    @Test
    void everyRequestSaysWhoSendsIt() {
        fromEnvironment().run("clients-accounts", "update", "1", "--name", "x").exits(0);
        EmulatorRequest request = sandbox.requests().get(0);
        assertEquals("billctl/" + io.billctl.core.BuildInfo.version() + " (+java " + System.getProperty("java.version") + ")", request.header("User-Agent"));
    }
}
