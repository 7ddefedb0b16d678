package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * What an existing journal says: whose run it is (its header), and each record's last state, kept
 * as bit sets of input lines (flat memory): done (skipped on resume), and uncertain (journaled as
 * sent with no outcome after it: the request may or may not have been applied). A failed record is
 * neither, and is sent again. A last line cut short by a crash is ignored: a record whose
 * {@code sent} entry was torn had not been sent yet (the entry is written before the request).
 */
record JournalHistory(RunIdentity identity, BitSet done, BitSet uncertain, int runs, long lastPid) {

    static JournalHistory empty() {
        return new JournalHistory(null, new BitSet(), new BitSet(), 0, -1);
    }

    boolean isDone(long line) {
        return line <= Integer.MAX_VALUE && done.get((int) line);
    }

    boolean isUncertain(long line) {
        return line <= Integer.MAX_VALUE && uncertain.get((int) line);
    }

    /** Reads {@code file}; a file that is not a billctl journal is a usage error. {@code length} is where its complete lines end. */
    static JournalHistory read(Path file, long length) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return read(in, file, length);
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the journal " + file + ": " + e.getMessage());
        }
    }

    /**
     * The same, through {@code channel}, the run's own, locked: another descriptor of the file, once closed, would
     * release the lock (POSIX record locks are the process's, and closing any descriptor of the file drops them),
     * and a second run could take the journal while this one resumes it. Left open, at its end.
     */
    static JournalHistory read(java.nio.channels.FileChannel channel, Path file, long length) throws IOException {
        channel.position(0);
        java.io.InputStream unclosed = new java.io.FilterInputStream(java.nio.channels.Channels.newInputStream(channel)) {
            @Override
            public void close() {
                // the channel is the run's: it stays open, and so does its lock
            }
        };
        return read(unclosed, file, length);
    }

    private static JournalHistory read(java.io.InputStream in, Path file, long length) {
        BitSet done = new BitSet();
        BitSet uncertain = new BitSet();
        RunIdentity identity = null;
        int runs = 0;
        long lastPid = -1;
        long complete = 0;
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                complete += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (complete > length) break; // the torn tail
                if (line.isBlank()) continue;
                JsonNode entry;
                try {
                    entry = Json.parse(line);
                } catch (IOException garbled) {
                    if (identity == null) throw notAJournal(file);
                    continue;
                }
                if (identity == null) {
                    if (!entry.has(Journal.MAGIC)) {
                        if (entry.has("journal")) {
                            throw BillctlException.usage("journal " + file + " was written by an older billctl (format " + entry.path("journal").asInt()
                                    + "), which did not record its input's fingerprint; start a new journal");
                        }
                        throw notAJournal(file);
                    }
                    if (entry.path(Journal.MAGIC).asInt() != Journal.VERSION) {
                        throw BillctlException.usage("journal " + file + " has format " + entry.path(Journal.MAGIC).asInt()
                                + "; this billctl reads format " + Journal.VERSION);
                    }
                    identity = RunIdentity.fromJson(entry);
                    continue;
                }
                if (entry.has("run")) {
                    runs++;
                    lastPid = entry.path("pid").asLong(-1);
                    continue;
                }
                long number = entry.path("line").asLong(-1);
                if (number < 0 || number > Integer.MAX_VALUE) continue;
                int at = (int) number;
                switch (entry.path("status").asText()) {
                    case "sent", "uncertain" -> uncertain.set(at);
                    case "done", "unchanged" -> {
                        done.set(at);
                        uncertain.clear(at);
                    }
                    case "failed" -> uncertain.clear(at);
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the journal " + file + ": " + e.getMessage());
        }
        if (identity == null) throw notAJournal(file);
        return new JournalHistory(identity, done, uncertain, runs, lastPid);
    }

    private static BillctlException notAJournal(Path file) {
        return BillctlException.usage(file + " is not a billctl journal; give the --journal of the run to resume, or a new file");
    }
}
