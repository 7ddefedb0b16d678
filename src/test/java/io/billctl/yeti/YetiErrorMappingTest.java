package io.billctl.yeti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.testing.Billctl;
import io.billctl.testing.HostileVendor;
import io.billctl.testing.Run;
import io.billctl.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How billctl reads each answer yeti-web gives, fed the exact bodies spec/EVIDENCE.md quotes (and
 * jsonapi-resources writes), over real HTTP from a scripted server: the exit code, the one error
 * line, and the fields of the JSON document.
 */
class YetiErrorMappingTest {
    private static final String JSON_API = "application/vnd.api+json";
    private static final HostileVendor YETI = HostileVendor.YETI;
    @TempDir Path home;
    private ScriptedServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** A server that logs in as yeti-web does and answers every other request with {@code update}. */
    private Billctl against(ScriptedServer.Script update) {
        server = ScriptedServer.start(YETI.serve(update));
        return YETI.billctl(home, server);
    }

    private List<ScriptedServer.Request> logins() {
        return server.requests().stream().filter(YETI::isLogin).toList();
    }

    private static String error(String title, String detail, String code, String pointer, String status) {
        return "{\"title\":\"" + title + "\",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\""
                + (pointer == null ? "" : ",\"source\":{\"pointer\":\"" + pointer + "\"}") + ",\"status\":\"" + status + "\"}";
    }

    private static String errors(String... errors) {
        return "{\"errors\":[" + String.join(",", errors) + "]}";
    }

    /** One answer: its status and body, what billctl says (the error line after "error: "), the exit code, the fields, the vendor code. */
    record Answer(String what, int status, String body, int exit, String line, Map<String, String> fields, String vendorCode) {
        @Override
        public String toString() {
            return what;
        }
    }

    /** yeti-web's answer for account 1, as an update or a read returns it. */
    private static final String ACCOUNT_1 = "{\"data\":{\"type\":\"accounts\",\"id\":\"1\",\"attributes\":{\"name\":\"x\"}}}";

