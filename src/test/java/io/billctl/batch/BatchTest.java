package io.billctl.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.Billctl;
import io.billctl.testing.SandboxProfiles;
import io.billctl.testing.Run;
import io.billctl.testing.AgainstSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --batch} end to end against the emulators, with faults switched on. */
class BatchTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "vcs", "");
    }

    private Path file(String name, String content) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** {@code count} JSON Lines records cycling over accounts 1..100. */
    private Path jsonl(int count) throws Exception {
        return file("batch.jsonl", IntStream.rangeClosed(1, count)
                .mapToObj(i -> "{\"id\":" + ((i - 1) % 100 + 1) + ",\"name\":\"Batch " + i + "\",\"orig_capacity\":" + i + "}")
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private long jerasoftApplied() {
        return sandbox.server().applied().entrySet().stream().filter(e -> e.getKey().startsWith("/jerasoft/")).mapToLong(Map.Entry::getValue).sum();
    }

    /** A flag over a record's own different value replaced it without a word (documented, never said). */
    @Test
    void aFlagThatReplacesARecordsValueIsSaid() throws Exception {
        Path csv = file("over.csv", "id,name,orig_capacity\n1,A,30\n2,B,40\n3,C,50\n");
        Run run = billctl.run("clients-accounts", "update", "--batch", csv.toString(), "--orig-capacity", "30", "--set", "notes=n").exits(0);
        assertTrue(run.err().contains("warning: --orig-capacity replaces another value given by 2 records of " + csv
                + " (a command-line field applies over every record)"), run.err());
        assertFalse(run.err().contains("--set notes"), "the records give no notes: nothing replaced");
        Run same = billctl.run("clients-accounts", "update", "--batch", file("same.csv", "id,orig_capacity\n1,30\n").toString(), "--orig-capacity", "30")
                .exits(0);
        assertFalse(same.err().contains("replaces"), same.err());
        assertEquals(30, sandbox.server().emulator("jerasoft").account(2).path("orig_capacity").asInt(), "the flag still wins, as documented");
    }

    @Test
    void everyRecordIsAppliedExactlyOnceDespiteFaults() throws Exception {
        sandbox.faults("error=0.1,drop=0.05,throttle=0.02,retry-after=0,latency=0-3");
        Run run = billctl.run("clients-accounts", "update", "--batch", jsonl(500).toString(), "--parallel", "8", "-o", "json").exits(0);
        List<JsonNode> lines = run.out().lines().map(BatchTest::parse).toList();
        assertEquals(501, lines.size(), "one line per record and a summary");
        JsonNode summary = lines.get(500).path("summary");
        assertEquals(500, summary.path("done").asInt());
        assertEquals(0, summary.path("failed").asInt());
        assertTrue(summary.path("retries").asInt() > 0, "faults were met and retried: " + summary);
        Map<String, Integer> applied = sandbox.server().applied();
        for (int id = 1; id <= 100; id++) {
            assertEquals(5, applied.get("/jerasoft/api/clients/accounts/" + id), "account " + id + " got its five records, each once");
        }
        // No terminal, no errors: nothing on stderr but pre-flight's note that the file names accounts more than once.
        assertEquals(List.of("warning: 100 accounts appear more than once in " + home.resolve("batch.jsonl")
                + "; their records are applied one at a time, in file order"), run.err().lines().toList());
    }

    /**
     * The summary's retry note says "applied twice" only of records whose retry followed a request that
     * got no answer: a 503 or a 429 was not applied, so its retry cannot repeat it.
     */
    @Test
    void theRetryNoteSaysTwiceOnlyAfterARequestThatGotNoAnswer() throws Exception {
        sandbox.faults("error=2x,status=503");
        Run refused = billctl.run("clients-accounts", "update", "--batch", jsonl(3).toString(), "--parallel", "1").exits(0);
        assertTrue(refused.err().contains("retried: 1 records, 2 extra attempts\n"), refused.err());
        assertFalse(refused.err().contains("twice"), refused.err());
        sandbox.reset();
        sandbox.faults("drop=1x");
        Run dropped = billctl.run("clients-accounts", "update", "--batch", jsonl(3).toString(), "--parallel", "1").exits(0);
        assertTrue(dropped.err().contains("retried: 1 records, 1 extra attempts; 1 of them after a request that got no answer, which may have been applied, "
                + "so they may have been applied twice, with the same values"), dropped.err());
        // The JSON summary counts them too.
        sandbox.reset();
        sandbox.faults("drop=1x");
        Run json = billctl.run("clients-accounts", "update", "--batch", jsonl(3).toString(), "--parallel", "1", "-o", "json").exits(0);
        JsonNode summary = parse(last(json.out())).path("summary");
        assertEquals(1, summary.path("retried_records").asInt(), summary.toString());
        assertEquals(1, summary.path("retried_after_no_answer").asInt(), summary.toString());
        sandbox.reset();
        sandbox.faults("error=2x,status=503");
        JsonNode refusedSummary = parse(last(billctl.run("clients-accounts", "update", "--batch", jsonl(3).toString(), "--parallel", "1", "-o", "json")
                .exits(0).out())).path("summary");
        assertEquals(0, refusedSummary.path("retried_after_no_answer").asInt(), refusedSummary.toString());
    }

    /**
     * --parallel N means N requests in flight, however few the records: workers take several records
     * at a time only while many are left (a review found 16 slow records sent 2 at a time). The first
     * record goes alone (credentials the server refuses cost one request); the rest then all at once.
     */
    @Test
    void aSmallBatchHasAllItsRecordsInFlightAtOnce() throws Exception {
        sandbox.faults("latency=700");
        billctl.run("clients-accounts", "update", "--batch", jsonl(7).toString(), "--parallel", "6").exits(0);
        assertEquals(6, sandbox.server().mostInFlight(), "seven records, six workers: the first alone, then the server held six at once");
        sandbox.reset();
        sandbox.faults("latency=200");
        billctl.run("clients-accounts", "update", "--batch", jsonl(40).toString(), "--parallel", "4").exits(0);
        assertEquals(4, sandbox.server().mostInFlight(), "never more than --parallel");
        assertEquals(40, jerasoftApplied());
    }

    @Test
    void oneBadRecordAtTheEndStopsTheRunBeforeAnythingIsSent() throws Exception {
        Path file = file("bad.jsonl", Files.readString(jsonl(50)) + "{\"id\":7,\"orig_capacity\":-3}\n");
        Run run = billctl.run("clients-accounts", "update", "--batch", file.toString()).exits(2).oneErrorLine();
        assertTrue(run.errorLine().contains("line 51 (id 7): \"orig_capacity\": must be between 0 and 2147483647, got -3"), run.err());
        assertTrue(sandbox.requests().isEmpty(), "nothing sent");
    }

    @Test
    void theFirstBadRecordInTheFileIsTheOneNamedWhateverCoreFoundIt() throws Exception {
        StringBuilder records = new StringBuilder();
        for (int i = 1; i <= 3000; i++) {
            int capacity = i == 700 || i == 2500 ? -1 : i;
            records.append("{\"id\":").append((i - 1) % 100 + 1).append(",\"orig_capacity\":").append(capacity).append("}\n");
        }
        Run run = billctl.run("clients-accounts", "update", "--batch", file("two-bad.jsonl", records.toString()).toString()).exits(2);
        // Every bad record is named, the first in the file first, whichever core found it; then how many there are.
        List<String> errors = run.err().lines().toList();
        assertEquals(3, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith("error: ") && errors.get(0).contains("line 700 (id 100)"), run.err());
        assertTrue(errors.get(1).contains("line 2500 (id 100)"), run.err());
        assertTrue(errors.get(2).endsWith("2 bad records in " + home.resolve("two-bad.jsonl") + "; nothing was sent"), run.err());
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void preflightNamesTheLineOfEveryKindOfBadRecord() throws Exception {
        String[][] cases = {
                {"{\"id\":1,\"name\":\"ok\"}\n{\"name\":\"no id\"}\n", "line 2: no id"},
                {"{\"id\":1,\"name\":\"ok\"}\n\n{\"id\":2,\"name\":\n", "line 3: not valid JSON"},
                {"[1,2]\n", "line 1: expected a JSON object of fields, got array"},
                {"{\"id\":\"x\",\"name\":\"a\"}\n", "line 1 (id x): account ID must be a positive integer"},
                {"{\"id\":1,\"nmae\":\"a\"}\n", "did you mean name?"},
                {"{\"id\":1}\n", "nothing to update"},
                {"", "holds no records"}};
        for (String[] c : cases) {
            Run run = billctl.run("clients-accounts", "update", "--batch", file("case.jsonl", c[0]).toString()).exits(2).oneErrorLine();
            assertTrue(run.errorLine().contains(c[1]), () -> "expected '" + c[1] + "' in: " + run.err());
        }
        billctl.run("clients-accounts", "update", "--batch", file("data.txt", "{}").toString()).exits(2).oneErrorLine();
        billctl.run("clients-accounts", "update", "7", "--batch", jsonl(2).toString()).exits(2).oneErrorLine();
        billctl.run("clients-accounts", "update", "7", "--name", "x", "--parallel", "4").exits(2).oneErrorLine();
        billctl.run("clients-accounts", "update", "--batch", jsonl(2).toString(), "--parallel", "0").exits(2).oneErrorLine();
        billctl.run("clients-accounts", "update", "--batch", jsonl(2).toString(), "--rate", "fast").exits(2).oneErrorLine();
        billctl.run("clients-accounts", "update", "--batch", jsonl(2).toString(), "--resume").exits(2).oneErrorLine();
        billctl.run("clients-accounts", "update", "--batch", "/nonexistent.jsonl").exits(2).oneErrorLine();
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void csvCellsAreTypedByTheCatalog() throws Exception {
        Path csv = file("accounts.csv", "id,name,orig_capacity,orig_enabled,orig_tags,tech_prefix,notes\n"
                + "1,\"Acme, Ltd\",12,true,\"vip,eu\",007,\n"
                + "2,,0,false,[],,null\n");
        billctl.run("clients-accounts", "update", "--batch", csv.toString(), "--parallel", "1").exits(0);
        List<EmulatorRequest> sent = sandbox.requests();
        assertEquals(Json.parse("{\"name\":\"Acme, Ltd\",\"orig_capacity\":12,\"orig_enabled\":true,\"orig_tags\":[\"vip\",\"eu\"],\"tech_prefix\":\"007\"}"),
                Json.parse(sent.get(0).bodyText()));
        assertEquals(Json.parse("{\"orig_capacity\":0,\"orig_enabled\":false,\"orig_tags\":[],\"notes\":null}"), Json.parse(sent.get(1).bodyText()));
        Run bad = billctl.run("clients-accounts", "update", "--batch", file("bad.csv", "id,orig_capacity\n1,12\n2,many\n").toString()).exits(2).oneErrorLine();
        assertTrue(bad.errorLine().contains("line 3: orig_capacity: expected an integer"), bad.err());
        billctl.run("clients-accounts", "update", "--batch", file("short.csv", "id,name\n1\n").toString()).exits(2).oneErrorLine();
        billctl.run("clients-accounts", "update", "--batch", file("dup.csv", "id,name,name\n1,a,b\n").toString()).exits(2).oneErrorLine();
    }

    @Test
    void commandLineFieldsApplyToEveryRecord() throws Exception {
        billctl.run("clients-accounts", "update", "--batch", file("ids.csv", "id\n3\n4\n").toString(), "--no-orig-enabled", "--set", "tech_prefix=9").exits(0);
        for (EmulatorRequest request : sandbox.requests()) {
            assertEquals(Json.parse("{\"orig_enabled\":false,\"tech_prefix\":\"9\"}"), Json.parse(request.bodyText()));
        }
        assertEquals(2, sandbox.requests().size());
    }

    @Test
    void stdinWorksWithDash() throws Exception {
        Run run = billctl.runWithStdin("{\"id\":1,\"name\":\"from stdin\"}\n{\"id\":2,\"name\":\"too\"}\n",
                "clients-accounts", "update", "--batch", "-", "-o", "json").exits(0);
        assertEquals(2, parse(last(run.out())).path("summary").path("done").asInt());
    }

    @Test
    void failuresAreJournaledAndResumeSendsOnlyWhatWasNotDone() throws Exception {
        Path journal = home.resolve("run.journal");
        Path input = jsonl(40);
        sandbox.faults("error=5x,status=422");
        Run first = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--no-before-images", "--parallel", "1").exits(1);
        assertEquals(5, first.err().lines().filter(l -> l.startsWith("error: ")).count(), first.err());
        List<JsonNode> entries = Files.readAllLines(journal).stream().map(BatchTest::parse).toList();
        assertEquals(82, entries.size(), "a header, a line for the run, and two entries per record: sent, then its outcome");
        assertEquals(2, entries.get(0).path("billctl_journal").asInt());
        assertEquals(40, entries.get(0).path("input").path("records").asInt());
        assertEquals(1, entries.get(1).path("run").asInt());
        assertEquals(40, entries.stream().filter(e -> "sent".equals(e.path("status").asText())).count());
        assertEquals(35, entries.stream().filter(e -> "done".equals(e.path("status").asText())).count());
        assertEquals(5, entries.stream().filter(e -> "failed".equals(e.path("status").asText())).count());
        assertEquals(1, entries.get(2).path("line").asInt());
        assertEquals("sent", entries.get(2).path("status").asText());
        sandbox.server().clearRequests();
        billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--no-before-images").exits(2).oneErrorLine();
        Run resumed = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--no-before-images", "--resume", "-o", "json").exits(0);
        JsonNode summary = parse(last(resumed.out())).path("summary");
        assertEquals(35, summary.path("skipped").asInt());
        assertEquals(5, summary.path("done").asInt());
        assertEquals(5, sandbox.requests().size(), "only the failed records went again");
        Run again = billctl.run("clients-accounts", "update", "--batch", input.toString(), "--journal", journal.toString(), "--no-before-images", "--resume", "-o", "json").exits(0);
        assertEquals(40, parse(last(again.out())).path("summary").path("skipped").asInt());
        billctl.run("clients-accounts", "update", "--batch", jsonl(41).toString(), "--journal", journal.toString(), "--no-before-images", "--resume").exits(2).oneErrorLine();
    }

    @Test
    void failFastStopsTakingRecords() throws Exception {
        sandbox.faults("error=1,status=422");
        Run run = billctl.run("clients-accounts", "update", "--batch", jsonl(200).toString(), "--fail-fast", "--parallel", "2", "-o", "json").exits(1);
        JsonNode summary = parse(last(run.out())).path("summary");
        assertTrue(summary.path("not_started").asInt() > 150, summary.toString());
        assertTrue(run.err().contains("records not sent; without --journal"), run.err());
    }

    @Test
    void refusedCredentialsStopTheRunWithExit3() throws Exception {
        billctl.env("K", "a-wrong-key").secret("a-wrong-key");
        Run run = billctl.run("clients-accounts", "update", "--batch", jsonl(100).toString(), "--parallel", "2").exits(3);
        assertTrue(sandbox.requests().size() < 100, "stopped early, not " + sandbox.requests().size() + " refusals");
    }

    @Test
    void dryRunValidatesAllAndShowsTheFirstRequests() throws Exception {
        Run run = billctl.run("clients-accounts", "update", "--batch", jsonl(10).toString(), "--dry-run").exits(0);
        assertEquals(3, run.out().lines().filter(l -> l.startsWith("PATCH ")).count(), run.out());
        // "(and 7 more)" read as 17: the count is every request, the shown ones among them.
        assertTrue(run.out().contains("10 requests validated, the first 3 shown; nothing was sent (--dry-run)"), run.out());
        assertFalse(run.out().contains("more)"), run.out());
        assertTrue(run.out().contains("X-Api-Key: ****"));
        assertTrue(sandbox.requests().isEmpty());
    }

    @Test
    void eachBackendRunsBatchesWithOneSharedLogin() throws Exception {
        Path enswitch = file("e.csv", "id,endhour,days_week\n" + IntStream.rangeClosed(1, 30).mapToObj(i -> i + ",6,\"1,2,3\"").collect(Collectors.joining("\n")) + "\n");
        billctl.run("-p", "pbx", "unlimited", "update", "--batch", enswitch.toString(), "--parallel", "6").exits(0);
        for (EmulatorRequest request : sandbox.requests()) assertFalse(request.target().contains("auth_password"));

        Path porta = file("p.jsonl", IntStream.rangeClosed(1, 40).mapToObj(i -> "{\"i_account\":" + i + ",\"credit_limit\":" + i + ".5}").collect(Collectors.joining("\n")));
        billctl.run("-p", "pb", "account", "update", "--batch", porta.toString(), "--parallel", "8").exits(0);
        assertEquals(1, sandbox.requests().stream().filter(r -> r.path().endsWith("/Session/login")).count(), "one login for 40 records");
        sandbox.emulator(PortabillingEmulator.class).expireSessions();
        billctl.run("-p", "pb", "account", "update", "--batch", porta.toString(), "--parallel", "8").exits(0);
        assertEquals(2, sandbox.requests().stream().filter(r -> r.path().endsWith("/Session/login")).count(), "an expired session renewed once, not once per worker");

        Path yeti = file("y.jsonl", IntStream.rangeClosed(1, 40).mapToObj(i -> "{\"id\":" + i + ",\"vat\":" + (i % 100) + "}").collect(Collectors.joining("\n")));
        Run yetiRun = billctl.run("-p", "yeti", "admin-accounts", "update", "--batch", yeti.toString(), "--parallel", "8", "-o", "json").exits(0);
        assertEquals(1, sandbox.requests().stream().filter(r -> r.path().endsWith("/admin/auth")).count());
        assertEquals(40, parse(last(yetiRun.out())).path("summary").path("done").asInt());
        Map<String, Integer> applied = sandbox.server().applied();
        assertEquals(30, applied.get("/enswitch/api/json/unlimited/update/"));
        assertEquals(80, applied.get("/portabilling/rest/Account/update_account"));
    }

    private static String last(String out) {
        List<String> lines = new ArrayList<>(out.lines().toList());
        return lines.get(lines.size() - 1);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.parse(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
