package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproduction 1: a config file others can write names a command billctl would run as the
 * caller. billctl refuses it (exit 3, the chmod that fixes it) and runs nothing, sends nothing.
 */
class ConfigSafetyTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;
    Path pwned;

    @BeforeEach
    void setUp() {
        billctl = new Billctl(home);
        pwned = home.resolve("pwned");
        billctl.config("[profiles.x]\nbackend = \"jerasoft\"\nurl = \"" + sandbox.url("/jerasoft/api") + "\"\n"
                + "api_key_command = \"id > " + pwned + "; echo " + JerasoftEmulator.API_KEY + "\"\n");
    }

    @Test
    void aConfigOthersCanWriteRunsNoCommand() throws Exception {
        for (String mode : new String[] {"rw--w--w-", "rw-----w-", "rw--w----"}) {
            Files.setPosixFilePermissions(billctl.configFile(), PosixFilePermissions.fromString(mode));
            Run run = billctl.run("-p", "x", "clients-accounts", "update", "1", "--name", "x").exits(3).oneErrorLine();
            assertTrue(run.errorLine().contains(billctl.configFile() + " is writable by other users"), run.err());
            assertTrue(run.errorLine().endsWith("run: chmod 600 " + billctl.configFile()), run.err());
            billctl.run("profile", "test", "x").exits(3).oneErrorLine();
            assertFalse(Files.exists(pwned), "the command ran");
            assertTrue(sandbox.requests().isEmpty(), "sent: " + sandbox.requests());
        }
    }

    @Test
    void aConfigInADirectoryOthersCanWriteRunsNoCommand() throws Exception {
        Path dir = billctl.configFile().getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run run = billctl.run("-p", "x", "clients-accounts", "update", "1", "--name", "x").exits(3).oneErrorLine();
        assertTrue(run.errorLine().endsWith("run: chmod go-w " + dir), run.err());
        assertFalse(Files.exists(pwned), "the command ran");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        billctl.run("-p", "x", "clients-accounts", "update", "1", "--name", "x").exits(0);
        assertTrue(Files.exists(pwned), "a safe config's command runs");
        assertEquals(1, sandbox.requests().size());
    }

    @Test
    void aConfigOfAnotherUserRunsNoCommand() throws Exception {
        Path file = billctl.configFile().toAbsolutePath();
        // Tests cannot be another user: the seam says the caller is uid 1000 and the file is uid 1001's.
        try (AutoCloseable fake = io.billctl.core.config.StrictModes.fakeOwners(new io.billctl.core.config.StrictModes.Owners() {
            public long caller() { return 1000; }
            public long ownerOf(Path path) { return path.equals(file) ? 1001 : 1000; }
        })) {
            Run run = billctl.run("-p", "x", "clients-accounts", "update", "1", "--name", "x").exits(3).oneErrorLine();
            assertTrue(run.errorLine().contains(file + " belongs to uid 1001, not to you"), run.err());
            assertTrue(run.errorLine().contains("until you run: chown "), run.err());
        }
        assertFalse(Files.exists(pwned), "the command ran");
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void aConfigOthersCanOnlyReadStillWorksWithAWarning() throws Exception {
        Files.setPosixFilePermissions(billctl.configFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Run run = billctl.run("-p", "x", "clients-accounts", "update", "1", "--name", "x").exits(0);
        assertTrue(run.err().startsWith("warning: " + billctl.configFile() + " is readable by other users"), run.err());
    }
}
