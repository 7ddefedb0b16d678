package io.billctl.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.SandboxProfiles;
import io.billctl.testing.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Absurd numbers are refused before they cost anything (exit 2, nothing sent), in every way a number
 * reaches billctl: a flag, --set, a -f document, a batch record (JSON or CSV), an unknown field.
 * The bound on memory is IT's (a run under -Xmx64m); here, that refusing takes no time to speak of.
 */
class NumberBoundsTest extends AgainstSandbox {
    /** Far above what a refusal takes (milliseconds), far below what these numbers cost unbounded (51 s). */
    private static final Duration QUICK = Duration.ofSeconds(5);
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "");
    }

    private Path file(String name, String content) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    static List<Object[]> absurd() {
        return List.of(
                new Object[] {List.of("-p", "yeti", "admin-accounts", "update", "1", "--vat", "1e2000000000"), "1e2000000000 is too large or too small"},
                new Object[] {List.of("-p", "pbx", "unlimited", "update", "1", "--minimum-percentage", "1e100000000"), "1e100000000 is too large or too small"},
                new Object[] {List.of("-p", "pb", "account", "update", "1", "--credit-limit", "-1e999999"), "-1e999999 is too large or too small"},
                new Object[] {List.of("-p", "pb", "account", "update", "1", "--credit-limit", "1e-2000000000"), "is too large or too small"},
                new Object[] {List.of("-p", "pb", "account", "update", "1", "--credit-limit", "0." + "0".repeat(300) + "1"), "is too large or too small"},
                new Object[] {List.of("-p", "pb", "account", "update", "1", "--credit-limit", "12345678901234567890123456789012345678901"),
                        "has 41 significant digits; billctl takes numbers of at most 40 significant digits"},
                new Object[] {List.of("-p", "pb", "account", "update", "1", "--credit-limit", "0".repeat(1000) + "1"), "a number written in 1001 characters"},
                new Object[] {List.of("-p", "yeti", "admin-accounts", "update", "1", "--set", "vat=1e2000000000"), "vat: 1e2000000000 is too large"},
                new Object[] {List.of("-p", "yeti", "admin-accounts", "update", "1", "--external-id", "9e999"), "9e999 is too large"},
                new Object[] {List.of("-p", "pb", "account", "update", "1", "--allow-unknown-fields", "--set", "colour=1e999999"),
                        "colour: 1E+999999 is too large or too small"},
                new Object[] {List.of("-p", "pb", "account", "update", "1", "--allow-unknown-fields", "--set", "colour={\"shades\":[1,2,1e999999]}"),
                        "colour: 1E+999999 is too large or too small"});
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("absurd")
    void absurdNumbersAreRefusedAtOnce(List<String> args, String expected) {
        long started = System.nanoTime();
        Run run = billctl.run(args.toArray(String[]::new));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(QUICK) < 0);
        assertRefusedBeforeSending(run, expected);
    }

    @Test
    void aFileAndBatchRecordsAreBoundedToo() throws Exception {
        Path document = file("vat.json", "{\"vat\":1e2000000000}");
        assertRefusedBeforeSending(billctl.run("-p", "yeti", "admin-accounts", "update", "1", "-f", document.toString()), "1E+2000000000 is too large");
        // Decimals as the vendor writes them, in strings: the same bound, read off the text.
        Path asText = file("vat-text.json", "{\"vat\":\"1e2000000000\"}");
        assertRefusedBeforeSending(billctl.run("-p", "yeti", "admin-accounts", "update", "1", "-f", asText.toString()), "1e2000000000 is too large");
        Path jsonl = file("batch.jsonl", "{\"id\":1,\"vat\":20}\n{\"id\":2,\"vat\":1e2000000000}\n");
        assertRefusedBeforeSending(billctl.run("-p", "yeti", "admin-accounts", "update", "--batch", jsonl.toString()), "1E+2000000000 is too large");
        Path csv = file("batch.csv", "i_account,credit_limit\n1,10\n2,-1e999999\n");
        assertRefusedBeforeSending(billctl.run("-p", "pb", "account", "update", "--batch", csv.toString()), "-1e999999 is too large");
    }

    @Test
    void fortyDigitsAndTheEdgesOfTheExponentPassAndAreSentAsWritten() throws Exception {
        billctl.run("-p", "pb", "account", "update", "1", "--credit-limit", "1234567890123456789012345678901234567.890").exits(0);
        assertEquals("1234567890123456789012345678901234567.890",
                Json.parse(sandbox.requests().get(sandbox.requests().size() - 1).bodyText()).at("/params/account_info/credit_limit").decimalValue().toPlainString());
        billctl.run("-p", "pb", "account", "update", "1", "--credit-limit", "1e300", "--dry-run").exits(0);
        billctl.run("-p", "pb", "account", "update", "1", "--credit-limit", "-1e-300", "--dry-run").exits(0);
        billctl.run("-p", "pb", "account", "update", "1", "--credit-limit", "0e300", "--dry-run").exits(0);
    }

    @Test
    void theCatalogsRangeIsCheckedOnTheParsedValue() {
        assertRefusedBeforeSending(billctl.run("-p", "yeti", "admin-accounts", "update", "1", "--vat", "1e3"), "vat: must be between 0 and 100, got 1000");
        assertRefusedBeforeSending(billctl.run("-p", "yeti", "admin-accounts", "update", "1", "--vat", "100.0000000001"),
                "vat: must be between 0 and 100, got 100.0000000001");
    }

    @Test
    void theTextRule() {
        assertNull(Numbers.textProblem("1234567890123456789012345678901234567890"));
        assertNull(Numbers.textProblem("-0.000123e-290"));
        assertNull(Numbers.textProblem("9.99e300"));
        assertTrue(Numbers.textProblem("10e300").contains("too large or too small"));
        assertTrue(Numbers.textProblem("0.1e-300").contains("too large or too small"));
        assertNull(Numbers.textProblem("100000000000000000000000000000000000000000000000"), "trailing zeros are not significant");
        assertNull(Numbers.textProblem("abc"), "not a number: the parser says so");
        assertNull(Numbers.textProblem("1e"), "not a number: the parser says so");
        assertTrue(Numbers.textProblem("1e99999999999999999999999999999").contains("too large"), "an exponent too long for a long");
    }
}
