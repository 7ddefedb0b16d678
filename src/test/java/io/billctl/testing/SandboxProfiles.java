package io.billctl.testing;

import io.billctl.sandbox.EnswitchEmulator;
import io.billctl.sandbox.JerasoftEmulator;
import io.billctl.sandbox.PortabillingEmulator;
import io.billctl.sandbox.YetiEmulator;
import java.nio.file.Path;

/**
 * A billctl with one profile per backend at a test's sandbox, as a user would write them: {@code vcs}
 * (JeraSoft), {@code pbx} (Enswitch), {@code pb} (PortaBilling) and {@code yeti}, their secrets in the
 * environment and every one of them checked never to be printed. {@code extra} is more TOML after them.
 */
public final class SandboxProfiles {
    private SandboxProfiles() {}

    public static Billctl billctl(Path home, Sandbox sandbox, String extra) {
        return billctl(home, sandbox, null, extra);
    }

    /** The same, {@code defaultProfile} the one used without {@code -p} (null: none). */
    public static Billctl billctl(Path home, Sandbox sandbox, String defaultProfile, String extra) {
        return new Billctl(home).env("K", JerasoftEmulator.API_KEY).env("PW", EnswitchEmulator.PASSWORD)
                .env("PB", PortabillingEmulator.PASSWORD).env("YT", YetiEmulator.PASSWORD)
                .secret(JerasoftEmulator.API_KEY).secret(EnswitchEmulator.PASSWORD).secret(PortabillingEmulator.PASSWORD)
                .secret(YetiEmulator.PASSWORD)
                .config((defaultProfile == null ? "" : "default_profile = \"" + defaultProfile + "\"\n") + """
                        [profiles.vcs]
                        backend = "jerasoft"
                        url = "%s"
                        api_key_env = "K"
                        [profiles.pbx]
                        backend = "enswitch"
                        url = "%s"
                        username = "sandbox"
                        password_env = "PW"
                        [profiles.pb]
                        backend = "portabilling"
                        url = "%s"
                        username = "sandbox"
                        password_env = "PB"
                        [profiles.yeti]
                        backend = "yeti"
                        url = "%s"
                        username = "sandbox"
                        password_env = "YT"
                        """.formatted(sandbox.url("/jerasoft/api"), sandbox.url("/enswitch"), sandbox.url("/portabilling"), sandbox.url("/yeti"))
                        + extra);
    }
}
