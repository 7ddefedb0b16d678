package io.billctl.yeti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.YetiEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's time zone list as billctl keeps it: read when an update sets a time zone, once a
 * run, kept for a day per profile in a private file; no check at all when it cannot be had.
 */
class YetiTimezonesTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profile() {
        billctl = new Billctl(home).env("YETI_PASSWORD", YetiEmulator.PASSWORD).secret(YetiEmulator.PASSWORD).config("""
                default_profile = "yeti"
                [profiles.yeti]
                backend = "yeti"
                url = "%s"
                username = "sandbox"
                password_env = "YETI_PASSWORD"
                """.formatted(sandbox.url("/yeti")));
    }

    private long lists() {
        return sandbox.requests().stream().filter(r -> r.path().endsWith("/timezones")).count();
    }

    private List<EmulatorRequest> puts() {
        return sandbox.requests().stream().filter(r -> r.method().equals("PUT")).toList();
    }

    private Path kept() throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("cache/billctl/yeti-timezones"))) {
            return files.findFirst().orElseThrow();
        }
    }

    @Test
    void theListIsReadOnceAndKeptForADayInAPrivateFile() throws Exception {
        billctl.run("admin-accounts", "update", "1", "--vat", "1").exits(0);
        assertEquals(0, lists(), "an update without a time zone does not ask");
        billctl.run("admin-accounts", "update", "1", "--timezone", "EST").exits(0);
        billctl.run("admin-accounts", "update", "2", "--timezone", "ROC").exits(0);
        assertEquals(1, lists(), "the second run used the kept list");
        Path file = kept();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        JsonNode saved = Json.parse(Files.readString(file));
        assertEquals("yeti", saved.path("profile").asText());
        assertTrue(saved.path("names").size() > 550, saved.toString().substring(0, 200));

        // a day later the list is read again
        ((ObjectNode) saved).put("fetched_at", Instant.now().minus(Duration.ofHours(25)).getEpochSecond());
        Files.writeString(file, Json.write(saved));
        billctl.run("admin-accounts", "update", "3", "--timezone", "UTC").exits(0);
        assertEquals(2, lists());

        // a file others could have written is not believed
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        billctl.run("admin-accounts", "update", "4", "--timezone", "UTC").exits(0);
        assertEquals(3, lists());
    }

    @Test
    void whenTheListCannotBeHadNothingIsCheckedAndTheServerJudges() {
        billctl.run("admin-accounts", "update", "24", "--vat", "1").exits(0); // the token in the cache: the fault meets the list
        sandbox.faults("error=1x,status=503");
        Run run = billctl.run("admin-accounts", "update", "24", "--timezone", "SystemV/AST4", "-o", "json").exits(1);
        assertEquals(1, lists(), "no retry of the list");
        assertEquals(2, puts().size(), "sent, unchecked");
        assertEquals("SystemV/AST4 is not a valid timezone", run.json().at("/error/fields/timezone").asText());
        assertEquals("error: Yeti-Switch refused the update of account 24: timezone: SystemV/AST4 is not a valid timezone", run.errorLine());
        assertFalse(Files.exists(home.resolve("cache/billctl/yeti-timezones")), "a failure is not kept");
    }

    @Test
    void aDryRunUsesOnlyAListKeptEarlierAndSendsNothing() {
        Run unchecked = billctl.run("admin-accounts", "update", "24", "--timezone", "SystemV/AST4", "--dry-run").exits(0);
        assertTrue(unchecked.out().contains("\"timezone\":\"SystemV/AST4\""), unchecked.out());
        assertTrue(sandbox.requests().isEmpty(), "nothing sent, not even a read of the list");
        billctl.run("admin-accounts", "update", "24", "--timezone", "UTC").exits(0);
        sandbox.server().clearRequests();
        Run checked = billctl.run("admin-accounts", "update", "24", "--timezone", "SystemV/AST4", "--dry-run").exits(2).oneErrorLine();
        assertTrue(checked.errorLine().startsWith("error: timezone: \"SystemV/AST4\" is not a time zone of this Yeti-Switch server"), checked.err());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void aBatchReadsTheListOnceAndAZoneOutsideItFailsOnlyItsRecord() throws Exception {
        Path records = Files.writeString(home.resolve("zones.jsonl"), IntStream.rangeClosed(1, 30)
                .mapToObj(i -> "{\"id\":" + i + ",\"timezone\":\"" + (i == 17 ? "Mars/Olympus" : "Europe/Berlin") + "\"}")
                .collect(Collectors.joining("\n")));
        Run run = billctl.run("admin-accounts", "update", "--batch", records.toString(), "--parallel", "8", "-o", "json").exits(1);
        assertEquals(1, lists(), "one read for all the workers");
        assertEquals(29, puts().size(), "the record with the unknown zone was not sent");
        assertTrue(run.err().contains("Mars/Olympus"), run.err());
        String last = run.out().strip().substring(run.out().strip().lastIndexOf('\n') + 1);
        assertEquals(1, Json.parse(last).at("/summary/failed").asInt(), last);
    }

    @Test
    void aRefusedLoginWhileReadingTheListStopsTheUpdate() {
        billctl.env("YETI_PASSWORD", "wrong-yeti-pw").secret("wrong-yeti-pw");
        Run run = billctl.run("admin-accounts", "update", "24", "--timezone", "UTC").exits(3).oneErrorLine();
        assertTrue(run.errorLine().contains("refused the login of profile 'yeti'"), run.err());
        assertEquals(0, lists());
        assertTrue(puts().isEmpty());
    }
}
