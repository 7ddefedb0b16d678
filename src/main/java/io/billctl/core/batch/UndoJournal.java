package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A journal as undo reads it: the run's identity, and the records it applied, or may have applied
 * (done; sent with no outcome; failed for want of an answer), latest first, each with the
 * before-image its first "sent" entry keeps (the values before any attempt, however many runs sent it);
 * and how many such records have none.
 *
 * @param withoutImage records the run applied whose journal entry has no before-image (written with
 *                     --no-before-images, or by an older billctl)
 */
record UndoJournal(RunIdentity identity, List<UndoJournal.Record> records, long withoutImage) {
    /** One applied record as the journal has it: its account, the values before and after, what it could not keep. */
    record Record(long line, String id, ObjectNode before, ObjectNode after, List<String> masked, List<String> unknown) {}

    /** Reads a journal; one that is not one, or that a running billctl holds, is a usage error. */
    static UndoJournal read(Path file) {
        refuseIfHeld(file);
        RunIdentity identity = null;
        Map<Long, Entry> entries = new HashMap<>();
        long order = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (text.isBlank()) continue;
                JsonNode entry;
                try {
                    entry = Json.parse(text);
                } catch (IOException torn) {
                    if (identity == null) throw notAJournal(file);
                    continue; // a last line cut short by a crash
                }
                if (identity == null) {
                    if (entry.path(Journal.MAGIC).asInt() != Journal.VERSION) throw notAJournal(file);
                    identity = RunIdentity.fromJson(entry);
                    continue;
                }
                if (entry.has("run")) {
                    // Another run (a resume) begins: what the last one sent with no outcome may have been applied.
                    for (Entry unsettled : entries.values()) unsettled.runEnded();
                    continue;
                }
                if (!entry.has("line")) continue;
                long line = entry.path("line").asLong(-1);
                String status = entry.path("status").asText();
                Entry known = entries.computeIfAbsent(line, n -> new Entry());
                known.id = entry.path("id").asText();
                known.settle(status, entry, order++);
            }
        } catch (NoSuchFileException e) {
            throw BillctlException.usage("no journal " + file);
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the journal " + file + ": " + e.getMessage());
        }
        if (identity == null) throw notAJournal(file);
        List<Entry> applied = new ArrayList<>();
        long withoutImage = 0;
        for (Entry entry : entries.values()) {
            if (entry.sent == null || !entry.mayHaveApplied()) continue;
            if (!entry.sent.has(Journal.BEFORE)) withoutImage++;
            else applied.add(entry);
        }
        // (entry.sent is the first "sent" with a before-image: the values before any attempt of the record)
        applied.sort((a, b) -> Long.compare(b.order, a.order)); // the last applied first
        List<Record> records = new ArrayList<>(applied.size());
        for (Entry entry : applied) records.add(entry.record());
        return new UndoJournal(identity, records, withoutImage);
    }

    /**
     * A record across every run of its journal (a resume sends again what had no outcome): its first
     * "sent" entry with a before-image, the values before any attempt of it; whether any attempt may
     * have been applied; and when it was last sent, for the order of the undo.
     */
    private static final class Entry {
        String id;
        String status;
        JsonNode sent;
        long order;
        boolean applied;

        /**
         * The record's next entry. An attempt may have been applied when it was done, uncertain, failed
         * without an answer, or sent again with no outcome before (a crash, then a resume): a resend that
         * finds the values already there ("unchanged", or a "sent" with an empty before-image) does not
         * make the first one undone.
         */
        void settle(String next, JsonNode entry, long at) {
            switch (next) {
                case "sent" -> {
                    if ("sent".equals(status)) applied = true; // the attempt before had no outcome
                    if (sent == null || !sent.has(Journal.BEFORE)) sent = entry;
                    order = at;
                }
                case "done", "uncertain" -> applied = true;
                case "failed" -> {
                    int exitCode = entry.path("exit_code").asInt();
                    if (exitCode == ExitCode.UNAVAILABLE || exitCode == ExitCode.INTERRUPTED) applied = true;
                }
                default -> { }
            }
            status = next;
        }

        /** The run that sent it ended without its outcome (a crash): that attempt may have been applied. */
        void runEnded() {
            if ("sent".equals(status)) applied = true;
        }

        /** Any attempt may have been applied, or the last one has no outcome. Never: only unchanged or refused. */
        boolean mayHaveApplied() {
            return applied || "sent".equals(status);
        }

        Record record() {
            ObjectNode before = (ObjectNode) sent.get(Journal.BEFORE);
            JsonNode after = sent.get(Journal.AFTER);
            return new Record(sent.path("line").asLong(), id, before, after instanceof ObjectNode object ? object : Json.object(),
                    names(sent.get(Journal.MASKED)), names(sent.get(Journal.UNKNOWN)));
        }

        private static List<String> names(JsonNode list) {
            if (list == null || !list.isArray()) return List.of();
            List<String> names = new ArrayList<>();
            list.forEach(name -> names.add(name.asText()));
            return names;
        }
    }

    private static void refuseIfHeld(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) throw BillctlException.usage("journal " + file + " is in use by a running billctl; undo it once that run has ended");
            lock.release();
        } catch (NoSuchFileException e) {
            throw BillctlException.usage("no journal " + file);
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the journal " + file + ": " + e.getMessage());
        }
    }

    private static BillctlException notAJournal(Path file) {
        return BillctlException.usage(file + " is not a billctl journal (format " + Journal.VERSION + ")");
    }
}
