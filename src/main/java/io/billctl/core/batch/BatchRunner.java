package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Interrupts;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.backend.UpdateResult;
import io.billctl.core.output.Output;
import io.billctl.core.update.UpdateAssembler;
import io.billctl.core.update.UpdateInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * {@code --batch}: one update per record. Two streaming passes over the input: the first reads
 * and validates every record (any bad one stops the run, exit 2, nothing sent); the second
 * sends them with bounded concurrency and an optional rate, journaling each outcome as it
 * happens. One client, and so one login, serves every worker. Ctrl-C stops the intake, lets
 * the requests in flight finish and journals them, then exits 130.
 */
public final class BatchRunner {
    private static final int DRY_RUN_SHOWN = 3;

    private final Context context;
    private final Backend backend;
    private final BatchOptions options;
    private final UnaryOperator<Update> extras;
    private final UpdateAssembler.FlagFields flags;
    private final boolean allowUnknown;
    private final Output output;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicReference<BillctlException> fatal = new AtomicReference<>();

    private BatchRunner(Context context, Backend backend, UpdateInput input, BatchOptions options, UnaryOperator<Update> extras) {
        this.context = context;
        this.backend = backend;
        this.options = options;
        this.extras = extras;
        this.flags = UpdateAssembler.flagFields(backend, input);
        this.allowUnknown = input.allowUnknown();
        this.output = context.output();
    }

    /** Runs the batch; answers the exit code. {@code input} holds the command line's fields, laid over every record. */
    public static int run(Context context, Backend backend, UpdateInput input, BatchOptions options, UnaryOperator<Update> extras) {
        return new BatchRunner(context, backend, input, options, extras).run();
    }

    private int run() {
        Path spooled = null;
        try {
            Path file;
            String label;
            if (options.file().equals("-")) {
                spooled = spoolStdin();
                file = spooled;
                label = "stdin";
            } else {
                file = Path.of(options.file());
                label = options.file();
                if (!Files.isReadable(file)) throw BillctlException.usage("--batch " + options.file() + ": no such readable file");
            }
            BatchOptions.Format format = options.format() != null ? options.format() : formatOf(options.file());
            long records = validateAll(file, label, format);
            if (context.globals().dryRun()) return dryRun(file, label, format, records);
            return send(file, label, format, records);
        } finally {
            if (spooled != null) {
                try {
                    Files.deleteIfExists(spooled);
                } catch (IOException ignored) {
                    // a temp file: the OS cleans it up
                }
            }
        }
    }

    /** By extension: .csv is CSV, .jsonl/.ndjson/.json JSON Lines; anything else must be said with --batch-format. */
    static BatchOptions.Format formatOf(String file) {
        String name = file.toLowerCase();
        if (name.equals("-") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) return BatchOptions.Format.jsonl;
        if (name.endsWith(".csv")) return BatchOptions.Format.csv;
        throw BillctlException.usage("cannot tell the format of " + file + " from its name; pass --batch-format jsonl or csv");
    }

