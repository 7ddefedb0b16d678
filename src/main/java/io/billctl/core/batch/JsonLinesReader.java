package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.input.InputFile;
import io.billctl.core.input.TextReader;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * JSON Lines records: one JSON object a line (LF, CRLF or CR), blank lines skipped, a line longer
 * than {@link RecordReader#MAX_RECORD} refused before it fills the memory; each line is a
 * {@link BatchRecord}, parsed when the record is.
 */
final class JsonLinesReader extends RecordReader {
    private final BufferedReader reader;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int end;
    private boolean eof;
    /** The last line ended with CR: an LF right after it ends no other line. */
    private boolean afterCr;
    private long line;

    JsonLinesReader(BufferedReader reader, String label) {
        super(label);
        this.reader = reader;
    }

    @Override
    BatchOptions.Format format() {
        return BatchOptions.Format.jsonl;
    }

    @Override
    BatchRecord next() {
        try {
            String text;
            while ((text = readLine()) != null) {
                line++;
                if (!text.isBlank()) return BatchRecord.jsonLine(line, text, label);
            }
            return null;
        } catch (TextReader.Undecodable e) {
            throw e.usage();
        } catch (IOException e) {
            throw BillctlException.usage("cannot read " + label + " after line " + line + ": " + InputFile.reason(e));
        }
    }

    /**
     * The next line (ended by LF, CRLF or CR, as BufferedReader's), or null at the end; a line longer
     * than {@link #MAX_RECORD} is refused before it is held whole, so that a file without line breaks
     * cannot fill the memory.
     */
    private String readLine() throws IOException {
        StringBuilder long_ = null;
        while (true) {
            if (position == end) {
                if (eof) return long_ == null ? null : long_.toString();
                int n = reader.read(buffer, 0, buffer.length);
                position = 0;
                end = Math.max(n, 0);
                eof = n < 0;
                continue;
            }
            if (afterCr) {
                afterCr = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            while (position < end && buffer[position] != '\n' && buffer[position] != '\r') position++;
            int length = position - start + (long_ == null ? 0 : long_.length());
            if (length > MAX_RECORD) {
                throw bad(line + 1, "longer than " + (MAX_RECORD >> 20) + " MiB: not a record of fields (is this a JSON Lines file?)");
            }
            if (position == end) {
                if (long_ == null) long_ = new StringBuilder(Math.max(256, 2 * (position - start)));
                long_.append(buffer, start, position - start);
                continue;
            }
            afterCr = buffer[position] == '\r';
            String text = long_ == null ? new String(buffer, start, position - start) : long_.append(buffer, start, position - start).toString();
            position++;
            return text;
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
