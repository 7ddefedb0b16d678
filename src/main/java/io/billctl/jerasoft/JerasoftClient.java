package io.billctl.jerasoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.backend.Applied;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import io.billctl.core.http.WireResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JeraSoft's REST call and its answers: 200 with the number of affected rows, or
 * {@code {"error":{"message":...,"data":{...}}}} with 400 (data: field -> message), 401, 404, 422
 * (data: code and message) or 500.
 */
final class JerasoftClient implements UpdateClient {
    private static final String VENDOR = "JeraSoft";

    private final ClientContext context;

    JerasoftClient(ClientContext context) {
        this.context = context;
    }

    @Override
    public WireRequest request(Update update, boolean masked) {
        return WireRequest.builder("PATCH", context.endpoint().resolve("clients/accounts/" + update.id()))
                .header("Accept", "application/json")
                .header("X-Api-Key", masked ? Redactor.MASK : context.secret(context.endpoint().apiKey()).reveal())
                .body("application/json", Json.write(update.fields()))
                .build();
    }

    @Override
    public Applied send(Update update) {
        WireResponse response = context.transport().send(request(update, false));
        if (!response.isSuccess()) throw failure(response, update.id());
        JsonNode body = readable(response);
        ObjectNode view = Json.object().put("id", update.id());
        view.setAll(update.fields());
        view.set("affected_rows", body);
        return new Applied(update, body, view, response.attempts());
    }

    @Override
    public String test() {
        WireRequest request = WireRequest.builder("GET", context.endpoint().resolve("clients/accounts?limit=1"))
                .header("Accept", "application/json")
                .header("X-Api-Key", context.secret(context.endpoint().apiKey()).reveal())
                .build();
        WireResponse response = context.transport().send(request);
        if (!response.isSuccess()) throw failure(response, null);
        return "the API key was accepted";
    }

    /** JeraSoft answers a bare number of rows; a body that is not JSON is kept as text for the table. */
    private static JsonNode readable(WireResponse response) {
        try {
            return Json.parse(response.bodyText());
        } catch (Exception e) {
            return Json.NODES.textNode(response.bodyText());
        }
    }

    private BillctlException failure(WireResponse response, String id) {
        JsonNode error = readable(response).path("error");
        JsonNode data = error.path("data");
        String vendorMessage = error.path("message").asText("");
        String detail = data.path("message").asText(vendorMessage);
        String code = data.path("code").isTextual() ? data.path("code").asText() : null;
        String profile = context.endpoint().profile();
        int status = response.status();
        if (status == 400) {
            Map<String, String> fields = new LinkedHashMap<>();
            data.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : Json.write(e.getValue())));
            String summary = fields.isEmpty() ? vendorMessage
                    : String.join("; ", fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the update" + account(id) + ": " + orStatus(summary, status), fields, code, null);
        }
        if (status == 401 || status == 403) {
            return new BillctlException(ExitCode.AUTH, VENDOR + " refused the API key of profile '" + profile + "': " + orStatus(detail, status), Map.of(), code, null);
        }
        if (status == 404) {
            String what = id == null ? "the URL " + context.endpoint().url() + " was not found" : "account " + id + " does not exist";
            return new BillctlException(ExitCode.NOT_FOUND, what + " (" + VENDOR + ": " + orStatus(detail, status) + ")", Map.of(), code, null);
        }
        if (status == 422) {
            return new BillctlException(ExitCode.REJECTED, VENDOR + " refused the update" + account(id) + ": " + orStatus(detail, status), Map.of(), code, null);
        }
        String said = vendorMessage.isEmpty() ? "" : ": " + vendorMessage;
        return new BillctlException(ExitCode.UNAVAILABLE, VENDOR + " answered HTTP " + status + response.afterAttempts() + said, Map.of(), code, null);
    }

    private static String account(String id) {
        return id == null ? "" : " of account " + id;
    }

    private static String orStatus(String message, int status) {
        return message == null || message.isBlank() ? "HTTP " + status : message;
    }
}
