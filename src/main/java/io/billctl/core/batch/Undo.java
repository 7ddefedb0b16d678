package io.billctl.core.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.backend.Backend;
import io.billctl.core.config.Endpoint;
import io.billctl.core.http.Redactor;
import io.billctl.core.update.UpdatePlan;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code billctl undo JOURNAL}: the inverse of the run a journal records. Each record that was
 * applied (done; or sent with no outcome, or failed for want of an answer, since those may have
 * been) becomes a record that sets its account's fields back to their before-image, in the reverse
 * order of the run, and expects the values the run set ({@code expect.FIELD}; not with
 * {@code force}); it goes through the batch machinery like any batch, read first and left alone when
 * the account already has its old values. Secrets and values the read did not return were never
 * journaled: they are named, not restored.
 */
public final class Undo {
    private final Path file;
    private final RunIdentity identity;
    /** The records to put back, latest first. */
    private final List<UndoJournal.Record> records;
    /** Records the run applied whose journal entry has no before-image. */
    private final long withoutImage;

    private Undo(Path file, UndoJournal journal) {
        this.file = file;
        this.identity = journal.identity();
        this.records = journal.records();
        this.withoutImage = journal.withoutImage();
    }

    /**
     * Reads a journal; one that is not one, or that a running billctl holds, is a usage error. A
     * journal whose applied records have no before-images cannot be undone.
     */
    public static Undo read(Path file) {
        return new Undo(file, UndoJournal.read(file));
    }

    /** The backend the journal's run updated ({@code yeti}). */
    public String backend() {
        return identity.backend();
    }

    /** The profile the run used. */
    public String profile() {
        return identity.profile();
    }

    /**
     * Refuses an endpoint other than the one the run sent to: the same profile name may point
     * elsewhere now, and another name at the same server is fine.
     */
    public void checkTarget(Endpoint endpoint) {
        if (!identity.endpoint().equals(endpoint.sessionScope())) {
            throw BillctlException.usage("journal " + file + " records a run against " + identity.endpoint() + ", but profile '" + endpoint.profile()
                    + "' sends to " + endpoint.sessionScope() + "; choose the profile of that server with -p");
        }
    }

    /**
     * Runs the inverse batch through {@code pipeline} (which reads each account first and leaves one
     * that already has its old values alone); answers the exit code. With {@code force}, accounts
     * changed again since the run are put back too.
     */
    public int run(Context context, Pipeline pipeline, BatchOptions options, boolean force) {
        Backend backend = pipeline.backend();
        if (!backend.id().equals(identity.backend())) {
            throw new IllegalArgumentException("undo of a " + identity.backend() + " journal through " + backend.id());
        }
        if (options.journal() != null && SameFile.same(options.journal(), file)) {
            throw BillctlException.usage("--journal " + options.journal() + " is the journal being undone; give the undo its own journal");
        }
        if (options.failedOut() != null && SameFile.same(options.failedOut(), file)) {
            throw BillctlException.usage("--failed-out " + options.failedOut() + " is the journal being undone, which it would overwrite; give the "
                    + "failed records a file of their own");
        }
        if (withoutImage > 0) {
            throw BillctlException.usage("journal " + file + " has no before-images for " + withoutImage + " of its applied records (written with"
                    + " --no-before-images, or by a billctl without undo): they cannot be undone");
        }
        if (records.isEmpty()) {
            context.presenter().nothingToSend("nothing to undo: journal " + file + " records no update that was applied");
            return ExitCode.OK;
        }
        Inverse inverse = inverse(backend, force, context);
        if (inverse.records().length == 0 && inverse.notRestored() == 0) {
            // Every update found the values already there (its before-image is empty): it changed nothing.
            context.presenter().nothingToSend("nothing to undo: the updates of journal " + file + " changed no value");
            return ExitCode.OK;
        }
        if (inverse.records().length == 0) {
            // The run changed accounts and none of it can be put back (the warnings above say what): not a success.
            throw new BillctlException(ExitCode.REJECTED, "nothing undone: the updates of journal " + file
                    + " changed only fields that cannot be restored (see the warnings above); the accounts keep the run's values");
        }
        return Batch.run(context, pipeline, options, BatchInput.records("undo of " + file, inverse.records()));
    }

    /** The inverse batch as JSON Lines, and how many fields it cannot put back (each said in a warning). */
    private record Inverse(byte[] records, int notRestored) {}

    /** The inverse batch, JSON Lines: each record's before-image, and (unless forced) the values it set as expectations. */
    private Inverse inverse(Backend backend, boolean force, Context context) {
        String idName = backend.idName();
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 96);
        Map<String, List<String>> notRestored = new LinkedHashMap<>();
        for (UndoJournal.Record record : records) {
            ObjectNode inverse = Json.object();
            inverse.put(idName, record.id());
            for (Iterator<Map.Entry<String, JsonNode>> it = record.before().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode after = record.after().get(field.getKey());
                if (masked(field.getValue()) || masked(after)) {
                    // A value in which a known secret was masked when it was journaled: putting back the mask would be wrong.
                    notRestored.computeIfAbsent(field.getKey() + " (a secret's value was masked in it)", k -> new ArrayList<>()).add(record.id());
                    continue;
                }
                io.billctl.core.catalog.Field known = backend.catalog().find(field.getKey()).orElse(null);
                for (String added : io.billctl.core.diff.Values.added(known, field.getValue(), after)) {
                    notRestored.computeIfAbsent(field.getKey() + " element " + added + " (the update added it; the server merges this list, "
                            + "so it cannot be taken away)", k -> new ArrayList<>()).add(record.id());
                }
                if (known != null && known.mergedByKey() && field.getValue().isArray() && field.getValue().isEmpty()) continue; // nothing to put back
                inverse.set(field.getKey(), field.getValue());
                if (!force && after != null) inverse.set(UpdatePlan.EXPECT_PREFIX + field.getKey(), after);
            }
            for (String name : record.masked()) notRestored.computeIfAbsent(name + " (a secret, never journaled)", k -> new ArrayList<>()).add(record.id());
            for (String name : record.unknown()) {
                if (requestOption(backend, name)) continue; // a journal of an older billctl names request options here too
                notRestored.computeIfAbsent(name + " (the account's read did not return its value)", k -> new ArrayList<>()).add(record.id());
            }
            if (inverse.size() == 1) continue; // nothing of it can be put back
            // A parameter of the request, not of the account: sent again as the update sent it (PortaBilling's
            // release_assigned_did 0 keeps the DID when the product is put back; left out, the vendor's default releases it).
            for (Iterator<String> names = record.after().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (requestOption(backend, name)) inverse.set(name, record.after().get(name));
            }
            out.writeBytes(Json.bytes(inverse));
            out.write('\n');
        }
        notRestored.forEach((what, ids) -> context.presenter().warning("not restored: " + what + " on " + ids.size() + " account"
                + (ids.size() == 1 ? " " : "s: ") + String.join(", ", ids.subList(0, Math.min(10, ids.size()))) + (ids.size() > 10 ? ", …" : "")));
        return new Inverse(out.toByteArray(), notRestored.size());
    }

    private static boolean requestOption(Backend backend, String name) {
        return backend.catalog().find(name).map(io.billctl.core.catalog.Field::requestOption).orElse(false);
    }

    private static boolean masked(JsonNode value) {
        if (value == null) return false;
        if (value.isTextual()) return value.textValue().contains(Redactor.MASK);
        if (value.isContainerNode()) return Json.write(value).contains(Redactor.MASK);
        return false;
    }

    /** How many records the inverse batch puts back (before any is found unchanged). */
    public int size() {
        return records.size();
    }
}
