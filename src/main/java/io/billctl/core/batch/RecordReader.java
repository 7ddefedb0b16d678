package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldText;
import io.billctl.core.update.UpdatePlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads batch records one at a time, so that memory stays flat however long the file. JSON
 * Lines: one JSON object per line, blank lines skipped. CSV: a header row of vendor field names,
 * cells typed by the catalog ("12" an integer where the field is one, "true" a boolean, JSON for
 * lists and objects), an empty cell leaving the field unchanged and {@code null} sending null.
 */
abstract class RecordReader implements AutoCloseable {
    protected final String label;

    private RecordReader(String label) {
        this.label = label;
    }

    /** Records from {@code in}, read once, as they come: a pipe or a FIFO works as well as a file. */
    static RecordReader open(InputStream in, String label, BatchOptions.Format format, Catalog catalog) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            return format == BatchOptions.Format.csv ? new Csv(reader, label, catalog) : new JsonLines(reader, label);
        } catch (IOException e) {
            throw BillctlException.usage("cannot read " + label + ": " + e.getMessage());
        }
    }

    /** The next record, or null at the end; a record that cannot be read is a usage error naming its line. */
    abstract BatchRecord next();

    /** A CSV input's header row; null for JSON Lines. */
    List<String> header() {
        return null;
    }

    @Override
    public abstract void close();

    protected BillctlException bad(long line, String message) {
        return BillctlException.usage(label + " line " + line + ": " + message);
    }

    private static final class JsonLines extends RecordReader {
        private final BufferedReader reader;
        private long line;

        JsonLines(BufferedReader reader, String label) {
            super(label);
            this.reader = reader;
        }

        @Override
        BatchRecord next() {
            try {
                String text;
                while ((text = reader.readLine()) != null) {
                    line++;
                    if (!text.isBlank()) return BatchRecord.jsonLine(line, text, label);
                }
                return null;
            } catch (IOException e) {
                throw BillctlException.usage("cannot read " + label + " after line " + line + ": " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    private static final class Csv extends RecordReader {
        private static final CsvMapper MAPPER = new CsvMapper();
        private final MappingIterator<List<String>> rows;
        private final Catalog catalog;
        private final List<String> header;

        Csv(BufferedReader reader, String label, Catalog catalog) throws IOException {
            super(label);
            this.catalog = catalog;
            this.rows = MAPPER.readerForListOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                    .with(CsvSchema.emptySchema()).readValues(reader);
            if (!rows.hasNextValue()) throw bad(1, "empty: a CSV batch starts with a header row of field names");
            header = rows.nextValue();
            Set<String> seen = new HashSet<>();
            for (String name : header) {
                if (name.isBlank()) throw bad(1, "the header has an empty column name");
                if (!seen.add(name.trim())) throw bad(1, "the header names " + name.trim() + " twice");
            }
        }

        @Override
        List<String> header() {
            return header;
        }

        @Override
        BatchRecord next() {
            try {
                long line = rows.getCurrentLocation().getLineNr();
                if (!rows.hasNextValue()) return null;
                List<String> cells = rows.nextValue();
                if (cells.size() == 1 && cells.get(0).isEmpty()) return next(); // a blank line
                if (cells.size() != header.size()) {
                    throw bad(line, "has " + cells.size() + " cells, the header " + header.size());
                }
                ObjectNode record = Json.object();
                for (int i = 0; i < cells.size(); i++) {
                    String name = header.get(i).trim();
                    String cell = cells.get(i);
                    if (cell.isEmpty()) continue; // leave the field unchanged
                    record.set(name, typed(line, name, cell));
                }
                return BatchRecord.csvRow(line, cells, record);
            } catch (IOException e) {
                throw bad(rows.getCurrentLocation().getLineNr(), "not valid CSV: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }

        private JsonNode typed(long line, String name, String cell) {
            if (cell.equals("null")) return Json.NODES.nullNode();
            // expect.FIELD is typed as FIELD is
            String fieldName = name.startsWith(UpdatePlan.EXPECT_PREFIX) ? name.substring(UpdatePlan.EXPECT_PREFIX.length()) : name;
            Field field = catalog.find(fieldName).orElse(null);
            if (field == null) return FieldText.parseLenient(cell); // the id, or a field the catalog does not know
            try {
                return FieldText.parseNamed(field, cell);
            } catch (FieldText.BadText e) {
                throw bad(line, name + ": " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                rows.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
