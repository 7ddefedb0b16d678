package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.HostileVendor;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Memory stays bounded whatever a server sends: billctl as its own process under {@code -Xmx64m}
 * (it ended in a raw OutOfMemoryError on a 128 MB heap before) meets a 100 MB answer, with its
 * length declared and chunked, and ends in exit 5 with one line; an absurd number is refused
 * under the same heap.
 */
class HostileServerIT {
    private static final List<String> SMALL_HEAP = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    @TempDir Path home;
    ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void configure(HostileVendor vendor) throws Exception {
        Path config = home.resolve(".config/billctl/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, vendor.config(server));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    private Run run(String... args) {
        Run run = Subprocess.jar(home, SMALL_HEAP, HostileVendor.env(), args);
        assertFalse(run.err().contains(HostileVendor.SECRET) || run.out().contains(HostileVendor.SECRET), "the secret leaked");
        assertFalse(run.err().contains("OutOfMemoryError"), run.err());
        return run;
    }

    @ParameterizedTest
    @EnumSource(HostileVendor.class)
    void aHundredMegabyteAnswerIsRefusedUnderASmallHeap(HostileVendor vendor) throws Exception {
        for (boolean declared : new boolean[] {false, true}) {
            server = ScriptedServer.start(vendor.serve(ScriptedServer.huge(100L << 20, declared)));
            configure(vendor);
            Run run = run(vendor.update()).exits(5).oneErrorLine();
            assertTrue(run.errorLine().contains("is too large"), run.err());
            server.close();
        }
    }

    @Test
    void anAbsurdNumberIsRefusedUnderASmallHeap() throws Exception {
        server = ScriptedServer.start(HostileVendor.YETI.serve(HostileVendor.YETI.success().script()));
        configure(HostileVendor.YETI);
        Run run = run("admin-accounts", "update", "1", "--vat", "1e2000000000").exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("is too large or too small"), run.err());
        assertTrue(server.requests().isEmpty());
    }
}
