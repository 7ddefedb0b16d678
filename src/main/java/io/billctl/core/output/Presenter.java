package io.billctl.core.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.OutputFailed;
import io.billctl.core.apply.Outcome;
import io.billctl.core.backend.Applied;
import io.billctl.core.diff.Change;
import io.billctl.core.diff.Diff;
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
 * JSON schema (README, "JSON output"), the same for a single update and a batch record (a batch line adds {@code line}):
 * success {@code {"ok":true,"backend":B,"id":"7","updated":{…},"result":{…},"vendor":<vendor answer>,"attempts":1}},
 * {@code result} the backend's normalised facts ({@link Applied#result}); an update the server only checked
 * {@code {"ok":true,…,"validated":true,"changed":false,"checked":{…},"result":…}};
 * failure {@code {"ok":false,"backend":B,"id":"7","error":{"code","exit_code","vendor_code","message","fields"},"attempts":1}}
 * ({@code backend} and {@code id} when known). Ids are strings. Every other command's document is
 * {@code {"ok":true,…}} too ({@link #done}).
 */
public final class Presenter {
    private final OutputFormat format;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean colorOut;
    private final boolean colorErr;
    private final Redactor redactor;
    /** Whether stdout is a terminal (see the constructor). */
    private final boolean terminalOut;
    /** Whether the failure's JSON document is written already ({@link #failureWritten}). */
    private boolean failureWritten;

    public Presenter(OutputFormat format, PrintStream out, PrintStream err, boolean colorOut, boolean colorErr, Redactor redactor) {
        this(format, out, err, colorOut, colorErr, redactor, true);
    }

    /**
     * @param terminalOut whether stdout is a terminal: a CSV's cells are then made safe for it (control
     *                    characters shown as U+FFFD); in a file or a pipe they are written exactly, as
     *                    {@code --batch} reads them back (a carriage return in a note, a bidi mark in a name)
     */
    public Presenter(OutputFormat format, PrintStream out, PrintStream err, boolean colorOut, boolean colorErr, Redactor redactor, boolean terminalOut) {
        this.format = format;
        this.out = out;
        this.err = err;
        this.colorOut = colorOut;
        this.colorErr = colorErr;
        this.redactor = redactor;
        this.terminalOut = terminalOut;
    }

    public OutputFormat format() {
        return format;
    }

    /** JSON output (json or jsonl): documents and lines rather than tables. */
    public boolean json() {
        return format.isJson();
    }

    // --- updates ---------------------------------------------------------------------------

    /**
     * A single update the vendor accepted: the account's values as a table (with a row for the attempts
     * when it took more than one), or the JSON document; the backend's warnings on stderr.
     */
    public void applied(String backend, Applied applied) {
        applied.warnings().forEach(this::warning);
        if (json()) {
            document(appliedNode(backend, applied));
            return;
        }
        List<Map.Entry<String, String>> rows = rows(applied.view());
        if (applied.attempts() > 1) rows.add(Map.entry("attempts", Integer.toString(applied.attempts())));
        keyValues(rows);
    }

    /**
     * What a single update's retries mean for the person who ran it: when a request went out, got no
     * answer and was sent again, the server may have applied it twice (with the same values).
     */
    public void retried(Outcome outcome) {
        if (!outcome.ok() || !outcome.mayHaveRepeated()) return; // a failure says it in its one line
        warning("account " + outcome.id() + " took " + outcome.attempts() + " attempts (" + String.join("; ", outcome.retryReasons())
                + "): a request that got no answer may have been applied, so the update may have been applied more than once, with the same values");
    }

    /** Warnings of batch records printed one by one before the rest are only counted. */
    private static final int RECORD_WARNINGS_SHOWN = 5;
    private final java.util.concurrent.atomic.AtomicLong recordWarnings = new java.util.concurrent.atomic.AtomicLong();

    /** A batch record's warnings on stderr, named by its line: the first few of the run, the rest counted for the summary. */
    private void recordWarnings(long line, List<String> warnings) {
        for (String warning : warnings) {
            if (recordWarnings.incrementAndGet() <= RECORD_WARNINGS_SHOWN) warning("line " + line + ": " + warning);
        }
    }

    /**
     * One batch record the vendor accepted: a JSON line (written, flushed later by {@link #flush});
     * nothing in a table; its warnings on stderr, the first few, the rest counted for the summary
     * (a re-run that changes nothing would otherwise print a line per record).
     */
    public void recordApplied(long line, String backend, Applied applied) {
        recordWarnings(line, applied.warnings());
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
        if (applied.validatedOnly()) {
            // The server checked the update and changed nothing: never "updated".
            document.put("validated", true).put("changed", false);
            document.set("checked", redactor.json(applied.update().fields()));
        } else {
            document.set("updated", redactor.json(applied.update().fields()));
        }
        document.set("result", redactor.json(applied.result()));
        document.set("vendor", redactor.json(applied.vendor()));
        document.put("attempts", applied.attempts());
        warnings(document, applied.warnings());
        return document;
    }

    /** A document's {@code "warnings"}, when there are any. */
    private void warnings(ObjectNode document, List<String> warnings) {
        if (warnings.isEmpty()) return;
        ArrayNode array = document.putArray("warnings");
        warnings.forEach(w -> array.add(TerminalText.line(redactor.text(w))));
    }

    // --- what an update changes (--diff, --skip-unchanged, --dry-run --diff) --------------

    /**
     * A single update the vendor accepted, with what it changed on the account as read just before:
     * the changed fields as a table ({@code FIELD  BEFORE → AFTER}), or "no change"; with
     * {@code -o json}, the applied document with {@code "changed"} and {@code "diff"}.
     */
    public void applied(String backend, String idName, Applied applied, Diff diff) {
        if (json()) {
            applied.warnings().forEach(this::warning);
            ObjectNode document = appliedNode(backend, applied);
            if (!applied.validatedOnly()) document.put("changed", !diff.isEmpty()); // a check changes nothing; its diff is what the update would
            document.set("diff", diffNode(diff));
            document(document);
            return;
        }
        applied.warnings().forEach(this::warning);
        if (applied.validatedOnly()) {
            if (!diff.isEmpty()) diffTable(diff);
            out.println("valid, nothing changed: " + idName + " " + TerminalText.line(redactor.text(applied.id()))
                    + (diff.isEmpty() ? " already has these values" : " would change as above") + " (--validate-only: the server checked it)");
            out.flush();
        } else if (diff.isEmpty()) {
            out.println("no change: " + idName + " " + TerminalText.line(redactor.text(applied.id())) + " already had these values (sent anyway;"
                    + " --skip-unchanged does not send such an update)");
            out.flush();
        } else {
            diffTable(diff);
        }
        if (applied.attempts() > 1) info("attempts: " + applied.attempts());
    }

    /** A single update not sent because the account already has its values ({@code --skip-unchanged}). */
    public void unchanged(String backend, String idName, String id) {
        if (json()) {
            ObjectNode document = Json.object().put("ok", true).put("backend", backend).put("id", id).put("changed", false).put("sent", false);
            document.putObject("diff");
            document(document);
            return;
        }
        out.println("no change: " + idName + " " + TerminalText.line(redactor.text(id)) + " already has these values; nothing was sent (--skip-unchanged)");
        out.flush();
    }

    /**
     * A single update's plan ({@code --dry-run --diff}): what it would change on the account as it is
     * now, nothing written. Its failure (a read that failed, an expectation that does not hold) is the
     * caller's to report.
     */
    public void planned(String backend, String idName, Outcome outcome) {
        Diff diff = outcome.diff();
        outcome.warnings().forEach(this::warning);
        if (json()) {
            ObjectNode document = Json.object().put("ok", true).put("dry_run", true).put("backend", backend).put("id", outcome.id());
            document.put("changed", !diff.isEmpty());
            document.set("diff", diffNode(diff));
            warnings(document, outcome.warnings());
            document(document);
            return;
        }
        if (diff.isEmpty()) {
            out.println("no change: " + idName + " " + TerminalText.line(redactor.text(outcome.id())) + " already has these values");
        } else {
            diffTable(diff);
        }
        out.flush();
        info(diff.isEmpty() ? "nothing would be sent (--dry-run)"
                : diff.changes().size() + " field" + (diff.changes().size() == 1 ? "" : "s") + " would change; nothing was sent (--dry-run)");
    }

    /**
     * A batch record the vendor accepted or that was left as it is, with what it changed: a JSON line
     * ({@code "changed"}, {@code "diff"}; with {@code dryRun}, a plan's line, {@code "dry_run":true} as a
     * single update's plan has it); in a table, with {@code showDiff}, one line
     * {@code id 7: credit_limit: 100 → 200} or {@code id 7: no change}.
     */
    public void recordChanged(long line, String backend, String idName, Outcome outcome, boolean showDiff, boolean dryRun) {
        Diff diff = outcome.diff();
        List<String> warnings = outcome.applied() != null ? outcome.applied().warnings() : outcome.warnings();
        recordWarnings(line, warnings);
        if (json()) {
            ObjectNode node = Json.object().put("line", line);
            boolean validated = outcome.applied() != null && outcome.applied().validatedOnly();
            if (outcome.applied() != null) {
                node.setAll(appliedNode(backend, outcome.applied()));
            } else {
                node.put("ok", true);
                if (dryRun) node.put("dry_run", true);
                node.put("backend", backend).put("id", outcome.id());
                if (outcome.status() == Outcome.Status.PLANNED || outcome.status() == Outcome.Status.UNCHANGED) node.put("sent", false);
                warnings(node, warnings);
            }
            if (diff != null) {
                if (!validated) node.put("changed", !diff.isEmpty());
                node.set("diff", diffNode(diff));
            }
            line(node);
            return;
        }
        if (!showDiff || diff == null) return;
        StringBuilder text = new StringBuilder(64).append(idName).append(' ').append(TerminalText.line(outcome.id())).append(": ");
        boolean validated = outcome.applied() != null && outcome.applied().validatedOnly();
        if (validated) text.append(diff.isEmpty() ? "valid, nothing changed (already has these values)" : "valid, nothing changed; it would change ");
        if (validated && diff.isEmpty()) {
            // said above
        } else if (diff.isEmpty()) {
            text.append(outcome.status() == Outcome.Status.UNCHANGED && !outcome.isApplied() ? "no change" : "no change (sent)");
        } else {
            boolean first = true;
            for (Change change : diff.changes()) {
                if (!first) text.append("; ");
                first = false;
                text.append(change.field()).append(": ").append(display(before(change))).append(" \u2192 ").append(display(after(change)));
            }
        }
        byte[] bytes = (redactor.text(text.toString()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes, 0, bytes.length);
        }
    }

    /** A batch plan's end ({@code --dry-run --diff}): how many records would change an account, how many would not, how many cannot go. */
    public void batchPlanSummary(boolean ok, long records, long wouldChange, long unchanged, long failed) {
        if (json()) {
            document(Json.object().put("ok", ok).set("summary", Json.object().put("dry_run", true).put("records", records)
                    .put("would_change", wouldChange).put("unchanged", unchanged).put("failed", failed).put("sent", 0)));
            return;
        }
        out.flush();
        info(wouldChange + " of " + records + " records would change their account, " + unchanged + " would not"
                + (failed > 0 ? ", " + failed + " cannot go (above)" : "") + "; nothing was sent (--dry-run)");
    }

    /** FIELD  BEFORE  →  AFTER, the changed fields only. */
    private void diffTable(Diff diff) {
        List<List<String>> rows = new ArrayList<>();
        for (Change change : diff.changes()) rows.add(List.of(change.field(), before(change), "\u2192", after(change)));
        table(List.of("FIELD", "BEFORE", "", "AFTER"), rows);
    }

    /** The value before; an object's secret members (sim_card_info.auth_key) masked by their names, as in JSON. */
    private String before(Change change) {
        if (change.secret()) return Redactor.MASK;
        return change.beforeKnown() ? diffCell(keysMasked(change.before())) : "(not returned)";
    }

    private String after(Change change) {
        return change.secret() ? Redactor.MASK : diffCell(keysMasked(change.shown()));
    }

    private JsonNode keysMasked(JsonNode value) {
        return value == null ? null : redactor.json(value);
    }

    /** A cell, with the empty string shown as "" so that it is told from a missing value. */
    private static String diffCell(JsonNode value) {
        if (value != null && value.isTextual() && value.textValue().isEmpty()) return "\"\"";
        return cell(value);
    }

    /** {@code {"field":{"before":…,"after":…}}}; a secret's {@code {"secret":true}}, a value the read did not return left out. */
    private ObjectNode diffNode(Diff diff) {
        ObjectNode node = Json.object();
        for (Change change : diff.changes()) {
            ObjectNode field = node.putObject(change.field());
            if (change.secret()) {
                field.put("secret", true);
                continue;
            }
            if (change.beforeKnown()) field.set("before", change.before());
            else field.put("before_returned", false);
            field.set("after", change.shown());
        }
        return (ObjectNode) redactor.json(node);
    }

    /** The run's failure is already in the JSON document on stdout (a list that failed half-way): {@link #failure} writes no other. */
    public void failureWritten() {
        failureWritten = true;
    }

    /** One line on stderr; with {@code -o json}, also the failure document on stdout (unless {@link #failureWritten}). */
    public void failure(BillctlException e) {
        if (e instanceof OutputFailed output) {
            output.report(err); // nothing more on a stdout that cannot be written
            return;
        }
        errorLine(e.getMessage());
        for (String detail : e.details()) errorLine(detail);
        if (json() && !failureWritten) {
            ObjectNode doc = Json.object();
            doc.put("ok", false);
            doc.set("error", errorNode(e));
            document(doc);
        }
    }

    /** A single update that failed: its one line on stderr; with {@code -o json}, its document with the account and attempts. */
    public void updateFailed(String backend, Outcome outcome) {
        BillctlException e = outcome.error();
        errorLine(e.getMessage());
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("ok", false);
            doc.put("backend", backend);
            doc.put("id", outcome.id());
            doc.set("error", errorNode(e));
            doc.put("attempts", outcome.attempts());
            warnings(doc, outcome.warnings());
            document(doc);
        }
    }

    /** {@code --stacktrace}: the trace of a failure, secrets masked and each line cleaned like any other text on stderr. */
    public void stackTrace(Throwable e) {
        String clean = TerminalText.lines(redactor.stackTrace(e).replace("\r", ""));
        synchronized (err) {
            err.print(clean.endsWith("\n") ? clean : clean + "\n");
            err.flush();
        }
    }

    /**
     * A batch record that failed: its line on stderr ({@code message} names the record), and with
     * {@code -o json} its outcome as one JSON line on stdout beside the others.
     */
    public void recordFailed(long line, String backend, Outcome outcome, String message) {
        recordWarnings(line, outcome.warnings());
        errorLine(message);
        if (json()) {
            ObjectNode doc = Json.object();
            doc.put("line", line);
            doc.put("ok", false);
            doc.put("backend", backend);
            doc.put("id", outcome.id());
            doc.set("error", errorNode(outcome.error()));
            doc.put("attempts", outcome.attempts());
            warnings(doc, outcome.warnings());
            line(doc);
        }
    }

    /** A failure's line(s) on stderr only: its document, if any, is part of another (a batch's summary). */
    public void errorLine(BillctlException e) {
        if (e instanceof OutputFailed output) {
            output.report(err);
            return;
        }
        errorLine(e.getMessage());
        for (String detail : e.details()) errorLine(detail);
    }

    /** {@code {"code":…,"exit_code":…,"vendor_code":…,"message":…,"fields":{…}}}, secrets masked. */
    public ObjectNode errorNode(BillctlException e) {
        ObjectNode error = Json.object();
        error.put("code", ExitCode.codeName(e.exitCode()));
        error.put("exit_code", e.exitCode());
        if (e.vendorCode() != null) error.put("vendor_code", e.vendorCode());
        error.put("message", TerminalText.message(redactor.text(e.getMessage())));
        ObjectNode fields = error.putObject("fields");
        e.fields().forEach((name, message) -> fields.put(TerminalText.line(redactor.text(name)), TerminalText.line(redactor.text(message))));
        if (!e.details().isEmpty()) e.details().forEach(detail -> error.withArray("details").add(TerminalText.message(redactor.text(detail))));
        return error;
    }

    /** The exact request, secrets masked: what {@code --dry-run} shows. */
    public void request(WireRequest request) {
        request(request, List.of());
    }

    /** The same, with the warnings the real run would give before sending: on stderr, and in JSON as "warnings". */
    public void request(WireRequest request, List<String> warnings) {
        warnings.forEach(this::warning);
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
            warnings(doc, warnings);
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

    // --- reads -----------------------------------------------------------------------------

    /**
     * One account ({@code get}): a FIELD/VALUE table (secrets left out shown as the mask), one JSON
     * document {@code {"ok":true,"backend","id","account":{…},"masked":[…]}}, or as {@code --batch} reads
     * it: one JSON line, or a CSV header and row. In those, secrets left out are named on stderr. A table's
     * rows go in {@code order} (the names asked for, secrets left out among them, each where it was asked
     * for); names not in it after, in the account's order.
     */
    public void account(String backend, String id, ObjectNode account, List<String> masked, boolean showSecrets, List<String> order) {
        switch (format) {
            case table -> {
                Map<String, String> cells = new java.util.LinkedHashMap<>();
                (showSecrets ? redactor.values(account) : redactor.json(account)).fields()
                        .forEachRemaining(e -> cells.put(e.getKey(), cell(e.getValue())));
                for (String name : masked) if (!cells.containsKey(name)) cells.put(name, Redactor.MASK);
                List<Map.Entry<String, String>> rows = new ArrayList<>();
                for (String name : order) {
                    String cell = cells.remove(name);
                    if (cell != null) rows.add(Map.entry(name, cell));
                    // An object's secret members left out come right after it.
                    for (String member : masked) if (member.startsWith(name + ".") && cells.remove(member) != null) rows.add(Map.entry(member, Redactor.MASK));
                }
                cells.forEach((name, cell) -> rows.add(Map.entry(name, cell)));
                keyValues(rows);
            }
            case json -> {
                ObjectNode document = Json.object().put("ok", true).put("backend", backend).put("id", id);
                document.set("account", showSecrets ? redactor.values(account) : redactor.json(account));
                masked.forEach(document.withArray("masked")::add);
                byte[] bytes = Json.bytes(redactor.values(document));
                out.write(bytes, 0, bytes.length);
                out.write('\n');
                out.flush();
            }
            default -> {
                AccountList list = accountList(backend, null, showSecrets);
                list.add(account, masked);
                list.end();
            }
        }
        if (!masked.isEmpty() && format != OutputFormat.table) {
            info("note: " + String.join(", ", masked) + " left out: secrets the server returns in clear (--show-secrets includes them)");
        }
    }

    /** A list of accounts, written as they come ({@code list}); {@code columns} null when only the accounts tell. */
    public AccountList accountList(String backend, List<String> columns, boolean showSecrets) {
        return new AccountList(format, out, redactor, colorOut, terminalOut, backend, columns, showSecrets);
    }

    // --- batch -----------------------------------------------------------------------------

    /**
     * What a batch run ends with: a summary line in JSON ({@code {"ok":…,"summary":{…}}}, ok when every
     * record went through and nothing stopped the run: exit 0), a one-row table otherwise.
     */
    public void batchSummary(boolean ok, ObjectNode summary, List<String> header, List<String> row) {
        if (json()) document(Json.object().put("ok", ok).set("summary", summary));
        else table(header, List.of(row));
    }

    /** A batch with nothing to send (an undo whose journal applied nothing): its line on stderr, or a summary of no records. */
    public void nothingToSend(String said) {
        if (!json()) {
            info(said);
            return;
        }
        ObjectNode summary = Json.object().put("records", 0).put("done", 0).put("failed", 0);
        document(Json.object().put("ok", true).put("message", TerminalText.line(redactor.text(said))).set("summary", summary));
    }

    /** The batch records' warnings that were counted and not printed, said once at the end. */
    public void moreRecordWarnings() {
        long more = recordWarnings.get() - RECORD_WARNINGS_SHOWN;
        if (more > 0) warning(more + " more records had warnings like those above (each record's is in its JSON line with -o json)");
    }

    /** A dry-run batch: how many records were validated, and how many of their requests were shown. */
    public void batchDryRun(long records, int shown) {
        if (json()) {
            document(Json.object().put("ok", true).set("summary", Json.object().put("dry_run", true).put("records", records).put("sent", 0)));
        } else {
            // "200 requests validated (and 197 more)" read as 397: the count is of all, the shown ones among them.
            String rest = records > shown ? ", the first " + shown + " shown" : "";
            out.println();
            out.println(records + (records == 1 ? " request" : " requests") + " validated" + rest + "; nothing was sent (--dry-run)");
            out.flush();
        }
    }

    /**
     * A journal entry as the line written to the file: every known secret value masked, as in any other
     * output (its keys are billctl's own, never a secret's name: its free text is where a secret could
     * be), and its message one clean line of bounded length, so a server's 5 MB error page does not go
     * into the journal whole. Masked before it is cut, so no cut leaves part of a secret.
     */
    public String journalLine(JsonNode entry) {
        JsonNode message = entry.get("message");
        if (message != null && message.isTextual() && entry instanceof ObjectNode object) {
            object.put("message", TerminalText.line(redactor.text(message.textValue()), JOURNAL_MESSAGE));
        }
        return redactor.text(Json.write(entry));
    }

    /** The longest error message a journal line keeps. */
    private static final int JOURNAL_MESSAGE = 2000;

    /**
     * A batch's progress on stderr, as {@code mode} asks ({@code auto}: a bar when stderr is a terminal),
     * fitted to {@code columns}; {@code verb} is what a finished record is ("done", "validated").
     */
    public Progress progress(long total, Progress.Mode mode, boolean stderrIsTerminal, int columns, String verb) {
        Progress progress = new Progress(err, mode.on(stderrIsTerminal), total, columns, verb);
        this.progress = progress;
        return progress;
    }

    /** The batch's progress bar while one runs: a message on stderr clears its line first. */
    private volatile Progress progress;

    /** Before a message on stderr, with its lock held: the progress bar's line cleared. */
    private void clearProgress() {
        Progress shown = progress;
        if (shown != null) shown.clearForMessage();
    }

    // --- generic documents -----------------------------------------------------------------

    /**
     * What one of billctl's own commands did (profile add, use, remove; sandbox reset): its one line on
     * stderr, or with {@code -o json} the document {@code {"ok":true,…facts}} on stdout and nothing else.
     */
    public void done(String said, ObjectNode facts) {
        if (!json()) {
            info(said);
            return;
        }
        ObjectNode document = Json.object().put("ok", true);
        document.setAll(facts);
        document(document);
    }

    /** A document of one of billctl's own commands: {@code {"ok":true,…}} with {@code facts} after it (profile list, show, test). */
    public void okDocument(ObjectNode facts) {
        ObjectNode document = Json.object().put("ok", true);
        document.setAll(facts);
        document(document);
    }

    /** One JSON document on stdout, every known secret value masked (account data is masked by key where it is built). */
    public void document(JsonNode document) {
        out.println(c1Escaped(redactor.text(Json.write(document))));
        out.flush();
    }

    /**
     * One JSON line among many (a batch's outcomes): written, flushed later by {@link #flush}. Masked
     * node by node (keys and texts, in every form the redactor knows) and written straight to UTF-8
     * bytes with the C1 controls escaped, as {@link #document} masks and escapes its text.
     */
    public void line(JsonNode document) {
        byte[] bytes = Json.bytes(redactor.json(document));
        synchronized (out) {
            out.write(bytes, 0, bytes.length);
            out.write('\n');
        }
    }

    /**
     * JSON text with DEL and the C1 controls (U+007F..U+009F, which include 8-bit CSI and OSC) escaped
     * too: the JSON writer escapes only what JSON requires, below U+0020. Outside strings JSON text is
     * ASCII, so the escape can only land inside a string, where it means the same character.
     */
    static String c1Escaped(String json) {
        int i = 0;
        int length = json.length();
        while (i < length && (json.charAt(i) < 0x7F || json.charAt(i) > 0x9F)) i++;
        if (i == length) return json;
        StringBuilder out = new StringBuilder(length + 16).append(json, 0, i);
        for (; i < length; i++) {
            char c = json.charAt(i);
            if (c >= 0x7F && c <= 0x9F) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    public void flush() {
        out.flush();
    }

    /** Plain lines on stdout, as they are ({@code --version}): billctl's own text, masked all the same. */
    public void lines(List<String> lines) {
        out.print(redactor.text(String.join("\n", lines) + "\n"));
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
        // The text "null" in quotes, as CSV writes it: a table tells it from null.
        if (value.isTextual()) return value.textValue().equals("null") ? "\"null\"" : value.textValue();
        if (value.isNumber()) return plain(value);
        // A comma list where that reads back as the same list, else JSON: ["a,b","c"] is not a,b,c, and [] is not "".
        if (value.isArray()) return Csv.cell(value);
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

    /** A cell on one line: line breaks and tabs shown as \\n and \\t, nothing that drives a terminal. */
    static String safeCell(String cell) {
        return display(cell);
    }

    private static String display(String cell) {
        if (cell == null) return "";
        String shown = cell.replace("\n", "\\n").replace("\t", "\\t");
        return TerminalText.isClean(shown) ? shown : TerminalText.line(shown, Integer.MAX_VALUE);
    }

    private static String pad(String cell, int width) {
        return cell.length() >= width ? cell : cell + " ".repeat(width - cell.length());
    }

    // --- messages on stderr ----------------------------------------------------------------

    /**
     * Every error and warning is one line of at most {@value TerminalText#MAX_LINE} characters, secrets
     * masked before it is cut (so no cut leaves part of one), and nothing in it that a terminal would
     * take as a command: whatever a server put in its message.
     */
    private void errorLine(String message) {
        String text = TerminalText.message(redactor.text(message));
        synchronized (err) {
            clearProgress();
            err.println(colorErr ? Ansi.ansi().fgRed().a("error:").reset() + " " + text : "error: " + text);
            err.flush();
        }
    }

    public void warning(String message) {
        String text = TerminalText.message(redactor.text(message));
        synchronized (err) {
            clearProgress();
            err.println(colorErr ? Ansi.ansi().fgYellow().a("warning:").reset() + " " + text : "warning: " + text);
            err.flush();
        }
    }

    /** A note for the person at the terminal ("saved profile 'prod'"): stderr, never stdout; leading blank lines kept, the rest one clean line. */
    public void info(String message) {
        int start = 0;
        while (start < message.length() && message.charAt(start) == '\n') start++;
        String text = message.substring(0, start) + TerminalText.line(redactor.text(message.substring(start)), 2000);
        synchronized (err) {
            clearProgress();
            err.println(text);
            err.flush();
        }
    }
}
