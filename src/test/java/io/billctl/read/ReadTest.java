package io.billctl.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmulatorRequest;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.testing.AgainstSandbox;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.SandboxProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: get and list on all four backends, and output that goes back in through update. */
class ReadTest extends AgainstSandbox {
    @TempDir Path home;
    Billctl billctl;

    @BeforeEach
    void profiles() {
        // The SIP passwords get_account_info returns in clear: never shown unless asked for.
        billctl = SandboxProfiles.billctl(home, sandbox, "").secret("sip55secret").secret("h323" + 55 + "secret");
    }

    private JsonNode state() {
        return sandbox.server().snapshot().path("emulators");
    }

    @ParameterizedTest
    @CsvSource({"vcs,clients-accounts,7,id,name,Account 7", "pbx,unlimited,7,id,name,Unlimited 7", "pb,account,55,i_account,login,account55",
            "yeti,admin-accounts,24,id,name,Account 24"})
    void getShowsTheAccountInTheUpdatesOwnNamesAndGoesBackUnchanged(String profile, String group, String id, String idName, String field,
                                                                    String value) throws Exception {
        Run table = billctl.run("-p", profile, group, "get", id).exits(0);
        assertTrue(table.out().startsWith("FIELD"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith(field + " ") && l.endsWith(value)), table.out());
        Run json = billctl.run("-p", profile, group, "get", id, "-o", "json").exits(0);
        JsonNode account = json.json().path("account");
        assertEquals(id, json.json().path("id").asText());
        assertEquals(Long.parseLong(id), account.path(idName).asLong());
        assertEquals(value, account.path(field).asText());
        String backend = json.json().path("backend").asText();
        JsonNode before = sandbox.server().emulator(backend).account(Long.parseLong(id)).deepCopy();
        sandbox.server().clearRequests();
        // The round trip: what get prints, update -f takes back, and nothing changes.
        billctl.runWithStdin(json.out(), "-p", profile, group, "update", id, "-f", "-").exits(0);
        JsonNode after = sandbox.server().emulator(backend).account(Long.parseLong(id));
        assertTrue(same(before, after), backend + " account " + id + " is as it was: " + before + " -> " + after);
        JsonNode written = state();
        written.fieldNames().forEachRemaining(other -> written.path(other).path("accounts").fieldNames().forEachRemaining(number ->
                assertEquals(backend + " " + id, other + " " + number, "no other account was written")));
        assertFalse(sandbox.server().requests().isEmpty());
    }

    @Test
    void valuesAreTypedByTheCatalog() throws Exception {
        JsonNode yeti = billctl.run("-p", "yeti", "admin-accounts", "get", "24", "-o", "json").exits(0).json().path("account");
        assertTrue(yeti.path("vat").isNumber(), "Yeti's \"23.1\" is the decimal 23.1: " + yeti);
        assertEquals(0, yeti.path("vat").decimalValue().compareTo(new java.math.BigDecimal("23.1")));
        assertTrue(yeti.path("contractor").isIntegralNumber(), "a relationship is the id it points at: " + yeti);
        assertFalse(yeti.has("balance"), "read-only attributes are not among the update's fields");
        JsonNode all = billctl.run("-p", "yeti", "admin-accounts", "get", "24", "--all-fields", "-o", "json").exits(0).json().path("account");
        assertEquals("0.0", all.path("balance").asText());
        JsonNode porta = billctl.run("-p", "pb", "account", "get", "55", "--all-fields", "-o", "json").exits(0).json().path("account");
        assertEquals("O", porta.path("bill_status").asText(), "--all-fields shows what the update refuses too");
    }

