package io.billctl.core.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import io.billctl.core.backend.Applied;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Connection;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.StateRules;
import io.billctl.core.config.Endpoint;
import io.billctl.core.diff.Diff;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.Transport;
import io.billctl.core.http.WireRequest;
import io.billctl.core.update.UpdatePlan;
import java.util.List;
import java.util.Map;

/**
 * The one way an update goes out, for a single call and for every batch record alike: built by the
 * run's {@link UpdatePlan} (assembled and validated); when its {@link Guard} or its expectations say
 * so, the account read first and what the update changes computed ({@link Diff}), an account that no
 * longer has the expected values left alone, and one that already has the values left alone with
 * {@code --skip-unchanged}; judged on the account where a rule depends on its state ({@link StateRules},
 * which has it read only then, when it was not read already); then turned into the vendor's request
 * by its client, sent, its answer
 * classified by the client, and the result an {@link Outcome}. Rendering is the presenter's;
 * journaling and scheduling are the batch's.
 * <p>
 * The read and the write are two requests: the vendors offer no compare-and-set, so a change made
 * by someone else between them is not seen. The read comes right before the write, in the same
 * worker, to keep that window as short as a request.
 */
public final class Pipeline {
    private final UpdatePlan plan;
    private final Connection connection;
    private final UpdateClient client;
    private final Transport transport;
    private final Guard guard;

    public Pipeline(UpdatePlan plan, Connection connection) {
        this(plan, connection, Guard.NONE);
    }

    public Pipeline(UpdatePlan plan, Connection connection, Guard guard) {
        this.plan = plan;
        this.connection = connection;
        this.client = connection.client();
        this.transport = connection.transport();
        this.guard = guard;
    }

    /** A batch's watch on the attempts that get no answer: {@link Transport#watchUnanswered}. */
    public void watchUnanswered(Transport.Unanswered watcher) {
        transport.watchUnanswered(watcher);
    }

    /** Where the updates go: the profile and its URL. */
    public Endpoint endpoint() {
        return connection.endpoint();
    }

    public UpdatePlan plan() {
        return plan;
    }

    public Backend backend() {
        return plan.backend();
    }

    public Guard guard() {
        return guard;
    }

    /** Whether {@code update} is read before it is written. */
    public boolean readsFirst(Update update) {
        return guard.readFirst() || update.conditional();
    }

    /** A single call's update: its {@code -f} document (or none) and the command line's fields. */
    public Update prepare(String id, String fromFile, Env env) {
        return plan.forAccount(id, fromFile, env);
    }

    /**
     * Masks the secret values {@code update} carries (a batch record's password, from its file) until the
     * handle is closed: from before its request is built until its outcome is shown and journaled. A
     * single update's are kept for the run instead ({@link UpdatePlan#forAccount}).
     */
    public Redactor.Held holdSecrets(Update update) {
        return transport.redactor().hold(plan.secretValues(update.fields()));
    }

    /** The run's redactor. */
    public Redactor redactor() {
        return transport.redactor();
    }

    /** The exact request, secrets masked and never resolved: what a dry run shows. */
    public WireRequest preview(Update update) {
        return client.request(update, true);
    }

    /**
     * The warnings a dry run that does not read can give: the rules the vendor does not state that the
     * update breaks ({@code Unstated}); those on the account's state need the account (--diff reads it).
     */
    public List<String> previewWarnings(Update update) {
        return io.billctl.core.catalog.Unstated.warnings(plan.backend().catalog(), update.fields());
    }

    /** Sends the update; never throws for what the vendor or the network did, which is the outcome's. */
    public Outcome apply(Update update) {
        return apply(update, BeforeWrite.NONE);
    }

    /**
     * The same, with {@code beforeWrite} called once the update is certain to go out, right before its
     * request leaves (what it throws is the caller's: nothing is sent).
     */
    public Outcome apply(Update update, BeforeWrite beforeWrite) {
        Diff diff = null;
        List<String> warnings;
        if (readsFirst(update)) {
            Judged judged = judgedOnRead(update);
            if (judged.ended() != null) return judged.ended();
            diff = judged.diff();
            warnings = judged.warnings();
        } else {
            try {
                warnings = stateRules(update, null);
            } catch (BillctlException interrupted) {
                return Outcome.failed(update.id(), interrupted, null);
            }
        }
        beforeWrite.sending(update, diff);
        try (Transport.Attempts attempts = transport.countAttempts()) {
            try {
                Applied applied = client.send(update, diff != null && diff.isEmpty()).withWarnings(warnings);
                return Outcome.applied(applied.withAttempts(attempts.count()), diff, attempts.retryReasons(), attempts.mayHaveRepeated());
            } catch (BillctlException e) {
                return Outcome.failed(update.id(), e, diff, attempts.count(), attempts.retryReasons(), attempts.mayHaveRepeated(), warnings);
            }
        }
    }

