package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb that {@code mvn package} builds, installed the way dpkg installs it, but into a throwaway root:
 * {@code dpkg -i} with an administrative directory of its own whose status is a copy of this machine's (so
 * that the package's Depends are checked against the Java packages really installed here) and an install
 * directory in a temporary folder; then its {@code /usr/bin/billctl} runs {@code --version} and a sandbox
 * update, and its man pages and completion work from where Debian's tools look for them. Where this
 * machine has no dpkg database, {@code dpkg-deb -x} unpacks it instead.
 */
class DebPackageIT {
    static final String VERSION = System.getProperty("billctl.version", "0.1.0");
    static final Path DEB = Shell.ROOT.resolve("target/billctl_" + VERSION + "_all.deb");
    static final Path TARBALL = Shell.ROOT.resolve("target/billctl-" + VERSION + ".tar.gz");

    @TempDir static Path work;
    static Path root;
    static Path home;
    static String installedWith;

    @BeforeAll
    static void install() throws Exception {
        assertTrue(Files.isRegularFile(DEB), DEB + " is missing: mvn package makes it");
        Assumptions.assumeTrue(Shell.available("dpkg-deb"), "dpkg-deb is not installed (not a Debian system)");
        root = Files.createDirectories(work.resolve("root"));
        home = Files.createDirectories(work.resolve("home"));
        Path status = Path.of("/var/lib/dpkg/status");
        if (Shell.available("dpkg") && Files.isReadable(status)) {
            Path admin = Files.createDirectories(work.resolve("admin"));
            Files.createDirectories(admin.resolve("updates"));
            Files.copy(status, admin.resolve("status"));
            Files.writeString(admin.resolve("available"), "");
            // The packages' file lists stay out (dpkg would only warn of each): empty ones say "no files".
            Path info = Files.createDirectories(admin.resolve("info"));
            try (var lists = Files.list(Path.of("/var/lib/dpkg/info"))) {
                for (Path list : lists.filter(f -> f.getFileName().toString().endsWith(".list")).toList()) {
                    Files.writeString(info.resolve(list.getFileName()), "");
                }
            }
            Shell.Result installed = Shell.run(work, Map.of(), "dpkg", "--force-not-root", "--force-script-chrootless",
                    "--admindir=" + admin, "--instdir=" + root, "-i", DEB.toString());
            assertEquals(0, installed.exit(), () -> "dpkg -i into a throwaway root failed (Depends: a Java 17 runtime package must be "
                    + "installed):\n" + installed.out() + installed.err());
            Shell.Result state = Shell.run(work, Map.of(), "dpkg-query", "--admindir=" + admin, "-W", "-f", "${Status} ${Version}", "billctl");
            assertEquals("install ok installed " + VERSION, state.out().strip(), state::err);
            installedWith = "dpkg -i";
        } else {
            Shell.Result unpacked = Shell.run(work, Map.of(), "dpkg-deb", "-x", DEB.toString(), root.toString());
            assertEquals(0, unpacked.exit(), unpacked::err);
            installedWith = "dpkg-deb -x";
        }
    }

    private static Shell.Result field(String name) {
        return Shell.run(work, Map.of(), "dpkg-deb", "-f", DEB.toString(), name);
    }

    @Test
    void itIsAnArchitectureIndependentPackageThatNeedsAJava17Runtime() {
        assertEquals("billctl", field("Package").out().strip());
        assertEquals(VERSION, field("Version").out().strip());
        assertEquals("all", field("Architecture").out().strip());
        assertEquals("default-jre-headless (>= 2:1.17) | java17-runtime-headless", field("Depends").out().strip());
        assertFalse(field("Maintainer").out().isBlank());
        assertTrue(field("Description").out().contains("JeraSoft VCS"));
    }