    static List<Answer> answers() {
        return List.of(
                new Answer("400 code 105, no pointer", 400, errors(error("Param not allowed", "rateplan is not allowed.", "105", null, "400")), 1,
                        "Yeti-Switch refused the update of account 1: rateplan is not allowed (code 105 \"Param not allowed\")",
                        Map.of("rateplan", "rateplan is not allowed."), "105"),
                new Answer("400 code 106, data missing", 400, errors(error("Missing Parameter", "The required parameter, data, is missing.", "106", null, "400")),
                        1, "Yeti-Switch refused the update of account 1: The required parameter, data, is missing (code 106 \"Missing Parameter\")",
                        Map.of(), "106"),
                new Answer("400 code 109, no data.id", 400,
                        errors(error("A key is required", "The resource object does not contain a key.", "109", null, "400")), 1,
                        "Yeti-Switch refused the update of account 1: The resource object does not contain a key (data.id; code 109 \"A key is required\")",
                        Map.of(), "109"),
                new Answer("400 code 110, another data.id", 400,
                        errors(error("Key is not included in URL", "The URL does not support the key 2", "110", null, "400")), 1,
                        "Yeti-Switch refused the update of account 1: The URL does not support the key 2 (data.id is not the account of the URL; "
                                + "code 110 \"Key is not included in URL\")", Map.of(), "110"),
                new Answer("400 code 101, another data.type", 400,
                        errors(error("Invalid resource", "contractors is not a valid resource.", "101", null, "400")), 1,
                        "Yeti-Switch refused the update of account 1: contractors is not a valid resource (data.type; code 101 \"Invalid resource\")",
                        Map.of(), "101"),
                new Answer("400 code 115, a bad relationship", 400,
                        errors(error("Invalid Links Object", "Data is not a valid Links Object.", "115", null, "400")), 1,
                        "Yeti-Switch refused the update of account 1: Data is not a valid Links Object (a relationship; code 115 \"Invalid Links Object\")",
                        Map.of(), "115"),
                new Answer("400 code 116, a relationship of another type", 400,
                        errors(error("Type Mismatch", "accounts is not a valid type for this operation.", "116", null, "400")), 1,
                        "Yeti-Switch refused the update of account 1: accounts is not a valid type for this operation (a relationship; code 116 \"Type Mismatch\")",
                        Map.of(), "116"),
                new Answer("422 on two attributes", 422, errors(
                        error("has already been taken", "name - has already been taken", "100", "/data/attributes/name", "422"),
                        error("must be greater than or equal to 30.0", "max-balance - must be greater than or equal to 30.0", "100",
                                "/data/attributes/max-balance", "422")), 1,
                        "Yeti-Switch refused the update of account 1: name: has already been taken; max-balance: must be greater than or equal to 30.0",
                        Map.of("name", "has already been taken", "max-balance", "must be greater than or equal to 30.0"), "100"),
                new Answer("422 twice on one attribute", 422, errors(
                        error("can't be blank", "timezone - can't be blank", "100", "/data/attributes/timezone", "422"),
                        error(" is not a valid timezone", "timezone -  is not a valid timezone", "100", "/data/attributes/timezone", "422")), 1,
                        "Yeti-Switch refused the update of account 1: timezone: can't be blank; timezone:  is not a valid timezone",
                        Map.of("timezone", "can't be blank;  is not a valid timezone"), "100"),
                new Answer("422 on a relationship", 422,
                        errors(error("must exist", "contractor - must exist", "100", "/data/relationships/contractor", "422")), 1,
                        "Yeti-Switch refused the update of account 1: contractor: must exist", Map.of("contractor", "must exist"), "100"),
                new Answer("422 on the record as a whole", 422,
                        errors(error("Can't be deleted because linked to Rate Management Project(s) #3",
                                "Can't be deleted because linked to Rate Management Project(s) #3", "100", "/data", "422")), 1,
                        "Yeti-Switch refused the update of account 1: Can't be deleted because linked to Rate Management Project(s) #3", Map.of(), "100"),
                new Answer("422 save failed", 422, errors(error("Save failed or was cancelled", "Save failed or was cancelled", "121", null, "422")), 1,
                        "Yeti-Switch refused the update of account 1: Save failed or was cancelled (code 121)", Map.of(), "121"),
                new Answer("404 record not found", 404, errors(error("Record not found", "The record identified by 1 could not be found.", "404", null, "404")),
                        4, "account 1 does not exist (Yeti-Switch: The record identified by 1 could not be found.)", Map.of(), "404"),
                new Answer("404 of a route", 404, "<!DOCTYPE html><html><title>The page you were looking for doesn't exist (404)</title></html>", 5,
                        "the endpoint PUT {base}/api/rest/admin/accounts/1 was not found (Yeti-Switch answered HTTP 404): check the URL of profile 'h' ({base})",
                        Map.of(), null),
                new Answer("415", 415, errors(error("Unsupported media type", "All requests that create or update must use the 'application/vnd.api+json' "
                        + "Content-Type. This request specified 'application/json'.", "415", null, "415")), 5,
                        "Yeti-Switch answered 415 Unsupported Media Type: it takes only application/vnd.api+json; a proxy between billctl and the server "
                                + "may be rewriting Content-Type", Map.of(), null),
                new Answer("406", 406, errors(error("Not acceptable", "All requests must use the 'application/vnd.api+json' Accept without media type "
                        + "parameters. This request specified 'text/html'.", "406", null, "406")), 5,
                        "Yeti-Switch answered 406 Not Acceptable: it answers only application/vnd.api+json; a proxy between billctl and the server "
                                + "may be rewriting Accept", Map.of(), null),
                new Answer("403 of a proxy", 403, "<html>Forbidden</html>", 3,
                        "Yeti-Switch's admin API has no roles and never answers 403: something between billctl and the server refused the request "
                                + "(HTTP 403): <html>Forbidden</html>", Map.of(), null),
                new Answer("200 with data and errors", 200, "{\"data\":{\"id\":\"1\"},\"errors\":[{\"detail\":\"bad\"}]}", 5,
                        "unexpected answer from Yeti-Switch (HTTP 200, application/vnd.api+json, errors beside data, which JSON:API forbids; the first says "
                                + "\"bad\"): {\"data\":{\"id\":\"1\"},\"errors\":[{\"detail\":\"bad\"}]}", Map.of(), null),
                new Answer("200 with the account and errors", 200, ACCOUNT_1.replace("}}}", "}},\"errors\":[{\"title\":\"is invalid\"}]}"), 5,
                        "unexpected answer from Yeti-Switch (HTTP 200, application/vnd.api+json, errors beside data, which JSON:API forbids; the first says "
                                + "\"is invalid\"): " + ACCOUNT_1.replace("}}}", "}},\"errors\":[{\"title\":\"is invalid\"}]}"), Map.of(), null),
                new Answer("200 with errors only", 200, errors(error("is invalid", "name - is invalid", "100", "/data/attributes/name", "422")), 5,
                        "unexpected answer from Yeti-Switch (HTTP 200, application/vnd.api+json, errors with HTTP 200; the first says \"name - is invalid\"): "
                                + errors(error("is invalid", "name - is invalid", "100", "/data/attributes/name", "422")).substring(0, 119) + "\u2026", Map.of(), null),
                new Answer("200 of another resource type", 200, ACCOUNT_1.replace("\"accounts\"", "\"contractors\""), 5,
                        "unexpected answer from Yeti-Switch (HTTP 200, application/vnd.api+json, data.type is \"contractors\", not \"accounts\"): "
                                + ACCOUNT_1.replace("\"accounts\"", "\"contractors\""), Map.of(), null),
                new Answer("200 of a resource without a type", 200, ACCOUNT_1.replace("\"type\":\"accounts\",", ""), 5,
                        "unexpected answer from Yeti-Switch (HTTP 200, application/vnd.api+json, data.type is missing, not \"accounts\"): "
                                + ACCOUNT_1.replace("\"type\":\"accounts\",", ""), Map.of(), null),
                new Answer("200 of another account", 200, ACCOUNT_1.replace("\"id\":\"1\"", "\"id\":\"24\""), 5,
                        "unexpected answer from Yeti-Switch (HTTP 200, application/vnd.api+json, data.id is not 1): "
                                + ACCOUNT_1.replace("\"id\":\"1\"", "\"id\":\"24\""), Map.of(), null),
                new Answer("500", 500, errors(error("Internal Server Error", "Internal Server Error", "500", null, "500")), 5,
                        "Yeti-Switch answered HTTP 500: Internal Server Error", Map.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachAnswerBecomesOneLineTheRightExitAndItsFields(Answer answer) {
        Billctl billctl = against(ScriptedServer.answer(answer.status(), answer.status() == 404 && !answer.body().startsWith("{") ? "text/html"
                : answer.status() == 403 ? "text/html" : JSON_API, answer.body()));
        String url = server.url("");
        Run run = billctl.run(YETI.update("--retries", "0", "-o", "json")).exits(answer.exit()).oneErrorLine();
        assertEquals("error: " + answer.line().replace("{base}", url), run.errorLine());
        JsonNode error = run.json().path("error");
        assertEquals(answer.line().replace("{base}", url), error.path("message").asText());
        assertEquals(answer.fields().size(), error.path("fields").size(), run.out());
        answer.fields().forEach((field, message) -> assertEquals(message, error.path("fields").path(field).asText(), run.out()));
        if (answer.vendorCode() != null) assertEquals(answer.vendorCode(), error.path("vendor_code").asText(), run.out());
    }

    @Test
    void aReadOfAnotherResourceTypeOrWithErrorsIsNotTheAccount() {
        Billctl billctl = against(ScriptedServer.answer(200, JSON_API, ACCOUNT_1.replace("\"accounts\"", "\"contractors\"")));
        Run run = billctl.run("admin-accounts", "get", "1").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("data.type is \"contractors\", not \"accounts\""), run.err());
        assertEquals("", run.out());
        server.script(YETI.serve(ScriptedServer.answer(200, JSON_API, ACCOUNT_1.replace("}}}", "}},\"errors\":[{\"detail\":\"bad\"}]}"))));
        run = billctl.run("admin-accounts", "get", "1").exits(5).oneErrorLine();
        assertTrue(run.errorLine().contains("errors beside data, which JSON:API forbids; the first says \"bad\""), run.err());
        server.script(YETI.serve(ScriptedServer.answer(200, JSON_API, ACCOUNT_1)));
        billctl.run("admin-accounts", "get", "1").exits(0);
    }

    @Test
    void aFreshTokenRejectedWithAnEmptyBodyIsAboutTheAllowedIpsOrTheClock() {
        Billctl billctl = against(ScriptedServer.answer(401, null, ""));
        Run run = billctl.run(YETI.update()).exits(3).oneErrorLine();
        assertEquals("error: Yeti-Switch, profile 'h': the server rejected a fresh token: the admin user's allowed IPs or the server's clock "
                + "(HTTP 401 with an empty body, to a token it had just issued)", run.errorLine());
        assertFalse(run.err().contains("admin rights"), run.err());
        assertEquals(2, logins().size(), "the cached token, then one fresh login: no loop");
        assertEquals(2, YETI.updates(server).size());
    }

    @Test
    void theLoginsOwnWordsAreQuotedAsTheyAre() {
        for (String detail : new String[] {"Incorrect login or password.", "Your IP address is not allowed."}) {
            server = ScriptedServer.start((request, out) -> ScriptedServer.write(out, 401, "application/json",
                    errors(error("Authentication failed", detail, "401", null, "401")).getBytes(StandardCharsets.UTF_8)));
            Run run = YETI.billctl(home.resolve(detail.substring(0, 4)), server).run(YETI.update("-o", "json")).exits(3).oneErrorLine();
            assertEquals("error: Yeti-Switch refused the login of profile 'h' (user 'ops'): \"" + detail + "\"", run.errorLine());
            assertEquals("auth", run.json().at("/error/code").asText());
            assertEquals(1, server.requests().size(), "no update after a refused login");
            server.close();
        }
        server = null;
    }

    @Test
    void anOlderServersTimeZoneListOfIdsAndNamesIsReadByName() {
        String list = "{\"data\":[{\"id\":\"1\",\"type\":\"timezones\",\"attributes\":{\"name\":\"Europe/Berlin\",\"abbrev\":\"CET\"}},"
                + "{\"id\":\"2\",\"type\":\"timezones\",\"attributes\":{\"name\":\"UTC\",\"abbrev\":\"UTC\"}}]}";
        Billctl billctl = against((request, out) -> {
            if (request.target().endsWith("/timezones")) ScriptedServer.write(out, 200, JSON_API, list.getBytes(StandardCharsets.UTF_8));
            else YETI.success().write(out);
        });
        Run refused = billctl.run(YETI.update("--timezone", "Europe/Paris")).exits(2).oneErrorLine();
        assertEquals("error: timezone: \"Europe/Paris\" is not a time zone of this Yeti-Switch server (it knows 2); closest: Europe/Berlin, UTC",
                refused.errorLine());
        billctl.run(YETI.update("--timezone", "Europe/Berlin")).exits(0);
        assertEquals(1, YETI.updates(server).stream().filter(r -> r.method().equals("PUT")).count());
    }

    @Test
    void aServerWithoutTheListChecksNothingAndJudgesItself() {
        Billctl billctl = against((request, out) -> {
            if (request.target().endsWith("/timezones")) ScriptedServer.write(out, 404, "text/html", "<html>no route</html>".getBytes(StandardCharsets.UTF_8));
            else YETI.success().write(out);
        });
        billctl.run(YETI.update("--timezone", "Mars/Olympus")).exits(0);
        billctl.run(YETI.update("--timezone", "Mars/Olympus")).exits(0);
        assertEquals(2, YETI.updates(server).stream().filter(r -> r.target().endsWith("/timezones")).count(),
                "asked once a run, and a failure is not kept: " + YETI.updates(server));
        assertEquals(2, YETI.updates(server).stream().filter(r -> r.method().equals("PUT")).count());
    }
}
