package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.Env;
import io.billctl.core.backend.Backends;
import io.billctl.core.config.SandboxProvider;
import io.billctl.sandbox.EmbeddedSandbox;
import io.billctl.sandbox.Emulators;
import io.billctl.core.output.Presenter;
import java.util.function.BiFunction;

/**
 * What every command of one call is handed when it is built: the environment, the backends and
 * emulators of this build, and the run's {@link Context}, made once from the global options as
 * parsed, the first time a command asks for it.
 */
public final class Invocation {
    private final Env env;
    private final Backends backends;
    private final Emulators emulators;
    private BillctlCommand root;
    private Context context;

    public Invocation(Env env, Backends backends, Emulators emulators) {
        this.env = env;
        this.backends = backends;
        this.emulators = emulators;
    }

    void root(BillctlCommand root) {
        this.root = root;
    }

    public Env env() {
        return env;
    }

    public Backends backends() {
        return backends;
    }

    public Emulators emulators() {
        return emulators;
    }

    /** The run's context, built on first use from the global options as parsed. */
    public Context context() {
        if (context == null) {
            context = new Context(env, root.globals(), backends, new Sandboxes(emulators));
            root.checkEnvironment(); // with the context made, so that the error is printed the run's way
        }
        return context;
    }

    /** Whether {@code --dry-run} was given (readable before the context exists). */
    boolean dryRunGiven() {
        return root.globals().dryRun();
    }

    /** Whether {@code --stacktrace} was given (readable before the context exists). */
    boolean stacktrace() {
        return root.globals().stacktrace();
    }

    void close() {
        if (context != null) context.close();
    }

    /** The built-in profile's sandbox for a call: a class, not a lambda (start-up; see Cli's handlers). */
    private record Sandboxes(Emulators emulators) implements BiFunction<Env, Presenter, SandboxProvider> {
        @Override
        public SandboxProvider apply(Env env, Presenter presenter) {
            return new EmbeddedSandbox(env, emulators, presenter);
        }
    }
}
