package io.billctl.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.SandboxProfiles;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --failed-out PATH} as a shell's {@code >} treats PATH: nothing at PATH is ever deleted. A symbolic
 * link is followed, a FIFO written as it is, an existing file truncated and made private, and a write that
 * fails (a full disk) stops the run with exit 5 instead of a summary that says the records were written.
 */
class FailedOutTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;
    Path input;

    @BeforeEach
    void setUp() throws Exception {
        billctl = SandboxProfiles.billctl(home, sandbox, "vcs", "");
        // One record fails (no such account), one is applied.
        input = home.resolve("in.jsonl");
        Files.writeString(input, "{\"id\":99999,\"name\":\"nine\"}\n{\"id\":2,\"name\":\"two\"}\n");
    }

    private Run batch(Path failedOut) {
        return billctl.run("clients-accounts", "update", "--batch", input.toString(), "--failed-out", failedOut.toString(), "--parallel", "1");
    }

    @Test
    void aSymbolicLinkIsFollowedNotReplaced() throws Exception {
        Path target = home.resolve("kept/failed.jsonl");
        Files.createDirectories(target.getParent());
        Path link = Files.createSymbolicLink(home.resolve("failed.jsonl"), target);
        batch(link).exits(1);
        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertTrue(Files.readString(target).contains("\"id\":99999"), Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aFifoIsWrittenAsItIs() throws Exception {
        Path fifo = home.resolve("failed.fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (Exception e) {
                return "read failed: " + e;
            }
        });
        batch(fifo).exits(1);
        // A generous bound that only proves the reader was not left waiting for a writer that never came.
        String read = reader.get(60, TimeUnit.SECONDS);
        assertTrue(read.contains("\"id\":99999") && read.contains("billctl_error"), read);
        assertTrue((Boolean) Files.getAttribute(fifo, "basic:isOther", LinkOption.NOFOLLOW_LINKS), "the FIFO was replaced");
    }

    @Test
    void anExistingFileIsTruncatedAndMadePrivate() throws Exception {
        Path failed = home.resolve("failed.jsonl");
        Files.writeString(failed, "an old run's failures, longer than this run's one line ".repeat(20) + "\n");
        Files.setPosixFilePermissions(failed, PosixFilePermissions.fromString("rw-r--r--"));
        Object inode = Files.getAttribute(failed, "unix:ino");
        batch(failed).exits(1);
        assertEquals(1, Files.readAllLines(failed).size(), Files.readString(failed));
        assertTrue(Files.readString(failed).startsWith("{\"id\":99999"), Files.readString(failed));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(failed)));
        assertEquals(inode, Files.getAttribute(failed, "unix:ino"), "the same file, written in place");
    }

    @Test
    void aNewFileIsPrivate() throws Exception {
        Path failed = home.resolve("new.jsonl");
        batch(failed).exits(1);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(failed)));
    }

    /** Through a link to /dev/full: the device is written as it is, and the full disk is exit 5, not "1 failed records written". */
    @Test
    void aWriteThatFailsIsExitFiveAndNotCountedAsWritten() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")));
        Path full = Files.createSymbolicLink(home.resolve("full"), Path.of("/dev/full"));
        Run run = batch(full).exits(5);
        assertFalse(run.err().contains("failed records written"), run.err());
        java.util.List<String> errors = run.err().lines().filter(line -> line.startsWith("error: ")).toList();
        // The record's own error first (it was hidden behind the write's), then what stopped the run.
        assertEquals(2, errors.size(), run.err());
        assertTrue(errors.get(0).contains("line 1 (id 99999): account 99999 does not exist"), run.err());
        assertFalse(errors.get(1).contains("journal"), "no --journal was given: " + run.err());
        assertTrue(run.err().contains("error: cannot write --failed-out: No space left on device"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertTrue(Files.isSymbolicLink(full));
    }
}
