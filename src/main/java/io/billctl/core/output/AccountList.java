package io.billctl.core.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Json;
import io.billctl.core.http.Redactor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of accounts written as it comes, so that memory holds a page and no more: a table (its
 * column widths from the first {@value #MEASURED} rows), one JSON document written a piece at a
 * time, JSON Lines, or CSV with a header row. JSON Lines and CSV are exactly what {@code --batch}
 * reads. Every value passes the run's redactor and is made safe for a terminal.
 */
public final class AccountList {
    /** Rows a table holds back to measure its columns before it prints. */
    static final int MEASURED = 200;

    private final OutputFormat format;
    private final PrintStream out;
    private final Redactor redactor;
    private final boolean bold;
    private final String backend;
    private final boolean showSecrets;
    private List<String> columns;
    private final List<List<String>> heldBack = new ArrayList<>();
    private int[] widths;
    private long count;
    /** JSON Lines: one generator for every account, no bytes copied per account. */
    private com.fasterxml.jackson.core.JsonGenerator lines;

    /** Whether stdout is a terminal: a CSV's cells are then made safe for it, else written exactly (see {@link Presenter}). */
    private final boolean terminal;

    AccountList(OutputFormat format, PrintStream out, Redactor redactor, boolean bold, boolean terminal, String backend, List<String> columns,
                boolean showSecrets) {
        this.terminal = terminal;
        this.showSecrets = showSecrets;
        this.format = format;
        this.out = out;
        this.redactor = redactor;
        this.bold = bold;
        this.backend = backend;
        this.columns = columns;
    }

    /** Whether anything of the list is written yet: nothing is before the first account, or the end of a list that succeeded. */
    private boolean started;

    /**
     * The list's beginning: a JSON document's opening, a CSV header. Written with the first account (or at the
     * end of an empty list), so that a list that fails before any account came (a profile of another backend,
     * a refused login, a server not there) leaves stdout as any other failure does: a header-only CSV would
     * read as an empty list, and under -o json the failure is the one document.
     */
    private void start() {
        if (started) return;
        started = true;
        // "ok" comes last: the accounts are written as the pages come, before anyone knows how the list ends.
        if (format == OutputFormat.json) out.print("{\"backend\":" + Json.write(Json.NODES.textNode(backend)) + ",\"accounts\":[");
        if (format == OutputFormat.csv && columns != null) out.println(csvLine(columns));
    }

    public void add(ObjectNode account) {
        add(account, List.of());
    }

    /**
     * An account, and the secrets the projection left out of it ({@code withheld}): a table shows those
     * as the mask in their columns; CSV leaves their cells empty (what --batch leaves as it is), JSON out.
     */
    public void add(ObjectNode account, List<String> withheld) {
        start();
        JsonNode masked = masked(format == OutputFormat.jsonl || format == OutputFormat.csv ? whole(account, withheld) : account);
        switch (format) {
            case json -> {
                if (count > 0) out.print(',');
                byte[] bytes = Json.bytes(masked);
                out.write(bytes, 0, bytes.length);
            }
            case jsonl -> {
                try {
                    if (lines == null) lines = Json.lines(out);
                    Json.write(lines, masked);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            case csv -> {
                if (columns == null) {
                    // The masked account's names: a key may hold a secret too.
                    columns = names((ObjectNode) masked);
                    out.println(csvLine(columns));
                }
                List<String> cells = new ArrayList<>(columns.size());
                for (String column : columns) {
                    JsonNode value = masked.get(column);
                    // A list's items are joined in one cell: masked again whole, since a secret with a comma in it may be two items.
                    String cell = value == null ? "" : value.isContainerNode() ? redactor.text(Csv.cell(value)) : Csv.cell(value);
                    cells.add(cell);
                }
                byte[] line = (csvLine(cells) + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(line, 0, line.length);
            }
            default -> row(masked, withheld);
        }
        count++;
    }

    /**
     * A CSV line: on a terminal, each cell made safe for it (its line breaks kept, other controls shown as
     * U+FFFD); in a file or a pipe, exactly the values, which --batch reads back to the same ones.
     */
    private String csvLine(List<String> cells) {
        if (!terminal) return Csv.line(cells);
        List<String> safe = new ArrayList<>(cells.size());
        for (String cell : cells) safe.add(TerminalText.lines(cell));
        return Csv.line(safe);
    }

    /**
     * The account as --batch reads it back: an object a secret member was left out of ({@code withheld} names
     * {@code sim_card_info.auth_key}) is left out whole, since sent back without its secret, a server that
     * takes the object whole would clear it; left out, the field stays as it is.
     */
    private static ObjectNode whole(ObjectNode account, List<String> withheld) {
        ObjectNode copy = account;
        for (String name : withheld) {
            int dot = name.indexOf('.');
            if (dot < 0) continue;
            String field = name.substring(0, dot);
            if (!copy.has(field)) continue;
            if (copy == account) copy = account.deepCopy();
            copy.remove(field);
        }
        return copy;
    }

    /** Whether a column's name is a secret's, asked of the redactor once per column, not once per account. */
    private final java.util.Map<String, Boolean> secretColumn = new java.util.HashMap<>();

    /**
     * The account with every secret masked: by the name of its field (unless --show-secrets, which
     * keeps the ones the projection left in), and every secret value of the run's own wherever it
     * is, in texts, keys, lists and objects. What {@link Redactor#json} does, with the top-level
     * names looked up once for the list.
     */
    private JsonNode masked(ObjectNode account) {
        ObjectNode copy = null;
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = account.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNode shown;
            if (!showSecrets && !value.isNull() && secretColumn.computeIfAbsent(name, redactor::isSecretKey)) {
                shown = Json.NODES.textNode(Redactor.MASK);
            } else if (value.isTextual()) {
                String text = redactor.text(value.textValue());
                shown = text.equals(value.textValue()) ? value : Json.NODES.textNode(text);
            } else if (value.isContainerNode()) {
                shown = showSecrets ? redactor.values(value) : redactor.json(value);
            } else if (value.isNumber()) {
                // A numeric secret echoed as a number, or a numeric string the catalog typed as one.
                shown = redactor.number(value);
            } else {
                shown = value;
            }
            String key = redactor.text(name);
            if (copy == null && (shown != value || !key.equals(name))) {
                copy = Json.object();
                for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> before = account.fields(); before.hasNext(); ) {
                    java.util.Map.Entry<String, JsonNode> earlier = before.next();
                    if (earlier.getKey().equals(name)) break;
                    copy.set(earlier.getKey(), earlier.getValue());
                }
            }
            if (copy != null) copy.set(key, shown);
        }
        return copy == null ? account : copy;
    }

    private void row(JsonNode account, List<String> withheld) {
        if (columns == null) columns = names((ObjectNode) account);
        List<String> cells = new ArrayList<>(columns.size());
        for (String column : columns) {
            JsonNode value = account.get(column);
            cells.add(value != null ? Presenter.safeCell(Presenter.cell(value)) : withheld.contains(column) ? Redactor.MASK : "");
        }
        if (widths == null) {
            heldBack.add(cells);
            if (heldBack.size() >= MEASURED) printHeldBack();
            return;
        }
        print(cells, false);
    }

    private void printHeldBack() {
        widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) widths[i] = columns.get(i).toUpperCase().length();
        for (List<String> row : heldBack) for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], row.get(i).length());
        print(columns.stream().map(String::toUpperCase).toList(), true);
        for (List<String> row : heldBack) print(row, false);
        heldBack.clear();
    }

    private void print(List<String> cells, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            line.append(cell);
            if (!last) line.append(" ".repeat(Math.max(0, widths[i] - cell.length()) + 2));
        }
        String text = redactor.text(line.toString().stripTrailing());
        out.println(header && bold ? org.fusesource.jansi.Ansi.ansi().bold().a(text).reset().toString() : text);
    }

    /** What is written so far, out to stdout: a stdout that cannot be written ({@code OutputFailed}) is met here. */
    public void flush() {
        if (lines != null) {
            try {
                lines.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        out.flush();
    }

    /** After an unexpected failure: the accounts written so far are ended as a list is; nothing is written if none was. */
    public void endWritten() {
        if (started) end(null);
    }

    /** The end of the list: how many accounts it held. */
    public long end() {
        return end(null);
    }

    /**
     * The end of a list that failed half-way: under {@code -o json} the document is closed with
     * {@code "ok":false} and {@code error} (one document, the accounts that came before in it), and
     * true is answered (the error is written); other formats end as {@link #end()} does, and false.
     * A list that failed before its first account has written nothing, and writes nothing: false.
     */
    public boolean fail(ObjectNode error) {
        if (!started) return false;
        end(error);
        return format == OutputFormat.json;
    }

    private long end(ObjectNode error) {
        start();
        if (lines != null) {
            try {
                lines.writeRaw('\n');
                lines.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        switch (format) {
            case json -> out.print("],\"count\":" + count + (error == null ? ",\"ok\":true}\n" : ",\"ok\":false,\"error\":" + redactor.text(Json.write(error)) + "}\n"));
            case table -> {
                if (widths == null && (count > 0 || columns != null)) {
                    if (columns == null) columns = List.of();
                    printHeldBack();
                }
            }
            case csv -> {
                if (columns == null) out.println();
            }
            default -> { }
        }
        out.flush();
        return count;
    }

    private static List<String> names(ObjectNode account) {
        List<String> names = new ArrayList<>();
        account.fieldNames().forEachRemaining(names::add);
        return names;
    }

    String backend() {
        return backend;
    }
}
