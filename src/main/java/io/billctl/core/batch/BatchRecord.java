package io.billctl.core.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;

/**
 * One record: where it starts in the file, and its fields in the vendor's names (the id among
 * them). A JSON Lines record keeps its text until a worker asks for the fields, so that the
 * thread reading the file only splits lines and the parsing runs on every core.
 */
final class BatchRecord {
    private final long line;
    private final String text;
    private final String label;
    private final List<String> cells;
    private ObjectNode fields;

    private BatchRecord(long line, String text, String label, List<String> cells, ObjectNode fields) {
        this.line = line;
        this.text = text;
        this.label = label;
        this.cells = cells;
        this.fields = fields;
    }

    /** A CSV row: its fields typed, and its cells as they were (for --failed-out). */
    static BatchRecord csvRow(long line, List<String> cells, ObjectNode fields) {
        return new BatchRecord(line, null, null, cells, fields);
    }

    static BatchRecord jsonLine(long line, String text, String label) {
        return new BatchRecord(line, text, label, null, null);
    }

    /** The record as the input had it: its JSON text, or its CSV cells. */
    JsonNode raw() {
        if (text != null) return Json.NODES.textNode(text);
        ArrayNode array = Json.NODES.arrayNode();
        cells.forEach(array::add);
        return array;
    }

    long line() {
        return line;
    }

    /** The fields, parsed on first use; a line that is no JSON object is a usage error naming it. */
    ObjectNode fields() {
        if (fields == null) {
            JsonNode node;
            try {
                node = Json.parseInput(text);
            } catch (Json.DuplicateKey e) {
                throw BillctlException.usage(label + " line " + line + ": " + Json.describe(e).replaceAll(" at line \\d+,", " at"));
            } catch (JsonProcessingException e) {
                throw BillctlException.usage(label + " line " + line + ": not valid JSON: " + Json.describe(e).replaceAll(" at line \\d+,", " at"));
            }
            if (!(node instanceof ObjectNode object)) {
                throw BillctlException.usage(label + " line " + line + ": expected a JSON object of fields, got " + node.getNodeType().name().toLowerCase());
            }
            fields = object;
        }
        return fields;
    }
}
