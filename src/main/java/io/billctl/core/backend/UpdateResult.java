package io.billctl.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A successful update: the vendor's own answer (for {@code -o json}) and the rows a table shows.
 */
public record UpdateResult(String id, JsonNode response, List<Map.Entry<String, String>> rows) {}
