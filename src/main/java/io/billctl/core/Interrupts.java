package io.billctl.core;

import sun.misc.Signal;

/**
 * Ctrl-C as a request rather than an ending: the first SIGINT runs the given action (a batch
 * stops taking records and lets those in flight finish); a second one ends the process at once
 * with 130. Without this, the JVM would start shutting down mid-request.
 */
public final class Interrupts {
    private Interrupts() {}

    /** Installs the handler; the returned handle puts the JVM's own back. */
    public static AutoCloseable onFirst(Runnable action) {
        Signal interrupt = new Signal("INT");
        Object[] previous = new Object[1];
        boolean[] seen = new boolean[1];
        previous[0] = Signal.handle(interrupt, signal -> {
            synchronized (seen) {
                if (seen[0]) Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
                seen[0] = true;
            }
            action.run();
        });
        return () -> Signal.handle(interrupt, (sun.misc.SignalHandler) previous[0]);
    }
}
