package io.billctl.core.diff;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field an update changes: its value on the account before ({@code null} when the account's
 * read did not have it) and the value sent. {@code secret}: a field whose values are never shown
 * nor journaled, only named.
 */
public record Change(String field, JsonNode before, JsonNode after, boolean secret) {

    /** Whether the read of the account had the field at all (null counts: it says the value is empty). */
    public boolean beforeKnown() {
        return before != null;
    }
}
