package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only one run holds a journal at a time, a resumed one included, across processes: the OS lock is a POSIX
 * record lock, which the process loses when it closes any descriptor of the file, and a resume read the
 * journal's history through one of its own. Two resumes of one journal then ran side by side and sent again
 * what the other was sending.
 */
class JournalLockIT {
    @TempDir Path home;
    private final List<Process> started = new ArrayList<>();

    private Process start(String faults, String stderr, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Subprocess.launcherWithDefaultSignals(args)).directory(home.toFile())
                .redirectError(home.resolve(stderr).toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_"));
        builder.environment().put("HOME", home.toString());
        if (faults != null) builder.environment().put("BILLCTL_SANDBOX_FAULTS", faults);
        Process process = builder.start();
        started.add(process);
        process.getOutputStream().close();
        return process;
    }

    private int exit(Process process) throws Exception {
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running");
        return process.exitValue();
    }

    @Test
    void aResumedJournalIsHeldForTheWholeRun() throws Exception {
        Path input = home.resolve("names.jsonl");
        Files.writeString(input, IntStream.rangeClosed(1, 20).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"Locked " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        Path journal = home.resolve("names.journal");
        try {
            String[] run = {"-p", "sandbox", "clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--parallel", "1",
                    "--no-before-images"};
            assertEquals(1, exit(start("error=20x,status=422", "first.txt", run)), Files.readString(home.resolve("first.txt")));
            List<String> resume = new ArrayList<>(List.of(run));
            resume.add("--resume");
            Process resuming = start("latency=300", "resuming.txt", resume.toArray(String[]::new));
            // Once it has read the history and sent a record of its own.
            for (int i = 0; i < 300 && Files.readAllLines(journal).stream().filter(l -> l.startsWith("{\"run\":")).count() < 2; i++) Thread.sleep(50);
            for (int i = 0; i < 300 && !Files.readString(journal).contains("\"resume\":true"); i++) Thread.sleep(50);
            Thread.sleep(500);
            assertTrue(resuming.isAlive(), "the resume ended before the second one was tried: " + Files.readString(home.resolve("resuming.txt")));
            Process second = start(null, "second.txt", resume.toArray(String[]::new));
            int code = exit(second);
            String err = Files.readString(home.resolve("second.txt"));
            assertEquals(2, code, err);
            assertTrue(err.contains("journal " + journal + " is in use by another billctl (pid "), err);
            assertEquals(0, exit(resuming), Files.readString(home.resolve("resuming.txt")));
        } finally {
            for (Process process : started) process.destroyForcibly();
        }
    }
}
