package io.billctl.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.HostileVendor;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The end of a list paged by offset (JeraSoft, PortaBilling), against scripted servers: one that caps
 * its pages below what billctl asks for must still give every account (a short page is not the end),
 * and one that ignores the offset must not make billctl list its page for ever.
 */
class OffsetPagesTest {
    private static final Pattern OFFSET = Pattern.compile("offset\"?[=:](\\d+)");
    private static final Pattern LIMIT = Pattern.compile("limit\"?[=:](\\d+)");

    @TempDir Path home;
    ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static long parameter(Pattern name, ScriptedServer.Request request) {
        Matcher matcher = name.matcher(request.target() + " " + new String(request.body(), StandardCharsets.UTF_8));
        assertTrue(matcher.find(), "no " + name + " in " + request.target());
        return Long.parseLong(matcher.group(1));
    }

    private static String list(HostileVendor vendor) {
        return vendor == HostileVendor.JERASOFT ? "clients-accounts" : "account";
    }

    /** Accounts 1..total from the offset asked for, at most {@code cap} of them whatever the limit, in the vendor's shape. */
    private static ScriptedServer.Script pages(HostileVendor vendor, int total, int cap, boolean ignoreOffset) {
        return vendor.serve((request, out) -> {
            long offset = ignoreOffset ? 0 : parameter(OFFSET, request);
            long limit = Math.min(cap, parameter(LIMIT, request));
            List<String> accounts = new ArrayList<>();
            for (long id = offset + 1; id <= Math.min(total, offset + limit); id++) {
                accounts.add(vendor == HostileVendor.JERASOFT ? "{\"id\":" + id + ",\"name\":\"a" + id + "\"}" : "{\"i_account\":" + id + ",\"id\":\"a" + id + "\"}");
            }
            String page = "[" + String.join(",", accounts) + "]";
            String body = vendor == HostileVendor.JERASOFT ? page : "{\"account_list\":" + page + "}";
            ScriptedServer.write(out, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
        });
    }

    private List<Long> offsetsAsked(HostileVendor vendor) {
        return server.requests().stream().filter(r -> !vendor.isLogin(r)).map(r -> parameter(OFFSET, r)).toList();
    }

    @ParameterizedTest
    @EnumSource(value = HostileVendor.class, names = {"JERASOFT", "PORTABILLING"})
    void aServerThatCapsItsPagesStillGivesEveryAccount(HostileVendor vendor) {
        server = ScriptedServer.start(pages(vendor, 7, 2, false));
        Run run = vendor.billctl(home, server).run(list(vendor), "list", "--page-size", "5", "-o", "jsonl").exits(0);
        String idName = vendor == HostileVendor.JERASOFT ? "\"id\":" : "\"i_account\":";
        List<String> ids = run.out().lines().map(line -> line.substring(line.indexOf(idName) + idName.length()).split("[,}]")[0]).toList();
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), ids, run.out());
        assertEquals(List.of(0L, 2L, 4L, 6L, 7L), offsetsAsked(vendor), "each page from where the last ended, until an empty one");
    }

    @ParameterizedTest
    @EnumSource(value = HostileVendor.class, names = {"JERASOFT", "PORTABILLING"})
    void aServerThatIgnoresTheOffsetEndsTheListWithTheAccountsShownOnce(HostileVendor vendor) {
        server = ScriptedServer.start(pages(vendor, 3, 100, true));
        Run run = vendor.billctl(home, server).run(list(vendor), "list", "-o", "jsonl").exits(5).oneErrorLine();
        // -o jsonl: the accounts, then the error as a JSON document of its own.
        assertEquals(3, run.out().lines().filter(line -> !line.startsWith("{\"ok\":false")).count(), "the first page, once: " + run.out());
        assertEquals(List.of(0L, 3L), offsetsAsked(vendor));
        assertTrue(run.errorLine().contains("answered the list at offset 3 with the page it gave before (first account 1)"), run.err());
        assertTrue(!run.errorLine().contains("--page-size"), "a larger page would not help: the page was not full: " + run.err());

        // -o json: one document, the accounts that came and then the error, not a successful document and another after it.
        Run json = vendor.billctl(home, server).run(list(vendor), "list", "-o", "json").exits(5).oneErrorLine();
        com.fasterxml.jackson.databind.JsonNode document = json.json();
        assertEquals(1, json.out().strip().lines().count(), json.out());
        assertEquals(false, document.path("ok").asBoolean(true), json.out());
        assertEquals(3, document.path("accounts").size(), json.out());
        assertEquals(3, document.path("count").asInt(), json.out());
        assertEquals("unavailable", document.at("/error/code").asText(), json.out());
    }
}