    /** Stdin is read twice (validate, then send): spool it to a private temp file, streamed, not held in memory. */
    private Path spoolStdin() {
        try {
            Path temp = Files.createTempFile("billctl-batch", ".input");
            try (InputStream in = context.env().in()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            return temp;
        } catch (IOException e) {
            throw BillctlException.usage("cannot read the batch from stdin: " + e.getMessage());
        }
    }

    /** Records validated together on one core in the first pass. */
    private static final int CHUNK = 512;

    /**
     * The first pass: every record read and validated, on every core (chunks of records; a
     * bounded number in flight, so memory stays flat); the count, or the first bad record's line.
     */
    private long validateAll(Path file, String label, BatchOptions.Format format) {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(cores, runnable -> {
            Thread thread = new Thread(runnable, "billctl-validate");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore chunks = new Semaphore(cores * 2);
        AtomicReference<BillctlException> firstBad = new AtomicReference<>();
        AtomicLong firstBadLine = new AtomicLong(Long.MAX_VALUE);
        long count = 0;
        try (RecordReader reader = RecordReader.open(file, label, format, backend.catalog())) {
            List<BatchRecord> chunk = new ArrayList<>(CHUNK);
            for (BatchRecord record = reader.next(); ; record = reader.next()) {
                if (record != null) {
                    chunk.add(record);
                    count++;
                }
                if (chunk.size() == CHUNK || record == null && !chunk.isEmpty()) {
                    List<BatchRecord> taken = chunk;
                    chunk = new ArrayList<>(CHUNK);
                    chunks.acquireUninterruptibly();
                    pool.execute(() -> {
                        try {
                            for (BatchRecord each : taken) {
                                if (each.line() > firstBadLine.get()) break;
                                try {
                                    toUpdate(each, label);
                                } catch (BillctlException e) {
                                    synchronized (firstBad) {
                                        if (each.line() < firstBadLine.get()) {
                                            firstBadLine.set(each.line());
                                            firstBad.set(e);
                                        }
                                    }
                                    break;
                                }
                            }
                        } finally {
                            chunks.release();
                        }
                    });
                }
                if (record == null || firstBad.get() != null) break;
            }
        } catch (BillctlException unreadable) {
            // A record that cannot even be read: a bad record further up, found by a worker, comes first.
            chunks.acquireUninterruptibly(cores * 2);
            throw firstBad.get() != null ? firstBad.get() : unreadable;
        } finally {
            pool.shutdown();
        }
        chunks.acquireUninterruptibly(cores * 2);
        if (firstBad.get() != null) throw firstBad.get();
        if (count == 0) throw BillctlException.usage(label + " holds no records");
        return count;
    }

    private Update toUpdate(BatchRecord record, String label) {
        ObjectNode fields = record.fields(); // each record is used once per pass, by one thread
        JsonNode id = fields.remove(backend.idName());
        if (id == null || id.isNull() || id.asText().isBlank()) {
            throw BillctlException.usage(label + " line " + record.line() + ": no " + backend.idName() + " (each record names its account by " + backend.idName() + ")");
        }
        try {
            return extras.apply(UpdateAssembler.record(backend, id.asText(), fields, flags, allowUnknown));
        } catch (BillctlException e) {
            throw new BillctlException(e.exitCode(), label + " line " + record.line() + " (" + backend.idName() + " " + id.asText() + "): "
                    + e.getMessage(), e.fields(), e.vendorCode(), null);
        }
    }

    private int dryRun(Path file, String label, BatchOptions.Format format, long records) {
        UpdateClient client = context.client(backend);
        try (RecordReader reader = RecordReader.open(file, label, format, backend.catalog())) {
            int shown = 0;
            for (BatchRecord record = reader.next(); record != null && shown < DRY_RUN_SHOWN; record = reader.next(), shown++) {
                if (shown > 0 && !output.json()) context.env().out().println();
                output.request(client.request(toUpdate(record, label), true));
            }
            String rest = records > shown ? " (and " + (records - shown) + " more)" : "";
            if (output.json()) output.document(Json.object().set("summary", Json.object().put("dry_run", true).put("records", records).put("sent", 0)));
            else context.env().out().println("\n" + records + " requests validated" + rest + "; nothing was sent (--dry-run)");
        }
        return ExitCode.OK;
    }

    /**
     * The second pass: {@code --parallel} workers sharing one client, each taking the next record
     * from the reader itself. No hand-off queue between a reading thread and the workers: with
     * 16 in flight that cost two thread wake-ups per record, about a tenth of the CPU of a
     * 50,000-record run (bench/README.md).
     */
    private int send(Path file, String label, BatchOptions.Format format, long records) {
        UpdateClient client = context.batchClient(backend);
        Progress progress = new Progress(context.env().err(), context.env().err() == System.err && stderrIsTerminal(), records);
        long started = System.nanoTime();
        AtomicReference<Throwable> broken = new AtomicReference<>();
        try (Journal journal = options.journal() == null ? Journal.none() : Journal.open(options.journal(), label, records, options.resume());
             RecordReader reader = RecordReader.open(file, label, format, backend.catalog());
             AutoCloseable signal = installInterrupt()) {
            Intake intake = new Intake(reader, journal, records);
            List<Thread> workers = new ArrayList<>(options.parallel());
            for (int i = 0; i < options.parallel(); i++) {
                Thread worker = new Thread(() -> {
                    try {
                        List<BatchRecord> taken = new ArrayList<>(MOST_TAKEN);
                        while (intake.take(taken)) {
                            for (BatchRecord record : taken) {
                                if (stop.get()) break; // taken but not sent: "not started", as the summary says
                                sendOne(client, record, label, journal);
                                if (progress.update(done.get(), failed.get(), skipped.get(), false)) output.flush();
                            }
                            taken.clear();
                        }
                    } catch (Throwable e) {
                        // An unreadable record (the file changed since the first pass) or a bug: stop the intake,
                        // let the other requests in flight end and be journaled, then report it after the summary.
                        broken.compareAndSet(null, e);
                        stop.set(true);
                    }
                }, "billctl-batch");
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            joinAll(workers); // every request in flight has ended and is journaled, before the journal closes
        } catch (BillctlException e) {
            throw e;
        } catch (Exception e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "batch failed: " + e.getMessage(), e);
        }
        progress.update(done.get(), failed.get(), skipped.get(), true);
        progress.finish();
        summary(records, (System.nanoTime() - started) / 1e9);
        if (broken.get() instanceof BillctlException e) throw e;
        if (broken.get() != null) throw new BillctlException(ExitCode.UNAVAILABLE, "batch failed: " + broken.get(), broken.get());
        if (interrupted.get()) return ExitCode.INTERRUPTED;
        if (fatal.get() != null) return fatal.get().exitCode();
        return failed.get() > 0 ? ExitCode.REJECTED : ExitCode.OK;
    }

    /** Waits for every worker; an interrupt of this thread stops the intake, and the wait goes on. */
    private void joinAll(List<Thread> workers) {
        boolean interruptedWhileWaiting = false;
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interruptedWhileWaiting = true;
                    stop.set(true);
                }
            }
        }
        if (interruptedWhileWaiting) Thread.currentThread().interrupt();
    }

