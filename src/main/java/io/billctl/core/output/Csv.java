package io.billctl.core.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as {@code --batch} reads it back: cells written so that the catalog types them to the same
 * value (a number, true or false, a comma list, JSON for objects, {@code null} for null, the text "null"
 * as the JSON string {@code "null"}), and lines
 * quoted by RFC 4180.
 */
public final class Csv {
    private Csv() {}

    /** A cell that a batch types back to {@code value}. An empty string is an empty cell: on the way back, "leave it as it is". */
    public static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return "null";
        if (value.isTextual()) {
            // Read back, "null" is JSON null and a text in double quotes a JSON string: those are written as JSON strings.
            String text = value.textValue();
            boolean quoted = text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"");
            return text.equals("null") || quoted ? Json.write(value) : text;
        }
        if (value.isNumber()) return Presenter.cell(value);
        if (value.isBoolean()) return value.asText();
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                // A list of plain values is the comma list a flag takes; one that would not read back the same, JSON.
                if (item.isContainerNode() || item.isNull() || item.isTextual() && !plainItem(item.textValue())) return Json.write(value);
                items.add(item.isTextual() ? item.textValue() : Presenter.cell(item));
            }
            String joined = String.join(",", items);
            return items.isEmpty() ? "[]" : joined.equals("null") ? Json.write(value) : joined;
        }
        return Json.write(value);
    }

    /**
     * An item a comma list gives back as it is: not empty, no comma, no blank at either end (items are
     * trimmed), and not the start of JSON ({@code [}, {@code {} or a quote: the cell would be read as JSON).
     */
    private static boolean plainItem(String text) {
        if (text.isEmpty() || text.contains(",") || text.strip().length() != text.length()) return false;
        char first = text.charAt(0);
        return first != '[' && first != '{' && first != '"';
    }

    /** RFC 4180: a cell with a comma, quote or line break quoted, quotes doubled. */
    public static String line(List<String> cells) {
        return line(cells, ',');
    }

    /** The same with another delimiter (';' or tab, as a spreadsheet wrote the file read): a cell holding it is quoted instead of one holding a comma. */
    public static String line(List<String> cells, char delimiter) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) line.append(delimiter);
            String cell = cells.get(i);
            if (cell.indexOf(delimiter) >= 0 || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        return line.toString();
    }
}
