package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a batch's records come from: a file, {@code -} for stdin, or a pipe or FIFO named like a
 * file ({@code <(...)}); its name in messages, and its format. Opened once and read once: the
 * records are prepared while they are read (see {@link Preflight}).
 */
record BatchInput(String name, String label, BatchOptions.Format format) {

    static BatchInput of(BatchOptions options) {
        String name = options.file();
        boolean stdin = name.equals("-");
        BatchOptions.Format format = options.format() != null ? options.format() : formatOf(name);
        return new BatchInput(name, stdin ? "stdin" : name, format);
    }

    /** By extension: .csv is CSV, .jsonl/.ndjson/.json JSON Lines; anything else must be said with --batch-format. */
    static BatchOptions.Format formatOf(String file) {
        String name = file.toLowerCase();
        if (name.equals("-") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return BatchOptions.Format.jsonl;
        if (name.endsWith(".csv")) return BatchOptions.Format.csv;
        throw BillctlException.usage("cannot tell the format of " + file + " from its name; pass --batch-format jsonl or csv");
    }

    InputStream open(Env env) {
        if (name.equals("-")) return env.in();
        Path file = Path.of(name);
        if (Files.isDirectory(file)) throw BillctlException.usage("--batch " + name + " is a directory");
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw BillctlException.usage("--batch " + name + ": no such readable file");
        } catch (IOException e) {
            throw BillctlException.usage("--batch " + name + ": cannot read: " + e.getMessage());
        }
    }
}
