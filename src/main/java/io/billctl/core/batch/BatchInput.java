package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a batch's records come from: a file, {@code -} for stdin, or a pipe or FIFO named like a
 * file ({@code <(...)}); its name in messages, and its format: {@code --batch-format}, else the
 * name's extension, else the content (a first character of {@code {} is JSON Lines, anything else
 * CSV). Opened once and read once: the records are prepared while they are read (see {@link Preflight}).
 */
record BatchInput(String name, String label, BatchOptions.Format format, byte[] content) {

    static BatchInput of(BatchOptions options) {
        String name = options.file();
        boolean stdin = name.equals("-");
        BatchOptions.Format format = options.format() != null ? options.format() : formatOf(name);
        return new BatchInput(name, stdin ? "stdin" : name, format, null);
    }

    /** Records billctl made itself (the inverse of a journal, for undo), JSON Lines, named {@code label} in messages. */
    static BatchInput records(String label, byte[] jsonLines) {
        return new BatchInput(label, label, BatchOptions.Format.jsonl, jsonLines);
    }

    /** By extension: .csv is CSV, .jsonl/.ndjson/.json JSON Lines; null when the name does not say (/dev/fd/63). */
    static BatchOptions.Format formatOf(String file) {
        String name = file.toLowerCase();
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return BatchOptions.Format.jsonl;
        if (name.endsWith(".csv")) return BatchOptions.Format.csv;
        return null;
    }

    /** The format, from the content when the name did not say: looks at the first character that is not blank, then puts it back. */
    BatchOptions.Format format(BufferedInputStream in) {
        if (format != null) return format;
        try {
            in.mark(1 << 16);
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF);
            in.reset();
            return b == '{' ? BatchOptions.Format.jsonl : BatchOptions.Format.csv;
        } catch (IOException e) {
            throw BillctlException.usage("cannot read " + label + ": " + e.getMessage());
        }
    }

    /**
     * Where a record is, for its messages: "accounts.csv line 12"; for records billctl made itself,
     * whose lines mean nothing to the person who ran it, only the label ("undo of run.journal").
     */
    String where(long line) {
        return content == null ? label + " line " + line : label;
    }

    InputStream open(Env env) {
        if (content != null) return new java.io.ByteArrayInputStream(content);
        if (name.equals("-")) return env.in();
        Path file = Path.of(name);
        if (Files.isDirectory(file)) throw BillctlException.usage("--batch " + name + " is a directory");
        try {
            // A FileInputStream, not Files.newInputStream: that one's available() seeks, which a pipe refuses ("Illegal seek").
            return new FileInputStream(file.toFile());
        } catch (FileNotFoundException e) {
            if (!Files.exists(file)) throw BillctlException.usage("--batch " + name + ": no such readable file");
            throw BillctlException.usage("--batch " + name + ": cannot read: " + e.getMessage());
        } catch (SecurityException e) {
            throw BillctlException.usage("--batch " + name + ": cannot read: " + e.getMessage());
        }
    }
}
