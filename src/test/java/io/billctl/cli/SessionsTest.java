package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.sandbox.YetiEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproductions 3 and 4: cached logins are keyed by who logs in (profile, username and a
 * hash of the credential as resolved), {@code profile test} always logs in, {@code profile remove}
 * and {@code profile logout} end them, and a refused login is tried once per run, not once per worker.
 */
class SessionsTest extends AgainstSandbox {
    static final String WRONG = "not-the-password-9";
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = new Billctl(home).secret(PortabillingEmulator.PASSWORD).secret(YetiEmulator.PASSWORD).secret(WRONG)
                .env("PB_GOOD", PortabillingEmulator.PASSWORD).env("PB_BAD", WRONG)
                .env("YETI_GOOD", YetiEmulator.PASSWORD).env("YETI_BAD", WRONG)
                .config("""
                        [profiles.pb]
                        backend = "portabilling"
                        url = "%1$s/portabilling"
                        username = "sandbox"
                        password_env = "PB_GOOD"
                        [profiles.pb-bad]
                        backend = "portabilling"
                        url = "%1$s/portabilling"
                        username = "sandbox"
                        password_env = "PB_BAD"
                        [profiles.yeti]
                        backend = "yeti"
                        url = "%1$s/yeti"
                        username = "sandbox"
                        password_env = "YETI_GOOD"
                        [profiles.yeti-bad]
                        backend = "yeti"
                        url = "%1$s/yeti"
                        username = "sandbox"
                        password_env = "YETI_BAD"
                        """.formatted(sandbox.url("")));
    }

    private long requestsTo(String pathEnd) {
        return sandbox.requests().stream().filter(r -> r.path().endsWith(pathEnd)).count();
    }

    private List<Path> sessionFiles() throws IOException {
        Path dir = home.resolve("cache/billctl/sessions");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    @Test
    void aWrongPasswordNeverRidesAnotherProfilesSession() throws Exception {
        billctl.run("-p", "pb", "account", "update", "55", "--email", "good@example.com").exits(0);
        assertEquals(1, requestsTo("/Session/login"));
        Run bad = billctl.run("-p", "pb-bad", "account", "update", "55", "--email", "bad@example.com").exits(3).oneErrorLine();
        assertTrue(bad.errorLine().contains("refused the login of profile 'pb-bad'"), bad.err());
        assertEquals(1, requestsTo("/update_account"), "the wrong password updated nothing");
        // The same profile, its password changed under it: the cached session is not the new password's.
        billctl.env("PB_GOOD", WRONG).run("-p", "pb", "account", "update", "55", "--email", "bad@example.com").exits(3).oneErrorLine();
        assertEquals(1, requestsTo("/update_account"));
        billctl.env("PB_GOOD", PortabillingEmulator.PASSWORD);
        sandbox.server().clearRequests();
        billctl.run("-p", "pb", "account", "update", "55", "--email", "again@example.com").exits(0);
        assertEquals(0, requestsTo("/Session/login"), "the right password still finds its session");
        for (Path file : sessionFiles()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String text = Files.readString(file);
            assertFalse(text.contains(PortabillingEmulator.PASSWORD) || text.contains(WRONG), text);
        }
    }

    @Test
    void profileTestAlwaysLogsIn() {
        billctl.run("-p", "yeti", "admin-accounts", "update", "24", "--name", "cached").exits(0);
        Run bad = billctl.run("profile", "test", "yeti-bad").exits(3).oneErrorLine();
        assertTrue(bad.errorLine().contains("refused the login of profile 'yeti-bad'"), bad.err());
        sandbox.server().clearRequests();
        billctl.run("profile", "test", "yeti").exits(0);
        assertEquals(1, requestsTo("/api/rest/admin/auth"), "a fresh login, not the cached JWT");
        billctl.run("profile", "test", "pb").exits(0);
        billctl.run("profile", "test", "pb").exits(0);
        assertEquals(2, requestsTo("/Session/login"));
        billctl.run("profile", "test", "pb-bad").exits(3).oneErrorLine();
    }

    @Test
    void removeAndLogoutEndTheProfilesSessions() throws Exception {
        PortabillingEmulator porta = sandbox.emulator(PortabillingEmulator.class);
        billctl.run("-p", "pb", "account", "update", "55", "--email", "a@example.com").exits(0);
        billctl.run("-p", "yeti", "admin-accounts", "update", "24", "--name", "n").exits(0);
        assertEquals(2, sessionFiles().size());
        assertEquals(1, porta.openSessions());

        Run logout = billctl.run("profile", "logout", "pb").exits(0);
        assertEquals("logged out profile 'pb': 1 cached login deleted, 1 ended on the server\n", logout.err());
        assertEquals(1, requestsTo("/Session/logout"));
        assertEquals(0, porta.openSessions(), "the server ended it");
        assertEquals(1, sessionFiles().size());
        assertEquals(0, billctl.run("profile", "logout", "pb", "-o", "json").exits(0).json().path("deleted").asInt());

        Run removed = billctl.run("profile", "remove", "yeti").exits(0);
        assertTrue(removed.err().contains("removed profile 'yeti' and its 1 cached login"), removed.err());
        assertEquals(List.of(), sessionFiles());
        billctl.run("profile", "logout", "nope").exits(2).oneErrorLine();
    }

    @Test
    void aSessionDirectoryOthersCanWriteIsRefused() throws Exception {
        billctl.run("-p", "pb", "account", "update", "55", "--email", "a@example.com").exits(0);
        Path dir = home.resolve("cache/billctl/sessions");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        sandbox.server().clearRequests();
        Run refused = billctl.run("-p", "pb", "account", "update", "55", "--email", "b@example.com").exits(3).oneErrorLine();
        assertTrue(refused.errorLine().endsWith("run: chmod 700 " + dir), refused.err());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Run holder = billctl.run("-p", "pb", "account", "update", "55", "--email", "b@example.com").exits(3).oneErrorLine();
        assertTrue(holder.errorLine().endsWith("run: chmod go-w " + dir.getParent()), holder.err());
        assertTrue(sandbox.requests().isEmpty());
        Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwx------"));
        billctl.run("-p", "pb", "account", "update", "55", "--email", "b@example.com").exits(0);
    }

    /** 16 workers, 200 records, a wrong password: exactly one login attempt, and the run stops with exit 3. */
    @Test
    void aRefusedLoginIsTriedOncePerBatch() throws Exception {
        Path records = home.resolve("records.jsonl");
        Files.writeString(records, IntStream.rangeClosed(1, 200).mapToObj(i -> "{\"i_account\":" + (i % 100 + 1) + ",\"email\":\"r" + i + "@example.com\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        Run run = billctl.run("-p", "pb-bad", "account", "update", "--batch", records.toString(), "--parallel", "16").exits(3);
        assertEquals(1, requestsTo("/Session/login"), () -> "logins: " + sandbox.requests().stream().map(EmulatorRequest::path).toList());
        assertEquals(0, requestsTo("/update_account"));
        assertTrue(run.err().contains("refused the login of profile 'pb-bad'"), run.err());

        Path yetiRecords = home.resolve("yeti.jsonl");
        Files.writeString(yetiRecords, IntStream.rangeClosed(1, 200).mapToObj(i -> "{\"id\":" + (i % 100 + 1) + ",\"name\":\"n" + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        billctl.run("-p", "yeti-bad", "admin-accounts", "update", "--batch", yetiRecords.toString(), "--parallel", "16").exits(3);
        assertEquals(1, requestsTo("/api/rest/admin/auth"));
    }

    /**
     * Enswitch and JeraSoft have no login: the credentials go with every request. The first record goes
     * alone, so a wrong password or key is one refused request, not one per worker.
     */
    @Test
    void credentialsSentWithEveryRequestAreRefusedOncePerBatch() throws Exception {
        billctl.env("ENS_BAD", WRONG).env("VCS_BAD", WRONG).config("""
                [profiles.ens-bad]
                backend = "enswitch"
                url = "%1$s/enswitch"
                username = "sandbox"
                password_env = "ENS_BAD"
                [profiles.vcs-bad]
                backend = "jerasoft"
                url = "%1$s/jerasoft/api"
                api_key_env = "VCS_BAD"
                """.formatted(sandbox.url("")));
        Path records = home.resolve("ids.jsonl");
        Files.writeString(records, IntStream.rangeClosed(1, 200).mapToObj(i -> "{\"id\":" + (i % 100 + 1) + ",\"name\":\"n" + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n")));
        Run enswitch = billctl.run("-p", "ens-bad", "unlimited", "update", "--batch", records.toString(), "--parallel", "16").exits(3);
        assertEquals(1, sandbox.requests().size(), () -> "requests: " + sandbox.requests().stream().map(EmulatorRequest::path).toList());
        assertTrue(enswitch.err().contains("stopped: 199 records not sent"), enswitch.err());
        assertEquals(1, enswitch.err().lines().filter(line -> line.startsWith("error: ")).count(), enswitch.err());
        sandbox.server().clearRequests();
        billctl.run("-p", "vcs-bad", "clients-accounts", "update", "--batch", records.toString(), "--parallel", "16").exits(3);
        assertEquals(1, sandbox.requests().size(), () -> "requests: " + sandbox.requests().stream().map(EmulatorRequest::path).toList());
    }
}
