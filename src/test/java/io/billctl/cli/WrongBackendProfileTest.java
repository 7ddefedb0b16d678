package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.SandboxProfiles;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PRODUCT.md: "A command run against a profile of the wrong backend fails with a clear message." The
 * message names the command that was run (get, list, update, undo), and no output begins before it.
 */
class WrongBackendProfileTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "account get 1|account get",
            "account list|account list",
            "account list -o json|account list",
            "account update 1 --firstname x|account update",
            "clients-accounts get 1|clients-accounts get"})
    void theMessageNamesTheCommandRun(String args, String command) {
        String backend = command.startsWith("account") ? "PortaBilling; choose a profile of backend portabilling"
                : "JeraSoft VCS; choose a profile of backend jerasoft";
        Run run = billctl.run(("-p pbx " + args).split(" ")).exits(2);
        String message = "profile 'pbx' is for Enswitch, but '" + command + "' talks to " + backend + " with -p";
        if (args.endsWith("-o json")) {
            assertEquals(message, run.json().at("/error/message").asText(), run.out());
        } else {
            assertEquals("error: " + message + "\n", run.err());
            assertEquals("", run.out(), "no table header before the error");
        }
        assertEquals(0, sandbox.requests().size(), sandbox.requests().toString());
    }

    @Test
    void undoNamesItself() {
        Path journal = home.resolve("run.journal");
        billctl.run("-p", "pb", "account", "update", "3", "--credit-limit", "5", "--journal", journal.toString()).exits(0);
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("-p", "pbx", "undo", journal.toString()),
                "profile 'pbx' is for Enswitch, but 'undo' of this journal talks to PortaBilling; choose a profile of backend"
                        + " portabilling with -p");
    }
}
