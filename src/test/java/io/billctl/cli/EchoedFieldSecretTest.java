package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret field's value (an account's password) given by {@code -f} or in a {@code --batch} record, echoed
 * by a server that refuses it (a 422 whose message repeats what it was sent): it was masked only when it
 * came from {@code --password} or {@code --set}, and was printed in clear on stdout ({@code -o json}'s
 * error.message), on stderr, in the {@code -v} trace, in the journal's message and in
 * {@code --failed-out}'s billctl_error. Every input path now hands it to the run's redactor before
 * anything is sent.
 */
class EchoedFieldSecretTest {
    static final String PASSWORD = "Fi1eSecretPw99";
    static final String OTHER = "Batch2SecretPw77";
    /** A PortaBilling SIM's key, a secret member of an object field. */
    static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir Path home;
    ScriptedServer server;
    Billctl billctl;

    @BeforeEach
    void setUp() {
        // JeraSoft's refusal, repeating the request's body as a careless server does.
        server = ScriptedServer.start((request, out) -> {
            if (request.method().equals("GET")) {
                // A read (a journal's before-image): the account, without its password.
                String id = request.target().substring(request.target().lastIndexOf('/') + 1);
                ScriptedServer.write(out, 200, "application/json", ("{\"id\":" + id + ",\"name\":\"n\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String said = "invalid account: " + request.bodyText();
            byte[] body = Json.write(Json.object().set("error", Json.object().put("message", said)
                    .set("data", Json.object().put("code", "invalid").put("message", said)))).getBytes(StandardCharsets.UTF_8);
            ScriptedServer.write(out, 422, "application/json", body);
        });
        billctl = new Billctl(home).env("K", "Api-Key-0f-the-test").secret("Api-Key-0f-the-test").secret(PASSWORD).secret(OTHER)
                .env("PW", "Login-Pw-0f-the-test").secret("Login-Pw-0f-the-test")
                .config("[profiles.x]\nbackend = \"jerasoft\"\nurl = \"" + server.url("/api") + "\"\napi_key_env = \"K\"\n"
                        + "[profiles.pb]\nbackend = \"portabilling\"\nurl = \"" + server.url("") + "\"\nusername = \"ops\"\npassword_env = \"PW\"\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPasswordFromAFileIsMaskedWhereTheServerEchoesIt() throws Exception {
        String document = "{\"name\":\"x\",\"password\":\"" + PASSWORD + "\"}";
        for (List<String> extra : List.of(List.<String>of(), List.of("-o", "json"), List.of("-v", "--stacktrace"))) {
            List<String> args = new ArrayList<>(List.of("-p", "x", "clients-accounts", "update", "7", "-f", "-"));
            args.addAll(extra);
            Run run = billctl.runWithStdin(document, args.toArray(String[]::new)).exits(1);
            String all = run.out() + run.err();
            assertTrue(all.contains("invalid account"), "the server's words are said: " + all);
            assertTrue(all.contains("****"), "the echoed password is masked: " + all);
        }
        assertTrue(server.requests().get(0).bodyText().contains(PASSWORD), "the password itself was sent");
    }

    @Test
    void aPasswordInABatchRecordIsMaskedInEveryOutputAndFile() throws Exception {
        Path records = home.resolve("records.jsonl");
        Files.writeString(records, "{\"id\":7,\"password\":\"" + PASSWORD + "\"}\n{\"id\":8,\"password\":\"" + OTHER + "\"}\n");
        Path journal = home.resolve("run.journal");
        Path failed = home.resolve("failed.jsonl");
        Run run = billctl.run("-p", "x", "clients-accounts", "update", "--batch", records.toString(), "--journal", journal.toString(),
                "--failed-out", failed.toString(), "-o", "json", "-v", "--retries", "0").exits(1);
        assertTrue(run.out().contains("invalid account") && run.out().contains("****"), run.out());
        String written = Files.readString(journal);
        assertTrue(written.contains("invalid account"), written);
        assertFalse(written.contains(PASSWORD) || written.contains(OTHER), "the journal holds the password:\n" + written);
        // The failed records go back as they were given (they are the user's own input), their error masked.
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(failed)) lines.add(Json.parse(line));
        assertEquals(2, lines.size(), lines.toString());
        for (JsonNode line : lines) {
            String error = line.path("billctl_error").asText();
            assertTrue(error.contains("invalid account") && error.contains("****"), error);
            assertFalse(error.contains(PASSWORD) || error.contains(OTHER), error);
        }
        assertTrue(lines.stream().anyMatch(line -> line.path("password").asText().equals(PASSWORD)), "the record itself is kept to run again");
        // CSV records too, by the same path.
        Path csv = home.resolve("records.csv");
        Files.writeString(csv, "id,password\n7," + PASSWORD + "\n");
        Run fromCsv = billctl.run("-p", "x", "clients-accounts", "update", "--batch", csv.toString(), "-v", "--retries", "0").exits(1);
        assertTrue(fromCsv.err().contains("invalid account"), fromCsv.err());
        // An account named twice: its failed records are written at the end of the run, after their secrets are let go, masked all the same.
        Path twice = home.resolve("twice.jsonl");
        Files.writeString(twice, "{\"id\":7,\"password\":\"" + PASSWORD + "\"}\n{\"id\":7,\"password\":\"" + OTHER + "\"}\n");
        Path failedTwice = home.resolve("failed-twice.jsonl");
        billctl.run("-p", "x", "clients-accounts", "update", "--batch", twice.toString(), "--failed-out", failedTwice.toString(), "--retries", "0")
                .exits(1);
        List<String> held = Files.readAllLines(failedTwice);
        assertEquals(2, held.size(), held.toString());
        for (String line : held) {
            String error = Json.parse(line).path("billctl_error").asText();
            assertTrue(error.contains("invalid account") && error.contains("****"), error);
            assertFalse(error.contains(PASSWORD) || error.contains(OTHER), error);
        }
    }

    /**
     * A profile that sends password under the server's own name ({@code field_names}, {@code acc_pwd}): the
     * dry run printed {@code "acc_pwd":"MapSecretPw1"}, and a read's -v trace the password the server returned.
     */
    @Test
    void aSecretFieldUnderTheServersOwnNameIsMaskedByThatName() throws Exception {
        String password = "MapSecretPw1";
        server.script((request, out) -> ScriptedServer.write(out, 200, "application/json",
                ("{\"id\":7,\"name\":\"n\",\"acc_pwd\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8)));
        billctl.secret(password).config("[profiles.jsmap]\nbackend = \"jerasoft\"\nurl = \"" + server.url("/api") + "\"\napi_key_env = \"K\"\n"
                + "[profiles.jsmap.field_names]\npassword = \"acc_pwd\"\n");
        Run dry = billctl.runWithStdin("{\"password\":\"" + password + "\"}", "-p", "jsmap", "clients-accounts", "update", "7", "-f", "-",
                "--dry-run", "-o", "json").exits(0);
        assertEquals("****", dry.json().path("request").path("body").path("acc_pwd").asText(), dry.out());
        Run traced = billctl.run("-p", "jsmap", "clients-accounts", "get", "7", "-v").exits(0);
        assertTrue(traced.err().contains("\"acc_pwd\":\"****\""), traced.err());
        assertTrue(traced.out().lines().anyMatch(l -> l.matches("password +\\*\\*\\*\\*")), traced.out());
    }

    /** A secret of the wrong type was repeated by the validation message ("expected a string, got 98765432123"). */
    @Test
    void aSecretOfTheWrongTypeIsNotRepeatedByTheRefusal() throws Exception {
        String digits = "98765432123";
        billctl.secret(digits);
        Run file = billctl.runWithStdin("{\"id\":7,\"password\":" + digits + "}", "-p", "x", "clients-accounts", "update", "7", "-f", "-")
                .exits(2).oneErrorLine();
        assertTrue(file.errorLine().contains("\"password\" in stdin: expected a string, got a number of 11 characters (a secret: not shown)"),
                file.err());
        Run batch = billctl.runWithStdin("{\"id\":7,\"password\":" + digits + "}\n", "-p", "x", "clients-accounts", "update", "--batch", "-",
                "-o", "json").exits(2);
        assertTrue(batch.out().contains("expected a string, got a number of 11 characters"), batch.out());
        Run nested = billctl.runWithStdin("{\"sim_card_info\":{\"auth_key\":" + digits + "}}", "-p", "pb", "account", "update", "12", "-f", "-")
                .exits(2).oneErrorLine();
        assertTrue(nested.errorLine().contains("expected a string, got a number of 11 characters (a secret: not shown)"), nested.err());
        Run choice = billctl.runWithStdin("{\"sim_card_info\":{\"auth_key\":[\"" + digits + "\"]}}", "-p", "pb", "account", "update", "12", "-f", "-")
                .exits(2).oneErrorLine();
        assertTrue(choice.errorLine().contains("expected a string, got a list"), choice.err());
        assertTrue(server.requests().isEmpty(), "nothing sent");
    }

    /** A secret member of an object field (a SIM card's key) given in a file, echoed by PortaBilling's fault. */
    @Test
    void aSecretMemberOfAnObjectIsMaskedToo() throws Exception {
        server.script((request, out) -> {
            String body = request.bodyText();
            boolean update = request.target().contains("update_account");
            byte[] answer = update
                    ? Json.write(Json.object().put("faultcode", "Server.Account.validation").put("faultstring", "bad SIM card: " + body))
                    .getBytes(StandardCharsets.UTF_8)
                    : request.target().contains("get_account_info")
                    ? "{\"account_info\":{\"i_account\":12,\"sim_card_info\":{\"iccid\":\"123456789012345678\"}}}".getBytes(StandardCharsets.UTF_8)
                    : "{\"session_id\":\"S3ssion-of-the-test\",\"access_token\":\"S3ssion-of-the-test\"}".getBytes(StandardCharsets.UTF_8);
            ScriptedServer.write(out, update ? 500 : 200, "application/json", answer);
        });
        billctl.secret(KEY).secret("S3ssion-of-the-test");
        Run run = billctl.runWithStdin("{\"sim_card_info\":{\"iccid\":\"123456789012345678\",\"auth_key\":\"" + KEY + "\"}}",
                "-p", "pb", "account", "update", "12", "-f", "-", "-o", "json", "-v").exits(1);
        assertTrue(run.out().contains("bad SIM card"), run.out());
        Path records = home.resolve("sims.jsonl");
        Files.writeString(records, "{\"i_account\":12,\"sim_card_info\":{\"auth_key\":\"" + KEY + "\"}}\n");
        Path journal = home.resolve("sims.journal");
        billctl.run("-p", "pb", "account", "update", "--batch", records.toString(), "--journal", journal.toString(), "-v").exits(1);
        assertFalse(Files.readString(journal).contains(KEY), Files.readString(journal));
    }
}
