package io.billctl.core.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.Applied;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fusesource.jansi.Ansi;

/**
 * Everything billctl prints, and the only place that formats it. Data goes to stdout, as a table or
 * as JSON (one document, or for a batch one line per record and a summary line); messages go to
 * stderr, one line each. Every text passes the run's {@link Redactor} here, and so does each
 * journal entry ({@link #journalLine}). Backends hand over data ({@link Applied}), never cells.
 * <p>
 * JSON schema, the same for a single update and a batch record (a batch line adds {@code line}):
 * success {@code {"ok":true,"backend":B,"id":"7","updated":{…},"result":<vendor answer>,"attempts":1}};
 * failure {@code {"ok":false,"backend":B,"id":"7","error":{"code","exit_code","vendor_code","message","fields"},"attempts":1}}
 * ({@code backend} and {@code id} when known). Ids are strings.
 */
public final class Presenter {
    private final OutputFormat format;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean colorOut;
    private final boolean colorErr;
    private final Redactor redactor;

    public Presenter(OutputFormat format, PrintStream out, PrintStream err, boolean colorOut, boolean colorErr, Redactor redactor) {
        this.format = format;
        this.out = out;
        this.err = err;
        this.colorOut = colorOut;
        this.colorErr = colorErr;
        this.redactor = redactor;
    }

    public OutputFormat format() {
        return format;
    }

    public boolean json() {
        return format == OutputFormat.json;
    }

    // --- updates ---------------------------------------------------------------------------

    /** A single update the vendor accepted: the account's values as a table, or the JSON document. */
    public void applied(String backend, Applied applied) {
        if (json()) document(appliedNode(backend, applied));
        else keyValues(rows(applied.view()));
    }

    /** One batch record the vendor accepted: a JSON line (written, flushed later by {@link #flush}); nothing in a table. */
    public void recordApplied(long line, String backend, Applied applied) {
        if (!json()) return;
        ObjectNode node = Json.object().put("line", line);
        node.setAll(appliedNode(backend, applied));
        line(node);
    }

    private ObjectNode appliedNode(String backend, Applied applied) {
        ObjectNode document = Json.object();
        document.put("ok", true);
        document.put("backend", backend);
        document.put("id", applied.id());
        document.set("updated", redactor.json(applied.update().fields()));
        document.set("result", redactor.json(applied.reply()));
        document.put("attempts", applied.attempts());
        return document;
    }

