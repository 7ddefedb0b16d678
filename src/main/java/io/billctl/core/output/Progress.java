package io.billctl.core.output;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The pace of a batch's reporting, and how it shows on stderr ({@code --progress}): a bar on one line
 * of a terminal, redrawn at most ten times a second and never wider than the terminal (a narrow pane
 * gets a shorter bar, then no bar, never a wrapped line); plain lines, one every five seconds, for CI
 * logs and files; or nothing. Each shows the records done and failed of the total, the rate, and the
 * time left.
 */
public final class Progress {
    /** What {@code --progress} asks for. */
    public enum Mode {
        /** The bar when stderr is a terminal, else nothing. */
        auto,
        /** The bar, even when stderr is not a terminal. */
        bar,
        /** A line every five seconds, terminal or not. */
        plain,
        /** Nothing. */
        none;

        /** What this asks for where stderr is (or is not) a terminal: bar, plain or none. */
        public Mode on(boolean stderrIsTerminal) {
            return this == auto ? (stderrIsTerminal ? bar : none) : this;
        }
    }

    private static final long REDRAW_NANOS = 100_000_000L;
    /** How often plain mode prints a line. */
    static final long PLAIN_NANOS = 5_000_000_000L;
    /** The widest bar, in columns; narrower when the terminal is. */
    private static final int BAR = 30;
    /** The narrowest bar worth drawing; below it only the figures are shown. */
    private static final int MIN_BAR = 5;

    private final PrintStream err;
    private final Mode mode;
    private final long total;
    private final int columns;
    private final String verb;
    private final LongSupplier clock;
    private final long started;
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile long done;
    private volatile long failed;
    private volatile long skipped;
    private volatile boolean drawn;
    /** The bar's width so far: it only ever shrinks, as the figures beside it grow, so that it does not jitter. */
    private int barWidth = BAR;
    private final Thread ticker;

    /**
     * {@code mode} as resolved ({@link Mode#on}), {@code columns} the terminal's width, {@code verb} what a
     * finished record is ("done"; "validated" when the server only checks them).
     */
    Progress(PrintStream err, Mode mode, long total, int columns, String verb) {
        this(err, mode, total, columns, verb, System::nanoTime, true);
    }

    /** With {@code clock} in nanoseconds, and without the plain mode's thread when {@code tick} is false (tests call {@link #plainLine}). */
    Progress(PrintStream err, Mode mode, long total, int columns, String verb, LongSupplier clock, boolean tick) {
        this.err = err;
        this.mode = mode == Mode.auto ? Mode.none : mode;
        this.total = total;
        this.columns = Math.max(columns, 1);
        this.verb = verb;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.ticker = this.mode == Mode.plain && tick ? startTicker() : null;
    }

    private Thread startTicker() {
        Thread thread = new Thread(this::tickEveryFewSeconds, "billctl-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void tickEveryFewSeconds() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(PLAIN_NANOS / 1_000_000);
                plainLine();
            }
        } catch (InterruptedException e) {
            // finished
        }
    }

    /**
     * Takes the counts; redraws the bar when a tenth of a second has passed (or {@code force}); answers
     * whether this call was such a tick, which the caller also uses to flush the records' JSON lines.
     */
    public boolean update(long done, long failed, long skipped, boolean force) {
        this.done = done;
        this.failed = failed;
        this.skipped = skipped;
        long now = clock.getAsLong();
        long last = lastDraw.get();
        if (!force && (now - last < REDRAW_NANOS || !lastDraw.compareAndSet(last, now))) return false;
        if (mode == Mode.bar) {
            synchronized (err) {
                String line = barLine(now);
                err.print("\r" + line + "\033[K");
                err.flush();
            }
            drawn = true;
        }
        return true;
    }

    /** Plain mode's line, as the ticker prints it: "progress: 120/1000 done, 2 failed, 35/s, 0:25 left". */
    void plainLine() {
        if (mode != Mode.plain) return;
        String line = "progress: " + figures(clock.getAsLong());
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }

    /** "[#####-----] 120/1000 done, 2 failed, 35/s, 0:25 left", fitted to one line of the terminal. */
    String barLine(long now) {
        String figures = figures(now);
        // The last column is left free: a terminal that wraps at it would move the cursor to the next line.
        int room = columns - 1;
        int width = Math.min(barWidth, room - figures.length() - 3);
        if (width < MIN_BAR) return shortest(figures, room);
        barWidth = width;
        long shown = done + skipped;
        int filled = total == 0 ? width : (int) Math.min(width, shown * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + figures;
    }

    /** Without the bar: the figures, else fewer of them, whichever fits in {@code room}. */
    private String shortest(String figures, int room) {
        String fraction = (done + skipped) + "/" + total;
        String count = fraction + " " + verb;
        String withFailed = count + ", " + failed + " failed";
        for (String candidate : new String[] {figures, withFailed, count, fraction}) if (candidate.length() <= room) return candidate;
        return fraction.substring(0, Math.max(0, room));
    }

    private String figures(long now) {
        long finished = done + failed;
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? finished / seconds : 0;
        long remaining = total - finished - skipped;
        String eta = rate > 0 ? format((long) (remaining / rate)) : "--:--";
        return String.format("%d/%d %s, %d failed%s, %.0f/s, %s left", done + skipped, total, verb, failed,
                skipped > 0 ? " (" + skipped + " skipped)" : "", rate, eta);
    }

    /**
     * Before a message on stderr (a record's warning or error): the bar's line cleared, so that the message
     * starts at the left and the bar is redrawn below it at the next tick. The caller holds the lock on stderr.
     */
    void clearForMessage() {
        if (mode != Mode.bar || !drawn) return;
        err.print("\r\033[K");
        drawn = false;
    }

    /** Clears the bar's line, so that the summary and later messages start clean; stops plain mode's lines. */
    public void finish() {
        if (ticker != null) ticker.interrupt();
        if (mode != Mode.bar || !drawn) return;
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
