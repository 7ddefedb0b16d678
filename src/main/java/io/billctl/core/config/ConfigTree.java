package io.billctl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.billctl.core.BillctlException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of the config file, read with its place in the file at hand, so that a value of the
 * wrong type is named exactly: "profiles.prod.url must be a string".
 */
final class ConfigTree {
    private final Path file;
    private final String where;
    private final JsonNode table;

    ConfigTree(Path file, String where, JsonNode table) {
        this.file = file;
        this.where = where;
        this.table = table;
    }

    static ConfigTree root(Path file, JsonNode document) {
        return new ConfigTree(file, "", document == null ? MissingNode.getInstance() : document);
    }

    /** The table as the file holds it (missing when the file has none). */
    JsonNode node() {
        return table;
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        table.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    ConfigTree table(String key) {
        JsonNode value = table.path(key);
        if (!value.isMissingNode() && !value.isObject()) throw wrong(key, "a table");
        return new ConfigTree(file, where + key + ".", value);
    }

    /** A string; a number or boolean is taken as its text (username = 1001), as data binding did. */
    String string(String key) {
        JsonNode value = table.path(key);
        if (value.isMissingNode()) return null;
        if (value.isTextual()) return value.textValue();
        if (value.isNumber() || value.isBoolean()) return value.asText();
        throw wrong(key, "a string");
    }

    /** true or false, bare or quoted. */
    Boolean bool(String key) {
        JsonNode value = table.path(key);
        if (value.isMissingNode()) return null;
        if (value.isBoolean()) return value.booleanValue();
        if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) return Boolean.valueOf(value.textValue());
        throw wrong(key, "true or false");
    }

    private BillctlException wrong(String key, String expected) {
        return BillctlException.usage("cannot read the config file " + file + ": " + where + key + " must be " + expected);
    }
}
