package io.billctl.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.List;

/**
 * An update the vendor accepted, as data: which account, what was sent, and the answer twice: as the
 * vendor wrote it ({@code vendor}) and as {@code result}, the few facts a script needs from it, read
 * by the backend into one documented shape per backend (README, "JSON output"): JeraSoft
 * {@code {"affected_rows":N}}, Enswitch {@code {"code":204,"message":"OK"}}, PortaBilling
 * {@code {"i_account":N}}, Yeti-Switch {@code {"id":"24","attributes":{…}}}. {@code view} holds the
 * values a table shows for it (the account's id under the vendor's id name first), chosen by the
 * backend and formatted by the presenter. {@code attempts} counts the requests it took, retries
 * included (filled in by the pipeline). {@code warnings} are what the person running it should know
 * although the vendor said yes (0 rows changed), one line each on stderr. {@code validatedOnly}: the
 * vendor only checked the update and changed nothing (Enswitch's {@code validation=1}).
 */
public record Applied(Update update, JsonNode vendor, ObjectNode result, ObjectNode view, int attempts, List<String> warnings,
                      boolean validatedOnly) {

    public Applied {
        result = result == null ? Json.object() : result;
        warnings = List.copyOf(warnings);
    }

    /** An update the vendor applied. */
    public Applied(Update update, JsonNode vendor, ObjectNode result, ObjectNode view, int attempts, List<String> warnings) {
        this(update, vendor, result, view, attempts, warnings, false);
    }

    public String id() {
        return update.id();
    }

    public Applied withAttempts(int count) {
        return new Applied(update, vendor, result, view, count, warnings, validatedOnly);
    }

    /** The same with {@code earlier} warnings (what was known before it was sent) ahead of its own. */
    public Applied withWarnings(List<String> earlier) {
        if (earlier.isEmpty()) return this;
        List<String> all = new java.util.ArrayList<>(earlier);
        all.addAll(warnings);
        return new Applied(update, vendor, result, view, attempts, all, validatedOnly);
    }
}
