package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball as a new user meets it: unpacked, installed with install.sh into a prefix,
 * then used from a fresh bash whose HOME has never seen billctl and whose PATH has only PREFIX/bin added.
 */
class ReleaseIT {
    static final Path TARBALL = Shell.ROOT.resolve("target/billctl-" + System.getProperty("billctl.version", "0.1.0") + ".tar.gz");

    @TempDir static Path work;
    static Path prefix;
    static Path home;
    static String installOutput;

    @BeforeAll
    static void install() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), TARBALL + " is missing: mvn package makes it");
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        Shell.Result untar = Shell.run(unpacked, Map.of(), "tar", "-xzf", TARBALL.toString());
        assertEquals(0, untar.exit(), untar::err);
        Path release = unpacked.resolve(TARBALL.getFileName().toString().replace(".tar.gz", ""));
        for (String file : List.of("bin/billctl", "lib/billctl.jar", "man/man1/billctl.1", "man/man1/billctl-account-update.1",
                "completions/billctl.bash", "completions/_billctl", "completions/billctl.fish", "README.md", "LICENSE", "install.sh")) {
            assertTrue(Files.isRegularFile(release.resolve(file)), () -> file + " missing from the tarball");
        }
        assertTrue(Files.isExecutable(release.resolve("bin/billctl")) && Files.isExecutable(release.resolve("install.sh")));
        prefix = work.resolve("prefix");
        home = Files.createDirectories(work.resolve("home"));
        Shell.Result installed = Shell.run(release, Map.of("HOME", home.toString()), release.resolve("install.sh").toString(), prefix.toString());
        assertEquals(0, installed.exit(), () -> installed.out() + installed.err());
        installOutput = installed.out();
    }

    /** A fresh login-less bash of a user who put PREFIX/bin on PATH, as install.sh told them. */
    private static Shell.Result bash(String script) {
        String path = prefix.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Shell.run(home, Map.of("HOME", home.toString(), "PATH", path), "bash", "--norc", "--noprofile", "-c", script);
    }

    @Test
    void installShSaysWhatItDid() {
        assertTrue(installOutput.contains(prefix.resolve("bin/billctl").toString()), installOutput);
        assertTrue(installOutput.contains("share/bash-completion/completions/billctl"), installOutput);
        assertTrue(installOutput.contains("MANPATH") || installOutput.contains("man"), installOutput);
        for (String file : List.of("bin/billctl", "lib/billctl/billctl.jar", "share/man/man1/billctl.1", "share/man/man1/billctl-clients-accounts-update.1",
                "share/bash-completion/completions/billctl", "share/zsh/site-functions/_billctl", "share/fish/vendor_completions.d/billctl.fish")) {
            assertTrue(Files.isRegularFile(prefix.resolve(file)), () -> file + " not installed");
        }
    }

    @Test
    void theInstalledCommandRuns() throws Exception {
        Shell.Result version = bash("billctl --version");
        assertEquals(0, version.exit(), version::err);
        assertTrue(version.out().startsWith("billctl 0.1.0 (commit "), version.out());
        Shell.Result update = bash("billctl -p sandbox clients-accounts update 1 --name x -o json");
        assertEquals(0, update.exit(), () -> update.out() + update.err());
        assertTrue(Json.parse(update.out()).path("ok").asBoolean(), update.out());
        Shell.Result script = bash("billctl completion bash");
        assertEquals(Files.readString(prefix.resolve("share/bash-completion/completions/billctl")), script.out());
        assertEquals(Files.readString(prefix.resolve("share/fish/vendor_completions.d/billctl.fish")), bash("billctl completion fish").out());
    }

    /** The installed launcher keeps its class-data archive in the user's cache: lib/ is often read-only. */
    @Test
    void theInstalledCommandBuildsAndUsesItsArchiveInTheUsersCache() throws Exception {
        Path cache = Files.createDirectories(work.resolve("cds-cache"));
        // A name of its own each time: the same values twice change 0 rows, which JeraSoft's answer says and billctl warns about.
        String update = "XDG_CACHE_HOME=" + Shell.quote(cache.toString()) + " billctl -p sandbox clients-accounts update 1 --name \"x $RANDOM$RANDOM\" -o json";
        Shell.Result built = bash("BILLCTL_CDS=build " + update);
        assertEquals(0, built.exit(), () -> built.out() + built.err());
        assertEquals("", built.err());
        assertTrue(Json.parse(built.out()).path("ok").asBoolean(), built.out());
        List<Path> archives;
        try (var files = Files.list(cache.resolve("billctl/cds"))) {
            archives = files.toList();
        }
        assertEquals(1, archives.size(), archives::toString);
        assertTrue(archives.get(0).getFileName().toString().endsWith(".jsa"), archives::toString);
        Shell.Result used = bash(update);
        assertEquals(0, used.exit(), () -> used.out() + used.err());
        assertEquals("", used.err());
        assertEquals(1, used.out().strip().lines().count(), used.out());
    }

    @Test
    void completionWorksFromTheInstalledFile() {
        // As install.sh tells a user whose prefix bash-completion does not search: source it from ~/.bashrc.
        String setup = (Files.isReadable(BashCompletionTest.BASH_COMPLETION) ? "source " + BashCompletionTest.BASH_COMPLETION + "\n" : "")
                + "source " + Shell.quote(prefix.resolve("share/bash-completion/completions/billctl").toString()) + "\n";
        Shell.Result result = bash(setup + Shell.completeLine("billctl clients-accounts update 1 --te"));
        assertEquals(0, result.exit(), result::err);
        assertTrue(result.lines().contains("--tech-prefix"), () -> result.out() + result.err());
        Shell.Result auth = bash(setup + Shell.completeLine("billctl clients-accounts update 1 --auth-type "));
        assertEquals(List.of("name", "ip", "ani"), auth.lines());
        assertTrue(installOutput.contains("source \"" + prefix.resolve("share/bash-completion/completions/billctl") + "\""), installOutput);
        // A prefix fish does not search: install.sh says how to add it.
        assertTrue(installOutput.contains("set -p fish_complete_path \"" + prefix.resolve("share/fish/vendor_completions.d") + "\""), installOutput);
    }

    @Test
    void theDefaultPrefixNeedsNoSetupForCompletionAndMan() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(BashCompletionTest.BASH_COMPLETION), "bash-completion is not installed");
        Path user = Files.createDirectories(work.resolve("user"));
        Path release = work.resolve("unpacked").resolve(TARBALL.getFileName().toString().replace(".tar.gz", ""));
        Shell.Result installed = Shell.run(release, Map.of("HOME", user.toString()), release.resolve("install.sh").toString());
        assertEquals(0, installed.exit(), () -> installed.out() + installed.err());
        assertTrue(Files.isRegularFile(user.resolve(".local/bin/billctl")), installed.out());
        String path = user.resolve(".local/bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        // bash-completion loads ~/.local/share/bash-completion/completions/billctl on demand, as at the first TAB.
        Shell.Result result = Shell.run(user, Map.of("HOME", user.toString(), "PATH", path), "bash", "--norc", "--noprofile", "-c",
                "source " + BashCompletionTest.BASH_COMPLETION + "\n__load_completion billctl\n" + Shell.completeLine("billctl clients-accounts update 1 --te"));
        assertTrue(result.lines().contains("--tech-prefix"), () -> result.out() + result.err());
        if (Shell.available("fish")) {
            // fish finds ~/.local/share/fish/vendor_completions.d/billctl.fish by itself.
            Shell.Result fish = Shell.run(user, Map.of("HOME", user.toString(), "PATH", path), "fish", "-c", "complete -C 'billctl -p sandbox cl'");
            assertEquals(0, fish.exit(), fish::err);
            assertTrue(fish.out().startsWith("clients-accounts\t"), () -> fish.out() + fish.err());
        }
        if (Shell.available("man")) {
            // man-db finds ~/.local/share/man from ~/.local/bin on PATH.
            Shell.Result where = Shell.run(user, Map.of("HOME", user.toString(), "PATH", path), "man", "-w", "billctl");
            assertEquals(user.resolve(".local/share/man/man1/billctl.1").toString(), where.out().strip(), where::err);
        }
    }

    @Test
    void uninstallRemovesExactlyWhatInstallPutThereAndKeepsTheUsersFiles() throws Exception {
        Path release = work.resolve("unpacked").resolve(TARBALL.getFileName().toString().replace(".tar.gz", ""));
        Path other = work.resolve("other-prefix");
        Path user = Files.createDirectories(work.resolve("uninstalling-user"));
        Map<String, String> env = Map.of("HOME", user.toString());
        Shell.Result installed = Shell.run(release, env, release.resolve("install.sh").toString(), other.toString());
        assertEquals(0, installed.exit(), installed::err);
        assertTrue(installed.out().contains("(uninstall with: " + other.resolve("lib/billctl/install.sh") + " --uninstall)"), installed.out());
        Files.writeString(Files.createDirectories(other.resolve("share/man/man1")).resolve("git.1"), "not billctl's");
        Files.writeString(other.resolve("bin/other-tool"), "not billctl's");
        // A call leaves the user's own files (sandbox state, a class-data archive of this install): the first are kept, the archive goes.
        String path = other.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        Shell.Result used = Shell.run(user, Map.of("HOME", user.toString(), "PATH", path, "BILLCTL_CDS", "build"),
                other.resolve("bin/billctl").toString(), "-p", "sandbox", "clients-accounts", "update", "1", "--name", "kept");
        assertEquals(0, used.exit(), used::err);
        Path cds = user.resolve(".cache/billctl/cds");
        assertEquals(1, Files.list(cds).filter(f -> f.toString().endsWith(".jsa")).count(), "an archive for this install");

        // From the copy it installed, which knows its prefix.
        Shell.Result removed = Shell.run(user, env, other.resolve("lib/billctl/install.sh").toString(), "--uninstall");
        assertEquals(0, removed.exit(), () -> removed.out() + removed.err());
        assertTrue(removed.out().contains("removed " + other.resolve("bin/billctl")), removed.out());
        assertTrue(removed.out().contains("uninstalled billctl from " + other), removed.out());
        for (String gone : List.of("bin/billctl", "lib/billctl", "share/man/man1/billctl.1", "share/man/man1/billctl-account-update.1",
                "share/bash-completion/completions/billctl", "share/zsh/site-functions/_billctl", "share/fish/vendor_completions.d/billctl.fish")) {
            assertTrue(Files.notExists(other.resolve(gone)), gone + " is still there");
        }
        assertTrue(Files.exists(other.resolve("share/man/man1/git.1")) && Files.exists(other.resolve("bin/other-tool")), "others' files are left");
        assertEquals(0, Files.list(cds).filter(f -> f.toString().endsWith(".jsa")).count(), "its archive went with it");
        assertTrue(Files.readString(user.resolve(".local/share/billctl/sandbox.json")).contains("kept"), "the user's state is kept");

        Shell.Result again = Shell.run(release, env, release.resolve("install.sh").toString(), "--uninstall", other.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("billctl is not installed under " + other), again.err());
        Shell.Result wrong = Shell.run(release, env, release.resolve("install.sh").toString(), "--remove");
        assertEquals(2, wrong.exit());
    }

    @Test
    void manPagesRenderFromThePrefix() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Shell.available("man"), "man is not installed");
        Shell.Result page = bash("MANPATH=" + Shell.quote(prefix.resolve("share/man").toString()) + " MANWIDTH=100 man -P cat billctl-account-update");
        assertEquals(0, page.exit(), page::err);
        for (String flag : List.of("BILLCTL-ACCOUNT-UPDATE(1)", "--blocked", "--credit-limit", "--email", "--set", "Example: --blocked N.")) {
            assertTrue(page.out().contains(flag), () -> flag + " missing from the rendered page:\n" + page.out());
        }
        Shell.Result main = bash("MANPATH=" + Shell.quote(prefix.resolve("share/man").toString()) + " MANWIDTH=100 man -P cat billctl");
        assertEquals(0, main.exit(), main::err);
        assertTrue(main.out().contains("ENVIRONMENT") && main.out().contains("EXIT STATUS"), main.out());
    }
}
