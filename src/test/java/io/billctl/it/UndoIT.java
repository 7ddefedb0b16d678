package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.testing.Run;
import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's "done means", as a new user would try it: bin/billctl on -p sandbox, a 5,000-record
 * batch with a wrong credit limit applied with --journal, its undo planned and then run, someone
 * else's change in between left alone, --expect and --diff on single updates.
 */
class UndoIT {
    private static final int RECORDS = 5_000;
    @TempDir Path home;

    private Run billctl(String... args) {
        return Subprocess.billctl(home, Map.of(), "", args);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.parse(line);
        } catch (Exception e) {
            throw new IllegalArgumentException(line, e);
        }
    }

    private static JsonNode summary(Run run) {
        return parse(run.out().lines().reduce((a, b) -> b).orElseThrow()).path("summary");
    }

    @Test
    void aWrongCreditLimitOnFiveThousandAccountsIsUndoneExactly() throws Exception {
        Path before = home.resolve("before.jsonl");
        Files.writeString(before, billctl("-p", "sandbox", "account", "list", "--limit", Integer.toString(RECORDS), "--page-size", "1000", "-o", "jsonl")
                .exits(0).out());
        assertEquals(RECORDS, Files.readAllLines(before).size());
        Path wrong = home.resolve("wrong.csv");
        Files.writeString(wrong, "i_account,credit_limit\n" + IntStream.rangeClosed(1, RECORDS).mapToObj(i -> i + ",100000")
                .collect(Collectors.joining("\n")) + "\n");
        Path journal = home.resolve("run.journal");
        Run batch = billctl("-p", "sandbox", "account", "update", "--batch", wrong.toString(), "--journal", journal.toString(), "-o", "json").exits(0);
        assertEquals(RECORDS, summary(batch).path("done").asInt());

        Run plan = billctl("undo", journal.toString(), "--dry-run", "--diff").exits(0);
        List<String> reversals = plan.out().lines().toList();
        assertEquals(RECORDS, reversals.size(), plan.err());
        // Every fifth sandbox account is a debit account, whose credit limit is null (but 55, the vendor example's).
        assertTrue(reversals.stream().allMatch(l -> l.matches("i_account \\d+: credit_limit: 100000 \u2192 (100|null)")), reversals.get(0));
        assertEquals(RECORDS / 5 - 1, reversals.stream().filter(l -> l.endsWith("null")).count());
        assertTrue(plan.err().contains(RECORDS + " of " + RECORDS + " records would change their account"), plan.err());
        assertEquals(100000, parse(billctl("-p", "sandbox", "account", "get", "2500", "-o", "json").exits(0).out()).at("/account/credit_limit").asInt(),
                "the plan wrote nothing");

        billctl("-p", "sandbox", "account", "update", "2500", "--credit-limit", "4242").exits(0); // someone else, in between
        Run undo = billctl("undo", journal.toString(), "--journal", home.resolve("undo.journal").toString()).exits(1);
        assertTrue(undo.err().contains("(i_account 2500): changed since: credit_limit is 4242, expected 100000"), undo.err());
        assertTrue(undo.out().lines().anyMatch(l -> l.matches("5000\\s+4999\\s+0\\s+1\\s+.*")), "RECORDS DONE UNCHANGED FAILED: " + undo.out());

        List<String> was = Files.readAllLines(before);
        List<String> now = billctl("-p", "sandbox", "account", "list", "--limit", Integer.toString(RECORDS), "--page-size", "1000", "-o", "jsonl")
                .exits(0).out().lines().toList();
        assertEquals(was.size(), now.size());
        int differ = 0;
        for (int i = 0; i < was.size(); i++) {
            if (was.get(i).equals(now.get(i))) continue;
            differ++;
            assertEquals(2500, parse(now.get(i)).path("i_account").asInt(), "only the account someone else changed differs: " + now.get(i));
            assertEquals(4242, parse(now.get(i)).path("credit_limit").asInt());
        }
        assertEquals(1, differ);
    }

    @Test
    void expectRefusesAnAccountAtAnotherValueAndDiffShowsOnlyWhatChanges() {
        billctl("-p", "sandbox", "account", "update", "40", "--credit-limit", "200").exits(0);
        Run refused = billctl("-p", "sandbox", "account", "update", "40", "--expect", "credit_limit=100", "--credit-limit", "300").exits(1);
        assertEquals("error: changed since: credit_limit is 200, expected 100", refused.err().strip());
        assertEquals("", refused.out());
        Run diff = billctl("-p", "sandbox", "account", "update", "40", "--diff", "--credit-limit", "300", "--firstname", "Account", "--country", "US")
                .exits(0);
        List<String> rows = diff.out().lines().toList();
        assertEquals(2, rows.size(), diff.out());
        assertTrue(rows.get(1).matches("credit_limit\\s+200\\s+\u2192\\s+300"), diff.out());
    }
}
