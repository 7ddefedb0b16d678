package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validated update: the account's id, the fields to set (in the vendor's names and JSON
 * shape), request parameters that are not account fields (Enswitch's {@code validation=1}), the
 * same for every update of a run, and {@code expect}: the values the account must still have for
 * the update to go out ({@code --expect}, a batch record's {@code expect.FIELD}), empty when none.
 * Built once and then only read. A vendor's client reads only {@code id}, {@code fields} and
 * {@code extras}: expectations are checked by the pipeline on the account it reads first.
 */
public record Update(String id, ObjectNode fields, Map<String, String> extras, ObjectNode expect) {

    private static final ObjectNode NONE = Json.object();

    public Update {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        expect = expect == null ? NONE : expect;
    }

    public Update(String id, ObjectNode fields, Map<String, String> extras) {
        this(id, fields, extras, null);
    }

    public Update(String id, ObjectNode fields) {
        this(id, fields, Map.of(), null);
    }

    /** Whether it goes out only if the account still has certain values. */
    public boolean conditional() {
        return !expect.isEmpty();
    }
}
