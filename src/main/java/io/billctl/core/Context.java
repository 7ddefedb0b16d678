package io.billctl.core;

import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.core.backend.ClientContext;
import io.billctl.core.backend.Connection;
import io.billctl.core.config.ConfigStore;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.Profiles;
import io.billctl.core.config.SandboxProvider;
import io.billctl.core.config.Secrets;
import io.billctl.core.http.Proxies;
import io.billctl.core.http.Redactor;
import io.billctl.core.http.Transport;
import io.billctl.core.output.Presenter;
import io.billctl.core.output.Terminal;
import io.billctl.core.session.TokenCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One run of billctl: its environment, its global options, the backends of this build, and the
 * services built from them on first use (nothing is loaded that the call does not need). Built
 * once by the command line and handed to the command; closing it stops an embedded sandbox and
 * saves its state.
 */
public final class Context implements AutoCloseable {
    private final Env env;
    private final Globals globals;
    private final Backends backends;
    private final Redactor redactor = new Redactor();
    private final Presenter presenter;
    private final BiFunction<Env, Presenter, SandboxProvider> sandboxFactory;
    private final List<Transport> transports = new ArrayList<>();
    private SandboxProvider sandbox;
    private Profiles profiles;
    private Secrets secrets;
    private TokenCache sessions;
    private Proxies proxies;
    private boolean proxiesKnown;

    public Context(Env env, Globals globals, Backends backends, BiFunction<Env, Presenter, SandboxProvider> sandboxFactory) {
        this.env = env;
        this.globals = globals;
        this.backends = backends;
        this.sandboxFactory = sandboxFactory;
        Terminal terminal = env.terminal();
        this.presenter = new Presenter(globals.output(), env.out(), env.err(),
                Terminal.color(terminal.stdout(), globals.noColor(), env.vars()), Terminal.color(terminal.stderr(), globals.noColor(), env.vars()),
                redactor, terminal.stdout());
    }

    public Env env() { return env; }
    public Globals globals() { return globals; }
    public Backends backends() { return backends; }
    public Redactor redactor() { return redactor; }
    public Presenter presenter() { return presenter; }

    /** The run's resolved secrets: each once per run, however many records need it. */
    public synchronized Secrets secrets() {
        if (secrets == null) secrets = new Secrets(env, redactor);
        return secrets;
    }

    /** The cached logins, under {@code $XDG_CACHE_HOME/billctl/sessions}. */
    public synchronized TokenCache sessions() {
        if (sessions == null) sessions = new TokenCache(env.cacheDir().resolve("sessions"), redactor);
        return sessions;
    }

    private volatile String changeMade;

    /**
     * What this run changed outside the config file and stdout ("the 2 cached logins of profile 'x' were
     * deleted"), said with a note if its output then cannot be written: a script must not take the failed
     * output for a failed change. Null when it changed nothing of the kind.
     */
    public String changeMade() {
        return changeMade;
    }

    public void changeMade(String what) {
        changeMade = what;
    }

    /** The config file this run changed, or null when it changed none. */
    public java.nio.file.Path configChanged() {
        return profiles != null && profiles.changed() ? profiles.store().path() : null;
    }

    public Profiles profiles() {
        if (profiles == null) {
            Consumer<String> warnings = presenter::warning;
            profiles = new Profiles(ConfigStore.locate(env, globals.config(), warnings), env, backends, this::sandbox, warnings);
        }
        return profiles;
    }

    private synchronized SandboxProvider sandbox() {
        if (sandbox == null) sandbox = sandboxFactory.apply(env, presenter);
        return sandbox;
    }

    /** Retries of a single call unless --retries says otherwise. */
    public static final int DEFAULT_RETRIES = 2;
    /**
     * Retries of each batch record unless --retries says otherwise: with one call in ten failing
     * for a while, 2 retries would leave about one record in a thousand failed; 6 leave one in ten million.
     */
    public static final int BATCH_RETRIES = 6;

    /** The backend's client at the profile this run selected for its update command; see {@link #connect(Backend, String)}. */
    public Connection connect(Backend backend) {
        return connect(backend, backend.command());
    }

    /**
     * The backend's client at the profile this run selected, for {@code command} ("account get": what a
     * profile of another backend is refused for); a wait of more than a few seconds before a retry is said
     * on stderr.
     */
    public Connection connect(Backend backend, String command) {
        return announcingWaits(connect(backend, profiles().resolve(globals.profile(), backend, "'" + command + "'"), DEFAULT_RETRIES));
    }

    /** The same for a batch, whose records are retried more by default (and whose waits its own output reports). */
    public Connection connectForBatch(Backend backend) {
        return connect(backend, profiles().resolve(globals.profile(), backend), BATCH_RETRIES);
    }

    /** The same at a profile named by the caller (undo: the profile its journal's run used), for {@code command} ("the undo of this journal"). */
    public Connection connectForBatch(Backend backend, String profile, String command) {
        return connect(backend, profiles().resolve(profile, backend, command), BATCH_RETRIES);
    }

    public Connection connect(Backend backend, Endpoint endpoint) {
        return announcingWaits(connect(backend, endpoint, DEFAULT_RETRIES));
    }

    private Connection announcingWaits(Connection connection) {
        connection.transport().announceWaits(presenter::info);
        return connection;
    }

    private Connection connect(Backend backend, Endpoint endpoint, int defaultRetries) {
        secretKeys(backend.catalog().fields());
        if (endpoint.tls().insecure()) {
            presenter.warning("TLS certificate checks are off for profile '" + endpoint.profile() + "' (insecure = true)");
        }
        Transport transport = new Transport(
                new Transport.Settings(Duration.ofSeconds(globals.timeoutSeconds()), globals.retries() != null ? globals.retries() : defaultRetries, endpoint.tls(),
                        Transport.maxResponseBytes(env.get(Transport.MAX_RESPONSE_VAR).orElse(null)), proxies()),
                redactor, globals.verbose() ? env.err() : null);
        synchronized (transports) {
            transports.add(transport);
        }
        return new Connection(backend, endpoint, backend.client(new ClientContext(endpoint, transport, env, secrets(), sessions())), transport);
    }

    /**
     * The names of the catalog's secret fields and of their secret members at any depth (PortaBilling's
     * sim_card_info.auth_key): masked by name wherever they appear, in a trace's body or a journal's
     * before-image. A loop, not a stream (start-up).
     */
    private void secretKeys(List<io.billctl.core.catalog.Field> fields) {
        for (io.billctl.core.catalog.Field field : fields) {
            if (field.secret()) redactor.addSecretKey(field.name());
            secretKeys(field.members());
        }
    }

    /**
     * The run's proxies ({@code --proxy}, {@code HTTPS_PROXY}, ...), or null when none is set: the names are
     * looked up here, so that a run without a proxy loads no proxy code.
     */
    private synchronized Proxies proxies() {
        if (!proxiesKnown) {
            proxiesKnown = true;
            String flag = globals.proxy();
            boolean wanted = flag != null ? !flag.isBlank()
                    : env.get("https_proxy").isPresent() || env.get("HTTPS_PROXY").isPresent() || env.get("http_proxy").isPresent()
                    || env.get("HTTP_PROXY").isPresent();
            if (wanted) proxies = new Proxies(env.vars(), flag, redactor);
        }
        return proxies;
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
