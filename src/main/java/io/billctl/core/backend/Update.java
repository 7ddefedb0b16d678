package io.billctl.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One validated update: the account's id, the fields to set (in the vendor's names and JSON
 * shape), and request parameters that are not account fields (Enswitch's {@code validation=1}).
 */
public record Update(String id, ObjectNode fields, Map<String, String> extras) {

    public Update {
        extras = Map.copyOf(extras);
    }

    public Update(String id, ObjectNode fields) {
        this(id, fields, Map.of());
    }

    public Update withExtra(String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(extras);
        copy.put(name, value);
        return new Update(id, fields, copy);
    }
}
