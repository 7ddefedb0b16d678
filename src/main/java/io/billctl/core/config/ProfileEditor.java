package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.CredentialKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Adds, removes and selects profiles, refusing any profile that could not work. */
public final class ProfileEditor {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Profiles profiles;

    public ProfileEditor(Profiles profiles) {
        this.profiles = profiles;
    }

    /**
     * Saves the profile; answers true when it also became the default (the first one does). Its other
     * keys are the backend's settings, checked by the backend; a replaced profile keeps the settings
     * (and unknown keys) that this one does not give.
     */
    public boolean add(String name, ProfileConfig profile, boolean replace) {
        checkName(name);
        Backend backend = profiles.backends().require(profile.backend());
        checkUrl(profile.url());
        backend.checkSettings(profile.others());
        if (profile.caCert() != null && !Files.isReadable(Path.of(profile.caCert()))) {
            throw BillctlException.usage("--ca-cert " + profile.caCert() + ": no such readable file");
        }
        if (backend.credentials() == CredentialKind.API_KEY && profile.apiKeyRef() instanceof SecretRef.Missing) {
            throw BillctlException.usage(backend.displayName() + " profiles need an API key: --api-key-stdin, --api-key-env VAR or --api-key-command CMD");
        }
        if (backend.credentials() == CredentialKind.USERNAME_PASSWORD_OR_TOKEN) {
            if (profile.username() == null) throw BillctlException.usage(backend.displayName() + " profiles need --username");
            if (profile.passwordRef() instanceof SecretRef.Missing && profile.apiKeyRef() instanceof SecretRef.Missing) {
                throw BillctlException.usage(backend.displayName() + " profiles need a password (--password-stdin, --password-env VAR, --password-command CMD)"
                        + " or an API token (--api-key-stdin, --api-key-env VAR, --api-key-command CMD)");
            }
        }
        if (backend.credentials() == CredentialKind.USERNAME_PASSWORD) {
            if (profile.username() == null) throw BillctlException.usage(backend.displayName() + " profiles need --username");
            if (profile.passwordRef() instanceof SecretRef.Missing) {
                throw BillctlException.usage(backend.displayName() + " profiles need a password: --password-stdin, --password-env VAR or --password-command CMD");
            }
        }
        boolean[] becameDefault = {false};
        profiles.update(config -> {
            ProfileConfig replaced = config.profiles().get(name);
            if (replaced != null && !replace) throw BillctlException.usage("profile '" + name + "' exists; pass --force to replace it");
            Config updated = config.withProfile(name, replaced == null ? profile : profile.keeping(replaced));
            becameDefault[0] = updated.defaultProfile() == null;
            return becameDefault[0] ? updated.withDefault(name) : updated;
        });
        return becameDefault[0];
    }

    public void remove(String name) {
        if (Profiles.SANDBOX.equals(name)) throw BillctlException.usage("the sandbox profile is built in and cannot be removed");
        profiles.update(config -> {
            if (!config.profiles().containsKey(name)) throw profiles.unknown(name);
            return config.withoutProfile(name);
        });
    }

    public void use(String name) {
        profiles.update(config -> {
            if (!Profiles.SANDBOX.equals(name) && !config.profiles().containsKey(name)) throw profiles.unknown(name);
            return config.withDefault(name);
        });
    }

    private static void checkName(String name) {
        if (Profiles.SANDBOX.equals(name)) throw BillctlException.usage("'sandbox' is the built-in profile; choose another name");
        if (!NAME.matcher(name).matches()) {
            throw BillctlException.usage("profile name '" + name + "' must be letters, digits, '.', '_' or '-', at most 64");
        }
    }

    private static void checkUrl(String url) {
        if (url == null) throw BillctlException.usage("--url is required");
        try {
            URI uri = new URI(url);
            if (uri.getUserInfo() != null) throw BillctlException.usage("--url must not carry credentials; use the secret options instead");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw BillctlException.usage("--url must be an http:// or https:// URL with a host, got '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw BillctlException.usage("--url is not a valid URL: " + e.getMessage());
        }
    }
}
