package io.billctl.core.batch;

import io.billctl.core.Env;
import io.billctl.core.input.Encoding;
import io.billctl.core.input.InputFile;
import java.io.InputStream;

/**
 * Where a batch's records come from: a file, {@code -} for stdin, or a pipe or FIFO named like a
 * file ({@code <(...)}); its name in messages; its format ({@code --batch-format}, else the name's
 * extension, else the content: see {@link RecordReader}); its encoding and, for CSV, its delimiter
 * when the command line gives them. Opened once and read once: the records are prepared while they
 * are read (see {@link Preflight}).
 */
record BatchInput(String name, String label, BatchOptions.Format format, byte[] content, Encoding encoding, Character csvDelimiter) {

    static BatchInput of(BatchOptions options) {
        String name = options.file();
        BatchOptions.Format format = options.format() != null ? options.format() : formatOf(name);
        return new BatchInput(name, InputFile.label(name), format, null, options.encoding(), options.csvDelimiter());
    }

    /** Records billctl made itself (the inverse of a journal, for undo), JSON Lines, named {@code label} in messages. */
    static BatchInput records(String label, byte[] jsonLines) {
        return new BatchInput(label, label, BatchOptions.Format.jsonl, jsonLines, Encoding.UTF_8, null);
    }

    /** By extension: .csv (and .tsv) is CSV, .jsonl/.ndjson/.json JSON Lines; null when the name does not say (/dev/fd/63). */
    static BatchOptions.Format formatOf(String file) {
        String name = file.toLowerCase();
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return BatchOptions.Format.jsonl;
        if (name.endsWith(".csv") || name.endsWith(".tsv")) return BatchOptions.Format.csv;
        return null;
    }

    /**
     * Where a record is, for its messages: "accounts.csv line 12"; for records billctl made itself,
     * whose lines mean nothing to the person who ran it, only the label ("undo of run.journal").
     */
    String where(long line) {
        return content == null ? label + " line " + line : label;
    }

    /** Records billctl made itself (undo's), not a file of the user's. */
    boolean madeByBillctl() {
        return content != null;
    }

    InputStream open(Env env) {
        if (content != null) return new java.io.ByteArrayInputStream(content);
        return InputFile.open(name, "--batch", env);
    }
}
