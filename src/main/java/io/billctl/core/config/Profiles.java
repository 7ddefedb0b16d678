package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.core.catalog.Suggest;
import io.billctl.core.http.TlsSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Picks the profile for a call ({@code -p}, else {@code $BILLCTL_PROFILE}, else the default
 * that {@code profile use} set, else the environment's profile when {@code $BILLCTL_BACKEND} is set)
 * and turns it into an endpoint for the command's backend.
 */
public final class Profiles {
    public static final String SANDBOX = "sandbox";
    /**
     * The profile made of {@code BILLCTL_BACKEND}, {@code BILLCTL_URL} and their secrets, for CI and
     * containers: named so that no profile of a config file can share its name.
     */
    public static final String ENVIRONMENT = "(environment)";
    public static final String BACKEND_VAR = "BILLCTL_BACKEND";
    public static final String URL_VAR = "BILLCTL_URL";
    public static final String API_KEY_VAR = "BILLCTL_API_KEY";
    public static final String USERNAME_VAR = "BILLCTL_USERNAME";
    public static final String PASSWORD_VAR = "BILLCTL_PASSWORD";
    public static final String CA_CERT_VAR = "BILLCTL_CA_CERT";

    private final ConfigStore store;
    private final Env env;
    private final Backends backends;
    private final Supplier<SandboxProvider> sandbox;
    private final Consumer<String> warnings;
    private Config config;

    public Profiles(ConfigStore store, Env env, Backends backends, Supplier<SandboxProvider> sandbox, Consumer<String> warnings) {
        this.store = store;
        this.env = env;
        this.backends = backends;
        this.sandbox = sandbox;
        this.warnings = warnings;
    }

    public Backends backends() {
        return backends;
    }

    public ConfigStore store() {
        return store;
    }

    public Config config() {
        if (config == null) config = store.load();
        return config;
    }

    /** Changes the config file under its lock ({@link ConfigStore#update}); later reads see the result. */
    public Config update(java.util.function.UnaryOperator<Config> change) {
        config = store.update(change);
        changed = true;
        return config;
    }

    private boolean changed;

    /** Whether this run changed the config file (profile add, use, remove). */
    public boolean changed() {
        return changed;
    }

    /**
     * The name a call uses, or a usage error saying how to choose one. The environment's profile comes
     * last: a default set with {@code profile use} wins over it (and a warning says so).
     */
    public String selectedName(String requested) {
        if (requested != null) return requested;
        var fromEnv = env.get("BILLCTL_PROFILE");
        if (fromEnv.isPresent()) return fromEnv.get();
        String configured = config().defaultProfile();
        Optional<String> backendVar = env.get(BACKEND_VAR);
        if (configured != null) {
            if (backendVar.isPresent()) {
                warnings.accept(BACKEND_VAR + " is set, but the default profile '" + configured + "' of " + store.path()
                        + " is used: the environment's profile serves only calls that choose no profile (no -p, no BILLCTL_PROFILE, no default)");
            }
            return configured;
        }
        if (backendVar.isPresent()) return ENVIRONMENT;
        for (String partial : List.of(URL_VAR, API_KEY_VAR, USERNAME_VAR, PASSWORD_VAR)) {
            if (env.get(partial).isPresent()) {
                throw BillctlException.usage("no profile chosen: " + partial + " is set but " + BACKEND_VAR + " is not; set it to "
                        + backendIds() + " to use the environment's profile, or pass -p NAME");
            }
        }
        throw BillctlException.usage("no profile chosen: pass -p NAME, set BILLCTL_PROFILE, run 'billctl profile use NAME', "
                + "or set " + BACKEND_VAR + " and " + URL_VAR + " (try -p sandbox)");
    }

    /** A profile of the config, or the environment's; null when there is none of that name. */
    public ProfileConfig profile(String name) {
        if (ENVIRONMENT.equals(name)) return environment();
        return config().profiles().get(name);
    }

    public Endpoint resolve(String requested, Backend backend) {
        return resolve(requested, backend, "'" + backend.command() + "'");
    }

    /**
     * The endpoint of the profile a call uses for {@code backend}; {@code command} names what the call runs
     * ("'account get'", "the undo of this journal") in the message for a profile of another backend.
     */
    public Endpoint resolve(String requested, Backend backend, String command) {
        String name = selectedName(requested);
        if (SANDBOX.equals(name)) return sandbox.get().endpoint(backend);
        ProfileConfig profile = profile(name);
        if (profile == null) throw unknown(name);
        if (!backend.id().equals(profile.backend())) {
            String theirs = backends.find(profile.backend()).map(Backend::displayName).orElse(profile.backend());
            throw BillctlException.usage("profile '" + name + "' is for " + theirs + ", but " + command
                    + " talks to " + backend.displayName() + "; choose a profile of backend " + backend.id() + " with -p"
                    + (ENVIRONMENT.equals(name) ? " (or set " + BACKEND_VAR + "=" + backend.id() + ")" : ""));
        }
        return endpoint(name, profile);
    }

    /** The profile's endpoint; a URL that a hand-edited file got wrong is a usage error naming the profile. */
    public static Endpoint endpoint(String name, ProfileConfig profile) {
        URI url;
        try {
            url = ProfileUrl.parse(profile.url());
        } catch (ProfileUrl.Invalid e) {
            if (ENVIRONMENT.equals(name)) throw BillctlException.usage(URL_VAR + " " + e.getMessage());
            throw BillctlException.usage("the url of profile '" + name + "' " + e.getMessage()
                    + "; fix it in the config file, or with 'billctl profile add " + name + " --force ...'");
        }
        return new Endpoint(name, profile.backend(), url, profile.username(),
                profile.apiKeyRef(), profile.passwordRef(),
                new TlsSettings(profile.caCert() == null ? null : Path.of(profile.caCert()), profile.isInsecure()), profile.url(),
                profile.others());
    }

    /**
     * The environment's profile: {@code BILLCTL_BACKEND}, {@code BILLCTL_URL}, and {@code BILLCTL_API_KEY} or
     * {@code BILLCTL_USERNAME} with {@code BILLCTL_PASSWORD} (or an API token) as the backend needs them;
     * {@code BILLCTL_CA_CERT} optionally. Its secrets are read from the variables at each call, as a
     * profile's {@code api_key_env} would, and masked like any other. Anything missing or wrong is a
     * usage error naming the variable.
     */
    private ProfileConfig environment() {
        String id = env.get(BACKEND_VAR).orElseThrow(() -> BillctlException.usage(
                "profile '" + ENVIRONMENT + "' needs " + BACKEND_VAR + " (" + backendIds() + ")"));
        Backend backend = backends.find(id.strip()).orElseThrow(() -> BillctlException.usage(
                BACKEND_VAR + " is '" + id + "'; billctl knows " + backendIds()));
        String url = env.get(URL_VAR).orElseThrow(() -> BillctlException.usage(
                BACKEND_VAR + " is set but " + URL_VAR + " is not: set it to the API's base URL, e.g. https://vcs.example.com/api"));
        try {
            url = ProfileUrl.parse(url).toString();
        } catch (ProfileUrl.Invalid e) {
            throw BillctlException.usage(URL_VAR + " " + e.getMessage());
        }
        String apiKey = env.get(API_KEY_VAR).isPresent() ? API_KEY_VAR : null;
        String password = env.get(PASSWORD_VAR).isPresent() ? PASSWORD_VAR : null;
        String username = env.get(USERNAME_VAR).orElse(null);
        String name = backend.displayName();
        switch (backend.credentials()) {
            case API_KEY -> {
                if (apiKey == null) throw BillctlException.usage(name + " needs an API key: set " + API_KEY_VAR);
            }
            case USERNAME_PASSWORD -> {
                if (username == null || password == null) throw BillctlException.usage(name + " needs " + USERNAME_VAR + " and " + PASSWORD_VAR);
            }
            case USERNAME_PASSWORD_OR_TOKEN -> {
                if (username == null || password == null && apiKey == null) {
                    throw BillctlException.usage(name + " needs " + USERNAME_VAR + " and " + PASSWORD_VAR + " (or an API token in " + API_KEY_VAR + ")");
                }
            }
        }
        String caCert = env.get(CA_CERT_VAR).orElse(null);
        if (caCert != null && !Files.isReadable(Path.of(caCert))) throw BillctlException.usage(CA_CERT_VAR + " " + caCert + ": no such readable file");
        return new ProfileConfig(backend.id(), url, username, null, apiKey, null, null, password, null,
                caCert == null ? null : Path.of(caCert).toAbsolutePath().toString(), null);
    }

    private String backendIds() {
        List<String> ids = new ArrayList<>();
        for (Backend backend : backends.all()) ids.add(backend.id());
        return String.join(", ", ids);
    }

    public BillctlException unknown(String name) {
        List<String> known = new ArrayList<>(config().profiles().keySet());
        known.add(SANDBOX);
        String hint = Suggest.closest(name, known).map(s -> " (did you mean " + s + "?)").orElse("");
        // A config file that is not there (a --config path mistyped) is said, not left to look like one without the profile.
        String missing = Files.exists(store.path()) ? "" : " (" + store.path() + " does not exist)";
        return BillctlException.usage("no profile named '" + name + "'" + hint + missing + "; known: " + String.join(", ", known)
                + "; add one with 'billctl profile add " + name + " --backend ... --url ...'");
    }
}
