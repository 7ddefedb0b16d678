package io.billctl.core.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldType;
import io.billctl.core.catalog.Numbers;
import io.billctl.core.http.Redactor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An account as the vendor returned it, turned into what {@code get} and {@code list} show and what
 * {@code update -f} and {@code --batch} take back: by default the id under the backend's id name and
 * the catalog's writable fields, in the catalog's order, each typed by the catalog (Yeti's decimal
 * "20.0" is the number 20.0, an Enswitch numeric string a number where the field is one);
 * {@code --all-fields} everything the server returned; {@code --fields a,b} just those. Secrets the
 * server returns in clear are left out and named, unless {@code --show-secrets}.
 */
public final class Projection {
    private final Backend backend;
    private final Catalog catalog;
    private final List<String> fields;
    private final boolean allFields;
    private final boolean showSecrets;
    private final Redactor redactor;
    private List<String> columns;
    /** The catalog's fields with a secret member somewhere inside them (PortaBilling's sim_card_info). */
    private final Set<String> holdingSecrets = new java.util.HashSet<>();

    /** The account in the chosen shape, and the secrets left out of it. */
    /** {@code order}: every name shown or left out as a secret, in the order asked for (--fields), for a table's rows. */
    public record Shown(String id, ObjectNode account, List<String> masked, List<String> order) {}

    /**
     * @param fields      the names to show ({@code --fields}, or a list table's columns), else all
     * @param checked     whether {@code fields} came from the user, so that a misspelt one is refused
     */
    public Projection(Backend backend, List<String> fields, boolean checked, boolean allFields, boolean showSecrets, Redactor redactor) {
        this.backend = backend;
        this.catalog = backend.catalog();
        this.fields = List.copyOf(fields);
        this.allFields = allFields;
        this.showSecrets = showSecrets;
        this.redactor = redactor;
        for (Field field : catalog.fields()) if (!field.secret() && holdsSecret(field)) holdingSecrets.add(field.name());
        if (!checked) return;
        for (String name : fields) {
            if (!name.equals(backend.idName()) && catalog.find(name).isEmpty() && !allFields) {
                throw BillctlException.usage("--fields: " + name + " is not a field of " + backend.displayName()
                        + catalog.suggest(name).map(s -> " (did you mean " + s + "?)").orElse("")
                        + "; --all-fields takes any name the server returns");
            }
        }
    }

    /** Whether secrets the server returns in clear are shown ({@code --show-secrets}). */
    public boolean showSecrets() {
        return showSecrets;
    }

    /**
     * The names a CSV header holds before any account has come, or null when only the accounts can
     * tell (--all-fields without --fields: whatever the server returns, which the catalog does not list).
     */
    public List<String> header() {
        return allFields && fields.isEmpty() ? null : columns();
    }

    /** The names shown, in order, when the accounts are not yet known (a CSV header, a table's columns). */
    public List<String> columns() {
        if (columns == null) columns = List.copyOf(names());
        return columns;
    }

    private List<String> names() {
        if (!fields.isEmpty()) return withId(fields);
        List<String> names = new ArrayList<>();
        names.add(backend.idName());
        for (Field field : catalog.fields()) if (shownByDefault(field)) names.add(field.name());
        return names;
    }

    private List<String> withId(List<String> names) {
        if (names.contains(backend.idName())) return names;
        List<String> all = new ArrayList<>();
        all.add(backend.idName());
        all.addAll(names);
        return all;
    }

    /** The fields an update sets, secrets among them (shown masked, or left out of what goes back). */
    private static boolean shownByDefault(Field field) {
        return field.settable();
    }

    public Shown show(ObjectNode flat) {
        JsonNode id = flat.get(backend.idName());
        String idText = id == null || id.isNull() ? "" : id.asText();
        ObjectNode account = Json.object();
        Set<String> masked = new LinkedHashSet<>();
        Iterable<String> names = allFields && fields.isEmpty() ? namesOf(flat) : columns();
        List<String> order = new ArrayList<>();
        for (String name : names) {
            order.add(name);
            if (name.equals(backend.idName())) {
                account.set(name, typedId(id));
                continue;
            }
            JsonNode value = flat.get(name);
            if (value == null) continue;
            Field field = catalog.find(name).orElse(null);
            boolean secret = field != null ? field.secret() : redactor.isSecretKey(name);
            if (secret && !showSecrets && !value.isNull() && !(value.isTextual() && value.textValue().isEmpty())) {
                masked.add(name);
                continue;
            }
            if (!showSecrets && !holdingSecrets.isEmpty() && holdingSecrets.contains(name)) value = withoutSecrets(field, value, name, masked);
            account.set(name, field == null ? value : typed(field, value));
        }
        return new Shown(idText, account, List.copyOf(masked), order);
    }

