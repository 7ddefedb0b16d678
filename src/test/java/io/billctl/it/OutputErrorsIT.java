package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Sandbox;
import io.billctl.testing.Subprocess;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdout that cannot be written, as bin/billctl meets it: a full disk ({@code /dev/full}) is exit 5 and one
 * line, never a success with a cut file; a reader that has gone ({@code | head -1}) stops a list at once and a
 * batch from taking records, exit 141 and no error line, the batch's journal true to what was sent.
 */
class OutputErrorsIT {
    @TempDir Path home;

    private static Map<String, String> profile(Sandbox sandbox) {
        return Map.of("BILLCTL_BACKEND", "jerasoft", "BILLCTL_URL", sandbox.url("/jerasoft/api"), "BILLCTL_API_KEY", JerasoftEmulator.API_KEY,
                "BILLCTL_CDS", "off");
    }

    private ProcessBuilder billctl(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Subprocess.LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(env);
        return builder;
    }

    private record Ended(int exit, String err) {}

    /** stdout to /dev/full: what a full disk answers every write. */
    private Ended toDevFull(Map<String, String> env, String... args) throws Exception {
        Process process = billctl(env, args).redirectOutput(new File("/dev/full")).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "billctl did not finish");
        return new Ended(process.exitValue(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void oneLine(Ended run, String what) {
        List<String> errors = run.err().lines().filter(line -> line.startsWith("error: ")).toList();
        assertEquals(List.of("error: cannot write the output: No space left on device"), errors, what + ": " + run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void aFullDiskIsExitFiveWithOneLine() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")));
        try (Sandbox sandbox = Sandbox.start()) {
            Map<String, String> env = profile(sandbox);
            for (List<String> args : List.of(List.of("clients-accounts", "list", "-o", "jsonl"), List.of("clients-accounts", "list"),
                    List.of("clients-accounts", "get", "5"), List.of("clients-accounts", "update", "5", "--name", "x"),
                    List.of("clients-accounts", "update", "5", "--name", "y", "-o", "json"), List.of("--version"), List.of("--help"))) {
                Ended run = toDevFull(env, args.toArray(String[]::new));
                assertEquals(5, run.exit(), args + ": " + run.err());
                oneLine(run, args.toString());
                // An update the server took says so: a failed output is not a failed update.
                assertEquals(args.contains("update"), run.err().contains("note: the update of id 5 was applied; only its output could not be written"),
                        args + ": " + run.err());
            }
            // One the server only checked says that, not "applied".
            Ended checked = toDevFull(Map.of("BILLCTL_BACKEND", "enswitch", "BILLCTL_URL", sandbox.url("/enswitch"),
                    "BILLCTL_USERNAME", io.billctl.sandbox.EnswitchEmulator.USERNAME, "BILLCTL_PASSWORD", io.billctl.sandbox.EnswitchEmulator.PASSWORD,
                    "BILLCTL_CDS", "off"), "unlimited", "update", "5", "--name", "x", "--validate-only");
            assertEquals(5, checked.exit(), checked.err());
            assertTrue(checked.err().contains("note: the update of id 5 was validated by the server (nothing changed); only its output could not be written"),
                    checked.err());
            // A batch whose output cannot be written stops, and says once what it did not send and how to send it.
            Path records = home.resolve("full.jsonl");
            Files.writeString(records, java.util.stream.IntStream.rangeClosed(1, 300).mapToObj(i -> "{\"id\":" + i + ",\"name\":\"f" + i + "\"}\n")
                    .collect(java.util.stream.Collectors.joining()));
            Path journal = home.resolve("full.journal");
            Ended batch = toDevFull(env, "clients-accounts", "update", "--batch", records.toString(), "--journal", journal.toString(), "-o", "json");
            assertEquals(5, batch.exit(), batch.err());
            List<String> errors = batch.err().lines().filter(line -> line.startsWith("error: ")).toList();
            assertEquals(1, errors.size(), batch.err());
            assertTrue(errors.get(0).startsWith("error: cannot write the output: No space left on device; ")
                    && (errors.get(0).endsWith(" not sent; rerun with --resume --journal " + journal + " to send the rest)")
                    || errors.get(0).endsWith("; every record was sent")), batch.err());
            assertFalse(batch.err().contains("stopped: "), "not said again: " + batch.err());
            // Last (the first profile added becomes the default, which the calls above do not want): a profile added whose output failed is saved all the same, and said so (a retry would meet "already exists").
            Ended added = toDevFull(Map.of("BILLCTL_CDS", "off"), "profile", "add", "lab", "--backend", "yeti", "--url", "http://yeti.lab:1",
                    "--username", "u", "--password-env", "X", "-o", "json");
            assertEquals(5, added.exit(), added.err());
            assertTrue(added.err().contains("note: the change was saved in "), added.err());
            assertTrue(Files.readString(home.resolve(".config/billctl/config.toml")).contains("[profiles.lab]"), "saved");
        }
    }

    /** A logout whose output cannot be written has still deleted the logins: said, so that a script does not take it for undone. */
    @Test
    void aLogoutWhoseOutputFailsSaysTheLoginsAreGone() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")));
        try (Sandbox sandbox = Sandbox.start()) {
            Path config = home.resolve(".config/billctl/config.toml");
            Files.createDirectories(config.getParent());
            Files.writeString(config, "[profiles.lab]\nbackend = \"yeti\"\nurl = \"" + sandbox.url("/yeti") + "\"\nusername = \""
                    + io.billctl.sandbox.YetiEmulator.USERNAME + "\"\npassword_env = \"YT\"\n");
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = Map.of("YT", io.billctl.sandbox.YetiEmulator.PASSWORD, "BILLCTL_CDS", "off");
            Process get = billctl(env, "-p", "lab", "admin-accounts", "get", "24").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(get.waitFor(120, TimeUnit.SECONDS) && get.exitValue() == 0, "a login to cache");
            Ended logout = toDevFull(env, "profile", "logout", "lab", "-o", "json");
            assertEquals(5, logout.exit(), logout.err());
            oneLine(logout, "logout");
            assertTrue(logout.err().contains("note: 1 cached login of profile 'lab' was deleted; only its output could not be written"), logout.err());
            Process again = billctl(env, "profile", "logout", "lab").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(again.waitFor(120, TimeUnit.SECONDS), "did not hang");
            assertEquals("profile 'lab' had no cached login\n", read(again.getErrorStream()), "the login was deleted");
        }
    }

    /**
     * A failure whose -o json document cannot be written: picocli's handler met the write error, printed
     * its stack trace and exit 1. The failure's own line and exit code (4: not found), no trace.
     */
    @Test
    void aFailureThatCannotBeWrittenIsSaidOnStderrWithItsOwnCode() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")));
        try (Sandbox sandbox = Sandbox.start()) {
            Ended run = toDevFull(profile(sandbox), "clients-accounts", "get", "999999", "-o", "json");
            assertEquals(4, run.exit(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().contains("999999"), run.err());
            assertFalse(run.err().contains("\tat "), run.err());
            // The same for a single update's failure (it said 5), a usage error (a stack trace) and a list's (the output's error alone, exit 5).
            Map<String, String> wrongKey = new java.util.HashMap<>(profile(sandbox));
            wrongKey.put("BILLCTL_API_KEY", "wrong-key");
            for (var call : List.of(Map.entry(4, List.of("clients-accounts", "update", "999999", "--name", "x", "-o", "json")),
                    Map.entry(2, List.of("clients-accounts", "update", "1", "--bogus", "1", "-o", "json")))) {
                Ended failed = toDevFull(profile(sandbox), call.getValue().toArray(String[]::new));
                assertEquals(call.getKey(), failed.exit(), call.getValue() + ": " + failed.err());
                assertEquals(1, failed.err().lines().count(), call.getValue() + ": " + failed.err());
            }
            Ended refused = toDevFull(wrongKey, "clients-accounts", "list", "-o", "json");
            assertEquals(3, refused.exit(), refused.err());
            assertEquals(1, refused.err().lines().count(), refused.err());
            assertFalse(refused.err().contains("cannot write the output"), refused.err());

            // A batch's dry run that reads (--diff) ended exit 5 without a word: its error was marked said, then lost with the summary.
            Path records = home.resolve("plan.jsonl");
            Files.writeString(records, "{\"id\":5,\"name\":\"x\"}\n{\"id\":6,\"name\":\"y\"}\n");
            Ended plan = toDevFull(profile(sandbox), "clients-accounts", "update", "--batch", records.toString(), "--dry-run", "--diff");
            assertEquals(5, plan.exit(), plan.err());
            assertTrue(plan.err().contains("error: cannot write the output: No space left on device"), plan.err());
        }
    }

    /** {@code list | head -1}: the list stops a chunk after its reader has gone, instead of fetching all 101 pages. */
    @Test
    void aListWhoseReaderHasGoneStopsAtOnceAndQuietly() throws Exception {
        try (Sandbox sandbox = Sandbox.start()) {
            Process process = billctl(profile(sandbox), "clients-accounts", "list", "-o", "jsonl").start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String first;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                first = out.readLine();
            }
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "billctl did not finish");
            assertTrue(first != null && first.startsWith("{\"id\":"), first);
            assertEquals(141, process.exitValue(), err.get());
            assertEquals("", err.get());
            long pages = sandbox.requests().stream().filter(request -> request.method().equals("GET")).count();
            assertTrue(pages <= 10, pages + " pages fetched after the reader had gone (10,000 accounts are 100 pages)");
        }
    }

