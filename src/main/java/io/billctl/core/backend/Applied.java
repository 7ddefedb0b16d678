package io.billctl.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An update the vendor accepted, as data: which account, what was sent, the vendor's answer as it
 * came, and {@code view}, the values a table shows for it (the account's id under the vendor's id
 * name first), chosen by the backend and formatted by the presenter. {@code attempts} counts the
 * requests it took, retries included (filled in by the pipeline).
 */
public record Applied(Update update, JsonNode reply, ObjectNode view, int attempts) {
    public String id() {
        return update.id();
    }

    public Applied withAttempts(int count) {
        return new Applied(update, reply, view, count);
    }
}