    @Test
    void secretsTheServerReturnsInClearAreLeftOutUnlessAsked() throws Exception {
        Run table = billctl.run("-p", "pb", "account", "get", "55").exits(0);
        assertTrue(table.out().lines().anyMatch(l -> l.matches("password +\\*\\*\\*\\*")), table.out());
        Run json = billctl.run("-p", "pb", "account", "get", "55", "-o", "json").exits(0);
        assertFalse(json.json().path("account").has("password"));
        assertEquals("[\"h323_password\",\"password\"]", Json.write(json.json().path("masked")).replace(" ", ""), json.out());
        assertTrue(json.err().contains("note: h323_password, password left out"), json.err());
        Run jsonl = billctl.run("-p", "pb", "account", "list", "--customer", "6", "-o", "jsonl").exits(0);
        assertFalse(jsonl.out().contains("secret"), jsonl.out());
        Run shown = new Billctl(home).env("PB", PortabillingEmulator.PASSWORD).config(Files.readString(billctl.configFile()))
                .run("-p", "pb", "account", "get", "55", "--show-secrets", "-o", "json").exits(0);
        assertEquals("sip55secret", shown.json().path("account").path("password").asText());
    }

    /**
     * The catalog's secret members of an object (PortaBilling's sim_card_info.auth_key and opc_key) were
     * printed in clear by get and list and in the -v trace, named nowhere: only top-level secrets were left
     * out. They are left out and named as the top-level ones are, and what get prints still goes back
     * through update changing nothing (neither "****" sent nor the keys lost).
     */
    @Test
    void secretMembersOfAnObjectAreLeftOutAndNamedUnlessAsked() throws Exception {
        String auth = "0123456789abcdef0123456789abcdef";
        String opc = "fedcba9876543210fedcba9876543210";
        String sim = "{\"iccid\":\"123456789012345678\",\"auth_key\":\"" + auth + "\",\"opc_key\":\"" + opc + "\"}";
        billctl.run("-p", "pb", "account", "update", "12", "--set", "sim_card_info=" + sim).exits(0);
        JsonNode stored = sandbox.server().emulator("portabilling").account(12).deepCopy();
        assertEquals(auth, stored.path("sim_card_info").path("auth_key").asText());
        Billctl watched = billctl.secret(auth).secret(opc);

        Run json = watched.run("-p", "pb", "account", "get", "12", "-o", "json", "--fields", "sim_card_info").exits(0);
        assertEquals("123456789012345678", json.json().path("account").path("sim_card_info").path("iccid").asText(), json.out());
        assertFalse(json.json().path("account").path("sim_card_info").has("auth_key"), json.out());
        assertEquals("[\"sim_card_info.auth_key\",\"sim_card_info.opc_key\"]", Json.write(json.json().path("masked")), json.out());
        assertTrue(json.err().contains("note: sim_card_info.auth_key, sim_card_info.opc_key left out"), json.err());
        Run table = watched.run("-p", "pb", "account", "get", "12").exits(0);
        assertTrue(table.out().lines().anyMatch(l -> l.matches("sim_card_info\\.auth_key +\\*\\*\\*\\*")), table.out());
        Run traced = watched.run("-p", "pb", "account", "get", "12", "-v").exits(0);
        assertTrue(traced.err().contains("\"auth_key\":\"****\""), "the trace masks the member by its name: " + traced.err());
        Run jsonl = watched.run("-p", "pb", "account", "list", "--customer", "2", "-o", "jsonl").exits(0);
        assertEquals(10, jsonl.out().lines().count(), jsonl.out());
        Run csv = watched.run("-p", "pb", "account", "list", "--customer", "2", "-o", "csv").exits(0);
        Run shown = new Billctl(home).env("PB", PortabillingEmulator.PASSWORD).config(Files.readString(billctl.configFile()))
                .run("-p", "pb", "account", "get", "12", "--show-secrets", "-o", "json").exits(0);
        assertEquals(auth, shown.json().path("account").path("sim_card_info").path("auth_key").asText(), shown.out());
        assertEquals(0, shown.json().path("masked").size(), shown.out());

        // Back through update: get's document with -f, a list's lines with --batch; the SIM keeps its keys.
        Run back = watched.runWithStdin(watched.run("-p", "pb", "account", "get", "12", "-o", "json").exits(0).out(),
                "-p", "pb", "account", "update", "12", "-f", "-").exits(0);
        assertTrue(back.err().contains("warning: sim_card_info in stdin is not sent: get left out its secret sim_card_info.auth_key, "
                + "sim_card_info.opc_key"), back.err());
        assertFalse(jsonl.out().contains("\"sim_card_info\""), "a line --batch reads leaves the object out whole: " + jsonl.out());
        watched.runWithStdin(jsonl.out(), "-p", "pb", "account", "update", "--batch", "-").exits(0);
        watched.runWithStdin(csv.out(), "-p", "pb", "account", "update", "--batch", "-").exits(0);
        assertTrue(same(stored, sandbox.server().emulator("portabilling").account(12)),
                "the account is as it was: " + stored + " -> " + sandbox.server().emulator("portabilling").account(12));
        assertFalse(sandbox.requests().stream().anyMatch(r -> r.bodyText().contains("****")), "no mask was sent");
        // A diff of the object shows neither the keys it had nor those it gets.
        String next = "00000000000000000000000000000001";
        Run diff = watched.secret(next).run("-p", "pb", "account", "update", "12", "--set",
                "sim_card_info={\"iccid\":\"123456789012345679\",\"auth_key\":\"" + next + "\"}", "--diff").exits(0);
        assertTrue(diff.out().contains("123456789012345679"), diff.out());
    }