    /** Whether a member of {@code field}, at any depth, is secret. */
    private static boolean holdsSecret(Field field) {
        for (Field member : field.members()) if (member.secret() || holdsSecret(member)) return true;
        return false;
    }

    /**
     * An object (or each object of a list) with its secret members that hold a value left out, each named in
     * {@code masked} by its path ({@code sim_card_info.auth_key}); the value itself when it holds none.
     */
    private static JsonNode withoutSecrets(Field field, JsonNode value, String path, Set<String> masked) {
        if (value instanceof ArrayNode list) {
            ArrayNode copy = null;
            for (int i = 0; i < list.size(); i++) {
                JsonNode element = list.get(i);
                JsonNode shown = withoutSecrets(field, element, path, masked);
                if (shown != element && copy == null) copy = list.deepCopy();
                if (copy != null) copy.set(i, shown);
            }
            return copy == null ? value : copy;
        }
        if (!(value instanceof ObjectNode object)) return value;
        ObjectNode copy = null;
        for (Field member : field.members()) {
            JsonNode inside = object.get(member.name());
            if (inside == null || inside.isNull()) continue;
            JsonNode shown;
            if (member.secret()) {
                if (inside.isTextual() && inside.textValue().isEmpty()) continue; // nothing set: nothing to hide
                masked.add(path + "." + member.name());
                shown = null;
            } else {
                shown = member.members().isEmpty() ? inside : withoutSecrets(member, inside, path + "." + member.name(), masked);
                if (shown == inside) continue;
            }
            if (copy == null) copy = object.deepCopy();
            if (shown == null) copy.remove(member.name());
            else copy.set(member.name(), shown);
        }
        return copy == null ? value : copy;
    }

    private List<String> namesOf(ObjectNode flat) {
        List<String> names = new ArrayList<>();
        names.add(backend.idName());
        flat.fieldNames().forEachRemaining(name -> {
            if (!name.equals(backend.idName())) names.add(name);
        });
        return names;
    }

    /** The id as the batch reads it: a number where it is one. */
    private static JsonNode typedId(JsonNode id) {
        if (id == null) return Json.NODES.nullNode();
        if (id.isTextual() && id.textValue().matches("[0-9]{1,18}")) return Json.NODES.numberNode(Long.parseLong(id.textValue()));
        return id;
    }

    /** A value by the catalog's type, where the server wrote it otherwise ("20.0", "7"); anything else as it came. */
    static JsonNode typed(Field field, JsonNode value) {
        if (value.isNull()) return value;
        FieldType type = field.type();
        if (type.isList() && value.isArray() && !type.isStructured()) {
            ArrayNode items = Json.NODES.arrayNode();
            for (JsonNode item : value) items.add(scalar(type.element(), item));
            return items;
        }
        return type.isList() || type.isStructured() ? value : scalar(type, value);
    }

    private static JsonNode scalar(FieldType type, JsonNode value) {
        try {
            switch (type) {
                case INTEGER -> {
                    if (value.isIntegralNumber()) return value;
                    if (value.isTextual() && bounded(value.textValue())) return Json.NODES.numberNode(new BigInteger(value.textValue().trim()));
                    if (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0) {
                        return Json.NODES.numberNode(value.decimalValue().toBigIntegerExact());
                    }
                }
                case DECIMAL -> {
                    if (value.isNumber()) return Json.NODES.numberNode(value.decimalValue());
                    if (value.isTextual() && bounded(value.textValue())) return Json.NODES.numberNode(new BigDecimal(value.textValue().trim()));
                }
                case BOOLEAN -> {
                    if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
                        return Json.NODES.booleanNode(Boolean.parseBoolean(value.textValue()));
                    }
                }
                case STRING, DATE, DATETIME -> {
                    if (value.isNumber()) return Json.NODES.textNode(value.asText());
                }
                default -> { }
            }
        } catch (NumberFormatException | ArithmeticException asItCame) {
            // not a number after all: shown as the server wrote it
        }
        return value;
    }

    /** A number Numbers would let through (40 digits, exponent within 300): safe to parse. */
    private static boolean bounded(String text) {
        return Numbers.textProblem(text.trim()) == null;
    }

    /** Every name of an object's members, in order. */
    static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) names.add(it.next().getKey());
        return Collections.unmodifiableList(names);
    }
}
