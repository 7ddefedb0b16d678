package io.billctl.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.List;

/**
 * An update the vendor accepted, as data: which account, what was sent, the vendor's answer as it
 * came, and {@code view}, the values a table shows for it (the account's id under the vendor's id
 * name first), chosen by the backend and formatted by the presenter. {@code attempts} counts the
 * requests it took, retries included (filled in by the pipeline). {@code facts} are what the
 * backend read from the answer that a script needs beside it (JeraSoft's {@code affected_rows}),
 * added to the JSON document; {@code warnings} what the person running it should know although the
 * vendor said yes (0 rows changed), one line each on stderr.
 */
public record Applied(Update update, JsonNode reply, ObjectNode view, int attempts, ObjectNode facts, List<String> warnings) {

    public Applied {
        facts = facts == null ? Json.object() : facts;
        warnings = List.copyOf(warnings);
    }

    public Applied(Update update, JsonNode reply, ObjectNode view, int attempts) {
        this(update, reply, view, attempts, Json.object(), List.of());
    }

    public String id() {
        return update.id();
    }

    public Applied withAttempts(int count) {
        return new Applied(update, reply, view, count, facts, warnings);
    }

    /** The same with {@code earlier} warnings (what was known before it was sent) ahead of its own. */
    public Applied withWarnings(List<String> earlier) {
        if (earlier.isEmpty()) return this;
        List<String> all = new java.util.ArrayList<>(earlier);
        all.addAll(warnings);
        return new Applied(update, reply, view, attempts, facts, all);
    }
}
