package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.testing.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/billctl as a user runs it: a separate process, a fresh HOME, nothing but the shell's environment. */
class LauncherIT {
    static final Path LAUNCHER = Path.of(System.getProperty("user.dir"), "bin", "billctl");
    @TempDir Path home;

    private Run billctl(String stdin, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_") || name.equals("NO_COLOR"));
        env.put("HOME", home.toString());
        env.putAll(extraEnv);
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "billctl did not finish");
        Run run = new Run(process.exitValue(), out, err.get());
        assertFalse(run.out().contains(JerasoftEmulator.API_KEY) || run.err().contains(JerasoftEmulator.API_KEY), "the API key leaked");
        return run;
    }

    private Run billctl(String... args) throws Exception {
        return billctl("", Map.of(), args);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theReadmeQuickStartWorks() throws Exception {
        Run run = billctl("-p", "sandbox", "clients-accounts", "update", "1", "--name", "Acme Ltd").exits(0);
        assertTrue(run.out().startsWith("FIELD "), run.out());
        assertEquals("", run.err());
        assertTrue(Files.exists(home.resolve(".local/share/billctl/sandbox.json")), "state kept under ~/.local/share/billctl");
    }

    @Test
    void jsonOutputIsOneDocumentAndErrorsUseTheDocumentedCodes() throws Exception {
        Run ok = billctl("-p", "sandbox", "clients-accounts", "update", "1", "--name", "Acme Ltd", "-o", "json").exits(0);
        assertTrue(Json.parse(ok.out()).path("ok").asBoolean());
        assertEquals(1, ok.out().strip().lines().count());
        Run missing = billctl("-p", "sandbox", "clients-accounts", "update", "999999", "--name", "Acme Ltd", "-o", "json").exits(4).oneErrorLine();
        assertEquals("not_found", Json.parse(missing.out()).at("/error/code").asText());
    }

    @Test
    void badInputIsOneLineAndNoStackTrace() throws Exception {
        billctl("-p", "sandbox", "clients-accounts", "update", "1", "--bogus").exits(2).oneErrorLine();
        billctl("-p", "sandbox", "clients-accounts", "update", "1", "--name", "x".repeat(65)).exits(2).oneErrorLine();
        billctl("-p", "nowhere", "clients-accounts", "update", "1", "--name", "x").exits(2).oneErrorLine();
    }

    @Test
    void profilesFromStdinAndTheirSecretsStayHidden() throws Exception {
        billctl(JerasoftEmulator.API_KEY + "\n", Map.of(), "profile", "add", "p", "--backend", "jerasoft", "--url", "http://127.0.0.1:9/api", "--api-key-stdin").exits(0);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(".config/billctl/config.toml"))));
        Run show = billctl("profile", "show", "p").exits(0);
        assertTrue(show.out().contains("(hidden)"), show.out());
        Run dry = billctl("-p", "p", "clients-accounts", "update", "3", "--name", "x", "--dry-run").exits(0);
        assertTrue(dry.out().contains("X-Api-Key: ****"), dry.out());
    }

    @Test
    void versionAndHelp() throws Exception {
        assertTrue(billctl("--version").exits(0).out().startsWith("billctl 0.1.0"));
        Run help = billctl("clients-accounts", "update", "--help").exits(0);
        for (String flag : new String[] {"--tech-prefix", "--[no-]orig-enabled", "--orig-rate-tables-ids", "--auth-type=<name|ip|ani>", "--set", "--unset", "-f, --from-file"}) {
            assertTrue(help.out().contains(flag), () -> flag + " missing from help:\n" + help.out());
        }
        assertTrue(help.out().contains("--clients-id"), "clients_id is sent as given, the server decides (issue 19): it has a flag");
    }
}
