package io.billctl.core.diff;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field an update changes: its value on the account before ({@code null} when the account's
 * read did not have it), the value sent ({@code after}, what the journal keeps), and that value typed
 * by the catalog as {@code before} is ({@code shown}: Yeti's decimal goes out as the string "20.0" and
 * is shown as the number 20.0, like the 0.0 before it). {@code secret}: a field whose values are never
 * shown nor journaled, only named.
 */
public record Change(String field, JsonNode before, JsonNode after, JsonNode shown, boolean secret) {

    /** Whether the read of the account had the field at all (null counts: it says the value is empty). */
    public boolean beforeKnown() {
        return before != null;
    }
}
