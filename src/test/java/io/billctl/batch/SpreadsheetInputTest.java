package io.billctl.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.SandboxProfiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: files as spreadsheets and editors write them, run as batches (and {@code -f} documents)
 * against the emulators: Excel's "CSV UTF-8" (a byte-order mark, {@code ;}, CRLF), its plain "CSV" in
 * Windows-1252, its "Unicode Text" (UTF-16, tabs); and every input that is not what billctl reads
 * refused with exit 2, one line naming where, nothing sent.
 */
class SpreadsheetInputTest extends AgainstSandbox {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Charset CP1252 = Charset.forName("windows-1252");

    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        billctl = SandboxProfiles.billctl(home, sandbox, "");
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws Exception {
        Path file = home.resolve(name);
        Files.write(file, content);
        return file;
    }

    private Run jerasoft(String... args) {
        List<String> all = new ArrayList<>(List.of("-p", "vcs", "clients-accounts", "update"));
        all.addAll(List.of(args));
        return billctl.run(all.toArray(String[]::new));
    }

    /** The account as the emulator now holds it, read back through billctl; the requests seen so far then forgotten. */
    private JsonNode account(String profile, String group, String id) {
        JsonNode account = billctl.run("-p", profile, group, "get", id, "-o", "json").exits(0).json().path("account");
        sandbox.server().clearRequests();
        return account;
    }

    private void refused(Run run, String expected) {
        assertRefusedBeforeSending(run, expected);
        assertFalse(run.err().contains("internal error"), run.err());
    }

    @Test
    void anExcelCsvUtf8FileWithSemicolonsRunsAsABatch() throws Exception {
        // What Excel's "CSV UTF-8" writes where the list separator is ';': a byte-order mark, ';', CRLF, a cell with a line break quoted.
        Path csv = file("accounts.csv", bytes(BOM, "id;name;notes;orig_capacity\r\n",
                "1;Café Müller;\"two lines\r\nof notes; and a semicolon\";12\r\n",
                "2;\"Smith, Jones & Co\";;\r\n",
                "3;Ærøskøbing ApS;Straße;7\r\n"));
        Run run = jerasoft("--batch", csv.toString(), "-o", "json").exits(0);
        assertEquals(3, Json.parse(run.out().lines().reduce((a, b) -> b).orElseThrow()).path("summary").path("done").asInt(), run.out());
        EmulatorRequest first = sandbox.requests().stream().filter(r -> r.method().equals("PATCH") && r.path().endsWith("/1")).findFirst().orElseThrow();
        assertTrue(first.bodyText().contains("\"name\":\"Café Müller\""), "é left as UTF-8 on the wire: " + first.bodyText());
        JsonNode one = account("vcs", "clients-accounts", "1");
        assertEquals("Café Müller", one.path("name").asText());
        assertEquals("two lines\r\nof notes; and a semicolon", one.path("notes").asText());
        assertEquals(12, one.path("orig_capacity").asInt());
        assertEquals("Smith, Jones & Co", account("vcs", "clients-accounts", "2").path("name").asText());
        assertEquals("Ærøskøbing ApS", account("vcs", "clients-accounts", "3").path("name").asText());
    }

    @Test
    void theByteOrderMarkIsNotPartOfTheFirstColumnsName() throws Exception {
        // PortaBilling's id column comes first, so a kept mark was "no i_account" on every line.
        Path csv = file("limits.csv", bytes(BOM, "i_account;credit_limit\r\n55;150.5\r\n7;20\r\n"));
        billctl.run("-p", "pb", "account", "update", "--batch", csv.toString()).exits(0);
        assertEquals(0, new java.math.BigDecimal("150.5").compareTo(account("pb", "account", "55").path("credit_limit").decimalValue()));
        // With --allow-unknown-fields too: the field sent is "name", not "\ufeffname".
        Path names = file("names.csv", bytes(BOM, "name,id\r\nBOM Corp,4\r\n"));
        jerasoft("--batch", names.toString(), "--allow-unknown-fields").exits(0);
        EmulatorRequest sent = sandbox.requests().stream().filter(r -> r.method().equals("PATCH")).reduce((a, b) -> b).orElseThrow();
        assertEquals(Json.parse("{\"name\":\"BOM Corp\"}"), Json.parse(sent.bodyText()));
    }

