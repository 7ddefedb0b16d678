package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validated update: the account's id, the fields to set (in the vendor's names and JSON
 * shape), and request parameters that are not account fields (Enswitch's {@code validation=1}),
 * the same for every update of a run. Built once and then only read.
 */
public record Update(String id, ObjectNode fields, Map<String, String> extras) {

    public Update {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public Update(String id, ObjectNode fields) {
        this(id, fields, Map.of());
    }
}
