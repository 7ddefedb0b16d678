package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import io.billctl.core.diff.Change;
import io.billctl.core.diff.Diff;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;

/**
 * A batch's record of every record's state (README, "The journal"): a header naming the run's input
 * and target, a line per run, and per record {@code sent} before its request leaves and
 * {@code done}/{@code failed} after, each written with one system call as it happens, so that after
 * any crash {@code --resume} knows what was done and what was in flight. Mode 0600; held with an
 * OS lock for the whole run, so that two runs never share it. Lines are rendered by the presenter
 * (secrets masked) and written by a {@link GroupCommit}. A write that fails stops the run: the
 * caller sees the exception.
 */
final class Journal implements AutoCloseable {
    static final String MAGIC = "billctl_journal";
    static final int VERSION = 2;
    /** A sent entry's before-image, the values it sets, and the changed fields it does not hold (README, "Undo"). */
    static final String BEFORE = "before";
    static final String AFTER = "after";
    static final String MASKED = "masked";
    static final String UNKNOWN = "unknown";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final JournalHistory history;
    private final Function<JsonNode, String> render;
    private final GroupCommit writer;

    private Journal(Path file, FileChannel channel, FileLock lock, JournalHistory history, Function<JsonNode, String> render) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.history = history;
        this.render = render;
        this.writer = channel == null ? null : new GroupCommit(channel, file);
    }

    static Journal none() {
        return new Journal(null, null, null, JournalHistory.empty(), null);
    }

    /**
     * Opens and locks the journal before anything else happens ({@link JournalFile#open}): a run
     * already holding it is a usage error at once; an existing one needs {@code resume}.
     */
    static Journal open(Path file, boolean resume, Function<JsonNode, String> render) {
        JournalFile opened = JournalFile.open(file, resume);
        return new Journal(file, opened.channel(), opened.lock(), opened.history(), render);
    }

    boolean enabled() {
        return channel != null;
    }

    JournalHistory history() {
        return history;
    }

    /**
     * The header of a new journal, or for one being resumed the check that it is this run's (a usage
     * error saying what differs), then a line for this run.
     */
    void begin(RunIdentity run, boolean resumeUncertain) {
        if (channel == null) return;
        if (history.identity() != null) {
            String difference = history.identity().difference(run);
            if (difference != null) throw BillctlException.usage("journal " + file + " " + difference + "; --resume continues only the same run");
        } else {
            write(run.toJson().put("started", Instant.now().toString()));
        }
        write(Json.object().put("run", history.runs() + 1).put("pid", ProcessHandle.current().pid()).put("started", Instant.now().toString())
                .put("resume", history.identity() != null).put("resume_uncertain", resumeUncertain));
    }

    /** In the file before this returns, and so before the record's request leaves. */
    void sent(long line, String id) {
        if (channel != null) writer.append(plain(line, id, "sent", -1), true);
    }

    /**
     * The same, with the account's values before the update for exactly the fields it changes, read
     * just before ({@code before}, with those of the fields the server empties along with one it changes:
     * {@link Diff#cleared()}), the values it sets ({@code after}, with the request options it sends), and by name only the changed
     * fields whose values are never journaled ({@code masked}: secrets) or were not in what the read
     * returned ({@code unknown}): what {@code billctl undo} puts back, and checks first. A null
     * {@code diff} (the account was not read) writes the plain entry.
     */
    void sent(long line, String id, Diff diff) {
        if (channel == null) return;
        if (diff == null) {
            sent(line, id);
            return;
        }
        ObjectNode entry = entry(line, id, "sent");
        ObjectNode before = entry.putObject(BEFORE);
        ObjectNode after = entry.putObject(AFTER);
        ArrayNode masked = Json.NODES.arrayNode();
        ArrayNode unknown = Json.NODES.arrayNode();
        for (Change change : diff.changes()) {
            if (change.secret()) {
                masked.add(change.field());
            } else if (!change.beforeKnown()) {
                unknown.add(change.field());
                after.set(change.field(), change.after());
            } else {
                before.set(change.field(), change.before());
                after.set(change.field(), change.after());
            }
        }
        after.setAll(diff.options()); // a request option (release_assigned_did) goes again with the undo
        // What the server empties with a field changed (PortaBilling's add-ons with the product): put back with it, not expected.
        diff.cleared().fields().forEachRemaining(field -> { if (!before.has(field.getKey())) before.set(field.getKey(), field.getValue()); });
        if (!masked.isEmpty()) entry.set(MASKED, masked);
        if (!unknown.isEmpty()) entry.set(UNKNOWN, unknown);
        write(entry);
    }

    /** A record left alone because the account already had its values (--skip-unchanged): done, for --resume; nothing to undo. */
    void unchanged(long line, String id) {
        if (channel != null) writer.append(plain(line, id, "unchanged", 0), false);
    }

    /**
     * Queued, not waited for: it goes to the file with the next entry that is waited for (the next
     * record's "sent", a failure, the journal's close), so that a record costs one system call, not
     * two. A crash before then leaves the record "sent" only, that is uncertain, as it does for a
     * record in flight; never falsely done.
     */
    void done(long line, String id, int attempts) {
        if (channel != null) writer.append(plain(line, id, "done", attempts), false);
    }

    /**
     * A sent or done entry, the two every record writes, put together by hand around the only value
     * in it that comes from outside, the id, which the presenter renders (masked and escaped) like
     * every journal text: no tree and no generator per line. The same line the generic path writes.
     */
    private byte[] plain(long line, String id, String status, int attempts) {
        StringBuilder text = new StringBuilder(96).append("{\"line\":").append(line).append(",\"id\":")
                .append(render.apply(Json.NODES.textNode(id)))
                .append(",\"status\":\"").append(status).append("\",\"time\":\"").append(Instant.now()).append('"');
        if (attempts >= 0) text.append(",\"attempts\":").append(attempts);
        return text.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    void failed(long line, String id, BillctlException error, int attempts) {
        if (channel == null) return;
        write(entry(line, id, "failed").put("attempts", attempts).put("exit_code", error.exitCode()).put("message", error.getMessage()));
    }

    /** A record in flight when the run had to quit at once: it may or may not have been applied. */
    void uncertain(long line, String id) {
        if (channel != null) write(entry(line, id, "uncertain"));
    }

    private static ObjectNode entry(long line, String id, String status) {
        return Json.object().put("line", line).put("id", id).put("status", status).put("time", Instant.now().toString());
    }

    private void write(ObjectNode entry) {
        writer.append((render.apply(entry) + "\n").getBytes(StandardCharsets.UTF_8), true);
    }

    /** Whether a write failed: the run stops taking records. */
    boolean broken() {
        return writer != null && writer.broken();
    }

    Path file() {
        return file;
    }

    /** Releases the journal; one this run made and never wrote to (the input was refused) is removed. */
    @Override
    public synchronized void close() {
        if (channel == null) return;
        try {
            writer.flush();
        } catch (BillctlException unwritable) {
            // the run already stopped on it, or says so now through its summary
        }
        try {
            if (!writer.wrote() && history.identity() == null && channel.size() == 0) java.nio.file.Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // an empty file is harmless
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // released with the channel
        }
        JournalFile.close(channel);
    }
}