    /**
     * The rules on the account's state ("required when", {@link StateRules}) judged on the account
     * already read, or read for them (not counted as an attempt) only when the update needs it: the
     * warnings for a rule the account breaks (the server's refusal will say it in its own words) and
     * for one that could not be judged. Only an interrupted read throws.
     */
    /** The warnings an update goes out with: the unstated rules it breaks ({@code Unstated}), then the rules on the account's state. */
    private List<String> stateRules(Update update, ObjectNode current) {
        List<String> unstated = io.billctl.core.catalog.Unstated.warnings(plan.backend().catalog(), update.fields());
        List<String> judged = current != null ? StateRules.judge(plan.backend().catalog(), update.id(), update.fields(), () -> current)
                : StateRules.judge(plan.backend().catalog(), update.id(), update.fields(), () -> transport.uncounted(() -> client.read(update.id())));
        if (unstated.isEmpty()) return judged;
        List<String> all = new java.util.ArrayList<>(unstated);
        all.addAll(judged);
        return all;
    }

    /**
     * A dry run that reads: what the update would change on the account as it is now, and whether
     * its expectations hold (a failed outcome when not), with the warnings of the rules on the
     * account's state; nothing is written.
     */
    public Outcome plan(Update update) {
        return plan(update, Earlier.NONE);
    }

    /**
     * The same, judged on the account as the updates of it planned before this one would leave it
     * ({@code earlier}), and what this one would leave handed to it in turn: a plan of several updates of one
     * account judges them in sequence, as the run applies them.
     */
    public Outcome plan(Update update, Earlier earlier) {
        Judged judged = judgedOnRead(update, earlier);
        if (judged.ended() != null) return judged.ended();
        Diff diff = judged.diff();
        if (!diff.isEmpty()) earlier.left(update.id(), judged.current(), Diff.after(plan.backend().catalog(), judged.current(), update.fields()));
        return diff.isEmpty() ? Outcome.unchanged(update.id(), diff) : Outcome.planned(update.id(), diff, judged.warnings());
    }

    /**
     * The update judged on the account read just now: either the outcome that ends it here (the read
     * failed, nothing changes and {@code --skip-unchanged} holds it back, an expectation is unmet),
     * or what it changes and the warnings it goes out with.
     */
    private record Judged(Outcome ended, Diff diff, List<String> warnings, ObjectNode current) {
        static Judged end(Outcome outcome) {
            return new Judged(outcome, null, null, null);
        }
    }

    private Judged judgedOnRead(Update update) {
        return judgedOnRead(update, Earlier.NONE);
    }

    private Judged judgedOnRead(Update update, Earlier earlier) {
        ObjectNode current;
        try {
            current = earlier.onto(update.id(), client.read(update.id()));
        } catch (BillctlException e) {
            return Judged.end(Outcome.failed(update.id(), readFailed(e), null));
        }
        Diff diff = Diff.of(plan.backend().catalog(), current, update.fields());
        if (diff.isEmpty() && guard.skipUnchanged()) return Judged.end(Outcome.unchanged(update.id(), diff));
        BillctlException conflict = conflict(update, current);
        if (conflict != null) return Judged.end(Outcome.failed(update.id(), conflict, diff));
        try {
            List<String> warnings = new java.util.ArrayList<>(plan.backend().warnings(update, diff));
            warnings.addAll(stateRules(update, current));
            return new Judged(null, diff, warnings, current);
        } catch (BillctlException interrupted) {
            return Judged.end(Outcome.failed(update.id(), interrupted, diff));
        }
    }

    /** "changed since: credit_limit is 200, expected 100", exit 1; null when every expectation holds. */
    private BillctlException conflict(Update update, ObjectNode current) {
        if (!update.conditional()) return null;
        Map<String, String> unmet = Diff.unmet(plan.backend().catalog(), current, update.expect());
        if (unmet.isEmpty()) return null;
        StringBuilder message = new StringBuilder("changed since: ");
        io.billctl.core.catalog.Catalog catalog = plan.backend().catalog();
        for (Map.Entry<String, String> each : unmet.entrySet()) {
            String field = each.getKey();
            message.append(message.length() > 15 ? "; " : "").append(field).append(' ').append(each.getValue());
            // A name neither the catalog nor the account has is most likely misspelt.
            if (!current.has(field) && catalog.find(field).isEmpty()) {
                message.append(" (the account has no field of that name").append(catalog.suggest(field).map(s -> "; did you mean " + s + "?").orElse("")).append(')');
            }
        }
        return new BillctlException(ExitCode.REJECTED, message.toString(), unmet, null, null);
    }

    /**
     * The read's own error, said as the read's: the update was not sent. What it means for a batch goes
     * with it: a refusal of this one account fails that record alone, a URL that leads nowhere stops the run.
     */
    private static BillctlException readFailed(BillctlException e) {
        BillctlException failed = new BillctlException(e.exitCode(), "reading the account before updating it: " + e.getMessage() + " (not updated)",
                e.fields(), e.vendorCode(), e);
        if (e.isThisAccountOnly()) failed.thisAccountOnly();
        if (e.isForEveryRequest()) failed.forEveryRequest();
        return failed;
    }
}