    @Test
    void aWindows1252FileRunsWithEncoding() throws Exception {
        // Excel's plain "CSV" in western Europe: Windows-1252, é as the one byte 0xE9, € as 0x80.
        byte[] content = "id,name\r\n1,Café Ørsted €\r\n2,Señor\r\n".getBytes(CP1252);
        Path csv = file("accounts.csv", content);
        refused(jerasoft("--batch", csv.toString()), "accounts.csv line 2, byte 15: not valid UTF-8 (try --encoding windows-1252)");
        assertEquals("error: " + csv + " line 2, byte 15: not valid UTF-8 (try --encoding windows-1252)", jerasoft("--batch", csv.toString()).errorLine());
        jerasoft("--batch", csv.toString(), "--encoding", "windows-1252").exits(0);
        assertEquals("Café Ørsted €", account("vcs", "clients-accounts", "1").path("name").asText());
        assertEquals("Señor", account("vcs", "clients-accounts", "2").path("name").asText());
        sandbox.reset();
        jerasoft("--batch", csv.toString(), "--encoding", "cp1252").exits(0);
        assertEquals("Café Ørsted €", account("vcs", "clients-accounts", "1").path("name").asText());
        // ISO-8859-1 (latin1) reads é alike; its 0x80 is a C1 control, never sent, with the likely cause said.
        Path latin = file("latin.csv", "id,name\n5,Café\n".getBytes(StandardCharsets.ISO_8859_1));
        sandbox.reset();
        jerasoft("--batch", latin.toString(), "--encoding", "latin1").exits(0);
        assertEquals("Café", account("vcs", "clients-accounts", "5").path("name").asText());
        sandbox.reset();
        refused(jerasoft("--batch", csv.toString(), "--encoding", "ISO-8859-1"), "U+0080 at character 13, which no field takes (a Windows-1252 file read");
        // The same bytes as a -f document.
        sandbox.reset();
        jerasoft("6", "-f", file("doc.json", "{\"name\":\"Zoë\"}".getBytes(CP1252)).toString(), "--encoding", "windows-1252").exits(0);
        assertEquals("Zoë", account("vcs", "clients-accounts", "6").path("name").asText());
        refused(jerasoft("--batch", csv.toString(), "--encoding", "klingon"), "--encoding: unknown encoding 'klingon'");
        refused(jerasoft("1", "--name", "x", "--encoding", "cp1252"), "--encoding goes with --batch or -f");
    }

