package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.billctl.testing.Run;
import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deciding what is a terminal loads no native library: a temp directory mounted noexec is no problem. */
class TerminalIT {
    @TempDir Path home;

    @Test
    void aBatchWithANoexecTempDirPrintsNoNativeLibraryError() throws Exception {
        Path noexec = home.resolve("noexec");
        Files.createDirectories(noexec);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,size=8m", "tmpfs", noexec.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "cannot mount a noexec tmpfs here (needs root): " + new String(mount.getInputStream().readAllBytes()));
        try {
            Path batch = home.resolve("in.jsonl");
            Files.writeString(batch, "{\"id\":1,\"name\":\"noexec\"}\n{\"id\":2,\"name\":\"noexec\"}\n");
            Run run = Subprocess.jar(home, List.of("-Djava.io.tmpdir=" + noexec), Map.of(),
                    "-p", "sandbox", "clients-accounts", "update", "--batch", batch.toString());
            run.exits(0);
            assertFalse(run.err().contains("native") || run.err().contains("UnsatisfiedLinkError"), run.err());
            assertEquals("", run.err());
            try (var left = Files.list(noexec)) {
                assertFalse(left.anyMatch(f -> f.getFileName().toString().contains("jansi")), "jansi extracted its library");
            }
        } finally {
            new ProcessBuilder("umount", noexec.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
