package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Update;
import io.billctl.core.update.UpdatePlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The first pass: every record read (once) and turned into its update by the run's plan, typed and
 * validated, on every core, in chunks; the prepared updates go to the spool in input order, with
 * each account's key for {@link Accounts}. Bad records stop the run before anything is sent, with
 * a usage error naming the first {@value BadRecords#SHOWN} by line. Memory stays flat: a bounded
 * number of chunks is in flight.
 */
final class Preflight {
    /** Records validated together on one core. */
    private static final int CHUNK = 512;

    private final UpdatePlan plan;
    private final String label;
    private final Backend backend;
    private final boolean keepRaw;
    private final BadRecords bad = new BadRecords();
    private final Accounts.Builder accounts = new Accounts.Builder();

    /** What one chunk produced: its prepared lines, and the account key of each. */
    private record Chunk(byte[] lines, long[] keys, int count) {}

    /** What the pass found: how many records, and which accounts more than one of them names. */
    record Result(long records, Accounts accounts, long conditional, Map<String, Long> overridden, Map<String, Long> noted) {}

    /** How many records set each field whose setting a batch says once (UpdatePlan.notedIn: PortaBilling's PIN). */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> noted = new java.util.concurrent.ConcurrentHashMap<>();

    /** How many records each command-line field replaces a different value in, by the flag that gave it. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> overridden = new java.util.concurrent.ConcurrentHashMap<>();

    /** How many records carry expectations (expect.FIELD): a dry run reads their accounts to judge them. */
    private final java.util.concurrent.atomic.AtomicLong conditional = new java.util.concurrent.atomic.AtomicLong();

    private Preflight(UpdatePlan plan, String label, boolean keepRaw) {
        this.plan = plan;
        this.label = label;
        this.backend = plan.backend();
        this.keepRaw = keepRaw;
    }

    /** Reads, prepares and spools every record; {@code keepRaw} keeps each record as the input had it (--failed-out). */
    static Result run(RecordReader reader, UpdatePlan plan, String label, Spool spool, boolean keepRaw) {
        return new Preflight(plan, label, keepRaw).run(reader, spool.writer());
    }

    private Result run(RecordReader reader, OutputStream spool) {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(cores, runnable -> {
            Thread thread = new Thread(runnable, "billctl-preflight");
            thread.setDaemon(true);
            return thread;
        });
        Deque<Future<Chunk>> pending = new ArrayDeque<>();
        long count = 0;
        try {
            List<BatchRecord> chunk = new ArrayList<>(CHUNK);
            for (BatchRecord record = next(reader); ; record = next(reader)) {
                if (record != null) {
                    chunk.add(record);
                    count++;
                }
                if (chunk.size() == CHUNK || record == null && !chunk.isEmpty()) {
                    List<BatchRecord> taken = chunk;
                    chunk = new ArrayList<>(CHUNK);
                    pending.addLast(pool.submit(() -> prepare(taken)));
                    // In order, and at most two chunks a core ahead of the writer.
                    while (!pending.isEmpty() && (pending.peekFirst().isDone() || pending.size() > cores * 2)) write(pending.removeFirst(), spool);
                }
                if (record == null) break;
            }
            while (!pending.isEmpty()) write(pending.removeFirst(), spool);
        } finally {
            pool.shutdownNow();
        }
        if (bad.any()) throw bad.error(label);
        if (count == 0) throw BillctlException.usage(label + " holds no records");
        Map<String, Long> replaced = new java.util.TreeMap<>();
        overridden.forEach((flag, n) -> replaced.put(flag, n.sum()));
        Map<String, Long> setting = new java.util.TreeMap<>();
        noted.forEach((field, n) -> setting.put(field, n.sum()));
        return new Result(count, accounts.build(), conditional.get(), replaced, setting);
    }

    /** The reader's next record; one it cannot read ends the input there, a bad record at its line. */
    private BatchRecord next(RecordReader reader) {
        try {
            return reader.next();
        } catch (BillctlException unreadable) {
            bad.add(Long.MAX_VALUE, unreadable); // it names its own line, after every record read before it
            return null;
        }
    }

    private Chunk prepare(List<BatchRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 128);
        long[] keys = new long[records.size()];
        int n = 0;
        for (BatchRecord record : records) {
            try {
                Update update = plan.forRecord(record.fields());
                if (bad.any()) continue; // nothing will be sent: only find the other bad records
                if (update.conditional()) conditional.incrementAndGet();
                for (String flag : plan.overriddenIn(record.fields()).values()) {
                    overridden.computeIfAbsent(flag, k -> new java.util.concurrent.atomic.LongAdder()).increment();
                }
                for (String field : plan.notedIn(record.fields())) {
                    noted.computeIfAbsent(field, k -> new java.util.concurrent.atomic.LongAdder()).increment();
                }
                keys[n++] = Accounts.key(update.id());
                out.writeBytes((Prepared.of(record.line(), update, keepRaw ? record.raw() : null).toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (BillctlException e) {
                bad.add(record.line(), named(record, e));
            }
        }
        return new Chunk(out.toByteArray(), keys, n);
    }

    /** "a.jsonl line 7 (id 12): name: cannot be empty", or without the id when it is what is missing. */
    private BillctlException named(BatchRecord record, BillctlException e) {
        if (e.getMessage().startsWith(label + " line ")) return e; // the reader's own message names the line
        JsonNode id = record.fields().get(backend.idName());
        String where = id == null || id.isNull() || id.asText().isBlank() ? "" : " (" + backend.idName() + " " + id.asText() + ")";
        return new BillctlException(e.exitCode(), label + " line " + record.line() + where + ": " + e.getMessage(), e.fields(), e.vendorCode(), null);
    }

    private void write(Future<Chunk> pending, OutputStream spool) {
        Chunk chunk;
        try {
            chunk = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BillctlException.usage("interrupted while reading the batch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
        if (bad.any()) return;
        try {
            spool.write(chunk.lines());
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot write the batch's temporary file: " + e.getMessage(), e);
        }
        accounts.add(chunk.keys(), chunk.count());
    }
}
