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

    @Test
    void aChangeKeepsKeysAndTablesBillctlDoesNotKnow() throws Exception {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        ConfigStore store = ConfigStore.locate(env(), null, warnings::add);
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "default_profile = \"prod\"\ncolour = \"blue\"\nlevels = [1, 2.5, \"x\"]\n"
                + "[profiles.prod]\nbackend = \"yeti\"\nurl = \"https://y\"\nusername = \"u\"\npassword_env = \"Y\"\nretries = 4\n"
                + "[profiles.prod.extra]\nmode = \"fast\"\n[other]\nx = 1\n[other.deeper]\ny = true\nz = { a = 1, b = \"two\" }\n");
        Files.setPosixFilePermissions(store.path(), PosixFilePermissions.fromString("rw-------"));
        store.update(config -> config.withProfile("lab", new ProfileConfig("jerasoft", "https://j", null, null, "K", null, null, null, null, null, null)));
        String written = Files.readString(store.path());
        com.fasterxml.jackson.databind.JsonNode tree;
        try (var parser = new com.fasterxml.jackson.dataformat.toml.TomlFactory().createParser(written)) {
            tree = io.billctl.core.Json.read(parser);
        }
        assertEquals("blue", tree.path("colour").asText(), written);
        assertEquals(2.5, tree.path("levels").path(1).asDouble(), written);
        assertEquals(4, tree.path("profiles").path("prod").path("retries").asInt(), written);
        assertEquals("fast", tree.path("profiles").path("prod").path("extra").path("mode").asText(), written);
        assertEquals(1, tree.path("other").path("x").asInt(), written);
        assertEquals("two", tree.path("other").path("deeper").path("z").path("b").asText(), written);
        assertEquals("K", tree.path("profiles").path("lab").path("api_key_env").asText(), written);
        assertEquals("prod", tree.path("default_profile").asText(), written);
        assertFalse(Files.exists(store.path().resolveSibling("config.toml.bak")), "no comments, no backup");
        assertEquals(java.util.List.of(), warnings);
        // Replacing a profile keeps what billctl does not know of it.
        store.update(config -> config.withProfile("prod", new ProfileConfig("yeti", "https://y2", "u", null, null, null, null, "Y", null, null, null)
                .keeping(config.profiles().get("prod"))));
        assertTrue(Files.readString(store.path()).contains("retries = 4"), Files.readString(store.path()));
    }

    @Test
    void commentsThatCannotBeKeptAreKeptInABackup() throws Exception {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        ConfigStore store = ConfigStore.locate(env(), null, warnings::add);
        Files.createDirectories(store.path().getParent());
        String original = "# my notes: prod is the live one\n[profiles.prod]\nbackend = \"jerasoft\"\nurl = \"https://j\" # the new host\napi_key_env = \"K\"\n";
        Files.writeString(store.path(), original);
        Files.setPosixFilePermissions(store.path(), PosixFilePermissions.fromString("rw-------"));
        store.update(config -> config.withDefault("prod"));
        Path backup = store.path().resolveSibling("config.toml.bak");
        assertEquals(original, Files.readString(backup));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("comments"), warnings.get(0));
        assertTrue(ConfigStore.hasComments("a = 1 # note\n"));
        assertFalse(ConfigStore.hasComments(ConfigStore.HEADER + "\nurl = \"https://h/#frag\"\nk = 'lit#eral'\ns = \"\"\"\n# inside\n\"\"\"\n"));
    }

    @Test
    void aSymlinkedConfigIsFollowedAndKept() throws Exception {
        Path real = dir.resolve("dotfiles/billctl.toml");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "[profiles.a]\nbackend = \"jerasoft\"\nurl = \"https://a\"\napi_key_env = \"A\"\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
        Path link = dir.resolve(".config/billctl/config.toml");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of("../../dotfiles/billctl.toml"));
        ConfigStore store = ConfigStore.locate(env(), null, warning -> { });
        store.update(config -> config.withProfile("b", new ProfileConfig("jerasoft", "https://b", null, null, "B", null, null, null, null, null, null)));
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals(java.util.Set.of("a", "b"), store.load().profiles().keySet());
        assertTrue(Files.readString(real).contains("[profiles.b]"));
    }

    @Test
    void aConfigOthersCanChangeIsRefusedBeforeAnythingIsRead() throws Exception {
        ConfigStore store = ConfigStore.locate(env(), null, warning -> { });
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "[profiles.a]\nbackend = \"jerasoft\"\nurl = \"https://a\"\napi_key_command = \"echo KEY\"\n");
        for (String mode : new String[] {"rw--w----", "rw-----w-", "rw--w--w-", "rw-rw-rw-"}) {
            Files.setPosixFilePermissions(store.path(), PosixFilePermissions.fromString(mode));
            BillctlException refused = assertThrows(BillctlException.class, store::load, mode);
            assertEquals(ExitCode.AUTH, refused.exitCode());
            assertTrue(refused.getMessage().contains(store.path().toString()) && refused.getMessage().endsWith("run: chmod 600 " + store.path()),
                    refused.getMessage());
        }
        Files.setPosixFilePermissions(store.path(), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(store.path().getParent(), PosixFilePermissions.fromString("rwxrwx---"));
        BillctlException directory = assertThrows(BillctlException.class, store::load);
        assertEquals(ExitCode.AUTH, directory.exitCode());
        assertTrue(directory.getMessage().endsWith("run: chmod go-w " + store.path().getParent()), directory.getMessage());
        Files.setPosixFilePermissions(store.path().getParent(), PosixFilePermissions.fromString("rwx------"));
        assertEquals(java.util.Set.of("a"), store.load().profiles().keySet());
    }

    @Test
    void aConfigOfAnotherUserIsRefused() throws Exception {
        ConfigStore store = ConfigStore.locate(env(), null, warning -> { });
        Files.createDirectories(store.path().getParent());
        Files.writeString(store.path(), "[profiles.a]\nbackend = \"jerasoft\"\nurl = \"https://a\"\napi_key_command = \"echo KEY\"\n");
        Files.setPosixFilePermissions(store.path(), PosixFilePermissions.fromString("rw-------"));
        Path file = store.path().toAbsolutePath();
        // The caller is uid 1000; the file belongs to uid 1001 (the directories to the caller).
        try (AutoCloseable fake = StrictModes.fakeOwners(new StrictModes.Owners() {
            public long caller() { return 1000; }
            public long ownerOf(Path path) { return path.equals(file) ? 1001 : 1000; }
        })) {
            BillctlException refused = assertThrows(BillctlException.class, store::load);
            assertEquals(ExitCode.AUTH, refused.exitCode());
            assertTrue(refused.getMessage().contains("belongs to uid 1001") && refused.getMessage().contains("chown "), refused.getMessage());
        }
        // Owned by root: accepted, as OpenSSH does.
        try (AutoCloseable fake = StrictModes.fakeOwners(new StrictModes.Owners() {
            public long caller() { return 1000; }
            public long ownerOf(Path path) { return path.equals(file) ? 0 : 1000; }
        })) {
            assertEquals(java.util.Set.of("a"), store.load().profiles().keySet());
        }
    }
}
