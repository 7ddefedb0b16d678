package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.Backends;
import io.billctl.core.catalog.Suggest;
import io.billctl.core.http.TlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Picks the profile for a call ({@code -p}, else {@code $BILLCTL_PROFILE}, else the default
 * that {@code profile use} set) and turns it into an endpoint for the command's backend.
 */
public final class Profiles {
    public static final String SANDBOX = "sandbox";

    private final ConfigStore store;
    private final Env env;
    private final Backends backends;
    private final Supplier<SandboxProvider> sandbox;
    private Config config;

    public Profiles(ConfigStore store, Env env, Backends backends, Supplier<SandboxProvider> sandbox) {
        this.store = store;
        this.env = env;
        this.backends = backends;
        this.sandbox = sandbox;
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
        return config;
    }

    /** The name a call uses, or a usage error saying how to choose one. */
    public String selectedName(String requested) {
        if (requested != null) return requested;
        var fromEnv = env.get("BILLCTL_PROFILE");
        if (fromEnv.isPresent()) return fromEnv.get();
        String configured = config().defaultProfile();
        if (configured != null) return configured;
        throw BillctlException.usage("no profile chosen: pass -p NAME, set BILLCTL_PROFILE, or run 'billctl profile use NAME' (try -p sandbox)");
    }

    public Endpoint resolve(String requested, Backend backend) {
        String name = selectedName(requested);
        if (SANDBOX.equals(name)) return sandbox.get().endpoint(backend);
        ProfileConfig profile = config().profiles().get(name);
        if (profile == null) throw unknown(name);
        if (!backend.id().equals(profile.backend())) {
            String theirs = backends.find(profile.backend()).map(Backend::displayName).orElse(profile.backend());
            throw BillctlException.usage("profile '" + name + "' is for " + theirs + ", but '" + backend.command()
                    + "' talks to " + backend.displayName() + "; choose a " + backend.id() + " profile with -p");
        }
        return endpoint(name, profile);
    }

    public static Endpoint endpoint(String name, ProfileConfig profile) {
        return new Endpoint(name, profile.backend(), URI.create(profile.url()), profile.username(),
                profile.apiKeyRef(), profile.passwordRef(),
                new TlsSettings(profile.caCert() == null ? null : Path.of(profile.caCert()), profile.isInsecure()), profile.url(),
                profile.others());
    }

    public BillctlException unknown(String name) {
        List<String> known = new ArrayList<>(config().profiles().keySet());
        known.add(SANDBOX);
        String hint = Suggest.closest(name, known).map(s -> " (did you mean " + s + "?)").orElse("");
        return BillctlException.usage("no profile named '" + name + "'" + hint + "; known: " + String.join(", ", known)
                + "; add one with 'billctl profile add " + name + " --backend ... --url ...'");
    }
}
