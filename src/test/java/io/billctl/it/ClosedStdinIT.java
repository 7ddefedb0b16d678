package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.billctl.testing.Run;
import io.billctl.testing.Subprocess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdin closed by the caller ({@code <&-}): the JVM's own lib/modules took fd 0, so {@code -f -} said "larger
 * than 16 MiB" and {@code --batch -} "not valid UTF-8" (and the JVM could crash). Now both say stdin is closed,
 * through the launcher and through {@code java -jar} alike.
 */
class ClosedStdinIT {
    @TempDir Path home;

    private Run closed(List<String> billctl, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "exec \"$@\" <&-", "bash"));
        command.addAll(billctl);
        command.addAll(List.of("-p", "sandbox"));
        command.addAll(List.of(args));
        return Subprocess.run(command, home, Map.of("BILLCTL_CDS", "off"), "");
    }

    @Test
    void aClosedStdinIsSaidToBeClosed() {
        List<List<String>> ways = List.of(List.of(Subprocess.LAUNCHER.toString()),
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", Subprocess.JAR.toString()));
        for (List<String> way : ways) {
            Run document = closed(way, "clients-accounts", "update", "5", "-f", "-").exits(2).oneErrorLine();
            assertEquals("error: -f -: stdin is closed (the caller closed it, as <&- does): nothing to read", document.errorLine(), way.toString());
            Run batch = closed(way, "clients-accounts", "update", "--batch", "-").exits(2).oneErrorLine();
            assertEquals("error: --batch -: stdin is closed (the caller closed it, as <&- does): nothing to read", batch.errorLine(), way.toString());
        }
    }
}
