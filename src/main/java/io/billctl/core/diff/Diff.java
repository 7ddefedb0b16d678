package io.billctl.core.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an update changes on an account, field by field, judged on the account as it was just read
 * and compared the way the catalog says ({@link Values}): only the fields whose value differs, in
 * the update's order. Fields the update does not name are not looked at. A request option the update
 * sends ({@link Field#requestOption()}, PortaBilling's release_assigned_did) is no value of the account:
 * never a change, kept apart ({@link #options()}) for the journal, whose undo sends it again.
 */
public final class Diff {
    private final List<Change> changes;
    private final int compared;
    private final ObjectNode options;
    private final ObjectNode cleared;

    private Diff(List<Change> changes, int compared, ObjectNode options, ObjectNode cleared) {
        this.changes = List.copyOf(changes);
        this.compared = compared;
        this.options = options;
        this.cleared = cleared;
    }

    /** {@code current}: the account as read, in the vendor's field names; {@code fields}: what the update sets. */
    public static Diff of(Catalog catalog, ObjectNode current, ObjectNode fields) {
        List<Change> changes = new ArrayList<>();
        ObjectNode options = Json.object();
        int ignored = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Field field = catalog.find(entry.getKey()).orElse(null);
            if (field != null && field.requestOption()) {
                options.set(entry.getKey(), entry.getValue());
                continue;
            }
            if (field != null && field.dropped().isPresent()) {
                ignored++; // never sent (PortaBilling's included_services): no change of the account
                continue;
            }
            JsonNode before = current.get(entry.getKey());
            if (Values.same(field, before, entry.getValue())) continue;
            boolean secret = field != null && field.secret();
            changes.add(new Change(entry.getKey(), beforeImage(field, before, entry.getValue()), entry.getValue(),
                    Values.typed(field, entry.getValue()), secret));
        }
        return new Diff(changes, fields.size() - options.size() - ignored, options, cleared(catalog, current, fields, changes));
    }

    /**
     * The account as the server would leave it once the update is applied: each field it sets holding its value
     * ({@link Values#set}: a list the server merges, merged), the fields the server empties along with one it
     * changes emptied ({@link Field#clears()}) unless the update gives them; a request option is no value of the
     * account. What a plan of several updates of one account judges the next one on.
     */
    public static ObjectNode after(Catalog catalog, ObjectNode current, ObjectNode fields) {
        ObjectNode after = current.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Field field = catalog.find(entry.getKey()).orElse(null);
            if (field != null && field.requestOption()) continue;
            JsonNode before = current.get(entry.getKey());
            if (field != null && !Values.same(field, before, entry.getValue())) {
                for (String name : field.clears()) {
                    if (fields.has(name)) continue;
                    JsonNode held = current.get(name);
                    if (held != null && held.isArray()) after.putArray(name);
                    else after.remove(name);
                }
            }
            after.set(entry.getKey(), Values.set(field, before, entry.getValue()));
        }
        return after;
    }

    /**
     * The values, as read, of the fields the server empties along with a field the update changes
     * ({@link Field#clears()}) when the update does not give them; not those empty already, nor secrets.
     */
    private static ObjectNode cleared(Catalog catalog, ObjectNode current, ObjectNode fields, List<Change> changes) {
        ObjectNode cleared = Json.object();
        for (Change change : changes) {
            for (String name : catalog.find(change.field()).map(Field::clears).orElse(List.of())) {
                if (fields.has(name) || cleared.has(name)) continue;
                Field field = catalog.find(name).orElse(null);
                JsonNode value = current.get(name);
                if (value == null || value.isNull() || value.isMissingNode() || value.isContainerNode() && value.isEmpty()) continue;
                if (field != null && field.secret()) continue;
                cleared.set(name, Values.typed(field, value));
            }
        }
        return cleared;
    }

    /**
     * The value to put back: as read, typed as an update takes it (of a list the server merges, the
     * elements the update names, unknown when the account lacks one: {@link Values#concerned}); for a
     * field the read did not have, null where the catalog says the field takes null (vendors leave empty
     * fields out), else unknown.
     */
    private static JsonNode beforeImage(Field field, JsonNode before, JsonNode wanted) {
        if (before != null && !before.isMissingNode()) {
            JsonNode concerned = Values.concerned(field, before, wanted);
            return concerned == null ? null : Values.typed(field, concerned);
        }
        return field != null && field.nullable() ? Json.NODES.nullNode() : null;
    }

    /**
     * What of {@code expect} the account no longer has: field -> "is 200, expected 100" (in the
     * order given), empty when it has all of it.
     */
    public static Map<String, String> unmet(Catalog catalog, ObjectNode current, ObjectNode expect) {
        Map<String, String> unmet = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Field field = catalog.find(entry.getKey()).orElse(null);
            JsonNode actual = current.get(entry.getKey());
            if (Values.same(field, actual, entry.getValue())) continue;
            unmet.put(entry.getKey(), "is " + words(actual) + ", expected " + words(entry.getValue()));
        }
        return unmet;
    }

    /** A value in a sentence: text as it is, "null", "absent" (not in what the vendor returned), JSON for the rest. */
    public static String words(JsonNode value) {
        if (value == null || value.isMissingNode()) return "absent";
        if (value.isNull()) return "null";
        if (value.isTextual()) return value.textValue().isEmpty() ? "\"\"" : value.textValue();
        if (value.isValueNode()) return value.asText();
        return Json.write(value);
    }

    public List<Change> changes() {
        return changes;
    }

    /** Whether the update would leave the account as it is. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The fields the update does not set whose values the server takes away with one it changes
     * ({@link Field#clears()}), as read: before-images the journal keeps for undo, no change of the update.
     */
    public ObjectNode cleared() {
        return cleared.deepCopy();
    }

    /** The request options the update sends with its fields (no value of the account), by name. */
    public ObjectNode options() {
        return options.deepCopy();
    }

    /** How many fields of the account the update sets, changed or not. */
    public int compared() {
        return compared;
    }

    /** The changed fields whose values are secrets: named, never shown or journaled. */
    public List<String> secretFields() {
        List<String> names = new ArrayList<>();
        for (Change change : changes) if (change.secret()) names.add(change.field());
        return names;
    }
}
