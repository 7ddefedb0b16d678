package io.billctl.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What came back: status, headers (lower-case names) and the body as bytes. */
public record WireResponse(int status, Map<String, List<String>> headers, byte[] body, int attempts) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON, or an empty object when it is not JSON (a proxy's HTML page, nothing). */
    public JsonNode json() {
        try {
            return Json.parse(bodyText());
        } catch (Exception notJson) {
            return Json.object();
        }
    }

    /** " after 3 attempts" when the transport retried, else nothing: for failure messages. */
    public String afterAttempts() {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }
}
