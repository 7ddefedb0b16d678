package io.billctl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the config as a person would: top-level keys, then one {@code [profiles.NAME]} table per
 * profile. Jackson's TOML writer flattens tables into dotted keys, which is valid but hard to
 * edit by hand; the config's shape is flat enough that this is all the writer it needs.
 */
final class TomlWriter {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlWriter() {}

    static String write(Config config) {
        ObjectNode tree = config.toTree();
        StringBuilder out = new StringBuilder();
        JsonNode profiles = tree.remove("profiles");
        scalars(out, tree);
        if (profiles != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = profiles.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> profile = it.next();
                out.append("\n[profiles.").append(key(profile.getKey())).append("]\n");
                scalars(out, (ObjectNode) profile.getValue());
            }
        }
        return out.toString();
    }

    private static void scalars(StringBuilder out, ObjectNode table) {
        table.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull()) return;
            out.append(key(entry.getKey())).append(" = ");
            out.append(value.isBoolean() || value.isNumber() ? value.asText() : string(value.asText())).append('\n');
        });
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
