package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.backend.Backend;
import io.billctl.core.update.UpdatePlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first pass: every record read (once) and turned into its update by the run's plan, typed and
 * validated, on every core, in chunks; the prepared updates go to the spool in input order. A bad
 * record stops the pass with a usage error naming its line: the first in the file, whichever core
 * found it. Memory stays flat: a bounded number of chunks is in flight.
 */
final class Preflight {
    /** Records validated together on one core. */
    private static final int CHUNK = 512;

    private final UpdatePlan plan;
    private final String label;
    private final Backend backend;
    /** The bad record found nearest the start of the file so far. */
    private final AtomicReference<Bad> firstBad = new AtomicReference<>();

    private record Bad(long line, BillctlException error) {}

    private Preflight(UpdatePlan plan, String label) {
        this.plan = plan;
        this.label = label;
        this.backend = plan.backend();
    }

    /** Reads, prepares and spools every record; answers how many there were. */
    static long run(RecordReader reader, UpdatePlan plan, String label, Spool spool) {
        return new Preflight(plan, label).run(reader, spool.writer());
    }

    private long run(RecordReader reader, OutputStream spool) {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(cores, runnable -> {
            Thread thread = new Thread(runnable, "billctl-preflight");
            thread.setDaemon(true);
            return thread;
        });
        Deque<Future<byte[]>> pending = new ArrayDeque<>();
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
                if (record == null || firstBad.get() != null) break;
            }
            while (!pending.isEmpty()) write(pending.removeFirst(), spool);
        } finally {
            pool.shutdownNow();
        }
        if (firstBad.get() != null) throw firstBad.get().error();
        if (count == 0) throw BillctlException.usage(label + " holds no records");
        return count;
    }

    /** The reader's next record; one it cannot read counts as bad at its line, unless a bad one came earlier. */
    private BatchRecord next(RecordReader reader) {
        try {
            return reader.next();
        } catch (BillctlException unreadable) {
            found(Long.MAX_VALUE - 1, unreadable);
            return null;
        }
    }

    private byte[] prepare(List<BatchRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 128);
        for (BatchRecord record : records) {
            Bad bad = firstBad.get();
            if (bad != null && bad.line() < record.line()) break;
            try {
                out.writeBytes((Prepared.of(record.line(), plan.forRecord(record.fields())).toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (BillctlException e) {
                found(record.line(), named(record, e));
                break;
            }
        }
        return out.toByteArray();
    }

    /** "a.jsonl line 7 (id 12): name: cannot be empty", or without the id when it is what is missing. */
    private BillctlException named(BatchRecord record, BillctlException e) {
        if (e.getMessage().startsWith(label + " line ")) return e; // the reader's own message names the line
        JsonNode id = record.fields().get(backend.idName());
        String where = id == null || id.isNull() || id.asText().isBlank() ? "" : " (" + backend.idName() + " " + id.asText() + ")";
        return new BillctlException(e.exitCode(), label + " line " + record.line() + where + ": " + e.getMessage(), e.fields(), e.vendorCode(), null);
    }

    private void found(long line, BillctlException error) {
        firstBad.accumulateAndGet(new Bad(line, error), (a, b) -> a == null || b.line() < a.line() ? b : a);
    }

    private static void write(Future<byte[]> chunk, OutputStream spool) {
        try {
            spool.write(chunk.get());
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot write the batch's temporary file: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BillctlException.usage("interrupted while reading the batch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        }
    }
}
