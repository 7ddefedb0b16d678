package io.billctl.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A successful update: the vendor's own answer (for {@code -o json}) and the rows a table shows,
 * built only when a table is printed (a batch prints none, over thousands of records).
 */
public record UpdateResult(String id, JsonNode response, Supplier<List<Map.Entry<String, String>>> table) {

    public List<Map.Entry<String, String>> rows() {
        return table.get();
    }
}
