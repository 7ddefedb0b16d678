package io.billctl.core.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.billctl.core.input.InputFile;
import io.billctl.core.input.TextReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV records: a header row of field names (its delimiter found from it, or given), cells typed by
 * the catalog, an empty cell leaving its field alone and {@code null} sending null; Excel's
 * {@code sep=} line honoured.
 */
final class CsvRecordReader extends RecordReader {
    /** Cells up to the record's bound, not Jackson's 20 million characters. */
    private static final CsvMapper MAPPER = new CsvMapper(com.fasterxml.jackson.dataformat.csv.CsvFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(MAX_RECORD).build()).build());
    private final MappingIterator<List<String>> rows;
    private final Catalog catalog;
    private final List<String> header;
    private final char delimiter;
    private final boolean byteOrderMark;
    /** Lines before the CSV reader's first: Excel's {@code sep=;} line. */
    private final long skipped;

    CsvRecordReader(BufferedReader reader, TextReader text, String label, Catalog catalog, Character given) throws IOException {
        super(label);
        this.catalog = catalog;
        Character excel = excelSeparatorLine(reader);
        skipped = excel == null ? 0 : 1;
        delimiter = given != null ? given : excel != null ? excel : delimiterOf(reader);
        this.rows = MAPPER.readerForListOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvSchema.emptySchema().withColumnSeparator(delimiter)).readValues(reader);
        if (!rows.hasNextValue()) {
            throw BillctlException.usage(label + (text.hadByteOrderMark() ? " holds nothing but a byte-order mark" : " is empty")
                    + ": a CSV batch starts with a header row of field names");
        }
        header = rows.nextValue();
        // Failed records go out in UTF-8: with a byte-order mark, so that a spreadsheet reads them as such, when the input had one or was not UTF-8.
        byteOrderMark = text.hadByteOrderMark() || !text.charset().equals(java.nio.charset.StandardCharsets.UTF_8);
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (name.isBlank()) continue; // a column a spreadsheet left without a name: its cells must be empty
            if (!seen.add(name.trim())) throw bad(1 + skipped, "the header names " + name.trim() + " twice");
        }
        if (seen.isEmpty()) throw bad(1 + skipped, "the header names no column: a CSV batch starts with a header row of field names");
    }

    /**
     * Excel's first line {@code sep=;} (what it writes and reads to say the delimiter): read, and its
     * delimiter answered; null, and nothing read, when the first line is not one.
     */
    private static Character excelSeparatorLine(BufferedReader reader) throws IOException {
        reader.mark(8);
        char[] start = new char[6];
        int n = 0;
        while (n < start.length) {
            int got = reader.read(start, n, start.length - n);
            if (got < 0) break;
            n += got;
        }
        if (n >= 5 && new String(start, 0, 4).equals("sep=") && (n == 5 || start[5] == '\r' || start[5] == '\n')) {
            if (n == 6 && start[5] == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') reader.reset();
            }
            return start[4];
        }
        reader.reset();
        return null;
    }

    /**
     * The delimiter, from the header line (read, then put back): whichever of {@code ,} {@code ;} and
     * tab it holds most often outside quotes; {@code ,} when it holds none (one column). Field names
     * hold none of them, so two kinds in one header are refused rather than guessed.
     */
    private char delimiterOf(BufferedReader reader) throws IOException {
        reader.mark(SNIFFED);
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int c = reader.read(), read = 1; c >= 0 && read < SNIFFED; c = reader.read(), read++) {
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '\n' || c == '\r') break;
            else if (c == ',') commas++;
            else if (c == ';') semicolons++;
            else if (c == '\t') tabs++;
        }
        reader.reset();
        int most = Math.max(commas, Math.max(semicolons, tabs));
        if (most == 0) return ',';
        int kinds = (commas == most ? 1 : 0) + (semicolons == most ? 1 : 0) + (tabs == most ? 1 : 0);
        if (kinds > 1) {
            throw BillctlException.usage("cannot tell how " + label + "'s columns are separated: its header holds " + commas + " ',', "
                    + semicolons + " ';' and " + tabs + " tab" + (tabs == 1 ? "" : "s") + "; give --csv-delimiter");
        }
        return commas == most ? ',' : semicolons == most ? ';' : '\t';
    }

    @Override
    BatchOptions.Format format() {
        return BatchOptions.Format.csv;
    }

    @Override
    List<String> header() {
        return header;
    }

    @Override
    FailedOut.Look look() {
        return new FailedOut.Look(delimiter, byteOrderMark);
    }

    @Override
    BatchRecord next() {
        long line = skipped + rows.getCurrentLocation().getLineNr();
        try {
            if (!rows.hasNextValue()) return null;
            List<String> cells = rows.nextValue();
            if (blank(cells)) return next(); // a blank line, or a row a spreadsheet left with every cell empty
            if (cells.size() != header.size()) {
                throw bad(line, "has " + cells.size() + " cells, the header " + header.size() + (cells.size() == 1
                        ? " (columns are read as separated by " + (delimiter == '\t' ? "tabs" : "'" + delimiter + "'")
                        + ", as in the header; --csv-delimiter says otherwise)" : ""));
            }
            ObjectNode record = Json.object();
            for (int i = 0; i < cells.size(); i++) {
                String name = header.get(i).trim();
                String cell = cells.get(i);
                if (cell.isEmpty()) continue; // leave the field unchanged
                if (name.isEmpty()) throw bad(line, "column " + (i + 1) + " holds \"" + cell + "\", and the header names no field for it");
                record.set(name, typed(line, name, cell));
            }
            return BatchRecord.csvRow(line, cells, record);
        } catch (TextReader.Undecodable e) {
            throw e.usage();
        } catch (JsonProcessingException e) {
            if (tooLong(e)) throw bad(line, "a cell longer than " + (MAX_RECORD >> 20) + " MiB: not a record of fields (is this a CSV file?)");
            String why = e.getOriginalMessage().lines().findFirst().orElse("");
            // Where the quote opened, not the end of the file it ran to.
            if (why.startsWith("Missing closing quote")) throw bad(line, "not valid CSV: a quoted cell that begins in this row is never closed");
            throw bad(skipped + rows.getCurrentLocation().getLineNr(), "not valid CSV: " + why);
        } catch (IOException e) {
            throw BillctlException.usage("cannot read " + label + " after line " + line + ": " + InputFile.reason(e));
        }
    }

    private static boolean blank(List<String> cells) {
        for (String cell : cells) if (!cell.isEmpty()) return false;
        return true;
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
