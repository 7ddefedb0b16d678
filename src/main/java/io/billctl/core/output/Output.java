package io.billctl.core.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.WireRequest;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.fusesource.jansi.Ansi;

/**
 * Everything billctl prints. Data goes to stdout, as a table or as exactly one JSON document;
 * messages go to stderr. Colour only on a terminal, never with NO_COLOR or --no-color.
 */
public final class Output {
    private final OutputFormat format;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final Redactor redactor;

    public Output(OutputFormat format, PrintStream out, PrintStream err, boolean color, Redactor redactor) {
        this.format = format;
        this.out = out;
        this.err = err;
        this.color = color;
        this.redactor = redactor;
    }

    public OutputFormat format() {
        return format;
    }

    public boolean json() {
        return format == OutputFormat.json;
    }

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

    private void appendRow(StringBuilder text, List<String> cells, int[] widths, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = display(cells.get(i));
            boolean last = i == cells.size() - 1;
            line.append(last ? cell : pad(cell, widths[i])).append(last ? "" : "  ");
        }
        String row = line.toString().stripTrailing();
        text.append(header && color ? Ansi.ansi().bold().a(row).reset().toString() : row).append('\n');
    }

    private static String display(String cell) {
        return cell == null ? "" : cell.replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String pad(String cell, int width) {
        return cell.length() >= width ? cell : cell + " ".repeat(width - cell.length());
    }

    /** The exact request, secrets masked: what {@code --dry-run} shows. */
    public void request(WireRequest request) {
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("ok", true);
            doc.put("dry_run", true);
            ObjectNode req = doc.putObject("request");
            req.put("method", request.method());
            req.put("url", redactor.text(request.uri().toString()));
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
        text.append(request.method()).append(' ').append(redactor.text(request.uri().toString())).append('\n');
        request.headers().forEach(h -> text.append(h.getKey()).append(": ").append(redactor.header(h.getKey(), h.getValue())).append('\n'));
        if (request.body().length > 0) {
            text.append('\n').append(redactor.body(request.header("Content-Type"), request.bodyText())).append('\n');
        }
        out.print(text);
        out.flush();
    }

    /** One line on stderr; with {@code -o json}, also the failure document on stdout. */
    public void failure(BillctlException e) {
        errorLine(e);
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("ok", false);
            doc.set("error", errorNode(e));
            document(doc);
        }
    }

    /**
     * A batch record that failed: its line on stderr, and with {@code -o json} its outcome as one
     * JSON line on stdout beside the others.
     */
    public void recordFailure(long line, String id, BillctlException e) {
        errorLine(e);
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("line", line);
            doc.put("id", id);
            doc.put("ok", false);
            doc.set("error", errorNode(e));
            line(doc);
        }
    }

    private void errorLine(BillctlException e) {
        String message = redactor.text(e.getMessage());
        synchronized (err) {
            err.println(color ? Ansi.ansi().fgRed().a("error:").reset() + " " + message : "error: " + message);
            err.flush();
        }
    }

    /** {@code {"code":…,"exit_code":…,"vendor_code":…,"message":…,"fields":{…}}}, secrets masked. */
    private ObjectNode errorNode(BillctlException e) {
        ObjectNode error = Json.object();
        error.put("code", ExitCode.codeName(e.exitCode()));
        error.put("exit_code", e.exitCode());
        if (e.vendorCode() != null) error.put("vendor_code", e.vendorCode());
        error.put("message", redactor.text(e.getMessage()));
        ObjectNode fields = error.putObject("fields");
        e.fields().forEach((k, v) -> fields.put(k, redactor.text(v)));
        return error;
    }

    public void warning(String message) {
        err.println(color ? Ansi.ansi().fgYellow().a("warning:").reset() + " " + redactor.text(message) : "warning: " + redactor.text(message));
        err.flush();
    }
}
