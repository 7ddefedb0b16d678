package io.billctl.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The rules a catalog knows from practice but the vendor's documentation does not state (a currency
 * in capitals, an email with a dot after the @, a limit of at least -1): billctl refuses only what
 * the server certainly refuses, so a value that breaks one is sent, with a warning that says so.
 */
public final class Unstated {
    private Unstated() {}

    /** A warning for each field of {@code update} whose value breaks its unstated rule, in field order. */
    public static List<String> warnings(Catalog catalog, ObjectNode update) {
        List<String> warnings = new ArrayList<>(0);
        for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value == null || value.isNull() || value.isTextual() && value.textValue().isEmpty()) continue;
            Field field = catalog.find(entry.getKey()).orElse(null);
            if (field == null || field.unstated().isEmpty()) continue;
            String problem = field.unstated().get().apply(value);
            if (problem != null && field.secret()) problem = Validator.unsaid(problem, value);
            if (problem != null) {
                warnings.add(entry.getKey() + ": " + problem + "; the vendor's documentation states no such rule, so it is sent and the server decides");
            }
        }
        return warnings;
    }
}
