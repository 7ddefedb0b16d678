package io.billctl.core.batch;

import io.billctl.core.Context;
import io.billctl.core.apply.BeforeWrite;
import io.billctl.core.apply.Outcome;
import io.billctl.core.apply.Pipeline;
import io.billctl.core.backend.Update;
import io.billctl.core.diff.Diff;
import java.nio.file.Path;

/**
 * A single update with {@code --journal}: the same journal a batch writes, for a run of one record
 * whose input is the command line, so that
 * {@code billctl undo} puts the account back as it puts a batch's back.
 */
public final class JournaledUpdate {
    /** The input name a single update's journal gives. */
    static final String INPUT = "command line";

    private JournaledUpdate() {}

    /** Opens the journal (a new file), sends the update through the pipeline, journals its state around it. */
    public static Outcome apply(Context context, Pipeline pipeline, Update update, Path file) {
        if (java.nio.file.Files.exists(file)) {
            throw io.billctl.core.BillctlException.usage("journal " + file + " already exists; a single update starts a journal of its own: choose another file");
        }
        try (Journal journal = Journal.open(file, false, context.presenter()::journalLine)) {
            // No fingerprint: a one-record run is never resumed, and a hash of fields that hold a secret would be one more form of it.
            journal.begin(new RunIdentity(INPUT, 0, "", "args", 1, pipeline.backend().id(),
                    pipeline.endpoint().profile(), pipeline.endpoint().sessionScope(), pipeline.backend().command()), false);
            Outcome outcome = pipeline.readsFirst(update) ? pipeline.apply(update, new Sent(journal))
                    : sentThen(journal, pipeline, update);
            switch (outcome.status()) {
                case APPLIED -> journal.done(1, outcome.id(), outcome.attempts());
                case UNCHANGED -> journal.unchanged(1, outcome.id());
                case FAILED -> journal.failed(1, outcome.id(), outcome.error(), outcome.attempts());
                case PLANNED -> { }
            }
            return outcome;
        }
    }

    private static Outcome sentThen(Journal journal, Pipeline pipeline, Update update) {
        journal.sent(1, update.id());
        return pipeline.apply(update);
    }

    private record Sent(Journal journal) implements BeforeWrite {
        @Override
        public void sending(Update update, Diff diff) {
            journal.sent(1, update.id(), diff);
        }
    }
}
