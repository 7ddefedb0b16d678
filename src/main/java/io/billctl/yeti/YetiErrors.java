package io.billctl.yeti;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * yeti-web's refusals, read as its JSON:API library (jsonapi-resources 0.9) writes them. A 422 has
 * one error per message, each with {@code source.pointer}: {@code /data/attributes/NAME} or
 * {@code /data/relationships/NAME} name the field ({@code title} is the bare message,
 * {@code detail} "NAME - message"), {@code /data} the record as a whole. A 400 has one error and
 * no pointer: its {@code code} says what was wrong with the request (105 a name the update may not
 * set, 106 a missing part, 109 no {@code data.id}, 110 a {@code data.id} other than the URL's, 101
 * a {@code data.type} other than accounts, 115 a relationship that is not {@code {"data":{"type","id"}}},
 * 116 a relationship of another type), and its {@code detail} names the parameter where it can.
 */
final class YetiErrors {
    /** "rateplan is not allowed.": the name of code 105, which is a field (or a relationship) the update may not set. */
    private static final Pattern NOT_ALLOWED = Pattern.compile("(.+) is not allowed\\.?");

    private YetiErrors() {}

    /** A 400 or 422 with yeti-web's {@code errors}: exit 1, the fields named, the vendor's words kept. */
    static BillctlException refusal(String vendor, JsonNode document, String id) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> said = new ArrayList<>();
        for (JsonNode error : document.path("errors")) {
            String pointer = text(error.path("source"), "pointer");
            String title = text(error, "title");
            String detail = text(error, "detail");
            String field = fieldOf(pointer);
            if (field != null) {
                String message = !detail.isEmpty() ? withoutName(detail, field) : title;
                fields.merge(field, message, (a, b) -> a + "; " + b);
                said.add(field + ": " + message);
            } else if (pointer.equals("/data")) {
                said.add(detail.isEmpty() ? title : detail);
            } else {
                said.add(request(text(error, "code"), title, detail, fields));
            }
        }
        String code = text(document.path("errors").path(0), "code");
        return new BillctlException(ExitCode.REJECTED, vendor + " refused the " + (id == null ? "request" : "update of account " + id) + ": "
                + String.join("; ", said), fields, code.isEmpty() ? null : code, null);
    }

    /** The field a pointer names, or null: {@code /data/attributes/max-balance} -> max-balance. */
    static String fieldOf(String pointer) {
        for (String prefix : new String[] {"/data/attributes/", "/data/relationships/"}) {
            if (pointer.startsWith(prefix) && pointer.length() > prefix.length()) return pointer.substring(prefix.length());
        }
        return null;
    }

    /** "name - has already been taken" -> "has already been taken": the message, as the title has it too. */
    private static String withoutName(String detail, String field) {
        String prefix = field + " - ";
        return detail.startsWith(prefix) ? detail.substring(prefix.length()) : detail;
    }

    /**
     * An error about the request rather than a value (no pointer): the vendor's detail, what part of
     * the request billctl knows it to be about, and the code with its title. Code 105 names a field,
     * which goes into {@code fields}.
     */
    private static String request(String code, String title, String detail, Map<String, String> fields) {
        String text = detail.isEmpty() ? title : detail;
        if (text.endsWith(".")) text = text.substring(0, text.length() - 1);
        if (code.equals("105")) {
            Matcher named = NOT_ALLOWED.matcher(detail);
            if (named.matches()) fields.merge(named.group(1), detail, (a, b) -> a + "; " + b);
        }
        String about = switch (code) {
            case "109" -> "data.id";
            case "110" -> "data.id is not the account of the URL";
            case "101" -> "data.type";
            case "115", "116" -> "a relationship";
            case "122" -> "data";
            default -> "";
        };
        String codeText = code.isEmpty() ? "" : "code " + code + (title.isEmpty() || title.equals(text) ? "" : " \"" + title + "\"");
        String note = about.isEmpty() ? codeText : codeText.isEmpty() ? about : about + "; " + codeText;
        return note.isEmpty() ? text : text + " (" + note + ")";
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isValueNode() && !value.isNull() ? value.asText() : "";
    }
}