    /**
     * {@code update --batch -o json | head -1}: no more records are taken once stdout's reader has gone, the records
     * in flight end and are journaled, exit 141, and --resume sends exactly the rest.
     */
    @Test
    void aBatchWhoseReaderHasGoneStopsTakingRecordsAndItsJournalStaysTrue() throws Exception {
        int records = 2000;
        Path input = home.resolve("in.jsonl");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= records; i++) text.append("{\"id\":").append(i).append(",\"name\":\"gone ").append(i).append("\"}\n");
        Files.writeString(input, text);
        Path journal = home.resolve("run.journal");
        try (Sandbox sandbox = Sandbox.start()) {
            Process process = billctl(profile(sandbox), "clients-accounts", "update", "--batch", input.toString(), "-o", "json",
                    "--journal", journal.toString()).start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                assertTrue(out.readLine().startsWith("{\"line\":"));
            }
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "billctl did not finish");
            assertEquals(141, process.exitValue(), err.get());
            assertFalse(err.get().contains("error:"), err.get());
            assertTrue(err.get().contains("stopped (stdout was closed by its reader)"), err.get());

            // Every record sent is journaled with its outcome, and those are exactly the ones the server got.
            Set<Long> sent = new HashSet<>();
            Map<Long, String> ended = new HashMap<>();
            for (String line : Files.readAllLines(journal)) {
                JsonNode entry = Json.parse(line);
                if (!entry.has("status")) continue;
                if (entry.path("status").asText().equals("sent")) sent.add(entry.path("line").asLong());
                else ended.put(entry.path("line").asLong(), entry.path("status").asText());
            }
            assertEquals(sent, ended.keySet(), "a record sent without its outcome journaled");
            assertTrue(ended.values().stream().allMatch("done"::equals), ended.toString());
            assertEquals(ended.size(), sandbox.server().applied().size(), "the records applied are the ones journaled done");
            assertTrue(ended.size() < records, "stopped taking records: " + ended.size());

            Subprocess.billctl(home, profile(sandbox), "", "clients-accounts", "update", "--batch", input.toString(), "-o", "json",
                    "--journal", journal.toString(), "--resume").exits(0);
            Map<String, Integer> applied = sandbox.server().applied();
            assertEquals(records, applied.size(), "every record applied over the two runs");
            assertTrue(applied.values().stream().allMatch(count -> count == 1), "a record applied twice: " + applied);
        }
    }
}