    @Test
    void excelUnicodeTextIsUtf16WithTabs() throws Exception {
        byte[] utf16 = "id\tname\r\n8\tKøbenhavn\r\n".getBytes(StandardCharsets.UTF_16LE);
        Path txt = file("accounts.txt", bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, utf16));
        jerasoft("--batch", txt.toString()).exits(0);
        assertEquals("København", account("vcs", "clients-accounts", "8").path("name").asText());
    }

    @Test
    void aByteOrderMarkIsDroppedFromEveryInput() throws Exception {
        jerasoft("--batch", file("a.jsonl", bytes(BOM, "{\"id\":1,\"name\":\"From JSONL\"}\r\n")).toString()).exits(0);
        assertEquals("From JSONL", account("vcs", "clients-accounts", "1").path("name").asText());
        // stdin, its format found from the content behind the mark.
        billctl.runWithStdin(bytes(BOM, "{\"id\":2,\"name\":\"From stdin\"}\n"), "-p", "vcs", "clients-accounts", "update", "--batch", "-").exits(0);
        assertEquals("From stdin", account("vcs", "clients-accounts", "2").path("name").asText());
        billctl.runWithStdin(bytes(BOM, "id,name\r\n3,CSV on stdin\r\n"), "-p", "vcs", "clients-accounts", "update", "--batch", "-").exits(0);
        assertEquals("CSV on stdin", account("vcs", "clients-accounts", "3").path("name").asText());
        jerasoft("4", "-f", file("doc.json", bytes(BOM, "{\"name\":\"From -f\"}\r\n")).toString()).exits(0);
        assertEquals("From -f", account("vcs", "clients-accounts", "4").path("name").asText());
        billctl.runWithStdin(bytes(BOM, "{\"name\":\"From -f -\"}"), "-p", "vcs", "clients-accounts", "update", "5", "-f", "-").exits(0);
        assertEquals("From -f -", account("vcs", "clients-accounts", "5").path("name").asText());
        // A FIFO (what <(...) is), named without an extension: read once, as it comes.
        Path fifo = home.resolve("records");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "no mkfifo here");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Files.write(fifo, bytes(BOM, "id;name\r\n6;Through a FIFO\r\n"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        jerasoft("--batch", fifo.toString()).exits(0);
        writer.get(30, TimeUnit.SECONDS);
        assertEquals("Through a FIFO", account("vcs", "clients-accounts", "6").path("name").asText());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedByLineAndByte() throws Exception {
        refused(jerasoft("--batch", file("bad.csv", bytes("id,name\n1,ok\n2,Caf", new byte[] {(byte) 0xE9}, "\n")).toString()),
                "bad.csv line 3, byte 19: not valid UTF-8 (try --encoding windows-1252)");
        // Invalid UTF-8 on -f - is refused the same way, never sent as U+FFFD.
        byte[] doc = bytes("{\"name\":\"Caf", new byte[] {(byte) 0xE9}, "\"}");
        refused(billctl.runWithStdin(doc, "-p", "vcs", "clients-accounts", "update", "1", "-f", "-"),
                "stdin line 1, byte 13: not valid UTF-8 (try --encoding windows-1252)");
        refused(billctl.runWithStdin(bytes("{\"id\":1,\"name\":\"Caf", new byte[] {(byte) 0xE9}, "\"}\n"), "-p", "vcs", "clients-accounts", "update",
                "--batch", "-"), "stdin line 1, byte 20: not valid UTF-8");
        // A character cut short at the end of the input.
        refused(jerasoft("--batch", file("cut.jsonl", bytes("{\"id\":1,\"name\":\"x\"}\n", new byte[] {(byte) 0xC3})).toString()),
                "cut.jsonl line 2, byte 21: not valid UTF-8");
        // Far into the file, past every buffer: the line and the byte still exact.
        StringBuilder good = new StringBuilder();
        for (int i = 1; i <= 5000; i++) good.append("{\"id\":").append(i % 100 + 1).append(",\"name\":\"Ñame ").append(i).append("\"}\r\n");
        byte[] head = good.toString().getBytes(StandardCharsets.UTF_8);
        byte[] content = bytes(head, "{\"id\":1,\"name\":\"", new byte[] {(byte) 0xFF}, "\"}\r\n");
        refused(jerasoft("--batch", file("long.jsonl", content).toString()), "long.jsonl line 5001, byte " + (head.length + 17) + ": not valid UTF-8");
        // A password file is read by the same rules.
        refused(jerasoft("1", "--password", "@" + file("pw.txt", new byte[] {'a', (byte) 0xE9, '1', '\n'})), "--password @");
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKeyAndTheLine() throws Exception {
        refused(jerasoft("--batch", file("dup.jsonl", bytes("{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"a\",\"notes\":\"n\",\"name\":\"b\"}\n")).toString()),
                "dup.jsonl line 2: the key \"name\" appears twice in one object");
        refused(jerasoft("1", "-f", file("dup.json", bytes("{\n  \"name\": \"a\",\n  \"notes\": \"n\",\n  \"name\": \"b\"\n}\n")).toString()),
                "dup.json: the key \"name\" appears twice in one object at line 4");
        refused(billctl.run("-p", "pb", "account", "update", "55", "--set", "assigned_addons=[{\"i_product\":1,\"i_product\":2}]"),
                "the key \"i_product\" appears twice");
    }

    /** A quote never closed was reported at the line past the end of the file, where the reader gave up. */
    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() throws Exception {
        refused(jerasoft("--batch", file("q.csv", bytes("id,name\n1,\"broken\n2,ok\n3,fine\n")).toString()),
                "q.csv line 2: not valid CSV: a quoted cell that begins in this row is never closed");
    }

    /**
     * Half of a UTF-16 pair ("\ud800" in JSON, from -f, a batch or --set) went out as "?": the UTF-8
     * encoder's replacement. Refused, as U+FFFD is; a whole pair (an emoji) goes out.
     */
    @Test
    void aLoneSurrogateIsRefusedAndAPairGoesOut() throws Exception {
        refused(jerasoft("1", "-f", file("s.json", bytes("{\"name\":\"\\ud800\"}")).toString()),
                "s.json: holds a lone surrogate U+D800 (half of a UTF-16 pair, not a character) at character 1, which UTF-8 cannot carry");
        refused(jerasoft("--batch", file("s.jsonl", bytes("{\"id\":1,\"name\":\"a\\udc00b\"}\n")).toString()), "lone surrogate U+DC00");
        refused(jerasoft("1", "--set", "name=\"\\ud800x\""), "lone surrogate U+D800");
        refused(jerasoft("1", "--notes", "free \ud83d text"), "lone surrogate U+D83D");
        refused(jerasoft("1", "--set", "x_custom=\"\\udfff\"", "--allow-unknown-fields"), "lone surrogate U+DFFF");
        jerasoft("1", "--name", "Acme \ud83d\ude00").exits(0);
        assertEquals("Acme \ud83d\ude00", account("vcs", "clients-accounts", "1").path("name").asText());
    }

    @Test
    void controlCharactersAreRefusedWhereTheFieldTakesNone() throws Exception {
        // NUL, SOH, ESC, DEL and 8-bit CSI in a name, from every input.
        for (String bad : List.of("\u0000", "\u0001", "\u001b[31m", "\u007f", "\u009b31m")) {
            String escaped = Json.write(Json.NODES.textNode("Acme" + bad));
            refused(jerasoft("--batch", file("c.jsonl", bytes("{\"id\":1,\"name\":" + escaped + "}\n")).toString()),
                    "c.jsonl line 1 (id 1): \"name\": holds the control character");
            refused(jerasoft("1", "--name", "Acme" + bad), "--name: holds the control character");
            refused(jerasoft("1", "-f", file("c.json", bytes("{\"name\":" + escaped + "}")).toString()), "holds the control character");
            refused(jerasoft("1", "--set", "name=Acme" + bad), "holds the control character");
        }
        refused(jerasoft("--batch", file("c.csv", bytes("id,name\n1,Ac\u0001me\n")).toString()),
                "c.csv line 2 (id 1): \"name\": holds the control character SOH (U+0001) at character 3, which no field takes");
        refused(jerasoft("--batch", file("e.csv", bytes("id,name\n1,\u001b]0;pwned\u0007\n")).toString()), "ESC (U+001B) at character 1");
        // Line breaks and tabs: one-line fields refuse them, free text (notes) keeps them.
        refused(jerasoft("1", "--name", "two\nlines"), "--name: holds a line break (LF, U+000A) at character 4: name is one line of text");
        refused(jerasoft("1", "--tech-prefix", "77\t7"), "holds a tab (U+0009) at character 3: tech_prefix is one line of text");
        refused(jerasoft("1", "--orig-tags", "vip,e\nu"), "orig_tags[1]");
        refused(jerasoft("1", "--notes", "a lone\rCR"), "holds a carriage return (CR, U+000D) at character 7 with no line feed after it");
        refused(jerasoft("1", "--notes", "bell\u0007"), "BEL (U+0007)");
        jerasoft("1", "--notes", "line one\nline two\r\n\tindented").exits(0);
        assertEquals("line one\nline two\r\n\tindented", account("vcs", "clients-accounts", "1").path("notes").asText());
        // Fields the catalog does not know, and their names.
        sandbox.reset();
        refused(jerasoft("1", "--set", "x_custom=a\u001bb", "--allow-unknown-fields"), "x_custom: holds the control character ESC");
        refused(jerasoft("--batch", file("k.jsonl", bytes("{\"id\":1,\"na\\u001bme\":\"x\"}\n")).toString(), "--allow-unknown-fields"),
                "the name holds the control character ESC (U+001B)");
        // Members of PortaBilling's objects, each by its own rule: a SIM card's notepad is free text, its HLR one line.
        refused(billctl.run("-p", "pb", "account", "update", "55", "--set", "sim_card_info={\"hlr\":\"a\\nb\"}"),
                "sim_card_info.hlr (--set sim_card_info): holds a line break (LF, U+000A) at character 2: hlr is one line of text");
        refused(billctl.run("-p", "pb", "account", "update", "55", "--set", "sim_card_info={\"notepad\":\"a\\u001bb\"}"),
                "sim_card_info.notepad (--set sim_card_info): holds the control character ESC");
        // What a decoder left where it could not read (arguments under LANG=C) is not sent either.
        refused(jerasoft("1", "--name", "Caf\uFFFD"), "the replacement character U+FFFD at character 4");
    }

    @Test
    void everyBadInputFileIsExit2NeverAnInternalError() throws Exception {
        refused(jerasoft("--batch", home.toString()), "--batch " + home + " is a directory");
        refused(jerasoft("1", "-f", home.toString()), "-f " + home + " is a directory");
        refused(jerasoft("--batch", home.resolve("missing.csv").toString()), "no such file");
        Path dangling = home.resolve("dangling.csv");
        Files.createSymbolicLink(dangling, home.resolve("nowhere"));
        refused(jerasoft("--batch", dangling.toString()), "no such file");
        // A file that cannot be read, even by root: /proc/self/mem at offset 0 answers EIO.
        if (Files.isReadable(Path.of("/proc/self/mem"))) {
            refused(jerasoft("--batch", "/proc/self/mem", "--batch-format", "csv"), "Input/output error");
            refused(jerasoft("1", "-f", "/proc/self/mem"), "Input/output error");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            Path locked = file("locked.csv", bytes("id,name\n1,x\n"));
            Files.setPosixFilePermissions(locked, java.util.Set.of());
            refused(jerasoft("--batch", locked.toString()), "Permission denied");
        }
        // A FIFO whose writer closes it without a byte.
        Path fifo = home.resolve("empty.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    Files.write(fifo, new byte[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            refused(jerasoft("--batch", fifo.toString()), "is empty");
            writer.get(30, TimeUnit.SECONDS);
        }
        refused(jerasoft("--batch", file("empty.csv", new byte[0]).toString()), "empty.csv is empty: a CSV batch starts with a header row");
        refused(jerasoft("--batch", file("empty.jsonl", new byte[0]).toString()), "holds no records");
        refused(jerasoft("--batch", file("bom.csv", BOM).toString()), "bom.csv holds nothing but a byte-order mark");
        refused(jerasoft("1", "-f", file("empty.json", new byte[0]).toString()), "empty.json is empty: -f takes a JSON object of fields");
        refused(jerasoft("1", "-f", file("bom.json", bytes(BOM, "  \r\n")).toString()), "bom.json is empty");
        refused(jerasoft("--batch", file("header.csv", bytes(";;\r\n")).toString()), "the header names no column");
        // Binary garbage: a picture, a workbook, a compressed file, UTF-16 without its mark, random bytes.
        refused(jerasoft("--batch", file("photo.csv", bytes(new byte[] {(byte) 0x89}, "PNG\r\n\u001a\n")).toString()),
                "photo.csv line 1, byte 1: not valid UTF-8");
        refused(jerasoft("--batch", file("accounts.xlsx", bytes("PK", new byte[] {3, 4, 20, 0, 6, 0})).toString()), "an Excel workbook (.xlsx)?");
        refused(jerasoft("--batch", file("old.xls", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0}).toString()), "an Excel .xls workbook?");
        refused(jerasoft("--batch", file("a.csv.gz", new byte[] {0x1F, (byte) 0x8B, 8, 0}).toString()), "is gzip-compressed");
        refused(jerasoft("--batch", file("u16.csv", "id,name\n".getBytes(StandardCharsets.UTF_16LE)).toString()),
                "u16.csv line 1, byte 2: a NUL byte, which no text holds");
        byte[] noise = new byte[20_000];
        new Random(21).nextBytes(noise);
        refused(jerasoft("--batch", file("noise", noise).toString()), "noise line ");
        refused(jerasoft("1", "-f", file("noise.json", noise).toString()), "noise.json line ");
        refused(jerasoft("--batch", file("noise.jsonl", noise).toString()), "noise.jsonl line ");
    }

    @Test
    void aFileWithoutLineBreaksIsRefusedBeforeItFillsTheMemory() throws Exception {
        byte[] line = new byte[5 << 20];
        java.util.Arrays.fill(line, (byte) 'a');
        refused(jerasoft("--batch", file("one.jsonl", bytes("{\"id\":1,\"name\":\"ok\"}\n", line)).toString()),
                "one.jsonl line 2: longer than 4 MiB: not a record of fields");
        refused(jerasoft("--batch", file("one.csv", bytes("id,name\r\n1,", line, "\r\n")).toString()),
                "one.csv line 2: a cell longer than 4 MiB: not a record of fields");
        refused(jerasoft("--batch", file("head.csv", line).toString()), "head.csv line 1: a cell longer than 4 MiB: not a header of field names");
    }

    @Test
    void mixedLineEndingsJustWork() throws Exception {
        jerasoft("--batch", file("mixed.csv", bytes("id;name\r\n1;CRLF\n2;LF\r3;CR\r\n4;CRLF again")).toString()).exits(0);
        assertEquals("CR", account("vcs", "clients-accounts", "3").path("name").asText());
        assertEquals("CRLF again", account("vcs", "clients-accounts", "4").path("name").asText());
        jerasoft("--batch", file("mixed.jsonl", bytes("{\"id\":5,\"name\":\"a\"}\r\n{\"id\":6,\"name\":\"b\"}\r{\"id\":7,\"name\":\"c\"}\n")).toString()).exits(0);
        assertEquals("c", account("vcs", "clients-accounts", "7").path("name").asText());
        // Lines counted alike whichever ends them: the record on the fifth line is line 5.
        refused(jerasoft("--batch", file("bad.csv", bytes("id,orig_capacity\r\n1,2\n2,3\r3,4\r\n4,many\r\n")).toString()),
                "bad.csv line 5: orig_capacity: expected an integer");
    }

    @Test
    void theDelimiterIsFoundFromTheHeaderOrGiven() throws Exception {
        jerasoft("--batch", file("tabs.tsv", bytes("id\tname\r\n1\tTab, Separated; Ltd\r\n")).toString()).exits(0);
        assertEquals("Tab, Separated; Ltd", account("vcs", "clients-accounts", "1").path("name").asText());
        // A quoted header cell's delimiters do not count; the data's commas are text in a ';' file.
        jerasoft("--batch", file("q.csv", bytes("\"id\";\"name\"\r\n2;Smith, Jones, Brown\r\n")).toString()).exits(0);
        assertEquals("Smith, Jones, Brown", account("vcs", "clients-accounts", "2").path("name").asText());
        // Excel's own "sep=" line says it, and the lines after it are counted from the file's first.
        jerasoft("--batch", file("sep.csv", bytes("sep=;\r\nid;name\r\n3;Sep, Line\r\n")).toString()).exits(0);
        assertEquals("Sep, Line", account("vcs", "clients-accounts", "3").path("name").asText());
        refused(jerasoft("--batch", file("sep-bad.csv", bytes("sep=;\r\nid;orig_capacity\r\n3;x\r\n")).toString()), "sep-bad.csv line 3: orig_capacity");
        // Two kinds in the header: refused, not guessed; --csv-delimiter decides.
        Path odd = file("odd.csv", bytes("id|name,x;y\r\n4|Piped\r\n"));
        refused(jerasoft("--batch", odd.toString()), "cannot tell how " + odd + "'s columns are separated: its header holds 1 ',', 1 ';' and 0 tabs; give --csv-delimiter");
        refused(jerasoft("--batch", file("p.csv", bytes("id|name\r\n4|Piped|x\r\n")).toString(), "--csv-delimiter", "|"), "has 3 cells, the header 2");
        jerasoft("--batch", file("p.csv", bytes("id|name\r\n4|Piped\r\n")).toString(), "--csv-delimiter", "|").exits(0);
        assertEquals("Piped", account("vcs", "clients-accounts", "4").path("name").asText());
        for (String tab : List.of("tab", "\\t", "\t")) {
            sandbox.reset();
            jerasoft("--batch", file("t.csv", bytes("id\tname\n5\tA, B\n")).toString(), "--csv-delimiter", tab).exits(0);
            assertEquals("A, B", account("vcs", "clients-accounts", "5").path("name").asText());
        }
        refused(jerasoft("--batch", file("t.csv", bytes("id,name\n5,x\n")).toString(), "--csv-delimiter", "ab"), "--csv-delimiter takes one character");
        refused(jerasoft("--batch", file("j.jsonl", bytes("{\"id\":1,\"name\":\"x\"}\n")).toString(), "--csv-delimiter", ";"),
                "--csv-delimiter is for CSV input");
        refused(jerasoft("1", "--name", "x", "--csv-delimiter", ";"), "--csv-delimiter goes with --batch");
        // A row separated otherwise than the header says so.
        refused(jerasoft("--batch", file("w.csv", bytes("id;name\r\n6,Wrong\r\n")).toString()), "has 1 cells, the header 2 (columns are read as separated by ';'");
        // Columns a spreadsheet left without a name, and rows it left with every cell empty, are nothing.
        jerasoft("--batch", file("ghost.csv", bytes("id;name;;\r\n7;Ghost;;\r\n;;;\r\n")).toString()).exits(0);
        assertEquals("Ghost", account("vcs", "clients-accounts", "7").path("name").asText());
        refused(jerasoft("--batch", file("ghost2.csv", bytes("id;name;\r\n7;Ghost;oops\r\n")).toString()),
                "ghost2.csv line 2: column 3 holds \"oops\", and the header names no field for it");
    }

    @Test
    void theJournalFingerprintsTheBytesAsGivenAndResumeKnowsTheFile() throws Exception {
        byte[] content = bytes(BOM, "id;name\r\n1;Résumé\r\n2;Naïve\r\n");
        Path csv = file("accounts.csv", content);
        Path journal = home.resolve("run.journal");
        jerasoft("--batch", csv.toString(), "--journal", journal.toString()).exits(0);
        JsonNode input = Json.parse(Files.readAllLines(journal).get(0)).path("input");
        assertEquals(content.length, input.path("size").asLong());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), input.path("sha256").asText());
        assertEquals("csv", input.path("format").asText());
        sandbox.server().clearRequests();
        Run resumed = jerasoft("--batch", csv.toString(), "--journal", journal.toString(), "--resume", "-o", "json").exits(0);
        assertEquals(2, Json.parse(resumed.out().lines().reduce((a, b) -> b).orElseThrow()).path("summary").path("skipped").asInt());
        assertTrue(sandbox.requests().isEmpty());
        // The same records without the mark are other bytes: another input.
        Path bare = file("bare.csv", bytes("id;name\r\n1;Résumé\r\n2;Naïve\r\n"));
        refused(jerasoft("--batch", bare.toString(), "--journal", journal.toString(), "--resume"), "was written for another input");
    }

    @Test
    void failedRecordsGoOutAsTheSpreadsheetWroteThem() throws Exception {
        Path csv = file("accounts.csv", bytes(BOM, "id;name;orig_tags\r\n1;Fail, Ltd;vip,eu\r\n2;Fine;\r\n"));
        Path failed = home.resolve("failed.csv");
        sandbox.faults("error=1x,status=422");
        jerasoft("--batch", csv.toString(), "--failed-out", failed.toString(), "--parallel", "1").exits(1);
        byte[] written = Files.readAllBytes(failed);
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(written[0], written[1], written[2]), "a mark, so that Excel reads UTF-8");
        List<String> lines = new String(written, StandardCharsets.UTF_8).substring(1).lines().toList();
        assertEquals("id;name;orig_tags;billctl_error", lines.get(0));
        assertTrue(lines.get(1).startsWith("1;Fail, Ltd;vip,eu;"), lines.get(1));
        sandbox.reset();
        jerasoft("--batch", failed.toString()).exits(0);
        assertEquals("Fail, Ltd", account("vcs", "clients-accounts", "1").path("name").asText());
    }

    @Test
    void undoPutsBackWhatAnAccountHeldControlCharactersAndAll() throws Exception {
        // Another tool (a web form a cell was pasted into) left a tab in the name; billctl would not send one.
        java.net.http.HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(sandbox.url("/jerasoft/api") + "/clients/accounts/9"))
                .header("X-Api-Key", io.billctl.sandbox.JerasoftEmulator.API_KEY).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Pasted\\t\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        Path journal = home.resolve("run.journal");
        jerasoft("--batch", file("fix.csv", bytes("id;name\r\n9;Fixed\r\n")).toString(), "--journal", journal.toString()).exits(0);
        assertEquals("Fixed", account("vcs", "clients-accounts", "9").path("name").asText());
        billctl.run("undo", journal.toString()).exits(0);
        assertEquals("Pasted\t", account("vcs", "clients-accounts", "9").path("name").asText(), "put back as it was");
    }
}
