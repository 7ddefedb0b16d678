package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.billctl.testing.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --password -} on a terminal prompts and does not show what is typed: on a pseudo-terminal
 * made by util-linux's {@code script}, with stdout on the terminal (the JVM's console) and with
 * stdout redirected to a file (no console: billctl turns the echo off with stty itself).
 */
class HiddenPromptIT {
    static final Path LAUNCHER = Path.of(System.getProperty("user.dir"), "bin", "billctl");
    static final String PASSWORD = "typed-Passw0rd-hidden";
    @TempDir Path home;

    private String typeAtThePrompt(String redirect) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no util-linux script(1) here");
        try (ScriptedServer server = ScriptedServer.start(ScriptedServer.answer(200, "application/json", "1"))) {
            Path config = home.resolve("config.toml");
            Files.writeString(config, "[profiles.vcs]\nbackend = \"jerasoft\"\nurl = \"" + server.url("/api") + "\"\napi_key_env = \"VCS_KEY\"\n");
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String call = "'" + LAUNCHER + "' --config '" + config + "' -p vcs clients-accounts update 7 --password -" + redirect;
            ProcessBuilder builder = new ProcessBuilder(List.of("script", "-qec", call, "/dev/null")).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_"));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("VCS_KEY", "pty-test-api-key");
            builder.environment().put("BILLCTL_CDS", "off");
            Process process = builder.start();
            ByteArrayOutputStream transcript = new ByteArrayOutputStream();
            InputStream out = process.getInputStream();
            OutputStream keyboard = process.getOutputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!transcript.toString(StandardCharsets.UTF_8).contains("(not shown): ") && System.nanoTime() < deadline) {
                int b = out.read();
                if (b < 0) break;
                transcript.write(b);
            }
            assertTrue(transcript.toString(StandardCharsets.UTF_8).contains("--password (not shown): "), transcript.toString(StandardCharsets.UTF_8));
            keyboard.write((PASSWORD + "\r").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            out.transferTo(transcript);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "billctl did not finish");
            keyboard.close();
            assertEquals(0, process.exitValue(), transcript.toString(StandardCharsets.UTF_8));
            String sent = server.requests().get(0).bodyText();
            assertTrue(sent.contains("\"password\":\"" + PASSWORD + "\""), sent);
            return transcript.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void whatIsTypedIsNotShown() throws Exception {
        String onTerminal = typeAtThePrompt("");
        assertFalse(onTerminal.contains(PASSWORD), onTerminal);
        String redirected = typeAtThePrompt(" > '" + home.resolve("out.txt") + "'");
        assertFalse(redirected.contains(PASSWORD), redirected);
        assertTrue(Files.readString(home.resolve("out.txt")).contains("affected_rows"), "the table went to the file");
    }
}
