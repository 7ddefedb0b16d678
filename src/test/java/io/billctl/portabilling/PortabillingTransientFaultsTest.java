package io.billctl.portabilling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PortaBilling's transient faults (a Server.* fault that is not about the request, the disaster
 * recovery codes, a 500 without a fault) are retried like the other backends' 5xx: a batch at a 5%
 * fault rate loses no record (56 of 1,000 failed before), and applies each exactly once.
 */
class PortabillingTransientFaultsTest extends AgainstSandbox {
    @TempDir Path home;

    @Test
    void aBatchAtFivePercentTransientFaultsLosesNoRecord() throws Exception {
        Billctl billctl = new Billctl(home).env("PB", PortabillingEmulator.PASSWORD).secret(PortabillingEmulator.PASSWORD).config("""
                default_profile = "pb"
                [profiles.pb]
                backend = "portabilling"
                url = "%s"
                username = "sandbox"
                password_env = "PB"
                """.formatted(sandbox.url("/portabilling")));
        Path input = home.resolve("accounts.jsonl");
        Files.writeString(input, IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> "{\"i_account\":" + ((i - 1) % 100 + 1) + ",\"firstname\":\"Batch " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        // Every injected 500 is one of the emulator's transient faults, in turn (internal_error,
        // standalone_mode, secondary_site, read_only_mode, a 500 without a body); the login meets them too.
        sandbox.faults("error=0.05,status=500");
        Run run = billctl.run("account", "update", "--batch", input.toString(), "-o", "json").exits(0);
        List<JsonNode> lines = run.out().lines().map(PortabillingTransientFaultsTest::parse).toList();
        JsonNode summary = lines.get(lines.size() - 1).path("summary");
        assertEquals(1000, summary.path("done").asInt(), summary.toString());
        assertEquals(0, summary.path("failed").asInt());
        long retried = lines.stream().filter(line -> line.path("attempts").asInt() > 1).count();
        assertTrue(retried > 10, "about 50 records met a fault and were retried: " + retried);
        assertEquals(1000, sandbox.server().applied().get("/portabilling/rest/Account/update_account"), "each record applied exactly once");
        // Nothing on stderr but pre-flight's note that the file names each account ten times.
        assertEquals(List.of("warning: 100 accounts appear more than once in " + input + "; their records are applied one at a time, in file order"),
                run.err().lines().toList());
    }

    private static JsonNode parse(String line) {
        try {
            return Json.parse(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
