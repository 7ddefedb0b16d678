package io.billctl.core.output;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pace of a batch's reporting, and one line on a terminal's stderr, redrawn at most ten times a second: records done and
 * failed of the total, the rate, and the time left. Nothing at all when stderr is not a terminal.
 */
public final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong lastDraw = new AtomicLong();

    Progress(PrintStream err, boolean enabled, long total) {
        this.err = err;
        this.enabled = enabled;
        this.total = total;
    }

    /**
     * Redraws when a tenth of a second has passed (or {@code force}); answers whether this call
     * was such a tick, which the caller also uses to flush the records' JSON lines.
     */
    public boolean update(long done, long failed, long skipped, boolean force) {
        long now = System.nanoTime();
        long last = lastDraw.get();
        if (!force && (now - last < REDRAW_NANOS || !lastDraw.compareAndSet(last, now))) return false;
        if (!enabled) return true;
        long finished = done + failed;
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? finished / seconds : 0;
        long remaining = total - finished - skipped;
        String eta = rate > 0 ? format((long) (remaining / rate)) : "--:--";
        int width = 30;
        long shown = finished + skipped;
        int filled = total == 0 ? width : (int) Math.min(width, shown * width / total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format("\r[%s] %d/%d done, %d failed%s, %.0f/s, %s left ", bar, done + skipped, total, failed,
                skipped > 0 ? " (" + skipped + " skipped)" : "", rate, eta);
        synchronized (err) {
            err.print(line);
            err.flush();
        }
        return true;
    }

    /** Clears the line, so that the summary and later messages start clean. */
    public void finish() {
        if (!enabled) return;
        synchronized (err) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private static String format(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
