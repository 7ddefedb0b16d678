package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Run;
import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproduction 6: eight {@code profile add} processes of the real bin/billctl at once,
 * against one config file that is a symbolic link and holds a key and a comment billctl does not
 * know: all eight profiles land, the link stays a link, the unknown key stays.
 */
class ConcurrentProfileAddIT {
    @TempDir Path home;

    @Test
    void eightConcurrentAddsKeepEightProfiles() throws Exception {
        Path real = home.resolve("dotfiles/billctl.toml");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "# hand-written\ncolour = \"blue\"\n");
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path link = home.resolve(".config/billctl/config.toml");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, real);

        int processes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            String name = "p" + i;
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return Subprocess.billctl(home, Map.of("BILLCTL_CDS", "off"), "", "profile", "add", name, "--backend", "jerasoft",
                        "--url", "https://vcs.example.com/api", "--api-key-env", "KEY_" + name);
            }, pool));
        }
        start.countDown();
        for (CompletableFuture<Run> run : runs) {
            Run done = run.join().exits(0);
            assertTrue(done.err().contains("saved profile"), done.err());
        }
        pool.shutdown();

        assertTrue(Files.isSymbolicLink(link), "the config is still a link");
        Run list = Subprocess.billctl(home, Map.of("BILLCTL_CDS", "off"), "", "profile", "list", "-o", "json").exits(0);
        assertEquals(processes + 1, list.json().path("profiles").size(), list.out()); // and the built-in sandbox
        String config = Files.readString(real);
        assertTrue(config.contains("colour = \"blue\""), config);
        assertEquals("# hand-written\ncolour = \"blue\"\n", Files.readString(real.resolveSibling("billctl.toml.bak")));
    }
}
