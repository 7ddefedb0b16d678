package io.billctl.core.config;

import io.billctl.core.BillctlException;
import io.billctl.core.backend.Backend;
import io.billctl.core.backend.CredentialKind;
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

    /** Whether adding a profile made it the default, and why. */
    public enum Default {
        /** Another profile stays the default (or this one already was). */
        UNCHANGED,
        /** It is the config's first profile. */
        FIRST,
        /** Other profiles exist, but none was the default (it had been removed). */
        NONE_WAS_SET
    }

    /**
     * Saves the profile (its URL in the form the transport takes); answers whether it also became the
     * default. Its other keys are the backend's settings, checked by the backend; a replaced profile
     * keeps the settings (and unknown keys) that this one does not give.
     */
    public Default add(String name, ProfileConfig given, boolean replace) {
        checkName(name);
        Backend backend = profiles.backends().require(given.backend());
        ProfileConfig profile = given.withUrl(checkUrl(given.url()));
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
        Default[] becameDefault = {Default.UNCHANGED};
        profiles.update(config -> {
            ProfileConfig replaced = config.profiles().get(name);
            if (replaced != null && !replace) throw BillctlException.usage("profile '" + name + "' exists; pass --force to replace it");
            Config updated = config.withProfile(name, replaced == null ? profile : profile.keeping(replaced));
            if (updated.defaultProfile() != null) return updated;
            becameDefault[0] = config.profiles().keySet().stream().anyMatch(other -> !other.equals(name)) ? Default.NONE_WAS_SET : Default.FIRST;
            return updated.withDefault(name);
        });
        return becameDefault[0];
    }

    /** Removes the profile; answers true when it was the default (so that no profile is now). */
    public boolean remove(String name) {
        if (Profiles.SANDBOX.equals(name)) throw BillctlException.usage("the sandbox profile is built in and cannot be removed");
        boolean[] wasDefault = {false};
        profiles.update(config -> {
            if (!config.profiles().containsKey(name)) throw profiles.unknown(name);
            wasDefault[0] = name.equals(config.defaultProfile());
            return config.withoutProfile(name);
        });
        return wasDefault[0];
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

    /** The URL as it is stored: checked by {@link ProfileUrl}, its scheme in lower case, the rest as given. */
    private static String checkUrl(String url) {
        try {
            return ProfileUrl.parse(url).toString();
        } catch (ProfileUrl.Invalid e) {
            throw BillctlException.usage("--url " + e.getMessage());
        }
    }
}
