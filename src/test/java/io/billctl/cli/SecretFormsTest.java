package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproduction 2: a server that echoes the credential back, in every form it may take
 * (raw, JSON-escaped, URL-encoded with + and with %20, base64, HTML-escaped), in its error message,
 * its body and its headers; billctl prints none of them, on any backend, in any channel: the error
 * line, {@code -o json}, {@code -v}, {@code --stacktrace}, a batch's journal.
 */
class SecretFormsTest {
    /** A quote, a backslash, a space, a plus, a slash, a less-than, an ampersand and non-ASCII. */
    static final String SECRET = "pa ss\"w\\rd+/<&>'é-ü";
    /**
     * An API key goes in a header, which takes printable ASCII only (billctl refuses any other key before
     * sending: it could not go out as it is): the same characters but the non-ASCII ones.
     */
    static final String KEY = "pa ss\"w\\rd+/<&>'~-!";

    /** The secret of this test: SECRET, or KEY where it is an API key. */
    String secret = SECRET;

    @TempDir Path home;
    ScriptedServer server;
    Billctl billctl;

    /** The forms the issue names, worked out here independently of billctl's Redactor. */
    static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String json = Json.write(Json.NODES.textNode(secret));
        forms.add(json.substring(1, json.length() - 1));
        forms.add(json.substring(1, json.length() - 1).replace("/", "\\/").replace("\u00e9", "\\u00e9").replace("\u00fc", "\\u00fc")); // PHP's json_encode: \/ and \\u escapes
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        forms.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        forms.add(secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;"));
        // Other languages' encoders: Go's JSON (& < > as \\u escapes), PHP's with every JSON_HEX_* flag, PHP's htmlspecialchars
        // (&#039;), HTML5's &apos;, Python's quote (keeps /) and JavaScript's encodeURIComponent (keeps ! ' ( ) *).
        String jackson = json.substring(1, json.length() - 1);
        String go = jackson.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e");
        forms.add(go);
        forms.add(go.replace("\\\"", "\\u0022").replace("'", "\\u0027").replace("/", "\\/"));
        String html = secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        forms.add(html.replace("'", "&#039;"));
        forms.add(html.replace("'", "&apos;"));
        String rfc3986 = URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
        forms.add(rfc3986.replace("%2F", "/"));
        forms.add(rfc3986.replace("%21", "!").replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%2A", "*"));
        // Encoders no fixed form covers: every byte percent-encoded, in small letters and in both cases; twice
        // URL-encoded (%252B); JSON with plain letters written as \\u escapes (in small letters, and capitals).
        StringBuilder lower = new StringBuilder();
        StringBuilder mixed = new StringBuilder();
        int i = 0;
        for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
            String hex = String.format("%02x", b & 0xFF);
            lower.append('%').append(hex);
            mixed.append('%').append(i++ % 2 == 0 ? hex : hex.toUpperCase(java.util.Locale.ROOT));
        }
        forms.add(lower.toString());
        forms.add(mixed.toString());
        forms.add(URLEncoder.encode(URLEncoder.encode(secret, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        StringBuilder letters = new StringBuilder();
        for (char c : jackson.toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') letters.append(String.format(c % 2 == 0 ? "\\u%04x" : "\\u%04X", (int) c));
            else letters.append(c);
        }
        forms.add(letters.toString());
        return forms;
    }

    /** A message that carries every form, as a server's error text would. */
    String echo() {
        return "credential rejected: " + String.join(" | ", forms(secret));
    }

    @BeforeEach
    void setUp() {
        billctl = new Billctl(home).env("SECRET", SECRET);
        for (String form : forms(SECRET)) billctl.secret(form);
        for (String form : forms(KEY)) billctl.secret(form);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** The server answers every request with {@code body}, and echoes the ASCII forms in headers too. */
    private void serve(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server = ScriptedServer.start((request, out) -> {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Echo\r\n");
            head.append("Content-Type: ").append(contentType).append("\r\n");
            head.append("X-Echo-Url: ").append(URLEncoder.encode(secret, StandardCharsets.UTF_8)).append("\r\n");
            head.append("X-Echo-Base64: ").append(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))).append("\r\n");
            head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
        });
    }

    /** This test's secret is an API key: KEY, in $SECRET. */
    private void useKey() {
        secret = KEY;
        billctl.env("SECRET", KEY);
    }

    private void profile(String backend, String path, boolean apiKey) {
        billctl.config("[profiles.x]\nbackend = \"" + backend + "\"\nurl = \"" + server.url(path) + "\"\nusername = \"ops\"\n"
                + (apiKey ? "api_key_env" : "password_env") + " = \"SECRET\"\n");
    }

    /** The same call four ways: plain, -o json, -v with --stacktrace, and as a batch with a journal. */
    private void everyChannel(String expectedExit, String... update) throws Exception {
        List<String> args = new ArrayList<>(List.of("-p", "x"));
        args.addAll(List.of(update));
        for (List<String> extra : List.of(List.<String>of(), List.of("-o", "json"), List.of("-v", "--stacktrace", "--retries", "0"))) {
            List<String> call = new ArrayList<>(args);
            call.addAll(extra);
            Run run = billctl.run(call.toArray(String[]::new));
            assertTrue(String.valueOf(run.exit()).equals(expectedExit), () -> "exit " + run.exit() + ": " + run.err());
            if (extra.contains("-v")) {
                assertTrue(run.err().contains("****"), "the trace shows the masked echo: " + run.err());
                assertTrue(run.err().contains("\tat io.billctl."), "a stack trace was printed: " + run.err());
            }
        }
        Path records = home.resolve("records.jsonl");
        Path journal = home.resolve("run-" + System.nanoTime() + ".journal");
        String idName = update[0].equals("account") ? "i_account" : "id";
        Files.writeString(records, "{\"" + idName + "\":" + update[2] + ",\"" + update[3].substring(2) + "\":\"" + update[4] + "\"}\n");
        billctl.run("-p", "x", update[0], "update", "--batch", records.toString(), "--journal", journal.toString(), "--retries", "0", "-o", "json");
        String written = Files.readString(journal);
        for (String form : forms(secret)) assertFalse(written.contains(form), () -> "the journal holds a form of the secret:\n" + written);
    }

    @Test
    void jerasoftEchoingTheApiKey() throws Exception {
        useKey();
        serve(401, "application/json", Json.write(Json.object().set("error", Json.object().put("message", echo())
                .set("data", Json.object().put("code", "unauthorized").put("message", echo())))));
        profile("jerasoft", "/api", true);
        everyChannel("3", "clients-accounts", "update", "7", "--name", "x");
    }

    @Test
    void enswitchEchoingThePassword() throws Exception {
        serve(200, "application/json", "{\"responses\":[{\"code\":\"401\",\"key\":\"\",\"message\":" + Json.write(Json.NODES.textNode(echo())) + "}]}");
        profile("enswitch", "", false);
        everyChannel("3", "unlimited", "update", "7", "--name", "x");
    }

    @Test
    void portabillingEchoingThePassword() throws Exception {
        serve(500, "application/json", Json.write(Json.object().put("faultcode", "Server.Session.auth_failed").put("faultstring", echo())));
        profile("portabilling", "", false);
        everyChannel("3", "account", "update", "55", "--email", "a@example.com");
    }

    @Test
    void yetiEchoingThePassword() throws Exception {
        serve(401, "application/vnd.api+json", Json.write(Json.object().set("errors",
                Json.NODES.arrayNode().add(Json.object().put("title", "Authentication failed").put("detail", echo())))));
        profile("yeti", "", false);
        everyChannel("3", "admin-accounts", "update", "24", "--name", "x");
    }

    @Test
    void anHtmlErrorPageEchoingItRaw() throws Exception {
        useKey();
        // Not JSON: the trace shows the body as text, every form of it as it came.
        serve(502, "text/html", "<html><body><p>" + echo() + "</p><pre>" + secret + "</pre></body></html>");
        profile("jerasoft", "/api", true);
        everyChannel("5", "clients-accounts", "update", "7", "--name", "x");
    }
}
