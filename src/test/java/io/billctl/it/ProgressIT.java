package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.billctl.testing.Run;
import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar on a real terminal: bin/billctl on a pseudo-terminal (util-linux's script) that is
 * 50 columns wide, with no $COLUMNS: the launcher finds stderr is a terminal, billctl asks the terminal
 * its size, and every redraw of the bar fits on one line of it.
 */
class ProgressIT {
    @TempDir Path home;

    private static boolean scriptAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script"));
    }

    private Run onATerminal(int columns, String... args) throws Exception {
        Path batch = home.resolve("many.jsonl");
        Files.writeString(batch, IntStream.rangeClosed(1, 300).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"p" + i + "\"}")
                .collect(Collectors.joining("\n")) + "\n");
        String command = "stty cols " + columns + " rows 24; exec env -u COLUMNS " + Subprocess.LAUNCHER
                + " -p sandbox clients-accounts update --batch " + batch + " --parallel 4 " + String.join(" ", args);
        return Subprocess.run(List.of("script", "-qec", command, "/dev/null"), home,
                Map.of("BILLCTL_SANDBOX_FAULTS", "latency=3-6", "BILLCTL_CDS", "off", "TERM", "xterm"), "");
    }

    @Test
    void theBarFitsANarrowTerminal() throws Exception {
        assumeTrue(scriptAvailable(), "util-linux's script is not installed");
        Run run = onATerminal(50).exits(0);
        String transcript = run.out();
        List<String> redraws = List.of(transcript.split("[\r\n]")).stream().map(s -> s.replace("\033[K", ""))
                .filter(s -> s.contains("/300 done")).toList();
        assertFalse(redraws.isEmpty(), "a bar on the terminal: " + transcript);
        for (String shown : redraws) assertTrue(shown.length() <= 49, () -> "wider than the 50-column terminal: '" + shown + "'\n" + transcript);
        assertTrue(redraws.stream().anyMatch(s -> s.startsWith("[")), "a bar, shortened, not only figures: " + redraws);
        assertTrue(transcript.contains("RECORDS"), transcript);
    }

    @Test
    void plainOnATerminalIsLinesNotABar() throws Exception {
        assumeTrue(scriptAvailable(), "util-linux's script is not installed");
        Run run = onATerminal(80, "--progress", "plain").exits(0);
        assertFalse(run.out().contains("\033[K"), "no bar: " + run.out());
    }
}
