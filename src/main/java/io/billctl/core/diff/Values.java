package io.billctl.core.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldType;
import io.billctl.core.catalog.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Whether two values of a field are the same value, as the vendor means it, not as JSON writes it:
 * a decimal 20 is "20.0" and "20.00", an integer 7 is "7", a boolean true is 1 and "1", a list the
 * catalog marks unordered is the same in any order, a comma string is the list it writes, and null
 * is the same as absent (vendors leave empty fields out of what they return), as is an empty list
 * the catalog says the server keeps as null ({@link Field#emptyIsNull()}). A list of objects whose
 * elements the catalog names by a key ({@link Field#key()}) is compared element by element, each on
 * the members it gives but those the server ignores ({@code dropped}): merged by the key (an element
 * not given is left as it is), or replaced whole in any order. A field the catalog
 * does not know is compared structurally with numbers by value. Also turns a value as a vendor
 * returned it into the typed value an update takes (the before-image undo sets).
 */
public final class Values {
    private Values() {}

    /** Whether setting {@code wanted} on an account whose value is {@code current} (null: absent) changes nothing. */
    public static boolean same(Field field, JsonNode current, JsonNode wanted) {
        if (merged(field) && wanted != null && wanted.isArray()) return mergedList(field, current, wanted);
        boolean currentEmpty = empty(field, current);
        boolean wantedEmpty = empty(field, wanted);
        if (currentEmpty || wantedEmpty) return currentEmpty == wantedEmpty;
        if (field == null) return loosely(current, wanted);
        FieldType type = field.type();
        return switch (type) {
            case INTEGER, DECIMAL, BOOLEAN, STRING, DATE, DATETIME -> scalar(type, current, wanted);
            case STRING_LIST, INTEGER_LIST -> list(field, current, wanted);
            case OBJECT_LIST -> field.key().isPresent() ? keyedSet(field, current, wanted) : loosely(current, wanted);
            default -> loosely(current, wanted);
        };
    }

    /**
     * The before-image of {@code field} for an update that sets it to {@code wanted}, from {@code current}
     * as read: of a list the server merges by key, the account's elements the update names (what undo
     * sends back; one the account does not have is left out, since a merge cannot take it away again);
     * else {@code current} as it is.
     */
    public static JsonNode concerned(Field field, JsonNode current, JsonNode wanted) {
        if (!merged(field) || wanted == null || !wanted.isArray() || current == null || !current.isArray()) return current;
        String key = field.key().orElseThrow();
        ArrayNode elements = Json.NODES.arrayNode();
        for (JsonNode element : wanted) {
            JsonNode match = byKey(field, current, element.get(key));
            if (match != null) elements.add(match); // one the account lacks has no before: a merge cannot take it away (undo says so)
        }
        return elements;
    }

    /**
     * Of a list the server merges by key, the elements of {@code after} that {@code before} has none of
     * the key of, as "key=value" (what undo cannot take away again); empty for any other field.
     */
    public static List<String> added(Field field, JsonNode before, JsonNode after) {
        if (!merged(field) || before == null || !before.isArray() || after == null || !after.isArray()) return List.of();
        String key = field.key().orElseThrow();
        List<String> added = new ArrayList<>();
        for (JsonNode element : after) {
            if (byKey(field, before, element.get(key)) == null) added.add(key + "=" + element.path(key).asText());
        }
        return added;
    }

    /**
     * What the account holds for {@code field} once an update set it to {@code wanted} over {@code current}:
     * {@code wanted}, but of a list the server merges by key, the account's list with each element given laid
     * over the account's element of its key (the members it gives), or added when there is none.
     */
    public static JsonNode set(Field field, JsonNode current, JsonNode wanted) {
        if (!merged(field) || wanted == null || !wanted.isArray()) return wanted;
        String key = field.key().orElseThrow();
        ArrayNode list = current != null && current.isArray() ? current.deepCopy() : Json.NODES.arrayNode();
        for (JsonNode element : wanted) {
            JsonNode held = byKey(field, list, element.get(key));
            if (held instanceof ObjectNode object && element instanceof ObjectNode given) {
                object.setAll(given.deepCopy());
            } else {
                list.add(element.deepCopy());
            }
        }
        return list;
    }

    private static boolean merged(Field field) {
        return field != null && field.type() == FieldType.OBJECT_LIST && field.key().isPresent() && field.mergedByKey();
    }

    /** Null, absent, or an empty list of a field the server keeps empty as null. */
    private static boolean empty(Field field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return true;
        if (field == null || !field.emptyIsNull()) return false;
        List<JsonNode> items = items(value);
        return items != null && items.isEmpty();
    }

    /** Every element given has one of its key on the account, the same on what it gives; the account's others are left as they are. */
    private static boolean mergedList(Field field, JsonNode current, JsonNode wanted) {
        for (JsonNode element : wanted) {
            JsonNode match = current == null || !current.isArray() ? null : byKey(field, current, element.get(field.key().orElseThrow()));
            if (match == null || !sameElement(field, match, element)) return false;
        }
        return true;
    }

    /** As many elements, each given one matching one of the account's of its key (or, without a key, any). */
    private static boolean keyedSet(Field field, JsonNode current, JsonNode wanted) {
        if (!current.isArray() || !wanted.isArray()) return loosely(current, wanted);
        if (current.size() != wanted.size()) return false;
        String key = field.key().orElseThrow();
        Field keyField = field.member(key).orElse(null);
        List<JsonNode> left = new ArrayList<>();
        current.forEach(left::add);
        outer:
        for (JsonNode element : wanted) {
            for (Iterator<JsonNode> it = left.iterator(); it.hasNext(); ) {
                JsonNode candidate = it.next();
                if (same(keyField, candidate.get(key), element.get(key)) && sameElement(field, candidate, element)) {
                    it.remove();
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    /** The element of {@code list} whose key is {@code key}; null when none is, or no key is given. */
    private static JsonNode byKey(Field field, JsonNode list, JsonNode key) {
        if (key == null || key.isNull()) return null;
        Field keyField = field.member(field.key().orElseThrow()).orElse(null);
        for (JsonNode element : list) {
            JsonNode its = element.get(field.key().orElseThrow());
            if (its != null && !its.isNull() && same(keyField, its, key)) return element;
        }
        return null;
    }

    /**
     * An element of a list of objects (or an object inside one) the same as the account's: each member
     * it gives, but those the server ignores ({@code dropped}), is the same, objects among them judged
     * the same way; the members it leaves out are not looked at.
     */
    private static boolean sameElement(Field field, JsonNode current, JsonNode wanted) {
        if (!current.isObject() || !wanted.isObject()) return loosely(current, wanted);
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            Field its = field.member(member.getKey()).orElse(null);
            if (its != null && its.dropped().isPresent()) continue;
            JsonNode held = current.get(member.getKey());
            boolean same = its != null && its.type() == FieldType.OBJECT && held != null && held.isObject() && member.getValue().isObject()
                    ? sameElement(its, held, member.getValue())
                    : same(its, held, member.getValue());
            if (!same) return false;
        }
        return true;
    }

    /**
     * {@code value} as an update of {@code field} takes it: numbers written as text become numbers,
     * "1"/"0" booleans, a comma string a list; anything it cannot read is kept as it came.
     */
    public static JsonNode typed(Field field, JsonNode value) {
        if (field == null || value == null || value.isNull()) return value;
        FieldType type = field.type();
        switch (type) {
            case INTEGER, DECIMAL -> {
                BigDecimal number = decimal(value);
                if (number == null) return value;
                if (type == FieldType.INTEGER) {
                    try {
                        return Json.NODES.numberNode(number.toBigIntegerExact());
                    } catch (ArithmeticException notWhole) {
                        return value;
                    }
                }
                return value.isNumber() ? value : Json.NODES.numberNode(number);
            }
            case BOOLEAN -> {
                Boolean bool = bool(value);
                return bool == null ? value : Json.NODES.booleanNode(bool);
            }
            case STRING, DATE, DATETIME -> {
                return value.isValueNode() && !value.isTextual() ? Json.NODES.textNode(value.asText()) : value;
            }
            case STRING_LIST, INTEGER_LIST -> {
                List<JsonNode> items = items(value);
                if (items == null) return value;
                ArrayNode list = Json.NODES.arrayNode();
                FieldType element = type.element();
                for (JsonNode item : items) {
                    if (element == FieldType.INTEGER) {
                        BigDecimal number = decimal(item);
                        list.add(number == null ? item : Json.NODES.numberNode(number));
                    } else {
                        list.add(item.isTextual() ? item : Json.NODES.textNode(item.asText()));
                    }
                }
                return list;
            }
            default -> {
                return value;
            }
        }
    }

    private static boolean scalar(FieldType type, JsonNode current, JsonNode wanted) {
        switch (type) {
            case INTEGER, DECIMAL -> {
                BigDecimal a = decimal(current);
                BigDecimal b = decimal(wanted);
                if (a != null && b != null) return a.compareTo(b) == 0;
            }
            case BOOLEAN -> {
                Boolean a = bool(current);
                Boolean b = bool(wanted);
                if (a != null && b != null) return a.equals(b);
            }
            case DATETIME -> {
                if (current.isValueNode() && wanted.isValueNode()) return dateTime(current.asText()).equals(dateTime(wanted.asText()));
            }
            default -> {
                if (current.isValueNode() && wanted.isValueNode()) return current.asText().equals(wanted.asText());
            }
        }
        return loosely(current, wanted);
    }

    private static boolean list(Field field, JsonNode current, JsonNode wanted) {
        List<JsonNode> a = items(current);
        List<JsonNode> b = items(wanted);
        if (a == null || b == null) return loosely(current, wanted);
        if (a.size() != b.size()) return false;
        FieldType element = field.type().element();
        if (!field.unordered()) {
            for (int i = 0; i < a.size(); i++) if (!scalar(element, a.get(i), b.get(i))) return false;
            return true;
        }
        // As multisets: each wanted element takes one equal current element.
        List<JsonNode> left = new ArrayList<>(a);
        outer:
        for (JsonNode item : b) {
            for (Iterator<JsonNode> it = left.iterator(); it.hasNext(); ) {
                if (scalar(element, it.next(), item)) {
                    it.remove();
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    /** The elements of a list, from an array or a comma string ("a,b"; "" is no elements); null when it is neither. */
    private static List<JsonNode> items(JsonNode value) {
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
            return items;
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (text.isEmpty()) return items;
            for (String part : text.split(",", -1)) items.add(Json.NODES.textNode(part.trim()));
            return items;
        }
        return null;
    }

    /** Structurally, numbers by value (a number and the text of the same number included), null as absent in objects. */
    static boolean loosely(JsonNode a, JsonNode b) {
        if (a.isNumber() || b.isNumber()) {
            BigDecimal x = decimal(a);
            BigDecimal y = decimal(b);
            return x != null && y != null && x.compareTo(y) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!loosely(a.get(i), b.get(i))) return false;
            return true;
        }
        if (a.isObject() && b.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!sameMember(entry.getValue(), b.get(entry.getKey()))) return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!a.has(entry.getKey()) && !sameMember(null, entry.getValue())) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean sameMember(JsonNode a, JsonNode b) {
        boolean aEmpty = a == null || a.isNull();
        boolean bEmpty = b == null || b.isNull();
        if (aEmpty || bEmpty) return aEmpty == bEmpty;
        return loosely(a, b);
    }

    /** A number, or text that is one (within billctl's bounds); else null. */
    static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) return value.decimalValue();
        if (!value.isTextual()) return null;
        String text = value.textValue().trim();
        if (text.isEmpty() || Numbers.textProblem(text) != null) return null;
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** true/false, 1/0 and their text, "t"/"f", "yes"/"no"; else null. */
    static Boolean bool(JsonNode value) {
        if (value.isBoolean()) return value.booleanValue();
        if (value.isIntegralNumber()) {
            long n = value.longValue();
            return n == 1 ? Boolean.TRUE : n == 0 ? Boolean.FALSE : null;
        }
        if (!value.isTextual()) return null;
        return switch (value.textValue().trim().toLowerCase()) {
            case "true", "1", "t", "yes", "y" -> Boolean.TRUE;
            case "false", "0", "f", "no", "n" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** "2026-01-02T03:04:05Z", "2026-01-02 03:04:05" and "2026-01-02 03:04:05.000" written the same way. */
    private static String dateTime(String text) {
        String t = text.trim();
        if (t.length() > 10 && t.charAt(10) == 'T') t = t.substring(0, 10) + ' ' + t.substring(11);
        if (t.endsWith("Z")) t = t.substring(0, t.length() - 1);
        if (t.endsWith("+00:00")) t = t.substring(0, t.length() - 6);
        int dot = t.indexOf('.', 11);
        if (dot > 0 && t.substring(dot + 1).chars().allMatch(c -> c == '0')) t = t.substring(0, dot);
        return t;
    }
}
