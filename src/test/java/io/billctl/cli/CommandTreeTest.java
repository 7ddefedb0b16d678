package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root and update commands are built in code (no annotations read at start-up) and only the
 * subcommand a call names is built: what a user types must mean what it meant before.
 */
class CommandTreeTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void setUp() throws Exception {
        billctl = new Billctl(home).secret(JerasoftEmulator.API_KEY);
        billctl.config("[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\napi_key = \""
                + JerasoftEmulator.API_KEY + "\"\n");
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommandName() {
        Run before = billctl.run("-p", "vcs", "-o", "json", "clients-accounts", "update", "1", "--name", "Before").exits(0);
        assertTrue(before.out().startsWith("{\"ok\":true"), before.out());
        Run after = billctl.run("clients-accounts", "update", "1", "--name", "After", "-o", "json", "--profile", "vcs").exits(0);
        assertTrue(after.out().startsWith("{\"ok\":true"), after.out());
        assertEquals(2, sandbox.requests().size());
        Run dry = billctl.run("clients-accounts", "--dry-run", "update", "1", "--name", "Dry", "-p", "vcs").exits(0);
        assertTrue(dry.out().startsWith("PATCH "), dry.out());
        assertEquals(2, sandbox.requests().size(), "--dry-run given on the group sent nothing");
    }

    /** Only update and undo have a dry run: elsewhere --dry-run was ignored, and profile add wrote the config. */
    @Test
    void dryRunIsRefusedWhereThereIsNone() throws Exception {
        String config = java.nio.file.Files.readString(billctl.configFile());
        Run add = billctl.run("profile", "add", "dry", "--backend", "yeti", "--url", "http://h:1", "--username", "u", "--password-env", "X",
                "--dry-run").exits(2).oneErrorLine();
        assertEquals("error: --dry-run is for update and undo; 'billctl profile add' has no dry run and would run for real: drop --dry-run",
                add.errorLine());
        assertEquals(config, java.nio.file.Files.readString(billctl.configFile()), "nothing written");
        Run get = billctl.run("-p", "vcs", "--dry-run", "clients-accounts", "get", "1").exits(2).oneErrorLine();
        assertTrue(get.errorLine().endsWith("'billctl clients-accounts get' has no dry run: it only reads and changes nothing (-v shows its requests)"),
                get.errorLine());
        billctl.run("-p", "vcs", "clients-accounts", "list", "--dry-run=true").exits(2);
        assertTrue(sandbox.requests().isEmpty(), "sent: " + sandbox.requests());
        billctl.run("-p", "vcs", "clients-accounts", "get", "1", "--dry-run=false").exits(0);
    }

    /** Booleans take an attached value too, as scripts write them: --dry-run=$DRY. */
    /**
     * The copies each command inherits share one value: the last silently won (another profile than the one
     * read first). It still wins (an alias's default overridden by the call), with a warning naming both.
     */
    @Test
    void aGlobalOptionGivenBeforeAndAfterTheCommandIsSaid() {
        Run profile = billctl.run("-p", "sandbox", "clients-accounts", "update", "1", "--name", "x", "-p", "vcs").exits(0);
        assertTrue(profile.err().contains("warning: --profile is given twice, 'sandbox' and 'vcs': the last, 'vcs', is used"), profile.err());
        assertEquals(1, sandbox.requests().size(), "sent to vcs, the test's server");
        Run output = billctl.run("-o", "json", "clients-accounts", "update", "1", "--name", "x", "-p", "vcs", "--output=table").exits(0);
        assertTrue(output.err().contains("warning: --output is given twice, 'json' and 'table'"), output.err());
        Run same = billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x", "-p", "vcs", "--dry-run").exits(0);
        assertEquals("", same.err());
        billctl.run("--dry-run", "clients-accounts", "update", "1", "--name", "x", "-p", "vcs", "--dry-run").exits(0);
    }

    /** A missing ID or journal was an internal error (exit 5, a NullPointerException named). */
    @Test
    void aMissingPositionalIsAUsageError() {
        for (String group : List.of("clients-accounts", "unlimited", "account", "admin-accounts")) {
            Run get = billctl.run("-p", "sandbox", group, "get").exits(2).oneErrorLine();
            assertTrue(get.errorLine().contains("Missing required parameter: 'ID'"), get.err());
        }
        Run undo = billctl.run("-p", "sandbox", "undo").exits(2).oneErrorLine();
        assertTrue(undo.errorLine().contains("Missing required parameter: 'JOURNAL'"), undo.err());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void booleanOptionsTakeTrueOrFalse() {
        assertTrue(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "Dry", "--dry-run=true").exits(0).out().startsWith("PATCH "));
        assertTrue(sandbox.requests().isEmpty());
        billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "Sent", "--dry-run=false", "--no-color=false",
                "--allow-unknown-fields=false").exits(0);
        assertEquals(1, sandbox.requests().size());
    }

    @Test
    void versionNeedsNoTreeButWorksAnywhere() {
        assertEquals(List.of(), Cli.subcommandsFor(new String[] {"--version"}));
        assertEquals(List.of(), Cli.subcommandsFor(new String[] {"-V", "--stacktrace"}));
        assertEquals(1, Cli.subcommandsFor(new String[] {"profile", "--version"}).size());
        assertEquals(Cli.allSubcommands(), Cli.subcommandsFor(new String[] {"-V", "-h"}));
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"profile", "--version"}, {"clients-accounts", "update", "-V"}}) {
            Run run = billctl.run(args).exits(0);
            assertTrue(run.out().startsWith("billctl "), () -> String.join(" ", args) + ": " + run.out());
            assertEquals("", run.err());
        }
    }

    @Test
    void wrongInputGetsOneLineAndExitTwo() {
        assertTrue(billctl.run("clients-accounts").exits(2).oneErrorLine().errorLine().contains("Missing required subcommand"));
        assertTrue(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x", "--timeout", "0").exits(2).oneErrorLine()
                .errorLine().contains("'--timeout': must be a positive number of seconds, got 0"));
        assertTrue(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x", "--retries", "many").exits(2).oneErrorLine()
                .errorLine().contains("'many' is not a whole number"));
        assertTrue(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x", "--retries", "99999999999").exits(2).oneErrorLine()
                .errorLine().contains("'99999999999' is too large (at most 2147483647)"));
        assertTrue(billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x", "--timeout", "-99999999999").exits(2).oneErrorLine()
                .errorLine().contains("'--timeout': must be a positive number of seconds, got -99999999999"));
        assertTrue(billctl.run("clients-acounts", "update", "1").exits(2).oneErrorLine().errorLine().contains("did you mean clients-accounts?"));
        assertTrue(billctl.run("-p", "vcs", "unlimited", "update", "1", "--validate-onyl").exits(2).oneErrorLine().errorLine()
                .contains("did you mean --validate-only?"));
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Run help = billctl.run("--help").exits(0);
        for (String command : new String[] {"clients-accounts", "unlimited", "account", "admin-accounts", "profile", "sandbox", "completion"}) {
            assertTrue(help.out().contains("  " + command + " "), () -> command + " missing:\n" + help.out());
        }
        assertTrue(help.out().contains("130"), help.out());
        Run update = billctl.run("account", "update", "--help").exits(0);
        assertTrue(update.out().contains("--release-assigned-did=<0|1>"), update.out());
        assertTrue(update.out().contains("-h, --help"), update.out());
    }
}