    @ParameterizedTest
    @CsvSource({"vcs,clients-accounts,99999", "pbx,unlimited,99999", "pb,account,99999", "yeti,admin-accounts,99999"})
    void anAccountThatDoesNotExistIsExit4(String profile, String group, String id) {
        Run run = billctl.run("-p", profile, group, "get", id).exits(4).oneErrorLine();
        assertTrue(run.errorLine().contains("99999"), run.err());
        assertFalse(run.errorLine().contains("update"), "a read says nothing of updating: " + run.err());
        assertEquals("", run.out());
    }

    @Test
    void listPagesThroughEverythingWithTheVendorsFilters() throws Exception {
        Run yeti = billctl.run("-p", "yeti", "admin-accounts", "list", "--filter", "contractor.id=5", "--page-size", "700", "-o", "jsonl").exits(0);
        assertEquals(10_000, yeti.out().lines().count(), "every seeded account has contractor 5");
        long pages = sandbox.requests().stream().filter(r -> r.path().endsWith("/admin/accounts")).count();
        assertEquals(15, pages, "10,000 accounts, 700 a page");
        assertTrue(sandbox.requests().stream().allMatch(r -> !r.path().endsWith("/admin/accounts") || r.target().contains("filter%5Bcontractor.id%5D=5")),
                sandbox.requests().toString());

        sandbox.server().clearRequests();
        Run porta = billctl.run("-p", "pb", "account", "list", "--customer", "6", "--page-size", "3", "-o", "jsonl").exits(0);
        List<Long> ids = porta.out().lines().map(l -> parse(l).path("i_account").asLong()).toList();
        assertEquals(List.of(51L, 52L, 53L, 54L, 55L, 56L, 57L, 58L, 59L, 60L), ids);
        assertEquals(5, sandbox.requests().stream().filter(r -> r.path().endsWith("get_account_list")).count(), "3, 3, 3, 1 and the empty page that ends the list");

        Run like = billctl.run("-p", "pb", "account", "list", "--id-like", "10005_", "-o", "jsonl").exits(0);
        assertEquals(10, like.out().lines().count(), like.out());

        sandbox.server().clearRequests();
        Run limited = billctl.run("-p", "vcs", "clients-accounts", "list", "--limit", "25", "--page-size", "10", "-o", "jsonl").exits(0);
        assertEquals(25, limited.out().lines().count());
        assertEquals(List.of("limit=10&offset=0", "limit=10&offset=10", "limit=5&offset=20"),
                sandbox.requests().stream().map(EmulatorRequest::query).toList());

        Run enswitch = billctl.run("-p", "pbx", "unlimited", "list", "--customer", "2").exits(0);
        assertEquals(11, enswitch.out().lines().count(), "a header and accounts 11..20: " + enswitch.out());
    }

