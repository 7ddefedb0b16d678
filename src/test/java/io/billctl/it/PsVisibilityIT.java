package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.ScriptedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproduction 7: an account password given as {@code --password @FILE} or {@code -}
 * is in no process's command line while bin/billctl runs (the server holds its answer until the test
 * has looked at every /proc/PID/cmdline); given plainly it is, which is what the help warns about.
 */
class PsVisibilityIT {
    static final Path LAUNCHER = Path.of(System.getProperty("user.dir"), "bin", "billctl");
    static final String API_KEY = "ps-test-api-key-0001";
    static final String PASSWORD = "ps-visible-Passw0rd-4711";
    @TempDir Path home;

    /** Runs an update with {@code passwordArgs}; answers whether the password was in any command line while it ran. */
    private boolean passwordInPs(String stdin, String... passwordArgs) throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start((request, out) -> {
            arrived.countDown();
            release.await(60, TimeUnit.SECONDS);
            ScriptedServer.write(out, 200, "application/json", "1".getBytes(StandardCharsets.UTF_8));
        })) {
            Path config = home.resolve("config.toml");
            Files.writeString(config, "[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + server.url("/api") + "\"\napi_key_env = \"VCS_KEY\"\n");
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "--config", config.toString(), "-p", "vcs",
                    "clients-accounts", "update", "7"));
            command.addAll(List.of(passwordArgs));
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_"));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("VCS_KEY", API_KEY);
            builder.environment().put("BILLCTL_CDS", "off");
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            boolean seen;
            try {
                assertTrue(arrived.await(60, TimeUnit.SECONDS), "the update never reached the server");
                seen = anyCommandLineHolds(PASSWORD) || anyCommandLineHolds(API_KEY);
            } finally {
                release.countDown();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "billctl did not finish");
            assertEquals(0, process.exitValue(), output);
            assertFalse(output.contains(PASSWORD), output);
            String sent = server.requests().get(0).bodyText();
            assertTrue(sent.contains("\"password\":\"" + PASSWORD + "\""), sent);
            return seen;
        }
    }

    private static boolean anyCommandLineHolds(String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path dir : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                byte[] cmdline;
                try {
                    cmdline = Files.readAllBytes(dir.resolve("cmdline"));
                } catch (IOException gone) {
                    continue;
                }
                if (new String(cmdline, StandardCharsets.UTF_8).contains(new String(needle, StandardCharsets.UTF_8))) return true;
            }
        }
        return false;
    }

    @Test
    void aPasswordFromAFileOrStdinIsNotInPs() throws Exception {
        Path file = home.resolve("pw.txt");
        Files.writeString(file, PASSWORD + "\n");
        assertFalse(passwordInPs("", "--password", "@" + file), "--password @FILE showed the password in ps");
        assertFalse(passwordInPs(PASSWORD + "\n", "--password", "-"), "--password - showed the password in ps");
        assertTrue(passwordInPs("", "--password", PASSWORD), "the control: a plain value is in ps, as the help says");
    }
}