    /** One line on stderr; with {@code -o json}, also the failure document on stdout. */
    public void failure(BillctlException e) {
        errorLine(e.getMessage());
        for (String detail : e.details()) errorLine(detail);
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("ok", false);
            doc.set("error", errorNode(e));
            document(doc);
        }
    }

    /**
     * A batch record that failed: its line on stderr ({@code message} names the record), and with
     * {@code -o json} its outcome as one JSON line on stdout beside the others.
     */
    public void recordFailed(long line, String backend, String id, BillctlException e, String message, int attempts) {
        errorLine(message);
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("line", line);
            doc.put("ok", false);
            doc.put("backend", backend);
            doc.put("id", id);
            doc.set("error", errorNode(e));
            doc.put("attempts", attempts);
            line(doc);
        }
    }

    /** A failure's line(s) on stderr only: its document, if any, is part of another (a batch's summary). */
    public void errorLine(BillctlException e) {
        errorLine(e.getMessage());
        for (String detail : e.details()) errorLine(detail);
    }

    /** {@code {"code":…,"exit_code":…,"vendor_code":…,"message":…,"fields":{…}}}, secrets masked. */
    public ObjectNode errorNode(BillctlException e) {
        ObjectNode error = Json.object();
        error.put("code", ExitCode.codeName(e.exitCode()));
        error.put("exit_code", e.exitCode());
        if (e.vendorCode() != null) error.put("vendor_code", e.vendorCode());
        error.put("message", e.getMessage());
        ObjectNode fields = error.putObject("fields");
        e.fields().forEach(fields::put);
        if (!e.details().isEmpty()) e.details().forEach(error.putArray("details")::add);
        return error;
    }

    /** The exact request, secrets masked: what {@code --dry-run} shows. */
    public void request(WireRequest request) {
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("ok", true);
            doc.put("dry_run", true);
            ObjectNode req = doc.putObject("request");
            req.put("method", request.method());
            req.put("url", request.uri().toString());
            ObjectNode headers = req.putObject("headers");
            request.headers().forEach(h -> headers.put(h.getKey(), redactor.header(h.getKey(), h.getValue())));
            String body = redactor.body(request.header("Content-Type"), request.bodyText());
            try {
                req.set("body", Json.parse(body));
            } catch (Exception notJson) {
                req.put("body", body);
            }
            document(doc);
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append(request.method()).append(' ').append(request.uri()).append('\n');
        request.headers().forEach(h -> text.append(h.getKey()).append(": ").append(redactor.header(h.getKey(), h.getValue())).append('\n'));
        if (request.body().length > 0) {
            text.append('\n').append(redactor.body(request.header("Content-Type"), request.bodyText())).append('\n');
        }
        out.print(redactor.text(text.toString()));
        out.flush();
    }

    /** A dry run's requests are separated by a blank line in a table. */
    public void requestSeparator() {
        if (!json()) out.println();
    }

    // --- batch -----------------------------------------------------------------------------

    /** What a batch run ends with: a summary line in JSON, a one-row table otherwise. */
    public void batchSummary(ObjectNode summary, List<String> header, List<String> row) {
        if (json()) document(Json.object().set("summary", summary));
        else table(header, List.of(row));
    }

    /** A dry-run batch: how many records were validated, and how many of their requests were shown. */
    public void batchDryRun(long records, int shown) {
        if (json()) {
            document(Json.object().set("summary", Json.object().put("dry_run", true).put("records", records).put("sent", 0)));
        } else {
            String rest = records > shown ? " (and " + (records - shown) + " more)" : "";
            out.println();
            out.println(records + " requests validated" + rest + "; nothing was sent (--dry-run)");
            out.flush();
        }
    }

    /**
     * A journal entry as the line written to the file: every known secret value masked, as in any other
     * output (its keys are billctl's own, never a secret's name: its free text is where a secret could be).
     */
    public String journalLine(JsonNode entry) {
        return redactor.text(Json.write(entry));
    }

    /** The progress bar of a batch of {@code total} records: drawn on stderr when it is a terminal. */
    public Progress progress(long total, boolean stderrIsTerminal) {
        return new Progress(err, stderrIsTerminal, total);
    }

    // --- generic documents -----------------------------------------------------------------

    /** One JSON document on stdout, every known secret value masked (account data is masked by key where it is built). */
    public void document(JsonNode document) {
        out.println(redactor.text(Json.write(document)));
        out.flush();
    }

    /** One JSON line among many (a batch's outcomes): written, flushed later by {@link #flush}. */
    public void line(JsonNode document) {
        out.println(redactor.text(Json.write(document)));
    }

    public void flush() {
        out.flush();
    }

    /** A table with a header row; in JSON mode, call {@link #document} instead. */
    public void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) widths[i] = header.get(i).length();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], display(row.get(i)).length());
        }
        StringBuilder text = new StringBuilder();
        appendRow(text, header, widths, true);
        for (List<String> row : rows) appendRow(text, row, widths, false);
        out.print(redactor.text(text.toString()));
        out.flush();
    }

    /** Two columns of name and value, the shape of one account. */
    public void keyValues(List<Map.Entry<String, String>> rows) {
        table(List.of("FIELD", "VALUE"), rows.stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
    }

    /** An object's members as rows of name and cell, secrets masked. */
    private List<Map.Entry<String, String>> rows(ObjectNode values) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        redactor.json(values).fields().forEachRemaining(e -> rows.add(Map.entry(e.getKey(), cell(e.getValue()))));
        return rows;
    }

    /**
     * A value as a table cell, the same for every backend: a string bare, a number in plain notation,
     * null as {@code null}, a list of scalars as the comma list a flag takes back, anything else JSON.
     */
    public static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return "null";
        if (value.isTextual()) return value.textValue();
        if (value.isNumber()) return plain(value);
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (item.isContainerNode()) return Json.write(value);
                items.add(item.isTextual() ? item.textValue() : item.isNumber() ? plain(item) : Json.write(item));
            }
            return String.join(",", items);
        }
        return value.isValueNode() ? value.asText() : Json.write(value);
    }

    /** A number without an exponent, unless writing it out would take more than a line. */
    private static String plain(JsonNode number) {
        if (!number.isBigDecimal() && !number.isDouble() && !number.isFloat()) return number.asText();
        BigDecimal decimal = number.decimalValue();
        int digits = decimal.precision() - decimal.scale();
        return Math.abs(digits) < 64 && Math.abs(decimal.scale()) < 64 ? decimal.toPlainString() : decimal.toString();
    }

    private void appendRow(StringBuilder text, List<String> cells, int[] widths, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = display(cells.get(i));
            boolean last = i == cells.size() - 1;
            line.append(last ? cell : pad(cell, widths[i])).append(last ? "" : "  ");
        }
        String row = line.toString().stripTrailing();
        text.append(header && colorOut ? Ansi.ansi().bold().a(row).reset().toString() : row).append('\n');
    }

    private static String display(String cell) {
        return cell == null ? "" : cell.replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String pad(String cell, int width) {
        return cell.length() >= width ? cell : cell + " ".repeat(width - cell.length());
    }

    // --- messages on stderr ----------------------------------------------------------------

    private void errorLine(String message) {
        String text = redactor.text(message);
        synchronized (err) {
            err.println(colorErr ? Ansi.ansi().fgRed().a("error:").reset() + " " + text : "error: " + text);
            err.flush();
        }
    }

    public void warning(String message) {
        String text = redactor.text(message);
        synchronized (err) {
            err.println(colorErr ? Ansi.ansi().fgYellow().a("warning:").reset() + " " + text : "warning: " + text);
            err.flush();
        }
    }

    /** A note for the person at the terminal ("saved profile 'prod'"): stderr, never stdout. */
    public void info(String message) {
        String text = redactor.text(message);
        synchronized (err) {
            err.println(text);
            err.flush();
        }
    }
}