    /**
     * Enswitch documents no list parameter but customer: a --filter it may ignore lists every account,
     * which an update fed with the list would change; billctl says so. And its --page-size does nothing.
     */
    @Test
    void anEnswitchFilterTheVendorDoesNotDocumentIsWarnedAbout() {
        Run run = billctl.run("-p", "pbx", "unlimited", "list", "--filter", "name=Unlimited 7", "--limit", "3", "-o", "jsonl").exits(0);
        assertEquals(3, run.out().lines().count(), "the emulator, like a server that ignores it, lists every account: " + run.out());
        assertTrue(run.err().contains("warning: --filter name: Enswitch documents no parameter of unlimited/list but customer"), run.err());
        Run customer = billctl.run("-p", "pbx", "unlimited", "list", "--filter", "customer=2", "-o", "jsonl").exits(0);
        assertEquals(10, customer.out().lines().count(), customer.out());
        assertFalse(customer.err().contains("warning"), customer.err());
        assertFalse(billctl.run("-p", "yeti", "admin-accounts", "list", "--filter", "name=Account 7", "-o", "jsonl").exits(0).err().contains("warning"));
        // PortaBilling's list call takes more than its two public filters, but a name it does not take may list every account alike.
        Run porta = billctl.run("-p", "pb", "account", "list", "--filter", "bogus=1", "--limit", "3", "-o", "jsonl").exits(0);
        assertEquals(3, porta.out().lines().count(), porta.out());
        assertTrue(porta.err().contains("warning: --filter bogus: the public sources name i_customer and id as filters of Account/get_account_list"),
                porta.err());
        assertFalse(billctl.run("-p", "pb", "account", "list", "--filter", "i_customer=1", "--limit", "3").exits(0).err().contains("warning"));
        String help = billctl.run("unlimited", "list", "--help").exits(0).out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--page-size=N Ignored: the vendor documents no paging"), help);
    }

    /** Yeti drops a ransack list filter given no value and lists every account, which a list fed to an update would then change. */
    @Test
    void aYetiListFilterWithNoValueIsWarnedAbout() {
        Run run = billctl.run("-p", "yeti", "admin-accounts", "list", "--filter", "name_in=", "--limit", "3", "-o", "jsonl").exits(0);
        assertEquals(3, run.out().lines().count(), run.out());
        assertTrue(run.err().contains("warning: --filter name_in= has no value: Yeti-Switch drops a list filter given none and lists every account"),
                run.err());
        Run one = billctl.run("-p", "yeti", "admin-accounts", "list", "--filter", "name_eq=", "-o", "jsonl").exits(1).oneErrorLine();
        assertTrue(one.errorLine().contains("is not a valid value for name_eq (code 107 \"Invalid filter value\")"), one.err());
    }

    @Test
    void aCsvListEditedAndFedBackAppliesExactlyTheEdits() throws Exception {
        Path csv = home.resolve("a.csv");
        Files.writeString(csv, billctl.run("-p", "vcs", "clients-accounts", "list", "--limit", "10", "-o", "csv").exits(0).out());
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int column = header.indexOf("tech_prefix");
        List<String> edited = new ArrayList<>();
        edited.add(lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (i <= 3) cells[column] = "00" + i;
            edited.add(String.join(",", cells));
        }
        Files.write(csv, edited);
        var jerasoft = sandbox.server().emulator("jerasoft");
        List<JsonNode> before = new ArrayList<>();
        for (int id = 1; id <= 101; id++) before.add(jerasoft.account(id).deepCopy());
        billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", csv.toString()).exits(0);
        assertEquals(10, state().path("jerasoft").path("accounts").size(), "the ten listed accounts were written, no other");
        for (int id = 1; id <= 101; id++) {
            JsonNode was = before.get(id - 1);
            JsonNode now = jerasoft.account(id);
            if (id <= 3) {
                assertEquals("00" + id, now.path("tech_prefix").asText());
                ((com.fasterxml.jackson.databind.node.ObjectNode) was).put("tech_prefix", "00" + id);
            }
            assertEquals(was, now, "account " + id + ": exactly the edit");
        }
    }

