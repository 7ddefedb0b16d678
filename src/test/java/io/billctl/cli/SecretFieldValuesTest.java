package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproduction 7 (in process; {@code PsVisibilityIT} looks at {@code ps}): a secret field's
 * value (an account password) may come from {@code @FILE} or {@code -} (stdin) instead of the
 * command line, and is never printed.
 */
class SecretFieldValuesTest extends AgainstSandbox {
    static final String SIP = "s1p-Passw0rd with spaces";
    @TempDir Path home;
    Billctl billctl;
    Path file;

    @BeforeEach
    void setUp() throws Exception {
        billctl = new Billctl(home).secret(JerasoftEmulator.API_KEY).secret(PortabillingEmulator.PASSWORD).secret(SIP)
                .env("VCS_KEY", JerasoftEmulator.API_KEY).env("PB_PASSWORD", PortabillingEmulator.PASSWORD)
                .config("""
                        [profiles.vcs]
                        backend = "jerasoft"
                        url = "%1$s/jerasoft/api"
                        api_key_env = "VCS_KEY"
                        [profiles.pb]
                        backend = "portabilling"
                        url = "%1$s/portabilling"
                        username = "sandbox"
                        password_env = "PB_PASSWORD"
                        """.formatted(sandbox.url("")));
        file = home.resolve("pw.txt");
        Files.writeString(file, SIP + "\n");
    }

    private String sent(String field) throws Exception {
        var request = sandbox.requests().get(sandbox.requests().size() - 1);
        var body = Json.parse(request.bodyText());
        return body.has("params") ? body.path("params").path("account_info").path(field).asText() : body.path(field).asText();
    }

    @Test
    void aPasswordFromAFile() throws Exception {
        billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--password", "@" + file).exits(0);
        assertEquals(SIP, sent("password"));
        billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--set", "password=@" + file).exits(0);
        assertEquals(SIP, sent("password"));
        billctl.run("-p", "pb", "account", "update", "55", "--h323-password=@" + file).exits(0);
        assertEquals(SIP, sent("h323_password"));
        // Only secret fields read files: picocli's own @-files are off, and any other @ is sent as it is.
        billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--name", "@" + file).exits(0);
        assertEquals("@" + file, sent("name"));
    }

    /**
     * A password left unquoted in JSON was repeated by the parser's message ("Unrecognized token
     * 'Unquoted9Secret'"); a number no decimal holds was an internal error (exit 5).
     */
    @Test
    void malformedJsonIsNamedWithoutRepeatingWhatWasTyped() throws Exception {
        String word = "Unquoted9Secret";
        Billctl withWord = billctl.secret(word);
        Path document = home.resolve("pw.json");
        Files.writeString(document, "{\"password\":" + word + "}");
        Run file = withWord.run("-p", "vcs", "clients-accounts", "update", "7", "-f", document.toString()).exits(2).oneErrorLine();
        assertTrue(file.errorLine().contains("Unrecognized word of 15 characters (not shown; text goes in double quotes)"), file.err());
        Run batch = withWord.runWithStdin("{\"id\":7,\"password\":" + word + "}\n", "-p", "vcs", "clients-accounts", "update", "--batch", "-")
                .exits(2).oneErrorLine();
        assertTrue(batch.errorLine().contains("Unrecognized word of 15 characters"), batch.err());
        Run set = withWord.run("-p", "pb", "account", "update", "55", "--set", "sim_card_info={\"auth_key\":" + word + "}")
                .exits(2).oneErrorLine();
        assertTrue(set.errorLine().contains("Unrecognized word of 15 characters"), set.err());
        Run huge = billctl.runWithStdin("{\"orig_capacity\":1e99999999999}", "-p", "vcs", "clients-accounts", "update", "7", "-f", "-")
                .exits(2).oneErrorLine();
        assertTrue(huge.errorLine().contains("a number whose exponent is out of range"), huge.err());
        Run nan = billctl.runWithStdin("{\"orig_capacity\":NaN}", "-p", "vcs", "clients-accounts", "update", "7", "-f", "-").exits(2).oneErrorLine();
        assertTrue(nan.errorLine().contains("Non-standard token 'NaN' at line 1"), nan.err());
        assertTrue(!nan.errorLine().contains("JsonReadFeature"), nan.err());
        assertTrue(sandbox.requests().isEmpty(), "nothing sent");
    }

    @Test
    void aPasswordFromStdin() throws Exception {
        billctl.runWithStdin(SIP + "\n", "-p", "pb", "account", "update", "55", "--password", "-").exits(0);
        assertEquals(SIP, sent("password"));
        billctl.runWithStdin(SIP, "-p", "vcs", "clients-accounts", "update", "7", "--password", "-", "-o", "json").exits(0);
        assertEquals(SIP, sent("password"));
    }

    @Test
    void stdinAndFilesRefusedWithNothingSent() throws Exception {
        Path fields = home.resolve("fields.json");
        Files.writeString(fields, "{\"name\":\"x\"}");
        Run both = billctl.runWithStdin("{\"name\":\"x\"}", "-p", "vcs", "clients-accounts", "update", "7", "-f", "-", "--password", "-").exits(2).oneErrorLine();
        assertTrue(both.errorLine().contains("--password - and -f - cannot both read stdin; give --password @FILE instead"), both.err());
        Run two = billctl.runWithStdin(SIP, "-p", "pb", "account", "update", "55", "--password", "-", "--h323-password", "-").exits(2).oneErrorLine();
        assertTrue(two.errorLine().contains("cannot both read stdin"), two.err());
        Run missing = billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--password", "@" + home.resolve("nope.txt")).exits(2).oneErrorLine();
        assertTrue(missing.errorLine().contains("--password @" + home.resolve("nope.txt") + ": no such file"), missing.err());
        Files.writeString(file, "line one\nline two\n");
        billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--password", "@" + file).exits(2).oneErrorLine();
        // An empty file or stdin (a failed 'pass show > pw.txt', a pipe that produced nothing) would clear the password.
        Files.writeString(file, "\n");
        Run empty = billctl.run("-p", "pb", "account", "update", "55", "--password", "@" + file).exits(2).oneErrorLine();
        assertTrue(empty.errorLine().contains("--password @" + file + ": the file is empty, so nothing is sent; to set an empty value, give --password ''"),
                empty.err());
        Run none = billctl.runWithStdin("", "-p", "vcs", "clients-accounts", "update", "7", "--set", "password=-").exits(2).oneErrorLine();
        assertTrue(none.errorLine().contains("--set password=-: stdin was empty, so nothing is sent"), none.err());
        assertTrue(sandbox.requests().isEmpty(), "sent: " + sandbox.requests());
        billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--password", "").exits(0);
        assertEquals("", sent("password"));
    }

    @Test
    void theHelpSaysWhereAPlainValueIsSeen() {
        String help = billctl.run("account", "update", "--help").exits(0).out();
        assertTrue(help.replaceAll("\\s+", " ").contains("--h323-password=<text> The VoIP password for authenticating calls. A value given here is visible to other local users (ps)"), help);
    }
}
