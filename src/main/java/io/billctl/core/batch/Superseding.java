package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last record of an account in the file wins (README): in one run the records of an account go one at
 * a time in file order ({@link Accounts}), but a record that failed, or was in flight when its run stopped, is
 * sent again by a resume (or a rerun of {@code --failed-out}) after a later record of its account was done, and
 * would set the earlier value over the later one. So, for the accounts a batch names more than once, this keeps
 * what the records already done set (a field; an element of a list the server merges by key, by its key) and
 * from which line; a record earlier in the file than such a line is sent without what it set: not at all when
 * that is everything it sets (superseded), and with what the server empties along with a field it changes
 * ({@link Field#clears()}: PortaBilling's add-ons with the product) given the later record's value, so that its
 * change does not take that away. Its expectations on the fields left out go with them: those fields are not
 * written. Memory: an entry per field of the repeated accounts' records that are done.
 */
final class Superseding {
    static final Superseding NONE = new Superseding(null, Accounts.none());

    private final Catalog catalog;
    private final Accounts accounts;
    /** The fields some field empties when it changes: their later values are kept, to be sent along. */
    private final Set<String> clearable = new HashSet<>();
    /** By account key, by unit (a field's name, or a merged list's name and an element's key): the last line done that set it. */
    private final Map<Long, Map<String, Setting>> done = new HashMap<>();
    /**
     * What a resume sends of the records that later records, done in the runs before, supersede in part or in whole; by
     * line. Made by {@link #learn} before the workers start, read only after: no lock is taken per record.
     */
    private final Map<Long, Remainder> atResume = new HashMap<>();

    private record Setting(long line, JsonNode value) {}

    /**
     * What is left of a record once what later records of its account, already done, set is taken out.
     *
     * @param original the record as the file gave it
     * @param rest     what is left to send; null when nothing is: the record is superseded
     * @param dropped  the fields left out entirely
     * @param replaced fields whose value is not the record's: a merged list without the elements left out, a
     *                 field a change of the record empties, given the later record's value
     * @param by       the later lines that set what is left out
     */
    record Remainder(Prepared original, Prepared rest, Set<String> dropped, ObjectNode replaced, TreeSet<Long> by, List<String> said) {
        boolean superseded() {
            return rest == null;
        }

        /** What is left out, in words: "name", "service_features voice_vm". */
        String leftOut() {
            return String.join(", ", said);
        }
    }

    Superseding(Catalog catalog, Accounts accounts) {
        this.catalog = catalog;
        this.accounts = accounts;
        if (catalog != null) {
            for (Field field : catalog.fields()) clearable.addAll(field.clears());
        }
    }

    /** Whether it has anything to do: the batch names an account more than once. */
    boolean active() {
        return catalog != null && accounts.repeatedCount() > 0;
    }

    /** Whether {@code record}'s account is one the batch names more than once. */
    boolean repeats(Prepared record) {
        return active() && accounts.repeats(record.id());
    }

    /**
     * Before a resume: what the records the journal shows as done set ({@code history}), and from that what each
     * record still to send of the same accounts is left with. Two passes over the spool, which is then read again
     * from its start; nothing is done for a batch that names no account twice, or a journal with nothing done.
     */
    void learn(Spool spool, JournalHistory history) {
        if (!active() || history.done().isEmpty()) return;
        try {
            for (Prepared record = spool.next(); record != null; record = spool.next()) {
                if (history.isDone(record.line())) done(record);
            }
            spool.rewind();
            for (Prepared record = spool.next(); record != null; record = spool.next()) {
                if (history.isDone(record.line()) || !accounts.repeats(record.id())) continue;
                Remainder left = remainder(record);
                if (left != null) atResume.put(record.line(), left);
            }
        } finally {
            spool.rewind();
        }
    }

    /** What a resume sends of the record at {@code line}: null when the record goes as it is. */
    Remainder atResume(long line) {
        return atResume.isEmpty() ? null : atResume.get(line);
    }

    /** The records a resume leaves out or sends in part, in file order. */
    List<Remainder> resumed() {
        List<Remainder> all = new ArrayList<>(atResume.values());
        all.sort((a, b) -> Long.compare(a.original().line(), b.original().line()));
        return all;
    }

    /** The record as the file gave it, for one a resume sent in part. */
    Prepared original(Prepared record) {
        Remainder left = atResume.isEmpty() ? null : atResume.get(record.line());
        return left == null ? record : left.original();
    }

    /** A record done (applied, or found already applied): what it set is set from its line on. */
    synchronized void done(Prepared record) {
        if (!active() || !accounts.repeats(record.id())) return;
        Map<String, Setting> units = done.computeIfAbsent(Accounts.key(record.id()), k -> new HashMap<>());
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Field field = catalog.find(entry.getKey()).orElse(null);
            if (field != null && field.requestOption()) continue;
            if (merged(field, entry.getValue())) {
                String key = field.key().orElseThrow();
                for (JsonNode element : entry.getValue()) {
                    JsonNode its = element.get(key);
                    if (its != null && !its.isNull()) set(units, unit(entry.getKey(), its), record.line(), null);
                }
            } else {
                set(units, entry.getKey(), record.line(), clearable.contains(entry.getKey()) ? entry.getValue() : null);
            }
        }
    }

    private static void set(Map<String, Setting> units, String unit, long line, JsonNode value) {
        Setting held = units.get(unit);
        if (held == null || held.line() < line) units.put(unit, new Setting(line, value));
    }

    /** What is left of {@code record} once what later done records of its account set is taken out; null when nothing is taken out. */
    synchronized Remainder remainder(Prepared record) {
        if (!active() || !accounts.repeats(record.id())) return null;
        Map<String, Setting> units = done.get(Accounts.key(record.id()));
        if (units == null) return null;
        long line = record.line();
        ObjectNode rest = Json.object();
        ObjectNode replaced = Json.object();
        Set<String> dropped = new LinkedHashSet<>();
        List<String> said = new ArrayList<>();
        TreeSet<Long> by = new TreeSet<>();
        boolean anyValue = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            Field field = catalog.find(name).orElse(null);
            if (field != null && field.requestOption()) {
                rest.set(name, entry.getValue()); // sent with what is left, if anything is
                continue;
            }
            if (merged(field, entry.getValue())) {
                String key = field.key().orElseThrow();
                ArrayNode kept = Json.NODES.arrayNode();
                List<String> out = new ArrayList<>();
                for (JsonNode element : entry.getValue()) {
                    JsonNode its = element.get(key);
                    Setting later = its == null || its.isNull() ? null : after(units, unit(name, its), line);
                    if (later == null) {
                        kept.add(element);
                    } else {
                        out.add(its.asText());
                        by.add(later.line());
                    }
                }
                if (out.isEmpty()) {
                    rest.set(name, entry.getValue());
                    anyValue = true;
                } else if (kept.isEmpty()) {
                    dropped.add(name);
                    said.add(name);
                } else {
                    rest.set(name, kept);
                    replaced.set(name, kept);
                    said.add(name + " " + String.join(", ", out));
                    anyValue = true;
                }
                continue;
            }
            Setting later = after(units, name, line);
            if (later == null) {
                rest.set(name, entry.getValue());
                anyValue = true;
            } else {
                dropped.add(name);
                said.add(name);
                by.add(later.line());
            }
        }
        // What a field sent empties on the server unless given (the add-ons with the product): given the later record's value.
        for (Iterator<String> names = record.fields().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!rest.has(name) || dropped.contains(name)) continue;
            for (String cleared : catalog.find(name).map(Field::clears).orElse(List.of())) {
                if (rest.has(cleared)) continue;
                Setting later = after(units, cleared, line);
                if (later == null || later.value() == null) continue;
                rest.set(cleared, later.value());
                replaced.set(cleared, later.value());
                said.add("with " + cleared + " as line " + later.line() + " set it");
                by.add(later.line());
            }
        }
        if (dropped.isEmpty() && replaced.isEmpty()) return null;
        ObjectNode expect = record.expect() == null ? null : record.expect().deepCopy();
        if (expect != null) {
            for (String name : dropped) expect.remove(name);
            if (expect.isEmpty()) expect = null;
        }
        Prepared left = anyValue ? new Prepared(line, record.id(), rest, expect, record.raw()) : null;
        return new Remainder(record, left, dropped, replaced, by, said);
    }

    /** The setting of {@code unit} by a record after {@code line}, or null. */
    private static Setting after(Map<String, Setting> units, String unit, long line) {
        Setting setting = units.get(unit);
        return setting != null && setting.line() > line ? setting : null;
    }

    private static boolean merged(Field field, JsonNode value) {
        return field != null && field.mergedByKey() && field.key().isPresent() && value != null && value.isArray();
    }

    private static String unit(String field, JsonNode key) {
        return field + '\u0000' + key.asText();
    }
}
