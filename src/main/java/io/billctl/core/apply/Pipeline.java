package io.billctl.core.apply;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.backend.Applied;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Connection;
import io.billctl.core.config.Endpoint;
import io.billctl.core.backend.Update;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.catalog.StateRules;
import io.billctl.core.http.Transport;
import io.billctl.core.http.WireRequest;
import io.billctl.core.update.UpdatePlan;
import java.util.List;

/**
 * The one way an update goes out, for a single call and for every batch record alike: built by the
 * run's {@link UpdatePlan} (assembled and validated), turned into the vendor's request by its
 * client, judged on the account where a rule depends on its state ({@link StateRules}: read only
 * then), sent, its answer classified by the client, and the result an {@link Outcome} with the
 * attempts it took. Rendering is the presenter's; journaling and scheduling are the batch's.
 */
public final class Pipeline {
    private final UpdatePlan plan;
    private final Connection connection;
    private final UpdateClient client;
    private final Transport transport;

    public Pipeline(UpdatePlan plan, Connection connection) {
        this.plan = plan;
        this.connection = connection;
        this.client = connection.client();
        this.transport = connection.transport();
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

    /** A single call's update: its {@code -f} document (or none) and the command line's fields. */
    public Update prepare(String id, String fromFile, Env env) {
        return plan.forAccount(id, fromFile, env);
    }

    /** The exact request, secrets masked and never resolved: what a dry run shows. */
    public WireRequest preview(Update update) {
        return client.request(update, true);
    }

    /** Sends the update; never throws for what the vendor or the network did, which is the outcome's. */
    public Outcome apply(Update update) {
        try (Transport.Attempts attempts = transport.countAttempts()) {
            List<String> warnings = List.of();
            try {
                // Rules on the account's state ("required when"): read it (uncounted) only when the update needs it.
                warnings = StateRules.judge(plan.backend().catalog(), update.id(), update.fields(),
                        () -> transport.uncounted(() -> client.read(update.id())));
                Applied applied = client.send(update).withWarnings(warnings);
                return Outcome.applied(applied.withAttempts(attempts.count()), attempts.retryReasons(), attempts.mayHaveRepeated());
            } catch (BillctlException e) {
                return Outcome.failed(update.id(), e, attempts.count(), attempts.retryReasons(), attempts.mayHaveRepeated(), warnings);
            }
        }
    }
}
