package io.billctl.core.batch;

import java.util.List;

/**
 * The prepared records left to send, handed to whichever worker asks, in file order: records the
 * journal shows as done are skipped, records it shows as in flight when its run stopped
 * (uncertain) too unless {@code --resume-uncertain}, records that later records of their accounts,
 * done, supersede left out or sent in part ({@link Superseding}), and {@code --rate} is kept for the
 * whole run.
 * No hand-off queue between a reading thread and the workers: with 16 in flight that cost two
 * thread wake-ups per record, about a tenth of the CPU of a 50,000-record run (bench/README.md).
 * <p>
 * A worker takes a few records at a time while many are left (a tenth less CPU than one at a time;
 * eight were no better than four) and one at a time towards the end, so that no worker sits idle
 * while another holds records it has not sent. A worker waiting out a retry holds at most three back.
 */
final class Intake {
    /** The most records a worker takes at a time. */
    static final int MOST_TAKEN = 4;

    private final Spool spool;
    private final JournalHistory history;
    private final Accounts accounts;
    private final RunState state;
    private final int parallel;
    private final double ratePerSecond;
    private final boolean resendUncertain;
    private final Superseding superseding;
    private long handedOut;
    private long nextSlot = System.nanoTime();

    Intake(Spool spool, JournalHistory history, Accounts accounts, RunState state, BatchOptions options) {
        this(spool, history, Superseding.NONE, accounts, state, options);
    }

    /** {@code superseding}: what a resume leaves out of records that later records of their accounts, already done, supersede. */
    Intake(Spool spool, JournalHistory history, Superseding superseding, Accounts accounts, RunState state, BatchOptions options) {
        this.spool = spool;
        this.superseding = superseding;
        this.history = history;
        this.accounts = accounts;
        this.state = state;
        this.parallel = options.parallel();
        this.ratePerSecond = options.ratePerSecond();
        this.resendUncertain = options.resumeUncertain();
    }

    /** Some records into {@code taken}; false once the input is done or the run is stopping. */
    synchronized boolean take(List<Prepared> taken) {
        int wanted = ratePerSecond > 0 ? 1 : (int) Math.max(1, Math.min(MOST_TAKEN, (state.records - handedOut) / (4L * parallel)));
        while (taken.size() < wanted && !state.stopping()) {
            Prepared record = spool.next();
            if (record == null) break;
            handedOut++;
            if (history.isDone(record.line())) {
                state.skipped.incrementAndGet();
                continue;
            }
            // A later record of its account, done, set what it sets: sent, it would put the earlier value back over the later one.
            Superseding.Remainder left = superseding.atResume(record.line());
            if (left != null && left.superseded()) {
                state.superseded.incrementAndGet();
                continue;
            }
            if (!resendUncertain && history.isUncertain(record.line())) {
                state.uncertain.incrementAndGet();
                continue;
            }
            if (left != null) record = left.rest();
            // Paced while holding the intake: the rate is the whole run's, not each worker's.
            if (ratePerSecond > 0) pace();
            accounts.handedOut(record);
            taken.add(record);
        }
        return !taken.isEmpty() && !state.stopping();
    }

    private void pace() {
        long now = System.nanoTime();
        if (nextSlot > now) {
            try {
                Thread.sleep((nextSlot - now) / 1_000_000, (int) ((nextSlot - now) % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                state.stop();
            }
        }
        nextSlot = Math.max(nextSlot, now) + (long) (1e9 / ratePerSecond);
    }
}