    /**
     * Values a CSV could change on the way back, each read back exactly: a carriage return in a note, a
     * bidi mark in a name (written as they are to a file; only a terminal gets them made safe), and list
     * items a comma list would not give back (an empty-looking "[]", blanks at an end, "null", "[x]",
     * a quoted item): those lists are written as JSON.
     */
    @Test
    void aCsvRoundTripGivesBackTrickyValuesExactly() throws Exception {
        String[][] cases = {{"term_tags=[\"[]\"]", "orig_tags=[\" a\",\"b \"]"}, {"term_tags=[\"null\"]", "orig_tags=[\"[x]\"]"},
                {"term_tags=[\"\\\"q\\\"\"]", "orig_tags=[\"x\",\"y\"]"}};
        var jerasoft = sandbox.server().emulator("jerasoft");
        for (String[] lists : cases) {
            billctl.run("-p", "vcs", "clients-accounts", "update", "3", "--notes", "line one\r\nline two", "--name", "\u202B\u05e9\u05dc\u05d5\u05dd\u202C Ltd",
                    "--set", lists[0], "--set", lists[1]).exits(0);
            JsonNode before = jerasoft.account(3).deepCopy();
            Path csv = home.resolve("tricky.csv");
            Files.writeString(csv, billctl.run("-p", "vcs", "clients-accounts", "get", "3", "-o", "csv").exits(0).out());
            billctl.run("-p", "vcs", "clients-accounts", "update", "--batch", csv.toString()).exits(0);
            assertEquals(before, jerasoft.account(3), "read back from " + Files.readString(csv));
            assertEquals("line one\r\nline two", jerasoft.account(3).path("notes").asText());
        }
    }

    /**
     * Yeti pages by number: a --limit inside a page keeps every page the same size (page 2 of 50 after a
     * page of 100 would list accounts 51..100 again and never 101..150), and ends the list where it falls.
     */
    @Test
    void aYetiLimitInsideAPageListsEachAccountOnce() {
        for (String[] limitAndPage : new String[][] {{"150", "100"}, {"30", "7"}}) {
            sandbox.server().clearRequests();
            Run run = billctl.run("-p", "yeti", "admin-accounts", "list", "--limit", limitAndPage[0], "--page-size", limitAndPage[1], "--fields", "id",
                    "-o", "jsonl").exits(0);
            List<Long> ids = run.out().lines().map(l -> parse(l).path("id").asLong()).toList();
            int limit = Integer.parseInt(limitAndPage[0]);
            assertEquals(java.util.stream.LongStream.rangeClosed(1, limit).boxed().toList(), ids);
            assertTrue(sandbox.requests().stream().filter(r -> r.path().endsWith("/admin/accounts"))
                    .allMatch(r -> r.target().contains("page%5Bsize%5D=" + limitAndPage[1])), sandbox.requests().toString());
        }
    }

