package io.billctl.core.config;

import io.billctl.core.output.Terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
    @TempDir Path dir;

    private Env env() {
        return new Env(Map.of("HOME", dir.toString()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()), Terminal.NONE);
    }

    @Test
    void roundTripsAwkwardValuesInAnOwnerOnlyFile() throws Exception {
        ConfigStore store = ConfigStore.locate(env(), null, warning -> { });
        assertEquals(dir.resolve(".config/billctl/config.toml"), store.path());
        ProfileConfig awkward = new ProfileConfig("jerasoft", "https://h/api", "ünï \"quoted\"", "k\\ey\"\n\t\u0001", null,
                "pass show 'vcs'", null, null, null, "/etc/ca.pem", true);
        Config config = Config.empty().withProfile("a.b", awkward).withProfile("plain", awkward).withDefault("a.b");
        store.save(config);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path().getParent())));
        Config read = store.load();
        assertEquals("a.b", read.defaultProfile());
        ProfileConfig back = read.profiles().get("a.b");
        assertEquals(awkward.username(), back.username());
        assertEquals(awkward.apiKey(), back.apiKey());
        assertEquals(awkward.apiKeyCommand(), back.apiKeyCommand());
        assertEquals(Boolean.TRUE, back.insecure());
        assertEquals(read.profiles().keySet(), config.profiles().keySet());
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByItsKey() throws Exception {
        ConfigStore store = ConfigStore.locate(env(), null, warning -> { });
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "[profiles.prod]\nbackend = \"jerasoft\"\nurl = [5]\n");
        BillctlException bad = assertThrows(BillctlException.class, store::load);
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.getMessage().endsWith(": profiles.prod.url must be a string"), bad.getMessage());
        Files.writeString(store.path(), "profiles = 3\n");
        assertTrue(assertThrows(BillctlException.class, store::load).getMessage().endsWith(": profiles must be a table"));
        Files.writeString(store.path(), "[profiles.prod]\ninsecure = 1\n");
        assertTrue(assertThrows(BillctlException.class, store::load).getMessage().endsWith(": profiles.prod.insecure must be true or false"));
        Files.writeString(store.path(), "[profiles.prod\nurl = \"x\"\n");
        assertTrue(assertThrows(BillctlException.class, store::load).getMessage().startsWith("cannot read the config file " + store.path() + ": "));
    }

    @Test
    void keysBillctlDoesNotKnowAreLeftAlone() throws Exception {
        ConfigStore store = ConfigStore.locate(env(), null, warning -> { });
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "default_profile = \"prod\"\ncolour = \"blue\"\n[profiles.prod]\nbackend = \"yeti\"\n"
                + "url = \"https://y\"\nusername = \"u\"\npassword_env = \"Y\"\nretries = 4\n[other]\nx = 1\n");
        Config config = store.load();
        assertEquals("prod", config.defaultProfile());
        // Scalars as data binding took them, and TOML's nan/inf under keys billctl ignores.
        Files.writeString(store.path(), "odd = nan\nbig = inf\n[profiles.p]\nusername = 1001\ninsecure = \"true\"\nca_cert = true\n");
        ProfileConfig coerced = store.load().profiles().get("p");
        assertEquals("1001", coerced.username());
        assertEquals(Boolean.TRUE, coerced.insecure());
        assertEquals("true", coerced.caCert());
        ProfileConfig prod = config.profiles().get("prod");
        assertEquals("yeti", prod.backend());
        assertEquals("Y", prod.passwordEnv());
        assertEquals(null, prod.insecure());
    }

    @Test
    void aProfileNeverPrintsItsSecrets() {
        ProfileConfig profile = new ProfileConfig("jerasoft", "https://h", "u", "the-api-key", null, null, "the-password", null, null, null, null);
        assertFalse(profile.toString().contains("the-api-key"));
        assertFalse(profile.toString().contains("the-password"));
        assertFalse(profile.apiKeyRef().toString().contains("the-api-key"));
        assertFalse(profile.apiKeyRef().describe().contains("the-api-key"));
        assertEquals("****", new Secret("the-api-key").toString());
    }
}
