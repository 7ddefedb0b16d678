package io.billctl.undo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.SandboxProfiles;
import io.billctl.testing.ScriptedServer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: --diff, --skip-unchanged, --expect, before-images in the journal, and undo, through the
 * real path (billctl's HTTP to the emulators, which keep their own rules and know nothing of the
 * client's comparison).
 */
class SafetyNetTest extends AgainstSandbox {
    private static final String PORTA_SIP = "sip7secret";
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        // pb2: the same server under another URL spelling, which undo must not take for the journal's.
        billctl = SandboxProfiles.billctl(home, sandbox, """
                [profiles.pb2]
                backend = "portabilling"
                url = "%s"
                username = "sandbox"
                password_env = "PB"
                """.formatted(sandbox.url("/portabilling/"))).secret(PORTA_SIP).secret("S3cret-new-pass");
    }

    private PortabillingEmulator porta() {
        return sandbox.emulator(PortabillingEmulator.class);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.parse(line);
        } catch (Exception e) {
            throw new IllegalArgumentException(line, e);
        }
    }

    private List<String> portaCalls() {
        return sandbox.requests().stream().map(EmulatorRequest::path).filter(p -> p.startsWith("/portabilling/rest/Account/"))
                .map(p -> p.substring("/portabilling/rest/Account/".length())).toList();
    }

    private Path file(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static List<JsonNode> lines(Path journal) throws Exception {
        return Files.readAllLines(journal).stream().map(SafetyNetTest::parse).toList();
    }

    @Test
    void diffShowsOnlyTheFieldsThatChangeThenApplies() {
        Run table = billctl.run("-p", "pb", "account", "update", "3", "--diff", "--credit-limit", "200", "--firstname", "Account").exits(0);
        List<String> rows = table.out().lines().toList();
        assertEquals(2, rows.size(), table.out());
        assertTrue(rows.get(0).startsWith("FIELD") && rows.get(0).contains("BEFORE") && rows.get(0).contains("AFTER"), table.out());
        assertTrue(rows.get(1).matches("credit_limit\\s+100\\s+\u2192\\s+200"), table.out());
        assertEquals(200, porta().account(3).path("credit_limit").asInt(), "applied");
        assertEquals(List.of("get_account_info", "update_account"), portaCalls(), "read right before the write");

        Run json = billctl.run("-p", "pb", "account", "update", "3", "--diff", "--credit-limit", "250.00", "-o", "json").exits(0);
        JsonNode document = json.json();
        assertTrue(document.path("changed").asBoolean());
        assertEquals(Json.object().set("credit_limit", Json.object().put("before", 200).put("after", new java.math.BigDecimal("250.00"))),
                document.path("diff"));
        assertEquals("3", document.path("id").asText());
        assertTrue(document.has("result"), "the vendor's answer is still there");

        Run same = billctl.run("-p", "pb", "account", "update", "3", "--diff", "--credit-limit", "250").exits(0);
        assertTrue(same.out().startsWith("no change: i_account 3 already had these values"), same.out());
    }

    @Test
    void theComparisonIsTheCatalogsNotJsons() {
        // 100 is 100.00; tags in another order are the same set; null is absent. Nothing would change, nothing is written.
        // PortaBilling reads unset text back as "": an expectation of "" holds on a field never set.
        billctl.run("-p", "pb", "account", "update", "4", "--dry-run", "--expect", "address_line_2=", "--expect", "phone1=", "--credit-limit", "1")
                .exits(0);
        Run porta = billctl.run("-p", "pb", "account", "update", "4", "--dry-run", "--diff", "--credit-limit", "100.00").exits(0);
        assertTrue(porta.out().startsWith("no change: i_account 4 already has these values"), porta.out());
        billctl.run("-p", "vcs", "clients-accounts", "update", "5", "--set", "orig_tags=[\"b\",\"a\"]").exits(0);
        sandbox.server().clearRequests();
        Run tags = billctl.run("-p", "vcs", "clients-accounts", "update", "5", "--dry-run", "--diff", "--orig-tags", "a,b", "--unset", "notes",
                "--ips", "192.0.2.6", "-o", "json").exits(0);
        assertFalse(tags.json().path("changed").asBoolean(), tags.out());
        assertTrue(tags.json().path("dry_run").asBoolean());
        Run order = billctl.run("-p", "vcs", "clients-accounts", "update", "5", "--dry-run", "--diff", "--orig-rate-tables-ids", "2,1", "-o", "json")
                .exits(0);
        assertTrue(order.json().path("diff").has("orig_rate_tables_ids"), "a list whose order the catalog keeps: " + order.out());
        assertTrue(sandbox.requests().stream().allMatch(r -> r.method().equals("GET")), "a plan only reads: " + sandbox.requests());
        Run yeti = billctl.run("-p", "yeti", "admin-accounts", "update", "24", "--dry-run", "--diff", "--vat", "23.10", "--max-balance", "5")
                .exits(0);
        List<String> rows = yeti.out().lines().toList();
        assertEquals(2, rows.size(), "vat 23.1 is 23.10; only max-balance changes: " + yeti.out());
        assertTrue(rows.get(1).matches("max-balance\\s+0(\\.0)?\\s+\u2192\\s+5(\\.0)?"), yeti.out());
        assertTrue(yeti.err().contains("1 field would change; nothing was sent (--dry-run)"), yeti.err());
        // Yeti's decimals go out as strings ("5.0"); the diff shows before and after alike, as numbers, as get does.
        Run yetiJson = billctl.run("-p", "yeti", "admin-accounts", "update", "24", "--diff", "--max-balance", "5.50", "-o", "json").exits(0);
        JsonNode change = yetiJson.json().path("diff").path("max-balance");
        assertTrue(change.path("before").isNumber() && change.path("after").isNumber(), yetiJson.out());
        assertEquals(0, new java.math.BigDecimal("5.5").compareTo(change.path("after").decimalValue()), yetiJson.out());
        assertTrue(sandbox.requests().stream().anyMatch(r -> r.method().equals("PUT") && r.bodyText().contains("\"max-balance\":\"5.5")),
                "what went out is still the vendor's string: " + sandbox.requests());
    }

    @Test
    void skipUnchangedSendsOnlyWhatIsStillDifferent() throws Exception {
        // A batch that stopped half way: accounts 1..5 already have the value, 6..10 do not.
        for (int id = 1; id <= 5; id++) billctl.run("-p", "pb", "account", "update", Integer.toString(id), "--credit-limit", "300").exits(0);
        Path batch = file("limits.csv", "i_account,credit_limit\n" + IntStream.rangeClosed(1, 10).mapToObj(i -> i + ",300.00")
                .collect(Collectors.joining("\n")) + "\n");
        sandbox.server().clearRequests();
        Run run = billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--skip-unchanged", "-o", "json").exits(0);
        JsonNode summary = parse(run.out().lines().reduce((a, b) -> b).orElseThrow()).path("summary");
        assertEquals(5, summary.path("done").asInt(), run.out());
        assertEquals(5, summary.path("unchanged").asInt(), run.out());
        assertEquals(10, portaCalls().stream().filter("get_account_info"::equals).count());
        assertEquals(5, portaCalls().stream().filter("update_account"::equals).count(), "only what is still different is sent");
        long unchangedLines = run.out().lines().map(SafetyNetTest::parse).filter(l -> l.has("line") && !l.path("changed").asBoolean(true)).count();
        assertEquals(5, unchangedLines, run.out());
        Run table = billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--skip-unchanged", "--diff").exits(0);
        assertEquals(10, table.out().lines().filter(l -> l.matches("i_account \\d+: no change")).count(), table.out());
        assertTrue(table.out().contains("UNCHANGED"), table.out());
    }

    @Test
    void expectRefusesAnAccountWhoseValueChangedAndSaysSo() throws Exception {
        billctl.run("-p", "pb", "account", "update", "6", "--credit-limit", "200").exits(0);
        sandbox.server().clearRequests();
        Run refused = billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limit=100", "--credit-limit", "300").exits(1).oneErrorLine();
        assertEquals("error: changed since: credit_limit is 200, expected 100", refused.errorLine());
        assertEquals(List.of("get_account_info"), portaCalls(), "read, and not written");
        assertEquals(200, porta().account(6).path("credit_limit").asInt());
        Run json = billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limit=100", "--credit-limit", "300", "-o", "json").exits(1);
        assertEquals("is 200, expected 100", json.json().at("/error/fields/credit_limit").asText());
        assertEquals(1, json.json().at("/error/exit_code").asInt());
        billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limit=200.0", "--credit-limit", "300").exits(0);
        assertEquals(300, porta().account(6).path("credit_limit").asInt());

        // A name the catalog does not know: most likely misspelt, refused before anything is sent, as a misspelt field is.
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limt=300", "--credit-limit", "400"),
                "--expect credit_limt: not a field this command knows (did you mean credit_limit?); --allow-unknown-fields expects it anyway");
        // With --allow-unknown-fields it is judged on the account, which has no field of that name.
        Run typo = billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limt=300", "--credit-limit", "400", "--allow-unknown-fields")
                .exits(1).oneErrorLine();
        assertEquals("error: changed since: credit_limt is absent, expected 300 (the account has no field of that name; did you mean credit_limit?)",
                typo.errorLine());
        assertEquals(300, porta().account(6).path("credit_limit").asInt());
        // A name the catalog does not know that the account has (the balance a read returns) is expected with it.
        billctl.run("-p", "pb", "account", "update", "6", "--expect", "balance=0", "--credit-limit", "300", "--allow-unknown-fields").exits(0);

        // In a batch, a misspelt expect.FIELD column is refused before the first record is sent.
        sandbox.server().clearRequests();
        Run column = billctl.run("-p", "pb", "account", "update", "--batch",
                file("typo.csv", "i_account,credit_limit,expect.credit_limt\n6,400,300\n7,400,100\n").toString()).exits(2);
        assertTrue(column.err().contains("line 2 (i_account 6): \"expect.credit_limt\": not a field this command knows (did you mean credit_limit?)"),
                column.err());
        assertTrue(column.err().endsWith("error: 2 bad records in " + home.resolve("typo.csv") + "; nothing was sent\n"), column.err());
        assertTrue(sandbox.requests().isEmpty(), sandbox.requests().toString());

        // In a batch: expect.FIELD columns and keys, each record judged on its own account.
        Path csv = file("expect.csv", "i_account,credit_limit,expect.credit_limit\n6,400,300\n7,400,300\n");
        Run batch = billctl.run("-p", "pb", "account", "update", "--batch", csv.toString(), "-o", "json").exits(1);
        assertTrue(batch.err().contains("line 3 (i_account 7): changed since: credit_limit is 100, expected 300"), batch.err());
        assertEquals(400, porta().account(6).path("credit_limit").asInt());
        assertEquals(100, porta().account(7).path("credit_limit").asInt());

        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("-p", "pb", "account", "update", "6", "--expect", "password=x", "--credit-limit", "1"),
                "password is a secret");
        assertRefusedBeforeSending(billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limit", "--credit-limit", "1"),
                "--expect takes FIELD=VALUE");
        assertRefusedBeforeSending(billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limit=lots", "--credit-limit", "1"),
                "--expect credit_limit: expected a decimal number");
        String help = billctl.run("account", "update", "--help").exits(0).out().replaceAll("\\s+", " ");
        assertTrue(help.contains("no atomic compare-and-set"), help);
    }

    /** A batch's dry run showed three requests and exit 0 whatever its expect.FIELD columns said. */
    @Test
    void aBatchDryRunJudgesItsExpectationsOnTheAccounts() throws Exception {
        billctl.run("-p", "pb", "account", "update", "6", "--credit-limit", "200").exits(0);
        sandbox.server().clearRequests();
        Path csv = file("dry-expect.csv", "i_account,credit_limit,expect.credit_limit\n6,400,300\n7,400,100\n");
        Run dry = billctl.run("-p", "pb", "account", "update", "--batch", csv.toString(), "--dry-run").exits(1);
        assertTrue(dry.err().contains("2 records carry expectations (expect.FIELD or --expect): every account is read to judge them"), dry.err());
        assertTrue(dry.err().contains("line 2 (i_account 6): changed since: credit_limit is 200, expected 300"), dry.err());
        assertTrue(dry.out().contains("i_account 7: credit_limit: 100 \u2192 400"), dry.out());
        assertEquals(List.of("get_account_info", "get_account_info"), portaCalls(), "read, never written");
        assertEquals(200, porta().account(6).path("credit_limit").asInt());
    }

    /** The diff table showed ["a,b","c"] -> ["a","b","c"] as "a,b,c -> a,b,c", and an empty list as nothing. */
    @Test
    void theDiffTableTellsListsApart() {
        billctl.run("-p", "vcs", "clients-accounts", "update", "8", "--set", "orig_tags=[\"a,b\",\"c\"]").exits(0);
        Run split = billctl.run("-p", "vcs", "clients-accounts", "update", "8", "--orig-tags", "a,b,c", "--diff").exits(0);
        assertTrue(split.out().matches("(?s).*orig_tags +\\[\"a,b\",\"c\"\\] +\u2192 +a,b,c\n.*"), split.out());
        Run emptied = billctl.run("-p", "vcs", "clients-accounts", "update", "8", "--orig-tags", "", "--diff").exits(0);
        assertTrue(emptied.out().matches("(?s).*orig_tags +a,b,c +\u2192 +\\[\\]\n.*"), emptied.out());
        Run shown = billctl.run("-p", "vcs", "clients-accounts", "get", "8", "--fields", "orig_tags").exits(0);
        assertTrue(shown.out().matches("(?s).*orig_tags +\\[\\]\n.*"), shown.out());
    }

    /** A dry run with --expect printed the request and exit 0 whatever the account held: the run would have refused it. */
    @Test
    void aDryRunJudgesTheExpectationsAsTheRunWould() throws Exception {
        billctl.run("-p", "pb", "account", "update", "6", "--credit-limit", "200").exits(0);
        sandbox.server().clearRequests();
        Run refused = billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limit=100", "--credit-limit", "300", "--dry-run")
                .exits(1).oneErrorLine();
        assertEquals("error: changed since: credit_limit is 200, expected 100", refused.errorLine());
        Run held = billctl.run("-p", "pb", "account", "update", "6", "--expect", "credit_limit=200", "--credit-limit", "300", "--dry-run").exits(0);
        assertTrue(held.out().startsWith("POST "), held.out());
        assertEquals(List.of("get_account_info", "get_account_info"), portaCalls(), "read twice, written never");
        assertEquals(200, porta().account(6).path("credit_limit").asInt());

        // --skip-unchanged too: the run would send nothing to an account that has the values, and the dry run said it would send.
        Run skipped = billctl.run("-p", "pb", "account", "update", "6", "--credit-limit", "200", "--skip-unchanged", "--dry-run").exits(0);
        assertTrue(skipped.out().startsWith("no change: i_account 6 already has these values; nothing was sent"), skipped.out());
        Run sent = billctl.run("-p", "pb", "account", "update", "6", "--credit-limit", "201", "--skip-unchanged", "--dry-run").exits(0);
        assertTrue(sent.out().startsWith("POST "), sent.out());
        assertEquals(200, porta().account(6).path("credit_limit").asInt());
    }

    @Test
    void theMeddleFaultChangesAnAccountAsSomeoneElseWould() {
        sandbox.faults("meddle=1x");
        Run refused = billctl.run("-p", "pb", "account", "update", "8", "--expect", "credit_limit=100", "--credit-limit", "300").exits(1);
        assertTrue(refused.errorLine().contains("changed since: credit_limit is 101, expected 100"), refused.err());
        assertEquals(101, porta().account(8).path("credit_limit").asInt(), "someone else's change is left alone");
        // Between billctl's read and its write: the window no compare-then-set closes, as the help says.
        sandbox.faults("meddle=1x,meddle-when=write");
        billctl.run("-p", "pb", "account", "update", "8", "--expect", "credit_limit=101", "--credit-limit", "300").exits(0);
        assertEquals(300, porta().account(8).path("credit_limit").asInt());
    }

    @Test
    void theJournalHoldsBeforeImagesOfExactlyTheChangedFieldsAndNoSecret() throws Exception {
        Path journal = home.resolve("run.journal");
        Path batch = file("in.jsonl", "{\"i_account\":7,\"credit_limit\":500,\"firstname\":\"Account\",\"password\":\"S3cret-new-pass\"}\n"
                + "{\"i_account\":9,\"credit_limit\":100}\n");
        billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", journal.toString(), "--parallel", "1").exits(0);
        String text = Files.readString(journal);
        assertFalse(text.contains("S3cret-new-pass") || text.contains(PORTA_SIP), text);
        List<JsonNode> sent = lines(journal).stream().filter(e -> "sent".equals(e.path("status").asText())).toList();
        assertEquals(2, sent.size());
        assertEquals(parse("{\"credit_limit\":100}"), sent.get(0).path("before"), "firstname did not change: not journaled");
        assertEquals(parse("{\"credit_limit\":500}"), sent.get(0).path("after"));
        assertEquals(parse("[\"password\"]"), sent.get(0).path("masked"));
        assertEquals(Json.object(), sent.get(1).path("before"), "account 9 already had 100: nothing to put back");
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertTrue(undo.err().contains("not restored: password (a secret, never journaled) on 1 account 7"), undo.err());
        assertEquals(100, porta().account(7).path("credit_limit").asInt());
    }

    /** A single journaled update says what undo can put back of it: never a secret. */
    @Test
    void aJournaledUpdateSaysWhatUndoCanPutBack() {
        Path journal = home.resolve("one.journal");
        Run secretOnly = billctl.run("-p", "pb", "account", "update", "7", "--password", "S3cret-new-pass", "--journal", journal.toString()).exits(0);
        assertTrue(secretOnly.err().contains("journaled in " + journal + "; undo cannot put back password: a secret, never journaled"), secretOnly.err());
        Path both = home.resolve("two.journal");
        Run mixed = billctl.secret("S3cret-newer-pass").run("-p", "pb", "account", "update", "7", "--password", "S3cret-newer-pass", "--credit-limit", "321",
                        "--journal", both.toString())
                .exits(0);
        assertTrue(mixed.err().contains("journaled in " + both + " ('billctl undo " + both + "' puts it back, all but password: a secret, never journaled)"),
                mixed.err());
        Path none = home.resolve("three.journal");
        Run same = billctl.run("-p", "pb", "account", "update", "7", "--credit-limit", "321", "--journal", none.toString()).exits(0);
        assertTrue(same.err().contains("journaled in " + none + " (no value changed: nothing to undo)"), same.err());
        Path plain = home.resolve("four.journal");
        Run change = billctl.run("-p", "pb", "account", "update", "7", "--credit-limit", "322", "--journal", plain.toString()).exits(0);
        assertTrue(change.err().contains("journaled in " + plain + " ('billctl undo " + plain + "' puts it back)"), change.err());
    }

    @Test
    void theBeforeImageIsInTheJournalBeforeTheWriteLeaves() throws Exception {
        Path journal = home.resolve("run.journal");
        AtomicReference<String> journalAtWrite = new AtomicReference<>();
        try (ScriptedServer server = ScriptedServer.start((request, out) -> {
            if (request.method().equals("GET")) {
                ScriptedServer.write(out, 200, "application/json", "{\"id\":4,\"name\":\"Old name\",\"orig_tags\":[]}".getBytes(StandardCharsets.UTF_8));
            } else {
                journalAtWrite.set(Files.readString(journal));
                ScriptedServer.write(out, 200, "application/json", "1".getBytes(StandardCharsets.UTF_8));
            }
        })) {
            Billctl scripted = new Billctl(home).env("K", JerasoftEmulator.API_KEY).secret(JerasoftEmulator.API_KEY).config("""
                    [profiles.vcs]
                    backend = "jerasoft"
                    url = "%s"
                    api_key_env = "K"
                    """.formatted(server.url("/api")));
            scripted.run("-p", "vcs", "clients-accounts", "update", "4", "--name", "New name", "--journal", journal.toString()).exits(0);
        }
        String sent = journalAtWrite.get().lines().filter(l -> l.contains("\"status\":\"sent\"")).findFirst().orElseThrow();
        assertEquals(parse("{\"name\":\"Old name\"}"), parse(sent).path("before"));
        assertFalse(journalAtWrite.get().contains("\"done\""));
        assertTrue(Files.readString(journal).contains("\"status\":\"done\""));
    }

    /**
     * A crash after a record's request left and before its outcome was journaled, then a resume that sends
     * it again (--resume-uncertain) and finds the values already there: undo still puts back the values
     * from before the first attempt, not the empty before-image of the second. The same when the resume
     * holds the repeat back as unchanged (--skip-unchanged).
     */
    @Test
    void undoAfterAResumeThatSentARecordAgainPutsBackTheValuesFromBeforeTheFirstAttempt() throws Exception {
        for (boolean skipUnchanged : new boolean[] {false, true}) {
            int id = skipUnchanged ? 61 : 60;
            String old = porta().account(id).path("email").asText();
            Path batch = file("crash" + id + ".jsonl", "{\"i_account\":" + id + ",\"email\":\"crash" + id + "@example.com\"}\n");
            Path journal = home.resolve("crash" + id + ".journal");
            billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", journal.toString()).exits(0);
            // What a kill -9 between the request and its outcome leaves: the "sent" entry, and no "done".
            List<String> lines = Files.readAllLines(journal);
            Files.write(journal, lines.stream().filter(l -> !l.contains("\"status\":\"done\"")).toList());
            List<String> resume = new ArrayList<>(List.of("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", journal.toString(),
                    "--resume", "--resume-uncertain"));
            if (skipUnchanged) resume.add("--skip-unchanged");
            billctl.run(resume.toArray(String[]::new)).exits(0);
            assertEquals("crash" + id + "@example.com", porta().account(id).path("email").asText());
            billctl.run("undo", journal.toString()).exits(0);
            assertEquals(old, porta().account(id).path("email").asText(), "the value before the first attempt, skip-unchanged " + skipUnchanged);
        }
    }

    /**
     * A value the server took but billctl would refuse (a host name in JeraSoft's ips, written there by
     * another client) goes back as it was: one such before-image does not stop the whole undo.
     */
    @Test
    void undoPutsBackValuesTheServerHeldThatBillctlWouldNotWrite() throws Exception {
        java.net.http.HttpResponse<String> other = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(sandbox.url("/jerasoft/api/clients/accounts/97"))).header("X-Api-Key", io.billctl.sandbox.JerasoftEmulator.API_KEY)
                .header("Content-Type", "application/json").method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"ips\":[\"sip.example.net\"]}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, other.statusCode(), other.body());
        Path batch = file("ips.jsonl", "{\"id\":98,\"ips\":[\"192.0.2.98\"]}\n{\"id\":97,\"ips\":[\"192.0.2.97\"]}\n{\"id\":99,\"ips\":[\"192.0.2.99\"]}\n");
        JsonNode before98 = sandbox.server().emulator("jerasoft").account(98).path("ips").deepCopy();
        Path journal = home.resolve("ips.journal");
        billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", batch.toString(), "--journal", journal.toString()).exits(0);
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertEquals("[\"sip.example.net\"]", sandbox.server().emulator("jerasoft").account(97).path("ips").toString(), undo.err());
        assertEquals(before98, sandbox.server().emulator("jerasoft").account(98).path("ips"));
    }

    /**
     * A request option the read never returns (PortaBilling's release_assigned_did) goes again with the
     * undo, as the update sent it: putting the product back keeps the DID, where the vendor's default
     * (1) would release it.
     */
    @Test
    void undoOfAProductChangeSendsTheRunsReleaseAssignedDid() throws Exception {
        Path journal = home.resolve("product.journal");
        billctl.run("-p", "pb", "account", "update", "9", "--i-product", "2", "--release-assigned-did", "0", "--journal", journal.toString()).exits(0);
        sandbox.server().clearRequests();
        Run undo = billctl.run("undo", journal.toString()).exits(0);
        assertFalse(undo.err().contains("not restored: release_assigned_did"), undo.err());
        JsonNode sent = parse(sandbox.requests().stream().filter(r -> r.path().endsWith("/update_account")).findFirst().orElseThrow().bodyText());
        assertEquals(1, sent.at("/params/account_info/i_product").asInt(), sent.toString());
        assertEquals(0, sent.at("/params/release_assigned_did").asInt(-1), sent.toString());
    }

    /** A run that changed only what cannot be put back (a secret): the undo restores nothing, says so, and is not a success. */
    @Test
    void anUndoThatCanRestoreNothingExitsOne() throws Exception {
        Path journal = home.resolve("secret.journal");
        billctl.run("-p", "pb", "account", "update", "8", "--password", "S3cret-new-pass", "--journal", journal.toString()).exits(0);
        Run undo = billctl.run("undo", journal.toString()).exits(1);
        assertTrue(undo.err().contains("not restored: password (a secret, never journaled) on 1 account 8"), undo.err());
        assertTrue(undo.err().contains("error: nothing undone: the updates of journal " + journal + " changed only fields that cannot be restored"),
                undo.err());
    }

    @Test
    void undoPutsBackWhatTheBatchChangedAndLeavesAloneWhatSomeoneElseChangedSince() throws Exception {
        String before = billctl.run("-p", "pb", "account", "list", "--limit", "300", "-o", "jsonl").exits(0).out();
        Path batch = file("wrong.jsonl", IntStream.rangeClosed(1, 200).mapToObj(i -> "{\"i_account\":" + i + ",\"credit_limit\":9999"
                + (i % 3 == 0 ? ",\"email\":\"new" + i + "@example.com\"" : "") + "}").collect(Collectors.joining("\n")) + "\n");
        Path journal = home.resolve("run.journal");
        billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", journal.toString()).exits(0);
        assertEquals(9999, porta().account(150).path("credit_limit").asInt());

        sandbox.server().clearRequests();
        Run plan = billctl.run("undo", journal.toString(), "--dry-run", "--diff").exits(0);
        List<String> reversals = plan.out().lines().toList();
        assertEquals(200, reversals.size(), plan.out());
        assertTrue(reversals.contains("i_account 151: credit_limit: 9999 \u2192 100"), plan.out());
        assertTrue(reversals.contains("i_account 3: credit_limit: 9999 \u2192 100; email: new3@example.com \u2192 account3@example.com"), plan.out());
        assertTrue(plan.err().contains("200 of 200 records would change their account, 0 would not; nothing was sent (--dry-run)"), plan.err());
        assertTrue(portaCalls().stream().allMatch("get_account_info"::equals), "a plan only reads");
        assertEquals(9999, porta().account(150).path("credit_limit").asInt());

        billctl.run("-p", "pb", "account", "update", "77", "--credit-limit", "555").exits(0); // someone else, in between
        Path undoJournal = home.resolve("undo.journal");
        Run undo = billctl.run("undo", journal.toString(), "--journal", undoJournal.toString(), "-o", "json").exits(1);
        assertTrue(undo.err().contains("error: undo of " + journal + " (i_account 77): changed since: credit_limit is 555, expected 9999"),
                undo.err());
        JsonNode summary = parse(undo.out().lines().reduce((a, b) -> b).orElseThrow()).path("summary");
        assertEquals(199, summary.path("done").asInt(), undo.out());
        assertEquals(1, summary.path("failed").asInt(), undo.out());
        String after = billctl.run("-p", "pb", "account", "list", "--limit", "300", "-o", "jsonl").exits(0).out();
        List<String> was = before.lines().toList();
        List<String> now = after.lines().toList();
        assertEquals(was.size(), now.size());
        for (int i = 0; i < was.size(); i++) {
            if (parse(was.get(i)).path("i_account").asInt() == 77) {
                assertEquals(555, parse(now.get(i)).path("credit_limit").asInt(), "someone else's change is left alone");
            } else {
                assertEquals(was.get(i), now.get(i), "restored field by field");
            }
        }
        // The undo is a batch like any other: resumable, and undoable in its turn.
        billctl.run("undo", journal.toString(), "--journal", undoJournal.toString()).exits(2);
        Run resumed = billctl.run("undo", journal.toString(), "--journal", undoJournal.toString(), "--resume", "-o", "json").exits(1);
        assertEquals(199, parse(resumed.out().lines().reduce((a, b) -> b).orElseThrow()).path("summary").path("skipped").asInt());
        billctl.run("undo", journal.toString(), "--force").exits(0);
        assertEquals(100, porta().account(77).path("credit_limit").asInt(), "--force puts it back too");
        billctl.run("undo", undoJournal.toString()).exits(0);
        assertEquals(9999, porta().account(150).path("credit_limit").asInt(), "the undo undone");
    }

    @Test
    void aSingleUpdateWithAJournalIsUndoneTheSameWay() throws Exception {
        Path journal = home.resolve("one.journal");
        Run run = billctl.run("-p", "pb", "account", "update", "12", "--credit-limit", "700", "--journal", journal.toString()).exits(0);
        assertTrue(run.err().contains("billctl undo " + journal), run.err());
        List<JsonNode> entries = lines(journal);
        assertEquals("command line", entries.get(0).at("/input/name").asText());
        assertEquals(parse("{\"credit_limit\":100}"), entries.get(2).path("before"));
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("-p", "pb", "account", "update", "12", "--credit-limit", "1", "--journal", journal.toString()),
                "already exists; a single update starts a journal of its own");
        billctl.run("undo", journal.toString()).exits(0);
        assertEquals(100, porta().account(12).path("credit_limit").asInt());
        Run again = billctl.run("undo", journal.toString(), "--diff").exits(0);
        assertEquals("i_account 12: no change", again.out().lines().findFirst().orElse(""), "already put back: left alone, nothing sent");
    }

    @Test
    void recordsThatMayHaveBeenAppliedAreUndoneOnlyWhereTheyWere() throws Exception {
        Path journal = home.resolve("run.journal");
        Path batch = file("in.jsonl", "{\"i_account\":21,\"credit_limit\":800}\n{\"i_account\":22,\"credit_limit\":800}\n");
        billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", journal.toString(), "--parallel", "1").exits(0);
        // As a crash leaves it: both journaled as sent with no outcome; account 22's update never reached the server.
        List<String> kept = Files.readAllLines(journal).stream().filter(l -> !l.contains("\"status\":\"done\"")).toList();
        Files.write(journal, kept);
        porta().account(22).put("credit_limit", 100);
        sandbox.server().clearRequests();
        Run undo = billctl.run("undo", journal.toString(), "-o", "json").exits(0);
        JsonNode summary = parse(undo.out().lines().reduce((a, b) -> b).orElseThrow()).path("summary");
        assertEquals(1, summary.path("done").asInt(), undo.out());
        assertEquals(1, summary.path("unchanged").asInt(), "not applied, so nothing to put back, and no conflict: " + undo.out());
        assertEquals(100, porta().account(21).path("credit_limit").asInt());
        assertEquals(1, portaCalls().stream().filter("update_account"::equals).count());
    }

    @Test
    void undoRefusesWhatItCannotDoBeforeSendingAnything() throws Exception {
        Path journal = home.resolve("run.journal");
        Path batch = file("in.jsonl", "{\"i_account\":31,\"credit_limit\":800}\n");
        billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", journal.toString()).exits(0);
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("undo", journal.toString(), "--journal", journal.toString()), "is the journal being undone");
        assertRefusedBeforeSending(billctl.run("undo", home.resolve("none.journal").toString()), "no journal");
        assertRefusedBeforeSending(billctl.run("undo", batch.toString()), "is not a billctl journal");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "undo", journal.toString()), "profile 'vcs' is for JeraSoft");
        assertRefusedBeforeSending(billctl.run("-p", "pb2", "undo", journal.toString()), "records a run against");
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            assertRefusedBeforeSending(billctl.run("undo", journal.toString()), "in use by a running billctl");
        }
        Path plain = home.resolve("plain.journal");
        billctl.run("-p", "pb", "account", "update", "--batch", batch.toString(), "--journal", plain.toString(), "--no-before-images").exits(0);
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.run("undo", plain.toString()), "has no before-images for 1 of its applied records");
        assertRefusedBeforeSending(billctl.run("-p", "pb", "account", "update", "31", "--credit-limit", "1", "--no-before-images"),
                "--no-before-images goes with --journal");
        billctl.run("undo", journal.toString()).exits(0);
        assertEquals(100, porta().account(31).path("credit_limit").asInt());
        List<String> names = new ArrayList<>();
        billctl.run("undo", "--help").exits(0).out().lines().forEach(names::add);
        assertTrue(String.join("\n", names).contains("--dry-run --diff"), names.toString());
    }
}
