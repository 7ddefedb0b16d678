package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.BitSet;
import java.util.function.Function;

/**
 * A batch's record of outcomes, one JSON line per record, appended and flushed as each record
 * ends so that a crash loses nothing. Its first line says which input it belongs to. With
 * {@code --resume}, the records it shows as done are skipped (kept as a bit set of line
 * numbers: flat memory, whatever the length).
 */
final class Journal implements AutoCloseable {
    private final OutputStream out;
    private final BitSet done;
    /** Turns an entry into its line: the presenter's, so that the journal is redacted like any other output. */
    private final Function<JsonNode, String> render;

    private Journal(OutputStream out, BitSet done, Function<JsonNode, String> render) {
        this.out = out;
        this.done = done;
        this.render = render;
    }

    /**
     * Opens the journal for a run over {@code records} records of {@code input}. Without resume, an
     * existing non-empty journal is refused: mixing two runs in one journal would lose track.
     */
    static Journal open(Path file, String input, long records, boolean resume, Function<JsonNode, String> render) {
        BitSet done = new BitSet();
        boolean exists = Files.exists(file) && size(file) > 0;
        if (exists && !resume) {
            throw BillctlException.usage("journal " + file + " already exists; pass --resume to continue that run, or choose another file");
        }
        if (exists) readDone(file, records, done);
        try {
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Journal journal = new Journal(out, done, render);
            if (!exists) journal.write(Json.object().put("journal", 1).put("input", input).put("records", records).put("started", Instant.now().toString()));
            return journal;
        } catch (IOException e) {
            throw BillctlException.usage("cannot write the journal " + file + ": " + e.getMessage());
        }
    }

    static Journal none() {
        return new Journal(null, new BitSet(), null);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void readDone(Path file, long records, BitSet done) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            boolean first = true;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode entry;
                try {
                    entry = Json.parse(line);
                } catch (IOException torn) {
                    continue; // a line cut short by a crash: that record counts as not done
                }
                if (first) {
                    first = false;
                    long journaled = entry.path("records").asLong(-1);
                    if (journaled != records) {
                        throw BillctlException.usage("journal " + file + " was written for " + journaled + " records, this input has "
                                + records + "; is it the same file?");
                    }
                    continue;
                }
                if ("done".equals(entry.path("status").asText())) done.set(Math.toIntExact(entry.path("line").asLong()));
            }
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the journal " + file + ": " + e.getMessage());
        }
    }

    boolean isDone(long line) {
        return line <= Integer.MAX_VALUE && done.get((int) line);
    }

    void done(long line, String id, int attempts) {
        if (out == null) return;
        ObjectNode entry = entry(line, id, "done");
        entry.put("attempts", attempts);
        write(entry);
    }

    void failed(long line, String id, BillctlException error, int attempts) {
        if (out == null) return;
        ObjectNode entry = entry(line, id, "failed");
        entry.put("attempts", attempts);
        entry.put("exit_code", error.exitCode());
        entry.put("message", error.getMessage());
        write(entry);
    }

    private static ObjectNode entry(long line, String id, String status) {
        return Json.object().put("line", line).put("id", id).put("status", status).put("time", Instant.now().toString());
    }

    private synchronized void write(ObjectNode entry) {
        if (out == null) return;
        try {
            out.write((render.apply(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new BillctlException(io.billctl.core.ExitCode.UNAVAILABLE, "cannot write the journal: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // every entry was flushed when written
        }
    }
}
