package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Json;
import io.billctl.core.output.Csv;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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

    /** Creates (or replaces) the file; a CSV one starts with the input's header and the error column. */
    static FailedOut open(Path file, BatchOptions.Format format, List<String> csvHeader, Look look, UnaryOperator<String> redact) {
        try {
            Files.deleteIfExists(file);
            OutputStream out = Files.newOutputStream(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    StandardOpenOption.WRITE);
            FailedOut failed = new FailedOut(out, format, look, redact);
            if (format == BatchOptions.Format.csv) {
                if (look.byteOrderMark()) out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                List<String> header = new ArrayList<>(csvHeader);
                header.add(ERROR);
                failed.line(Csv.line(header, look.delimiter()));
            }
            return failed;
        } catch (IOException | UnsupportedOperationException e) {
            throw BillctlException.usage("cannot write --failed-out " + file + ": " + e.getMessage());
        }
    }

    /** One failed record: its raw form (JSON text, or CSV cells) and the error's message. */
    synchronized void add(JsonNode raw, String message) {
        if (out == null || raw == null) return;
        String error = redact.apply(message);
        if (format == BatchOptions.Format.csv) {
            List<String> cells = new ArrayList<>();
            raw.forEach(cell -> cells.add(cell.asText()));
            cells.add(error);
            line(Csv.line(cells, look.delimiter()));
        } else {
            ObjectNode record;
            try {
                record = (ObjectNode) Json.parse(raw.asText());
            } catch (IOException | ClassCastException e) {
                return; // it parsed in the first pass; never here
            }
            record.put(ERROR, error);
            line(Json.write(record));
        }
        written++;
    }

    long written() {
        return written;
    }

    private void line(String text) {
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new BillctlException(io.billctl.core.ExitCode.UNAVAILABLE, "cannot write --failed-out: " + e.getMessage(), e);
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