    @Test
    void itInstallsTheLauncherTheJarManPagesAndEveryCompletionScriptOfTheTree() throws Exception {
        for (String file : List.of("usr/bin/billctl", "usr/lib/billctl/billctl.jar", "usr/share/man/man1/billctl.1.gz",
                "usr/share/man/man1/billctl-account-update.1.gz", "usr/share/bash-completion/completions/billctl",
                "usr/share/zsh/vendor-completions/_billctl", "usr/share/doc/billctl/copyright", "usr/share/doc/billctl/README.md")) {
            assertTrue(Files.isRegularFile(root.resolve(file)), () -> file + " is not in the package (" + installedWith + ")");
        }
        assertTrue(Files.isExecutable(root.resolve("usr/bin/billctl")));
        assertEquals(Files.readString(Shell.ROOT.resolve("src/dist/bin/billctl")), Files.readString(root.resolve("usr/bin/billctl")),
                "billctl's own launcher");
        assertEquals(Files.readString(Shell.ROOT.resolve("completions/billctl.bash")),
                Files.readString(root.resolve("usr/share/bash-completion/completions/billctl")));
        boolean fish = Files.isRegularFile(Shell.ROOT.resolve("completions/billctl.fish"));
        assertEquals(fish, Files.isRegularFile(root.resolve("usr/share/fish/vendor_completions.d/billctl.fish")),
                "fish's completion is packaged exactly when completions/ has it");
        long pages;
        try (var man = Files.list(Shell.ROOT.resolve("man"))) {
            pages = man.filter(f -> f.toString().endsWith(".1")).count();
        }
        try (var installed = Files.list(root.resolve("usr/share/man/man1"))) {
            assertEquals(pages, installed.filter(f -> f.toString().endsWith(".1.gz")).count(), "every man page, gzipped");
        }
    }

    @Test
    void theInstalledCommandPrintsItsVersionAndUpdatesTheSandbox() throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString(), "PATH", root.resolve("usr/bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "BILLCTL_CDS", "off");
        Shell.Result version = Shell.run(home, env, root.resolve("usr/bin/billctl").toString(), "--version");
        assertEquals(0, version.exit(), version::err);
        assertTrue(version.out().startsWith("billctl " + VERSION + " (commit "), version.out());
        assertTrue(version.out().contains("\njava "), version.out());
        Shell.Result update = Shell.run(home, env, root.resolve("usr/bin/billctl").toString(),
                "-p", "sandbox", "clients-accounts", "update", "1", "--name", "Installed from the .deb", "-o", "json");
        assertEquals(0, update.exit(), () -> update.out() + update.err());
        assertTrue(Json.parse(update.out()).path("ok").asBoolean(), update.out());
    }

    @Test
    void manFindsTheGzippedPagesAndBashCompletesFromTheSystemDirectory() {
        if (Shell.available("man")) {
            Shell.Result page = Shell.run(home, Map.of("HOME", home.toString(), "MANWIDTH", "100"), "man", "-P", "cat", "-l",
                    root.resolve("usr/share/man/man1/billctl.1.gz").toString());
            assertEquals(0, page.exit(), page::err);
            assertTrue(page.out().contains("ENVIRONMENT") && page.out().contains("HTTPS_PROXY"), page.out());
        }
        Shell.Result result = Shell.run(home, Map.of("HOME", home.toString()), "bash", "--norc", "--noprofile", "-c",
                "source " + Shell.quote(root.resolve("usr/share/bash-completion/completions/billctl").toString()) + "\n"
                        + Shell.completeLine("billctl clients-accounts update 1 --te"));
        assertTrue(result.lines().contains("--tech-prefix"), () -> result.out() + result.err());
    }

    @Test
    void aChecksumLiesBesideTheTarballAndThePackage() throws Exception {
        for (Path file : List.of(DEB, TARBALL)) {
            Path sum = file.resolveSibling(file.getFileName() + ".sha256");
            assertTrue(Files.isRegularFile(sum), sum + " is missing");
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
            assertEquals(digest + "  " + file.getFileName(), Files.readString(sum).strip(), "sha256sum's format");
            if (Shell.available("sha256sum")) {
                Shell.Result check = Shell.run(file.getParent(), Map.of(), "sha256sum", "-c", sum.getFileName().toString());
                assertEquals(0, check.exit(), check::out);
            }
        }
    }
}
