package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.AgainstSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile add|list|show|remove|use|test}, the config file, and where secrets come from. */
class ProfileCommandsTest extends AgainstSandbox {
    static final String KEY = JerasoftEmulator.API_KEY;
    @TempDir Path home;
    Billctl billctl;
    String url;

    @BeforeEach
    void setUp() {
        billctl = new Billctl(home).secret(KEY);
        url = sandbox.url("/jerasoft/api");
    }

    /** A mistyped --config said only "no profile named 'prod'", as if the file were there without it. */
    @Test
    void aConfigFileThatIsNotThereIsSaid() {
        String missing = home.resolve("no-such.toml").toString();
        Run run = billctl.run("--config", missing, "-p", "prod", "clients-accounts", "get", "1").exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("no profile named 'prod' (" + missing + " does not exist); known: sandbox"), run.err());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void addFromStdinStoresTheKeyInAnOwnerOnlyFileAndNeverPrintsIt() throws Exception {
        Run add = billctl.runWithStdin(KEY + "\n", "profile", "add", "prod", "--backend", "jerasoft", "--url", url, "--api-key-stdin").exits(0);
        assertEquals("", add.out());
        assertTrue(add.err().contains("now the default profile"), add.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(billctl.configFile())));
        assertTrue(Files.readString(billctl.configFile()).contains("api_key = \"" + KEY + "\""));
        Run show = billctl.run("profile", "show", "prod").exits(0);
        assertTrue(show.out().contains("stored in the config file (hidden)"), show.out());
        billctl.run("clients-accounts", "update", "1", "--name", "Via stored key").exits(0);
        assertEquals(KEY, sandbox.requests().get(0).header("X-Api-Key"));
    }

    @Test
    void addFromAVariableStoresOnlyItsName() throws Exception {
        billctl.run("profile", "add", "lab", "--backend", "jerasoft", "--url", url, "--api-key-env", "LAB_KEY").exits(0);
        String config = Files.readString(billctl.configFile());
        assertTrue(config.contains("api_key_env = \"LAB_KEY\""), config);
        Run unset = billctl.run("-p", "lab", "clients-accounts", "update", "1", "--name", "x").exits(2).oneErrorLine();
        assertTrue(unset.errorLine().contains("$LAB_KEY, which is not set"), unset.err());
        billctl.env("LAB_KEY", KEY).run("-p", "lab", "clients-accounts", "update", "1", "--name", "x").exits(0);
        assertTrue(billctl.run("profile", "show", "lab").out().contains("from $LAB_KEY"));
    }

    @Test
    void addFromACommandRunsItAtEachCall() throws Exception {
        Path keyFile = home.resolve("key.txt");
        Files.writeString(keyFile, KEY + "\n");
        billctl.run("profile", "add", "ops", "--backend", "jerasoft", "--url", url, "--api-key-command", "cat " + keyFile).exits(0);
        billctl.run("-p", "ops", "clients-accounts", "update", "1", "--name", "x").exits(0);
        Files.writeString(keyFile, "rotated-wrong-key\n");
        billctl.secret("rotated-wrong-key");
        billctl.run("-p", "ops", "clients-accounts", "update", "1", "--name", "y").exits(3).oneErrorLine();
        billctl.run("profile", "add", "broken", "--backend", "jerasoft", "--url", url, "--api-key-command", "exit 7").exits(0);
        Run failed = billctl.run("-p", "broken", "clients-accounts", "update", "1", "--name", "x").exits(3).oneErrorLine();
        assertTrue(failed.errorLine().contains("the command for the API key of profile 'broken' exited 7"), failed.err());
    }

    @Test
    void listShowUseRemove() {
        billctl.runWithStdin(KEY, "profile", "add", "a", "--backend", "jerasoft", "--url", url, "--api-key-stdin").exits(0);
        billctl.run("profile", "add", "b", "--backend", "jerasoft", "--url", "https://vcs.example.com/api", "--api-key-env", "B_KEY").exits(0);
        assertEquals("""
                   NAME     BACKEND   URL
                *  a        jerasoft  %s
                   b        jerasoft  https://vcs.example.com/api
                   sandbox  all       built in (emulators)
                """.formatted(url), billctl.run("profile", "list").exits(0).out());
        billctl.run("profile", "use", "b").exits(0);
        JsonNode list = billctl.run("profile", "list", "-o", "json").exits(0).json();
        assertTrue(list.path("ok").asBoolean(), list.toString());
        assertEquals("b", list.path("default").asText());
        assertFalse(list.at("/profiles/0/default").asBoolean());
        assertTrue(list.at("/profiles/1/default").asBoolean());
        JsonNode show = billctl.run("profile", "show", "-o", "json").exits(0).json();
        assertTrue(show.path("ok").asBoolean(), show.toString());
        assertEquals("b", show.path("name").asText());
        billctl.run("profile", "remove", "b").exits(0);
        assertEquals(2, billctl.run("profile", "list", "-o", "json").json().path("profiles").size());
        billctl.run("profile", "remove", "b").exits(2).oneErrorLine();
        billctl.run("profile", "use", "nope").exits(2).oneErrorLine();
        billctl.run("profile", "use", "sandbox").exits(0);
    }

    @Test
    void refusesProfilesThatCouldNotWork() {
        String[][] cases = {
                {"profile", "add", "x", "--backend", "jerasoft", "--url", url},
                {"profile", "add", "x", "--backend", "oracle", "--url", url, "--api-key-env", "K"},
                {"profile", "add", "x", "--backend", "jerasoft", "--url", "ftp://host/", "--api-key-env", "K"},
                {"profile", "add", "x", "--backend", "jerasoft", "--url", "https://user:pw@host/", "--api-key-env", "K"},
                {"profile", "add", "sandbox", "--backend", "jerasoft", "--url", url, "--api-key-env", "K"},
                {"profile", "add", "bad name", "--backend", "jerasoft", "--url", url, "--api-key-env", "K"},
                {"profile", "add", "x", "--backend", "jerasoft", "--url", url, "--api-key-env", "K", "--api-key-command", "c"},
                {"profile", "add", "x", "--backend", "jerasoft", "--url", url, "--api-key-env", "K", "--ca-cert", "/nonexistent.pem"},
        };
        for (String[] args : cases) {
            billctl.run(args).exits(2).oneErrorLine();
        }
        billctl.runWithStdin("", "profile", "add", "x", "--backend", "jerasoft", "--url", url, "--api-key-stdin").exits(2).oneErrorLine();
        assertFalse(Files.exists(billctl.configFile()), "a refused profile was saved");
        billctl.run("profile", "add", "x", "--backend", "jerasoft", "--url", url, "--api-key-env", "K").exits(0);
        billctl.run("profile", "add", "x", "--backend", "jerasoft", "--url", url, "--api-key-env", "K").exits(2).oneErrorLine();
        billctl.run("profile", "add", "x", "--backend", "jerasoft", "--url", url, "--api-key-env", "K2", "--force").exits(0);
    }

    @Test
    void testChecksReachAndCredentials() {
        billctl.run("profile", "add", "t", "--backend", "jerasoft", "--url", url, "--api-key-env", "T_KEY").exits(0);
        Run ok = billctl.env("T_KEY", KEY).run("profile", "test", "t", "-o", "json").exits(0);
        assertTrue(ok.json().path("ok").asBoolean());
        assertEquals("GET", sandbox.requests().get(0).method());
        billctl.env("T_KEY", "wrong-key-here").secret("wrong-key-here").run("profile", "test", "t").exits(3).oneErrorLine();
        billctl.run("profile", "add", "down", "--backend", "jerasoft", "--url", "http://127.0.0.1:9", "--api-key-env", "T_KEY").exits(0);
        billctl.run("profile", "test", "down", "--retries", "0").exits(5).oneErrorLine();
    }

    @Test
    void warnsWhenOthersCanReadTheConfig() throws Exception {
        billctl.run("profile", "add", "w", "--backend", "jerasoft", "--url", url, "--api-key-env", "K").exits(0);
        Files.setPosixFilePermissions(billctl.configFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Run run = billctl.run("profile", "list").exits(0);
        assertTrue(run.err().startsWith("warning: " + billctl.configFile() + " is readable by other users"), run.err());
    }

    @Test
    void configLocationFollowsTheEnvironment() throws Exception {
        Path explicit = home.resolve("elsewhere/billctl.toml");
        billctl.env("BILLCTL_CONFIG", explicit.toString());
        billctl.run("profile", "add", "e", "--backend", "jerasoft", "--url", url, "--api-key-env", "K").exits(0);
        assertTrue(Files.exists(explicit));
        assertFalse(Files.exists(billctl.configFile()));
        Path flag = home.resolve("flag.toml");
        billctl.run("--config", flag.toString(), "profile", "add", "f", "--backend", "jerasoft", "--url", url, "--api-key-env", "K").exits(0);
        assertTrue(Files.readString(flag).contains("[profiles.f]"));
    }

    @Test
    void aBrokenConfigFileIsOneClearLine() {
        billctl.config("this is = = not toml");
        Run run = billctl.run("profile", "list").exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("cannot read the config file"), run.err());
    }

    @Test
    void insecureProfilesWarnAtEveryCall() {
        billctl.run("profile", "add", "i", "--backend", "jerasoft", "--url", url, "--api-key-env", "K", "--insecure").exits(0);
        Run run = billctl.env("K", KEY).run("-p", "i", "clients-accounts", "update", "1", "--name", "x").exits(0);
        assertTrue(run.err().contains("warning: TLS certificate checks are off for profile 'i'"), run.err());
    }
}
