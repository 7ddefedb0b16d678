package io.billctl.core.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the deadline of every exchange in flight: one daemon thread looks at them every
 * {@value #TICK_MILLIS} ms and expires those past their deadline (which closes the connection under
 * a blocked read). Watching and releasing an exchange is a map update and wakes nobody: a timer per
 * request (a ScheduledThreadPoolExecutor) woke its thread at each schedule and cost a batch about a
 * tenth of its throughput in context switches (bench/README.md). A deadline is thus kept to within
 * a tenth of a second, well inside --timeout's whole seconds.
 */
final class Watchdog implements AutoCloseable {
    static final long TICK_MILLIS = 100;

    private final Map<Exchange, Long> watched = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    Watchdog() {
        thread = new Thread(new Loop(), "billctl-deadlines");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now until {@link #release}, {@code exchange} expires at {@code deadlineNanos} ({@link System#nanoTime()}). */
    void watch(Exchange exchange, long deadlineNanos) {
        watched.put(exchange, deadlineNanos);
    }

    void release(Exchange exchange) {
        watched.remove(exchange);
    }

    /** A named class, not a lambda (start-up: see Cli's handlers). */
    private final class Loop implements Runnable {
        @Override
        public void run() {
            while (!closed) {
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (Map.Entry<Exchange, Long> entry : watched.entrySet()) {
                    if (now - entry.getValue() >= 0 && watched.remove(entry.getKey(), entry.getValue())) entry.getKey().expire();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
