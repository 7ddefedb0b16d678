package io.billctl.core.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.billctl.core.Json;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.SandboxProfiles;
import io.billctl.testing.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -f} reads a FIFO (what {@code -f <(...)} hands it) as {@code --batch} does: it said "cannot read
 * it: Illegal seek". Its 16 MiB bound still holds for a pipe, whose size nobody can ask.
 */
class DocumentFromPipeTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profile() {
        billctl = SandboxProfiles.billctl(home, sandbox, "vcs", "");
    }

    /** A FIFO with a writer that writes {@code bytes} and closes it (or stops when the reader has gone). */
    private Path fifo(byte[] bytes, CompletableFuture<?>[] writer) throws Exception {
        Path fifo = home.resolve("doc.fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        writer[0] = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (IOException readerGone) {
                // the reader took what it wanted
            }
        });
        return fifo;
    }

    @Test
    void aFifoIsReadAsADocument() throws Exception {
        CompletableFuture<?>[] writer = new CompletableFuture<?>[1];
        Path fifo = fifo("{\"name\":\"from a fifo\"}\n".getBytes(StandardCharsets.UTF_8), writer);
        Run run = billctl.run("clients-accounts", "update", "5", "-f", fifo.toString());
        writer[0].get(60, TimeUnit.SECONDS); // did not hang
        run.exits(0);
        assertEquals(1, sandbox.requests().size());
        assertEquals("from a fifo", Json.parse(sandbox.requests().get(0).bodyText()).path("name").asText());
    }

    @Test
    void aFifoLargerThanTheLimitIsRefused() throws Exception {
        CompletableFuture<?>[] writer = new CompletableFuture<?>[1];
        byte[] huge = new byte[(16 << 20) + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        Path fifo = fifo(huge, writer);
        Run run = billctl.run("clients-accounts", "update", "5", "-f", fifo.toString());
        writer[0].get(60, TimeUnit.SECONDS);
        run.exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("is larger than 16 MiB"), run.err());
        assertTrue(sandbox.requests().isEmpty());
    }
}
