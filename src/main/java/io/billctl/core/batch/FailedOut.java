package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import io.billctl.core.output.Csv;
import io.billctl.core.PrivateFiles;
import io.billctl.core.config.StrictModes;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code --failed-out FILE}: each record that failed, as the input had it (the same CSV header, or
 * the JSON Lines object), with the error in one more column or key, {@value #ERROR}, so that the
 * operator fixes just those and runs the file again. Mode 0600 (it holds account data); the error
 * text passes the redactor like every other output.
 */
final class FailedOut implements AutoCloseable {
    static final String ERROR = io.billctl.core.update.UpdatePlan.FAILED_OUT_ERROR;

    private final OutputStream out;
    private final BatchOptions.Format format;
    private final Look look;
    private final UnaryOperator<String> redact;
    /** A CSV input's column names, trimmed; empty for JSON Lines. */
    private final List<String> columns = new ArrayList<>();
    private long written;

    /**
     * How a CSV input was written, so that the failed records open the same way in the spreadsheet that
     * wrote it: its delimiter, and a byte-order mark when it had one (how Excel knows a CSV file is UTF-8).
     * The file is UTF-8 whatever the input's encoding.
     */
    record Look(char delimiter, boolean byteOrderMark) {
        static final Look PLAIN = new Look(',', false);
    }

    private FailedOut(OutputStream out, BatchOptions.Format format, Look look, UnaryOperator<String> redact) {
        this.out = out;
        this.format = format;
        this.look = look;
        this.redact = redact;
    }

    static FailedOut none() {
        return new FailedOut(null, null, Look.PLAIN, null);
    }

    /**
     * Opens the file as a shell's {@code >} would, never deleting what is there: a new file is made 0600; an
     * existing regular file (a symbolic link followed) is truncated, and made 0600 when it is the caller's;
     * a FIFO, a device or a pipe ({@code >(gzip > x)}, {@code /dev/fd/N}) is opened for writing as it is. A
     * CSV one starts with the input's header and the error column.
     */
    static FailedOut open(Path file, BatchOptions.Format format, List<String> csvHeader, Look look, UnaryOperator<String> redact,
                          Consumer<String> warn) {
        OutputStream out;
        try {
            out = openLikeARedirection(file, warn);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw BillctlException.usage("cannot write --failed-out " + file + ": " + io.billctl.core.input.InputFile.reason(e));
        }
        FailedOut failed = new FailedOut(out, format, look, redact);
        if (format == BatchOptions.Format.csv) {
            for (String name : csvHeader) failed.columns.add(name.trim());
            if (look.byteOrderMark()) failed.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            List<String> header = new ArrayList<>(csvHeader);
            header.add(ERROR);
            failed.line(Csv.line(header, look.delimiter()));
        }
        return failed;
    }

    private static OutputStream openLikeARedirection(Path file, Consumer<String> warn) throws IOException {
        try {
            // O_EXCL: a new file, 0600 from the start (nobody can open it in between), whatever the umask.
            OutputStream created = java.nio.channels.Channels.newOutputStream(
                    java.nio.channels.FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PRIVATE));
            Files.setPosixFilePermissions(file, PrivateFiles.FILE);
            return created;
        } catch (FileAlreadyExistsException exists) {
            // Something is there (or a symbolic link to what is not there yet, which the open below makes, as > does).
        }
        if (Files.notExists(file)) {
            // A symbolic link to a file not there yet: made where it points, 0600 as a new file is.
            OutputStream created = java.nio.channels.Channels.newOutputStream(java.nio.channels.FileChannel.open(file,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), PRIVATE));
            privateMode(file, warn);
            return created;
        }
        if (Files.isRegularFile(file)) {
            privateMode(file, warn);
            return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (Files.isDirectory(file)) throw new IOException("it is a directory");
        // A FIFO, a character device, a pipe named /dev/fd/N: written as it is, nothing truncated or changed.
        return new FileOutputStream(file.toFile(), true);
    }

    /**
     * An existing file gets failed records, which may hold secrets: 0600 when it is the caller's and was
     * open to others; another user's is left as it is, and said.
     */
    private static void privateMode(Path file, Consumer<String> warn) throws IOException {
        if (!Files.exists(file)) return;
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (PrivateFiles.FILE.containsAll(mode)) return;
        long owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
        if (owner == StrictModes.SYSTEM.caller()) {
            Files.setPosixFilePermissions(file, PrivateFiles.FILE);
        } else {
            warn.accept("--failed-out " + file + " belongs to another user (uid " + owner + "): its mode " + PosixFilePermissions.toString(mode)
                    + " is left as it is, and the failed records written to it may be read by others");
        }
    }

    private static final FileAttribute<?> PRIVATE = PosixFilePermissions.asFileAttribute(PrivateFiles.FILE);

    /** Whether failed records are written anywhere. */
    boolean enabled() {
        return out != null;
    }

    /** One failed record: its raw form (JSON text, or CSV cells) and the error's message. */
    synchronized void add(JsonNode raw, String message) {
        add(raw, message, Set.of(), Json.object());
    }

    /**
     * The same, without what later records of its account, done, set ({@link Superseding}): the fields {@code dropped}
     * left out (a CSV cell emptied, which leaves the field as it is; an {@code expect.} of them too), those
     * {@code replaced} given the value there. Answers the replaced fields a CSV file has no column for.
     */
    synchronized List<String> add(JsonNode raw, String message, Set<String> dropped, ObjectNode replaced) {
        if (out == null || raw == null) return List.of();
        String error = redact.apply(message);
        List<String> uncarried = new ArrayList<>();
        if (format == BatchOptions.Format.csv) {
            List<String> cells = new ArrayList<>();
            raw.forEach(cell -> cells.add(cell.asText()));
            for (int i = 0; i < cells.size() && i < columns.size(); i++) {
                String name = columns.get(i);
                String field = name.startsWith(EXPECT) ? name.substring(EXPECT.length()) : name;
                if (dropped.contains(field)) cells.set(i, "");
                else if (name.equals(field) && replaced.has(name)) cells.set(i, cell(replaced.get(name)));
            }
            replaced.fieldNames().forEachRemaining(name -> { if (!columns.contains(name)) uncarried.add(name); });
            cells.add(error);
            line(Csv.line(cells, look.delimiter()));
        } else {
            ObjectNode record;
            try {
                record = (ObjectNode) Json.parse(raw.asText());
            } catch (IOException | ClassCastException e) {
                return List.of(); // it parsed in the first pass; never here
            }
            for (String field : dropped) {
                record.remove(field);
                record.remove(EXPECT + field);
            }
            record.setAll(replaced);
            record.put(ERROR, error);
            line(Json.write(record));
        }
        written++;
        return uncarried;
    }

    private static final String EXPECT = io.billctl.core.update.UpdatePlan.EXPECT_PREFIX;

    /** A value as a CSV cell billctl reads back to it: text as it is, anything else as JSON. */
    private static String cell(JsonNode value) {
        return value.isTextual() ? value.textValue() : Json.write(value);
    }

    long written() {
        return written;
    }

    private void line(String text) {
        write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A write that fails (a full disk, /dev/full, a pipe whose reader is gone) stops the run: exit 5, never "written". */
    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new BillctlException(io.billctl.core.ExitCode.UNAVAILABLE, "cannot write --failed-out: " + io.billctl.core.input.InputFile.reason(e), e);
        }
    }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // flushed line by line
        }
    }
}
