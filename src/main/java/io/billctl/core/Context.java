package io.billctl.core;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.UpdateClient;
import io.billctl.core.config.ConfigStore;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.Profiles;
import io.billctl.core.config.SandboxProvider;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.Transport;
import io.billctl.core.output.Output;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One run of billctl: its environment, its global options, and the services built from them
 * on first use (nothing is loaded that the call does not need). Closing it stops an embedded
 * sandbox and saves its state.
 */
public final class Context implements AutoCloseable {
    private final Env env;
    private final Globals globals;
    private final Redactor redactor = new Redactor();
    private final Output output;
    private final Function<Env, SandboxProvider> sandboxFactory;
    private final List<Transport> transports = new ArrayList<>();
    private SandboxProvider sandbox;
    private Profiles profiles;

    public Context(Env env, Globals globals, Function<Env, SandboxProvider> sandboxFactory) {
        this.env = env;
        this.globals = globals;
        this.sandboxFactory = sandboxFactory;
        boolean color = env.interactive() && !globals.noColor() && env.get("NO_COLOR").isEmpty() && !"dumb".equals(env.vars().get("TERM"));
        this.output = new Output(globals.output(), env.out(), env.err(), color, redactor);
    }

    public Env env() { return env; }
    public Globals globals() { return globals; }
    public Redactor redactor() { return redactor; }
    public Output output() { return output; }

    public Profiles profiles() {
        if (profiles == null) profiles = new Profiles(ConfigStore.locate(env, globals.config()), env, this::sandbox);
        return profiles;
    }

    private synchronized SandboxProvider sandbox() {
        if (sandbox == null) sandbox = sandboxFactory.apply(env);
        return sandbox;
    }

    /** Retries of a single call unless --retries says otherwise. */
    public static final int DEFAULT_RETRIES = 2;
    /**
     * Retries of each batch record unless --retries says otherwise: with one call in ten failing
     * for a while, 2 retries would leave about one record in a thousand failed; 6 leave one in ten million.
     */
    public static final int BATCH_RETRIES = 6;

    /** The client for a backend at the profile this run selected. */
    public UpdateClient client(Backend backend) {
        return client(backend, profiles().resolve(globals.profile(), backend), DEFAULT_RETRIES);
    }

    public UpdateClient batchClient(Backend backend) {
        return client(backend, profiles().resolve(globals.profile(), backend), BATCH_RETRIES);
    }

    public UpdateClient client(Backend backend, Endpoint endpoint) {
        return client(backend, endpoint, DEFAULT_RETRIES);
    }

    private UpdateClient client(Backend backend, Endpoint endpoint, int defaultRetries) {
        backend.catalog().fields().stream().filter(f -> f.secret()).forEach(f -> redactor.addSecretKey(f.name()));
        if (endpoint.tls().insecure()) {
            output.warning("TLS certificate checks are off for profile '" + endpoint.profile() + "' (insecure = true)");
        }
        Transport transport = new Transport(
                new Transport.Settings(Duration.ofSeconds(globals.timeoutSeconds()), globals.retries() != null ? globals.retries() : defaultRetries, endpoint.tls()),
                redactor, globals.verbose() ? env.err() : null);
        synchronized (transports) {
            transports.add(transport);
        }
        return backend.client(new ClientContext(endpoint, transport, env));
    }

    /** Requests sent again so far, over every endpoint of this run. */
    public long retries() {
        synchronized (transports) {
            return transports.stream().mapToLong(Transport::retries).sum();
        }
    }

    @Override
    public void close() {
        synchronized (transports) {
            transports.forEach(Transport::close);
        }
        if (sandbox != null) sandbox.close();
    }
}
