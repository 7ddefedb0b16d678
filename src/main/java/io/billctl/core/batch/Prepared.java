package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.backend.Update;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A record typed and validated by the first pass, as the spool keeps it for the second: its line in
 * the input, the account's id, the fields to send and the values the account must still have
 * (null when none). The run's extras are added when it is sent.
 */
record Prepared(long line, String id, ObjectNode fields, ObjectNode expect, JsonNode raw) {

    /** {@code raw}: the record as the input had it, kept only when failed records are to be written out; else null. */
    static Prepared of(long line, Update update, JsonNode raw) {
        return new Prepared(line, update.id(), update.fields(), update.conditional() ? update.expect() : null, raw);
    }

    /** One JSON line: {@code {"line":N,"id":"7","fields":{…}}}, and {@code "expect"} and {@code "raw"} when there are. */
    String toLine() {
        ObjectNode node = Json.object().put("line", line).put("id", id);
        node.set("fields", fields);
        if (expect != null) node.set("expect", expect);
        if (raw != null) node.set("raw", raw);
        return Json.write(node);
    }

    static Prepared parse(String text) {
        try {
            JsonNode node = Json.parse(text);
            JsonNode expect = node.get("expect");
            return new Prepared(node.path("line").asLong(), node.path("id").asText(), (ObjectNode) node.path("fields"),
                    expect instanceof ObjectNode object ? object : null, node.get("raw"));
        } catch (IOException e) {
            throw new UncheckedIOException("a prepared record billctl wrote itself", e);
        }
    }

    Update update(Map<String, String> extras) {
        return new Update(id, fields, extras, expect);
    }
}
