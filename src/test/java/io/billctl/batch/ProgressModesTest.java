package io.billctl.batch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.SandboxProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --progress auto|bar|plain|none}, forced where stderr is not a terminal (ProgressIT drives a real one). */
class ProgressModesTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;
    Path batch;

    @BeforeEach
    void setUp() throws Exception {
        billctl = SandboxProfiles.billctl(home, sandbox, "");
        batch = home.resolve("many.jsonl");
        Files.writeString(batch, IntStream.rangeClosed(1, 200).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"p" + i + "\"}")
                .collect(Collectors.joining("\n")) + "\n");
        sandbox.faults("latency=2-4"); // a run long enough for several redraws
    }

    private Run run(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("-p", "vcs", "clients-accounts", "update", "--batch", batch.toString(), "--parallel", "4"));
        args.addAll(List.of(more));
        return billctl.run(args.toArray(String[]::new)).exits(0);
    }

    @Test
    void aForcedBarFitsAFiftyColumnPane() {
        Run run = billctl.env("COLUMNS", "50").run("-p", "vcs", "clients-accounts", "update", "--batch", batch.toString(), "--parallel", "4",
                "--progress", "bar").exits(0);
        String err = run.err();
        List<String> redraws = List.of(err.split("\r")).stream().map(s -> s.replace("\033[K", "")).filter(s -> !s.isBlank()).toList();
        assertFalse(redraws.isEmpty(), "a bar was drawn: " + err);
        assertTrue(redraws.stream().anyMatch(s -> s.startsWith("[") && s.contains("/200 done")), err);
        for (String shown : redraws) assertTrue(shown.length() <= 49 && !shown.contains("\n"), () -> "wider than 50 columns or wrapped: '" + shown + "'");
        assertTrue(run.out().startsWith("RECORDS"), "the summary on stdout: " + run.out());
    }

    @Test
    void autoDrawsNothingWhenStderrIsNotATerminal() {
        for (Run run : List.of(run(), run("--progress", "auto"), run("--progress", "none"))) {
            assertFalse(run.err().contains("\r") || run.err().contains("\033"), run.err());
            assertFalse(run.err().contains("done,"), run.err());
        }
    }

    @Test
    void plainNeverDrawsABar() {
        Run run = run("--progress", "plain");
        assertFalse(run.err().contains("\r") || run.err().contains("\033"), "plain lines only, for a log: " + run.err());
    }

    @Test
    void aWrongModeOrNoBatchIsAUsageError() {
        Run wrong = billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", batch.toString(), "--progress", "sideways").exits(2);
        assertTrue(wrong.errorLine().contains("--progress"), wrong.err());
        Run single = billctl.run("-p", "vcs", "clients-accounts", "update", "1", "--name", "x", "--progress", "bar").exits(2);
        assertTrue(single.errorLine().contains("--progress goes with --batch"), single.err());
        assertTrue(sandbox.requests().isEmpty());
    }
}
