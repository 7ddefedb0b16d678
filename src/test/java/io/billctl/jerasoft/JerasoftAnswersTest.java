package io.billctl.jerasoft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client's reading of JeraSoft's answers, table-driven, fed the exact bodies of the vendor page and
 * spec/EVIDENCE.md by a scripted server: each answer's exit code and the words of its one error line,
 * for the REST API and for its JSON-RPC forms (whose errors come whatever the status line).
 */
class JerasoftAnswersTest {
    @TempDir Path home;

    private static final String JSON = "application/json";

    record Answer(String why, String api, int status, String contentType, String body, int exit, String expected) {
        @Override
        public String toString() {
            return why;
        }
    }

    static List<Answer> answers() {
        return List.of(
                new Answer("REST 200 rows", "rest", 200, JSON, "1", 0, null),
                new Answer("REST 400 fields (the vendor page's example)", "rest", 400, JSON, """
                        {"error":{"message":"Invalid request","data":{"name":"Empty value is not allowed","payment_terms_id":"Object \\"payment_terms(123)\\" was not found!"}}}""",
                        1, "JeraSoft refused the update of account 7: name: Empty value is not allowed; payment_terms_id: Object \"payment_terms(123)\" was not found!"),
                new Answer("REST 401 IP not allowed", "rest", 401, JSON, """
                        {"error":{"message":"utoken-auth-failed: Authentication Failed: IP 10.0.0.1 is not allowed","data":{"code":"utoken-auth-failed","message":"Authentication Failed: IP 10.0.0.1 is not allowed"}}}""",
                        3, "JeraSoft refused the API key of profile 'vcs': Authentication Failed: IP 10.0.0.1 is not allowed"),
                new Answer("REST 404 the vendor's not-found", "rest", 404, JSON, """
                        {"error":{"message":"not_found: Object \\"clients(123)\\" was not found!","data":{"code":"not_found","message":"Object \\"clients(123)\\" was not found!","object_name":"clients","object_id":"123"}}}""",
                        4, "account 7 does not exist (JeraSoft: Object \"clients(123)\" was not found!)"),
                new Answer("REST 404 of a proxy: a URL that leads nowhere", "rest", 404, "text/html", "<html>Not Found</html>",
                        5, "was not found (JeraSoft answered HTTP 404): check the URL of profile 'vcs'"),
                new Answer("REST 404 JSON without the vendor's not-found", "rest", 404, JSON, "{\"error\":{\"message\":\"Not Found\"}}",
                        5, "was not found (JeraSoft answered HTTP 404)"),
                new Answer("REST 422 a logical error (the vendor page's example)", "rest", 422, JSON, """
                        {"error":{"message":"invoices-zero-amount: Impossible to create an invoice with zero amount","data":{"code":"invoices-zero-amount","message":"Impossible to create an invoice with zero amount"}}}""",
                        1, "JeraSoft refused the update of account 7: Impossible to create an invoice with zero amount"),
                new Answer("REST 500", "rest", 500, JSON, "{\"error\":{\"message\":\"An unexpected error occurred\"}}",
                        5, "JeraSoft answered HTTP 500: An unexpected error occurred"),
                new Answer("REST 200 login page", "rest", 200, "text/html", "<html>login</html>", 5, "unexpected answer from JeraSoft (HTTP 200, text/html)"),
                // The vendor page's one success is 200; these say the update is not done (202), the answer is not the
                // server's as sent (203), or answers a request billctl never made (206 Range, 226 A-IM).
                new Answer("REST 202 rows", "rest", 202, JSON, "1", 5, "unexpected answer from JeraSoft (HTTP 202, application/json, JeraSoft's success is HTTP 200): 1"),
                new Answer("REST 203 rows", "rest", 203, JSON, "1", 5, "unexpected answer from JeraSoft (HTTP 203, application/json, JeraSoft's success is HTTP 200): 1"),
                new Answer("REST 206 rows", "rest", 206, JSON, "1", 5, "unexpected answer from JeraSoft (HTTP 206, application/json, JeraSoft's success is HTTP 200): 1"),
                new Answer("REST 226 rows", "rest", 226, JSON, "1", 5, "unexpected answer from JeraSoft (HTTP 226, application/json, JeraSoft's success is HTTP 200): 1"),
                // What a real server labels its number with is unverified (a PHP server's default is text/html): the body decides.
                new Answer("REST 200 rows labelled text/html", "rest", 200, "text/html", "1", 0, null),
                new Answer("JSON-RPC rows", "jsonrpc", 200, JSON, "{\"jsonrpc\":\"2.0\",\"result\":1,\"id\":1}", 0, null),
                new Answer("JSON-RPC true", "coreapi3", 200, JSON, "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":1}", 0, null),
                new Answer("JSON-RPC method not found", "coreapi3", 200, JSON, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":1}",
                        5, "has no such method (JSON-RPC -32601: Method not found): check the api setting of profile 'vcs' (now coreapi3)"),
                new Answer("JSON-RPC invalid params with fields", "jsonrpc", 200, JSON, """
                        {"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"name":"Empty value is not allowed"}},"id":1}""",
                        1, "JeraSoft refused the update of account 7: name: Empty value is not allowed"),
                new Answer("JSON-RPC the vendor's not-found", "jsonrpc", 200, JSON, """
                        {"jsonrpc":"2.0","error":{"code":-32000,"message":"not_found: Object \\"clients_accounts(7)\\" was not found!","data":{"code":"not_found","message":"Object \\"clients_accounts(7)\\" was not found!","object_name":"clients_accounts","object_id":"7"}},"id":1}""",
                        4, "account 7 does not exist (JeraSoft: Object \"clients_accounts(7)\" was not found!)"),
                new Answer("JSON-RPC auth failed", "jsonrpc", 200, JSON, """
                        {"jsonrpc":"2.0","error":{"code":-32000,"message":"utoken-auth-failed: Authentication Failed","data":{"code":"utoken-auth-failed","message":"Authentication Failed"}},"id":1}""",
                        3, "JeraSoft refused the API key of profile 'vcs': JSON-RPC -32000: Authentication Failed"),
                new Answer("JSON-RPC 401 with a REST body (the key checked before the call)", "jsonrpc", 401, JSON, """
                        {"error":{"message":"utoken-auth-failed: Authentication Failed","data":{"code":"utoken-auth-failed","message":"Authentication Failed"}}}""",
                        3, "JeraSoft refused the API key of profile 'vcs'"),
                new Answer("JSON-RPC a logical error", "jsonrpc", 200, JSON, """
                        {"jsonrpc":"2.0","error":{"code":-32000,"message":"accounts-client-change: Moving is not allowed","data":{"code":"accounts-client-change","message":"Moving is not allowed"}},"id":1}""",
                        1, "JeraSoft refused the update of account 7: Moving is not allowed"),
                new Answer("JSON-RPC internal error", "jsonrpc", 200, JSON, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32603,\"message\":\"Internal error\"},\"id\":1}",
                        5, "JeraSoft answered JSON-RPC -32603: Internal error"),
                new Answer("JSON-RPC parse error", "jsonrpc", 200, JSON, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}",
                        5, "JeraSoft could not read billctl's request (JSON-RPC -32700: Parse error)"),
                new Answer("JSON-RPC a result that is not rows", "jsonrpc", 200, JSON, "{\"jsonrpc\":\"2.0\",\"result\":\"ok\",\"id\":1}",
                        5, "not a number of rows"),
                new Answer("JSON-RPC neither result nor error", "jsonrpc", 200, JSON, "{\"jsonrpc\":\"2.0\",\"id\":1}", 5, "not a JSON-RPC 2.0 answer"),
                new Answer("JSON-RPC 404 of a proxy", "jsonrpc", 404, "text/html", "<html>Not Found</html>", 5, "was not found (JeraSoft answered HTTP 404)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachAnswerHasItsExitCodeAndWords(Answer answer) {
        try (ScriptedServer server = ScriptedServer.start(ScriptedServer.answer(answer.status(), answer.contentType(), answer.body()))) {
            Billctl billctl = new Billctl(home).env("VCS_KEY", "scripted-key").secret("scripted-key").config("""
                    [profiles.vcs]
                    backend = "jerasoft"
                    url = "%s"
                    api = "%s"
                    api_key_env = "VCS_KEY"
                    """.formatted(server.url("/api"), answer.api()));
            Run run = billctl.run("-p", "vcs", "clients-accounts", "update", "7", "--name", "x", "--retries", "0").exits(answer.exit());
            assertEquals(1, server.requests().size(), "no read: --name touches no rule");
            if (answer.expected() == null) {
                assertTrue(run.out().startsWith("FIELD"), run.out());
                assertEquals(answer.body().contains("true"), !run.out().contains("affected_rows"), "rows only when the answer gave them: " + run.out());
                return;
            }
            run.oneErrorLine();
            assertTrue(run.errorLine().contains(answer.expected()), () -> "expected '" + answer.expected() + "' in: " + run.err());
        }
    }

    /** The list's paging is unverified: a server that ignores offset must not make billctl list the same page for ever. */
    @Test
    void aServerThatIgnoresOffsetEndsTheListInsteadOfRepeatingIt() {
        String page = "[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"},{\"id\":3,\"name\":\"c\"}]";
        try (ScriptedServer server = ScriptedServer.start(ScriptedServer.answer(200, "application/json", page))) {
            Billctl billctl = new Billctl(home).env("VCS_KEY", "scripted-key").secret("scripted-key").config("""
                    [profiles.vcs]
                    backend = "jerasoft"
                    url = "%s"
                    api_key_env = "VCS_KEY"
                    """.formatted(server.url("/api")));
            Run run = billctl.run("-p", "vcs", "clients-accounts", "list", "--page-size", "3", "-o", "jsonl").exits(5).oneErrorLine();
            assertTrue(run.out().lines().filter(l -> l.contains("\"name\":\"a\"")).count() <= 1, "never the same account twice: " + run.out());
            assertEquals(2, server.requests().size());
            assertTrue(run.errorLine().contains("answered the list at offset 3 with the page it gave before (first account 1)"), run.err());
        }
    }

    /** Accounts are printed as they come: a list that fails on its second page has shown the first page's. */
    @Test
    void aListThatFailsHalfWayHasShownWhatCameBefore() {
        String page = "[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"},{\"id\":3,\"name\":\"c\"}]";
        try (ScriptedServer server = ScriptedServer.start((request, out) -> {
            if (request.target().contains("offset=0")) ScriptedServer.write(out, 200, "application/json", page.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            else ScriptedServer.write(out, 500, "text/plain", "down".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        })) {
            Billctl billctl = new Billctl(home).env("VCS_KEY", "scripted-key").secret("scripted-key").config("""
                    [profiles.vcs]
                    backend = "jerasoft"
                    url = "%s"
                    api_key_env = "VCS_KEY"
                    """.formatted(server.url("/api")));
            Run run = billctl.run("-p", "vcs", "clients-accounts", "list", "--page-size", "3", "--retries", "0", "-o", "jsonl").exits(5).oneErrorLine();
            assertEquals(3, run.out().lines().filter(l -> l.startsWith("{\"id\":")).count(), "the first page's accounts: " + run.out());
        }
    }
}
