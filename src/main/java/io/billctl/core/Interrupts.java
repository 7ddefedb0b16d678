package io.billctl.core;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C, SIGTERM and SIGHUP as requests rather than endings: the first of them runs
 * {@code first} (a batch stops taking records and lets those in flight finish, then exits
 * 128 + the signal's number); a second one runs {@code second} (journal what is still in flight)
 * and ends the process at once with that code. Without this, the JVM would start shutting down
 * mid-request: {@code timeout}, systemd and {@code docker stop} send SIGTERM.
 */
public final class Interrupts {
    /** What a handler is told: the signal's name and the exit code it stands for (130, 143, 129). */
    public interface Action {
        void run(String signal, int exitCode);
    }

    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private Interrupts() {}

    /** Installs the handlers; the returned handle puts the JVM's own back. */
    public static AutoCloseable install(Action first, Action second) {
        Object[] previous = new Object[SIGNALS.length];
        Handler handler = new Handler(first, second);
        for (int i = 0; i < SIGNALS.length; i++) {
            try {
                previous[i] = Signal.handle(new Signal(SIGNALS[i]), handler);
            } catch (IllegalArgumentException notHere) {
                previous[i] = null; // the JVM reserves it here (HUP with -Xrs, say): left as it was
            }
        }
        return new Restore(previous);
    }

    /** The exit code of a process ended by {@code signal}: 128 + its number. */
    public static int exitCode(String signal) {
        return switch (signal) {
            case "HUP" -> 129;
            case "TERM" -> 143;
            default -> ExitCode.INTERRUPTED;
        };
    }

    private static final class Handler implements SignalHandler {
        private final Action first;
        private final Action second;
        private boolean seen;

        Handler(Action first, Action second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void handle(Signal signal) {
            boolean again;
            synchronized (this) {
                again = seen;
                seen = true;
            }
            int code = exitCode(signal.getName());
            if (!again) {
                first.run(signal.getName(), code);
                return;
            }
            try {
                second.run(signal.getName(), code);
            } finally {
                Runtime.getRuntime().halt(code);
            }
        }
    }

    private record Restore(Object[] previous) implements AutoCloseable {
        @Override
        public void close() {
            for (int i = 0; i < SIGNALS.length; i++) {
                if (previous[i] != null) Signal.handle(new Signal(SIGNALS[i]), (SignalHandler) previous[i]);
            }
        }
    }
}
