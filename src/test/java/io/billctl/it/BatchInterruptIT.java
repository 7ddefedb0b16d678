package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.testing.Subprocess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch run by bin/billctl, interrupted with a real SIGINT, then resumed; and the 10,000-record run. */
class BatchInterruptIT {
    @TempDir Path home;

    private Process start(String faults, String... args) throws Exception {
        List<String> command = Subprocess.launcherWithDefaultSignals(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectError(home.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_"));
        builder.environment().put("HOME", home.toString());
        if (faults != null) builder.environment().put("BILLCTL_SANDBOX_FAULTS", faults);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static List<JsonNode> lines(List<String> out) throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : out) parsed.add(Json.parse(line));
        return parsed;
    }

    @Test
    void ctrlCFinishesWhatIsInFlightAndResumeSendsTheRestOnce() throws Exception {
        Path input = home.resolve("names.jsonl");
        Files.writeString(input, IntStream.rangeClosed(1, 100).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"Resumed " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        Path journal = home.resolve("names.journal");
        Process first = start("latency=60", "-p", "sandbox", "clients-accounts", "update", "--batch", input.toString(),
                "--journal", journal.toString(), "--parallel", "2", "-o", "json");
        List<String> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = reader.readLine()) != null) {
                out.add(line);
                if (!sent && out.size() >= 20) {
                    new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).start().waitFor();
                    sent = true;
                }
            }
        }
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(home.resolve("stderr.txt"));
        assertEquals(130, first.exitValue(), err);
        List<JsonNode> firstRun = lines(out);
        JsonNode summary = firstRun.get(firstRun.size() - 1).path("summary");
        assertTrue(summary.path("interrupted").asBoolean(), summary.toString());
        int doneFirst = summary.path("done").asInt();
        assertTrue(doneFirst >= 20 && doneFirst < 100, summary.toString());
        assertTrue(err.contains("rerun with --resume --journal"), err);
        long journaledDone = Files.readAllLines(journal).stream().filter(l -> l.contains("\"status\":\"done\"")).count();
        assertEquals(doneFirst, journaledDone, "every finished record is journaled, in-flight ones included");

        Process second = start(null, "-p", "sandbox", "clients-accounts", "update", "--batch", input.toString(),
                "--journal", journal.toString(), "--resume", "-o", "json");
        List<String> secondOut = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), Files.readString(home.resolve("stderr.txt")));
        List<JsonNode> secondRun = lines(secondOut);
        JsonNode resumed = secondRun.get(secondRun.size() - 1).path("summary");
        assertEquals(doneFirst, resumed.path("skipped").asInt());
        assertEquals(100 - doneFirst, resumed.path("done").asInt());
        Set<String> ids = new HashSet<>();
        for (JsonNode outcome : firstRun.subList(0, firstRun.size() - 1)) ids.add(outcome.path("id").asText());
        for (JsonNode outcome : secondRun.subList(0, secondRun.size() - 1)) {
            assertTrue(ids.add(outcome.path("id").asText()), "sent twice: " + outcome);
            // Each record sets a new name: a second application would change no row.
            assertEquals(1, outcome.at("/result/affected_rows").asInt(), "applied before: " + outcome);
        }
        assertEquals(100, ids.size());
    }

    @Test
    void tenThousandRecordsWithTenPercentServerErrorsAllGoThroughOnce() throws Exception {
        Path input = home.resolve("big.jsonl");
        Files.writeString(input, IntStream.rangeClosed(1, 10_000).mapToObj(i -> "{\"id\":" + ((i - 1) % 100 + 1) + ",\"orig_capacity\":" + i + "}")
                .collect(Collectors.joining("\n", "", "\n")));
        Path journal = home.resolve("big.journal");
        Process run = start("error=0.1", "-p", "sandbox", "clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString());
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(run.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), Files.readString(home.resolve("stderr.txt")));
        assertTrue(out.get().contains("10000    10000  0"), out.get());
        List<String> entries = Files.readAllLines(journal);
        Set<Long> lines = new HashSet<>();
        for (String entry : entries.subList(2, entries.size())) { // after the header and the run's line
            JsonNode parsed = Json.parse(entry);
            if (parsed.path("status").asText().equals("sent")) continue;
            assertEquals("done", parsed.path("status").asText());
            assertTrue(lines.add(parsed.path("line").asLong()), "journaled twice: " + entry);
        }
        assertEquals(10_000, lines.size());
    }
}
