package io.billctl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Run;
import io.billctl.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, reproduction 8: under umask 000, everything the installed launcher and billctl create
 * under the cache, config and data directories (the CDS directory, the sessions, the config and its
 * lock, the sandbox's state) is 0700 for directories and 0600 for files.
 * <p>
 * The launcher runs as installed (no BILLCTL_CDS_DIR, so its archives go under the user's cache) and
 * builds its archive in the foreground, with a java that declines to dump archives: the directories
 * and the lock are made as for real, in a fraction of the time, and nothing is left running.
 */
class UmaskIT {
    @TempDir Path home;

    @Test
    void nothingBillctlCreatesIsOpenToOthers() throws Exception {
        Path jdk = home.resolve("jdk/bin");
        Files.createDirectories(jdk);
        Path java = jdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a; do case \"$a\" in -Xshare:dump|-XX:DumpLoadedClassList=*) exit 1;; esac; done\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("BILLCTL_JAR", Subprocess.JAR.toString(), "JAVA_HOME", home.resolve("jdk").toString(),
                "BILLCTL_CDS", "build", "XDG_CACHE_HOME", home.resolve("cache").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(), "XDG_DATA_HOME", home.resolve("data").toString());

        run(env, "-p", "sandbox", "account", "update", "55", "--email", "umask@example.com").exits(0);
        run(env, "-p", "sandbox", "admin-accounts", "update", "24", "--name", "umask").exits(0);
        run(env, "profile", "add", "lab", "--backend", "jerasoft", "--url", "https://vcs.example.com/api", "--api-key-env", "K").exits(0);

        assertTrue(Files.isDirectory(home.resolve("cache/billctl/cds")), "the launcher made its CDS directory");
        assertTrue(Files.isDirectory(home.resolve("cache/billctl/sessions")), "logins were cached");
        assertTrue(Files.exists(home.resolve("data/billctl/sandbox.json")), "the sandbox kept its state");
        assertTrue(Files.exists(home.resolve("config/billctl/config.toml.lock")), "the config was written under its lock");
        List<String> open = new ArrayList<>();
        for (String top : List.of("cache", "config", "data")) {
            try (Stream<Path> all = Files.walk(home.resolve(top))) {
                for (Path path : all.toList()) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                    String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                    if (!mode.equals(expected)) open.add(home.relativize(path) + " " + mode);
                }
            }
        }
        assertEquals(List.of(), open, "created with a mode others can use");
    }

    private Run run(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$@\"", "sh",
                Subprocess.REPO.resolve("src/dist/bin/billctl").toString()));
        command.addAll(List.of(args));
        return Subprocess.run(command, home, env, "");
    }
}