    /** The most records a worker takes from the intake at a time. */
    private static final int MOST_TAKEN = 4;

    /**
     * The records left to send, handed to whichever worker asks: journaled ones skipped, --rate kept.
     * A worker takes a few at a time while many are left (a tenth less CPU than one at a time on a
     * 50,000-record run; eight were no better than four) and one at a time towards the end, so that
     * no worker sits idle while another holds records it has not sent. A worker waiting out a
     * retry holds at most three records back.
     */
    private final class Intake {
        private final RecordReader reader;
        private final Journal journal;
        private final long records;
        private long handedOut;
        private long nextSlot = System.nanoTime();

        Intake(RecordReader reader, Journal journal, long records) {
            this.reader = reader;
            this.journal = journal;
            this.records = records;
        }

        /** Some records into {@code taken}; false once the input is done or the run is stopping. */
        synchronized boolean take(List<BatchRecord> taken) {
            int wanted = options.ratePerSecond() > 0 ? 1
                    : (int) Math.max(1, Math.min(MOST_TAKEN, (records - handedOut) / (4L * options.parallel())));
            while (taken.size() < wanted && !stop.get()) {
                BatchRecord record = reader.next();
                if (record == null) break;
                handedOut++;
                if (journal.isDone(record.line())) {
                    skipped.incrementAndGet();
                    continue;
                }
                // Paced while holding the intake: the rate is the whole run's, not each worker's.
                if (options.ratePerSecond() > 0) nextSlot = pace(nextSlot);
                taken.add(record);
            }
            return !taken.isEmpty() && !stop.get();
        }
    }

