package io.billctl.core.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.billctl.core.BillctlException;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.input.InputFile;
import io.billctl.core.input.TextReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads batch records one at a time, so that memory stays flat however long the file. JSON
 * Lines: one JSON object per line, blank lines skipped. CSV: a header row of vendor field names,
 * cells typed by the catalog ("12" an integer where the field is one, "true" a boolean, JSON for
 * lists and objects), an empty cell leaving the field unchanged and {@code null} sending null.
 */
abstract class RecordReader implements AutoCloseable {
    protected final String label;
    /** The text the records are read from: its encoding, once read, is the input's. */
    private TextReader text;

    RecordReader(String label) {
        this.label = label;
    }

    /**
     * Records from {@code in}, read once, as they come: a pipe or a FIFO works as well as a file. The
     * bytes are decoded strictly ({@link TextReader}: byte-order mark dropped, undecodable bytes
     * refused by line and byte); the format is the input's, else the content's (JSON Lines when its
     * first character that is not blank is {@code {}, else CSV).
     */
    static RecordReader open(InputStream in, BatchInput input, Catalog catalog, Consumer<String> notes) {
        String label = input.label();
        TextReader text = new TextReader(in, label, input.encoding(), notes);
        BufferedReader reader = new BufferedReader(text, 1 << 16);
        try {
            BatchOptions.Format format = input.format() != null ? input.format() : formatOf(reader);
            RecordReader records;
            if (format == BatchOptions.Format.csv) {
                records = new CsvRecordReader(reader, text, label, catalog, input.csvDelimiter());
            } else {
                if (input.csvDelimiter() != null) throw BillctlException.usage("--csv-delimiter is for CSV input, and " + label + " is JSON Lines");
                records = new JsonLinesReader(reader, label);
            }
            records.text = text;
            return records;
        } catch (TextReader.Undecodable e) {
            throw e.usage();
        } catch (JsonProcessingException e) {
            if (tooLong(e)) throw BillctlException.usage(label + " line 1: a cell longer than " + (MAX_RECORD >> 20) + " MiB: not a header of field names");
            throw BillctlException.usage(label + " line 1: not valid CSV: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw BillctlException.usage("cannot read " + label + ": " + InputFile.reason(e));
        }
    }

    /** From the content: JSON Lines when the first character that is not blank is {@code {}, else CSV; read, then put back. */
    private static BatchOptions.Format formatOf(BufferedReader reader) throws IOException {
        reader.mark(SNIFFED);
        int c;
        int read = 0;
        do {
            c = reader.read();
        } while ((c == ' ' || c == '\t' || c == '\r' || c == '\n') && ++read < SNIFFED - 1);
        reader.reset();
        return c == '{' ? BatchOptions.Format.jsonl : BatchOptions.Format.csv;
    }

    /** How far ahead the format and a CSV header are looked at before they are read. */
    static final int SNIFFED = 1 << 20;

    /**
     * The encoding the input was read in: its byte-order mark's, else {@code --encoding}'s, else UTF-8. Known once
     * its first bytes are read.
     */
    String encoding(BatchInput input) {
        return text != null && text.charset() != null ? text.charset().name() : input.encoding().name();
    }

    /** The input's format, as found. */
    abstract BatchOptions.Format format();

    /** The next record, or null at the end; a record that cannot be read is a usage error naming its line. */
    abstract BatchRecord next();

    /** A CSV input's header row; null for JSON Lines. */
    List<String> header() {
        return null;
    }

    /** A CSV input's look, for what billctl writes for the same person (--failed-out): its delimiter, and whether it began with a byte-order mark. */
    FailedOut.Look look() {
        return FailedOut.Look.PLAIN;
    }

    @Override
    public abstract void close();

    protected BillctlException bad(long line, String message) {
        return BillctlException.usage(label + " line " + line + ": " + message);
    }

    /** Whether the CSV reader stopped at the cell bound (databind wraps the parser's exception). */
    static boolean tooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) return true;
        return false;
    }

    /** The longest record billctl reads (a JSON Lines line, a CSV cell): a record of fields, not a file without line breaks. */
    static final int MAX_RECORD = 4 << 20;

}