    /** A table tells the text "null" (in quotes, as CSV writes it) from null. */
    @Test
    void aTableTellsTheTextNullFromNull() {
        billctl.run("-p", "vcs", "clients-accounts", "update", "4", "--notes", "null", "--unset", "ani").exits(0);
        Run table = billctl.run("-p", "vcs", "clients-accounts", "get", "4", "--fields", "notes,ani").exits(0);
        assertTrue(table.out().lines().anyMatch(l -> l.matches("notes +\"null\"")), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("ani +null")), table.out());
    }

    /** A secret asked for by --fields: its column stays in a list's table, masked, as get shows it; empty in CSV (left as it is by --batch). */
    @Test
    void aSecretAskedForByFieldsIsAMaskedColumn() {
        Run table = billctl.run("-p", "pb", "account", "list", "--limit", "2", "--fields", "login,password").exits(0);
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).matches("I_ACCOUNT +LOGIN +PASSWORD"), table.out());
        assertTrue(lines.get(1).endsWith("****"), table.out());
        Run csv = billctl.run("-p", "pb", "account", "list", "--limit", "2", "--fields", "login,password", "-o", "csv").exits(0);
        assertEquals("i_account,login,password", csv.out().lines().findFirst().orElseThrow());
        assertTrue(csv.out().lines().skip(1).allMatch(l -> l.endsWith(",")), csv.out());
        // get's table keeps --fields' order, the masked secret where it was asked for.
        Run get = billctl.run("-p", "pb", "account", "get", "3", "--fields", "password,login,email").exits(0);
        assertEquals(List.of("i_account", "password", "login", "email"), get.out().lines().skip(1).map(l -> l.split(" +")[0]).toList(), get.out());
        assertTrue(get.out().lines().anyMatch(l -> l.matches("password +\\*\\*\\*\\*")), get.out());
    }

    /** --all-fields: a CSV's header is what the server returned (the first account's names), not the catalog's fields. */
    @Test
    void anAllFieldsCsvHasTheServersColumns() {
        Run csv = billctl.run("-p", "pb", "account", "list", "--limit", "2", "--all-fields", "-o", "csv").exits(0);
        Run jsonl = billctl.run("-p", "pb", "account", "list", "--limit", "2", "--all-fields", "-o", "jsonl").exits(0);
        List<String> names = new java.util.ArrayList<>();
        parse(jsonl.out().lines().findFirst().orElseThrow()).fieldNames().forEachRemaining(names::add);
        assertTrue(names.contains("bill_status"), "a field the server returns and the catalog does not list: " + names);
        assertEquals(String.join(",", names), csv.out().lines().findFirst().orElseThrow());
        assertEquals(3, csv.out().lines().count(), csv.out());
    }

    @Test
    void badRequestsForReadsAreUsageErrors() {
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "get", "seven"), "account ID must be a positive integer");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "get", "7", "--fields", "nmae"), "did you mean name?");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "list", "--limit", "0"), "--limit must be at least 1");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "list", "--filter", "noequals"), "--filter takes NAME=VALUE");
        assertRefusedBeforeSending(billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--name", "x", "-o", "csv"), "-o csv is for get and list");
        Run fields = billctl.run("-p", "vcs", "clients-accounts", "get", "7", "--fields", "name,tech_prefix", "-o", "csv").exits(0);
        assertEquals("id,name,tech_prefix\n7,Account 7,null\n", fields.out());
    }

    /** A list that fails before its first account writes nothing on stdout: no header-only CSV that reads as an empty list. */
    @Test
    void aListThatFailsBeforeItsFirstAccountWritesNothing() throws Exception {
        for (String format : List.of("csv", "table")) {
            Run wrongBackend = billctl.run("-p", "vcs", "account", "list", "-o", format).exits(2);
            assertEquals("", wrongBackend.out(), format);
        }
        for (String format : List.of("json", "jsonl")) {
            Run json = billctl.run("-p", "vcs", "account", "list", "-o", format).exits(2);
            assertFalse(json.json().has("accounts"), "the failure is the one document: " + json.out());
            assertFalse(json.json().path("ok").asBoolean(true), json.out());
        }
        Billctl wrongKey = SandboxProfiles.billctl(home.resolve("wrong-key"), sandbox, "[profiles.badkey]\nbackend = \"jerasoft\"\nurl = \""
                + sandbox.url("/jerasoft/api") + "\"\napi_key_env = \"WRONG\"\n").env("WRONG", "not-the-key");
        Run refused = wrongKey.run("-p", "badkey", "clients-accounts", "list", "-o", "csv").exits(3);
        assertEquals("", refused.out(), refused.err());
        // An empty list that succeeded still has its header, and under -o json its document.
        assertEquals("i_account,id\n", billctl.run("-p", "pb", "account", "list", "--filter", "id=nomatch", "-o", "csv", "--fields", "i_account,id")
                .exits(0).out());
        assertEquals(0, billctl.run("-p", "pb", "account", "list", "--filter", "id=nomatch", "-o", "json").exits(0).json().path("accounts").size());
    }

    @Test
    void aGetDocumentOfAnotherBackendIsRefused() {
        String yeti = billctl.run("-p", "yeti", "admin-accounts", "get", "24", "-o", "json").exits(0).out();
        sandbox.server().clearRequests();
        assertRefusedBeforeSending(billctl.runWithStdin(yeti, "-p", "vcs", "clients-accounts", "update", "24", "-f", "-"),
                "holds a yeti account (billctl get)");
    }

    /** The same values: numbers by value (0, 0.0 and 0E+1 are one number), the rest exactly. */
    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) return false;
            for (var it = a.fields(); it.hasNext(); ) {
                var entry = it.next();
                if (!b.has(entry.getKey()) || !same(entry.getValue(), b.get(entry.getKey()))) return false;
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        return a.equals(b);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.parse(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }
}
