package io.billctl.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import io.billctl.core.output.TerminalText;
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

    /**
     * The body as JSON, or an empty object when it is not JSON (a proxy's HTML page, nothing): for
     * reading an error's details. Whether an answer is what it should be is {@link #parsed()}'s.
     */
    public JsonNode json() {
        return parsed().orElseGet(Json::object);
    }

    /** The body as one JSON document; empty when it is empty or anything but JSON. */
    public Optional<JsonNode> parsed() {
        if (body.length == 0) return Optional.empty();
        try {
            JsonNode document = Json.parse(body);
            return document.isMissingNode() ? Optional.empty() : Optional.of(document);
        } catch (Exception notJson) {
            return Optional.empty();
        }
    }

    /** The media type, without parameters ("text/html"); "no content type" when the server sent none. */
    public String contentType() {
        return header("content-type").map(type -> type.split(";", 2)[0].trim()).filter(t -> !t.isEmpty())
                .map(t -> TerminalText.line(t, 60)).orElse("no content type");
    }

    /**
     * The start of the body for an error line: secrets masked first, and where the body is longer
     * than what is decoded, the start of one the cut went through too ({@link Redactor#cutText});
     * then one line of at most {@code max} characters, nothing in it that drives a terminal.
     */
    public String excerpt(Redactor redactor, int max) {
        if (body.length == 0) return "an empty body";
        // A few times what is shown is enough to decode: a 16 MiB body is not turned into a string.
        int bytes = (int) Math.min(body.length, Math.max(4096, max * 8L));
        boolean cut = bytes < body.length;
        String text = new String(body, 0, bytes, StandardCharsets.UTF_8);
        String masked = (cut ? redactor.cutText(text) : redactor.text(text)).strip();
        if (masked.isEmpty()) return "a blank body";
        return TerminalText.line(masked + (cut ? "\u2026" : ""), max);
    }

    /** " after 3 attempts" when the transport retried, else nothing: for failure messages. */
    public String afterAttempts() {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }
}
