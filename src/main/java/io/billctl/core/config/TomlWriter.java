package io.billctl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the config as a person would: top-level keys, then one {@code [profiles.NAME]} table per
 * profile, then any other table the file held. Jackson's TOML writer flattens tables into dotted
 * keys, which is valid but hard to edit by hand. Keys billctl does not know are written back as
 * they were read: nested tables as {@code [a.b]}, arrays inline, dates as the strings the reader
 * makes of them. (Comments cannot be: Jackson's
 * TOML reader drops them; {@link ConfigStore} keeps a {@code .bak} then.)
 */
final class TomlWriter {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlWriter() {}

    static String write(Config config) {
        StringBuilder out = new StringBuilder();
        table(out, new ArrayList<>(), config.toTree());
        return out.toString();
    }

    /** A table: its own keys under its header (none for the root), then its sub-tables. */
    private static void table(StringBuilder out, List<String> path, ObjectNode table) {
        List<Map.Entry<String, JsonNode>> tables = new ArrayList<>();
        boolean hasValues = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().isObject()) tables.add(entry);
            else if (!entry.getValue().isNull()) hasValues = true;
        }
        // A table of tables only needs no header of its own; an empty one keeps it, or it would vanish.
        if (!path.isEmpty() && (hasValues || tables.isEmpty())) {
            out.append("\n[").append(dotted(path)).append("]\n");
        }
        table.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isObject() || value.isNull()) return;
            out.append(key(entry.getKey())).append(" = ").append(value(value)).append('\n');
        });
        for (Map.Entry<String, JsonNode> child : tables) {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(child.getKey());
            table(out, childPath, (ObjectNode) child.getValue());
        }
    }

    private static String dotted(List<String> path) {
        return String.join(".", path.stream().map(TomlWriter::key).toList());
    }

    /** A value on one line: string, number, boolean, an inline array or an inline table. */
    private static String value(JsonNode value) {
        if (value.isTextual()) return string(value.textValue());
        if (value.isBoolean()) return value.asText();
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (value.isFloatingPointNumber() && Double.isNaN(d)) return "nan";
            if (value.isFloatingPointNumber() && Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
            return value.isFloatingPointNumber() && !value.asText().matches(".*[.eE].*") ? value.asText() + ".0" : value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) if (!item.isNull()) items.add(value(item));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isObject()) {
            List<String> members = new ArrayList<>();
            value.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) members.add(key(e.getKey()) + " = " + value(e.getValue()));
            });
            return members.isEmpty() ? "{}" : "{ " + String.join(", ", members) + " }";
        }
        return string(value.asText());
    }

    private static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : string(key);
    }

    /** A TOML basic string: backslash and quote escaped, control characters as \\uXXXX. */
    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) out.append(String.format("\\u%04X", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