    /**
     * One record, in a worker: built here so that both cores share the per-record work (the first
     * pass validated it already; a file changed since fails that record, journaled), then sent.
     */
    private void sendOne(UpdateClient client, BatchRecord record, String label, Journal journal) {
        long line = record.line();
        String id = "?";
        Update update = null;
        try {
            id = record.fields().path(backend.idName()).asText("?");
            update = toUpdate(record, label);
            UpdateResult result = client.send(update);
            journal.done(line, update.id(), 1);
            done.incrementAndGet();
            if (output.json()) {
                ObjectNode outcome = Json.object().put("line", line).put("id", update.id()).put("ok", true);
                outcome.set("result", result.response());
                output.line(outcome);
            }
        } catch (BillctlException e) {
            if (update != null) id = update.id();
            journal.failed(line, id, e);
            failed.incrementAndGet();
            BillctlException named = update == null ? e : new BillctlException(e.exitCode(), label + " line " + line + " ("
                    + backend.idName() + " " + id + "): " + e.getMessage(), e.fields(), e.vendorCode(), null);
            output.recordFailure(line, id, named);
            if (e.exitCode() == ExitCode.AUTH || e.exitCode() == ExitCode.INTERRUPTED) {
                // Credentials the server refuses will be refused for every record: stop here.
                fatal.compareAndSet(null, e);
                stop.set(true);
            } else if (options.failFast()) {
                stop.set(true);
            }
        }
    }

    private long pace(long nextSlot) {
        long now = System.nanoTime();
        if (nextSlot > now) {
            try {
                Thread.sleep((nextSlot - now) / 1_000_000, (int) ((nextSlot - now) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }
        return Math.max(nextSlot, now) + (long) (1e9 / options.ratePerSecond());
    }

    private AutoCloseable installInterrupt() {
        try {
            return Interrupts.onFirst(() -> {
                interrupted.set(true);
                stop.set(true);
                context.env().err().println("\ninterrupted: letting the requests in flight finish (Ctrl-C again to quit now)");
            });
        } catch (RuntimeException | LinkageError e) {
            return () -> { }; // no signal support here: Ctrl-C ends the process as usual
        }
    }

    private void summary(long records, double seconds) {
        long notStarted = records - done.get() - failed.get() - skipped.get();
        long retries = context.retries();
        if (output.json()) {
            ObjectNode summary = Json.object().put("records", records).put("done", done.get()).put("failed", failed.get())
                    .put("skipped", skipped.get()).put("not_started", notStarted).put("retries", retries)
                    .put("seconds", Math.round(seconds * 1000) / 1000.0).put("interrupted", interrupted.get());
            output.document(Json.object().set("summary", summary));
        } else {
            output.table(List.of("RECORDS", "DONE", "FAILED", "SKIPPED", "NOT STARTED", "RETRIES", "TIME"),
                    List.of(List.of(Long.toString(records), Long.toString(done.get()), Long.toString(failed.get()), Long.toString(skipped.get()),
                            Long.toString(notStarted), Long.toString(retries), String.format("%.1f s", seconds))));
        }
        if (notStarted > 0) {
            String how = options.journal() != null ? "rerun with --resume --journal " + options.journal() + " to send the rest"
                    : "without --journal, a rerun cannot tell what was done";
            context.env().err().println((interrupted.get() ? "interrupted" : "stopped") + ": " + notStarted + " records not sent; " + how);
        }
    }

    private static boolean stderrIsTerminal() {
        try {
            return org.fusesource.jansi.internal.CLibrary.isatty(2) == 1;
        } catch (Throwable noNativeLibrary) {
            return false;
        }
    }
}
