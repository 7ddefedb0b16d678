package io.billctl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.billctl.testing.Run;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's CDS archive never reaches stdout: with a good, a corrupt, a stale or another
 * JVM's archive, {@code -o json} prints exactly one JSON document. Runs a copy of bin/billctl and
 * the jar in a scratch tree, so the archive it breaks is nobody else's.
 */
class CdsArchiveIT {
    static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @TempDir Path scratch;
    Path tree;
    Path home;

    @BeforeEach
    void copyLauncherAndJar() throws IOException {
        tree = scratch.resolve("billctl");
        home = scratch.resolve("home");
        Files.createDirectories(tree.resolve("bin"));
        Files.createDirectories(tree.resolve("target"));
        Files.createDirectories(home);
        Files.copy(PROJECT.resolve("bin/billctl"), tree.resolve("bin/billctl"), StandardCopyOption.COPY_ATTRIBUTES);
        // bin/billctl runs the release's launcher, which holds the archive logic.
        Files.createDirectories(tree.resolve("src/dist/bin"));
        Files.copy(PROJECT.resolve("src/dist/bin/billctl"), tree.resolve("src/dist/bin/billctl"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(PROJECT.resolve("target/billctl.jar"), tree.resolve("target/billctl.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    private Run billctl(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tree.resolve("bin/billctl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_") || name.equals("JAVA_TOOL_OPTIONS"));
        env.put("HOME", home.toString());
        env.putAll(extraEnv);
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "billctl did not finish");
        return new Run(process.exitValue(), out, err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One update with -o json: exit 0, stdout exactly one JSON document, stderr empty. */
    private void updateGivesOneJsonDocument(Map<String, String> env) throws Exception {
        // A name of its own each time: the same values twice change 0 rows, which JeraSoft's answer says and billctl warns about.
        Run run = billctl(env, "-p", "sandbox", "clients-accounts", "update", "1", "--name", "Acme " + System.nanoTime(), "-o", "json").exits(0);
        assertTrue(run.json().path("ok").asBoolean(), run.out());
        assertEquals(1, run.out().strip().lines().count(), run.out());
        assertEquals("", run.err());
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(tree.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    /** The name the launcher gives the archive of the JVM at {@code javaHome}. */
    private Path archiveFor(Path javaHome) throws IOException {
        String id = javaHome.toRealPath().toString().substring(1).replaceAll("[^A-Za-z0-9._-]", "_");
        return tree.resolve("target/billctl-" + id + ".jsa");
    }

    private Path builtArchive() throws Exception {
        updateGivesOneJsonDocument(Map.of("BILLCTL_CDS", "build"));
        List<Path> archives = archives();
        assertEquals(1, archives.size(), () -> "one archive for this JVM: " + archives);
        assertTrue(Files.size(archives.get(0)) > 1_000_000, "a real archive");
        return archives.get(0);
    }

    private static void overwrite(Path file, byte[] content) throws IOException {
        Files.delete(file); // the JVM writes archives read-only
        Files.write(file, content);
    }

    @Test
    void aCorruptArchiveStaysOffStdout() throws Exception {
        Path archive = builtArchive();
        updateGivesOneJsonDocument(Map.of());

        byte[] corrupt = Files.readAllBytes(archive);
        for (int i = 0; i < corrupt.length; i += 4096) corrupt[i] ^= 0x5a; // header included
        overwrite(archive, corrupt);
        updateGivesOneJsonDocument(Map.of());

        overwrite(archive, "not an archive\n".getBytes(StandardCharsets.UTF_8));
        updateGivesOneJsonDocument(Map.of());
        updateGivesOneJsonDocument(Map.of("BILLCTL_CDS", "off"));
    }

    @Test
    void aStaleArchiveStaysOffStdout() throws Exception {
        Path archive = builtArchive();
        // The jar changed after the dump, but the archive still looks newer: the JVM finds out.
        Path jar = tree.resolve("target/billctl.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() - 60_000));
        updateGivesOneJsonDocument(Map.of());
    }

    @Test
    void anotherJvmsArchiveStaysOffStdout() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(TEMURIN_25.resolve("bin/java")), "Temurin 25 is not installed");
        Path archive17 = builtArchive();
        // Temurin 25 handed Java 17's archive: without the launcher's log options it says so on stdout.
        Path archive25 = archiveFor(TEMURIN_25);
        Files.copy(archive17, archive25, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(archive25, FileTime.fromMillis(System.currentTimeMillis() + 1000));
        Map<String, String> env = new HashMap<>(Map.of("JAVA_HOME", TEMURIN_25.toString()));
        updateGivesOneJsonDocument(env);

        // And Temurin 25 builds its own, beside Java 17's.
        Files.delete(archive25);
        env.put("BILLCTL_CDS", "build");
        updateGivesOneJsonDocument(env);
        assertTrue(Files.size(archive25) > 1_000_000, "Temurin 25's own archive");
        assertTrue(Files.exists(archive17));
    }

    @Test
    void aMissingArchiveIsBuiltInTheBackgroundWithoutDelayingTheCall() throws Exception {
        updateGivesOneJsonDocument(Map.of());
        // The call returned (stdout closed) before the archive was dumped; it appears later.
        long deadline = System.currentTimeMillis() + 90_000;
        while (archives().isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertEquals(1, archives().size(), "the background build left one archive");
        while (Files.exists(archives().get(0).resolveSibling(archives().get(0).getFileName() + ".lock")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        updateGivesOneJsonDocument(Map.of());
    }

    /**
     * The archive holds the classes of reading accounts and of a profile from a config file, not only
     * those of an update through the built-in sandbox: none of billctl's classes and none of the TOML
     * reader's is loaded from the jar by a get, a list, or an update through a configured profile.
     * (Lambdas are made at run time whatever the archive holds; they are left out of the count.)
     */
    @Test
    void theArchiveCoversReadsAndConfiguredProfiles() throws Exception {
        Path archive = builtArchive();
        Path config = scratch.resolve("config.toml");
        Files.writeString(config, "[profiles.ops]\nbackend = \"jerasoft\"\nurl = \"http://127.0.0.1:9/api\"\napi_key_env = \"OPS_KEY\"\n");
        List<List<String>> calls = List.of(
                List.of("--config", config.toString(), "-p", "ops", "clients-accounts", "update", "7", "--name", "x", "--dry-run"),
                List.of("-p", "sandbox", "clients-accounts", "get", "1"),
                List.of("-p", "sandbox", "clients-accounts", "list", "--limit", "2", "-o", "jsonl"),
                List.of("-p", "sandbox", "account", "list", "--limit", "2"));
        String javaHome = System.getenv("JAVA_HOME");
        String java = javaHome == null || javaHome.isEmpty() ? "java" : Path.of(javaHome, "bin", "java").toString();
        for (List<String> call : calls) {
            Path log = scratch.resolve("classes.log");
            // The launcher's own flags (an archive maps only with them), and the class loading logged to a file.
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmn16m",
                    "-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:disable", "-Xlog:class+load=info:file=" + log,
                    "-jar", tree.resolve("target/billctl.jar").toString()));
            command.addAll(call);
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_") || name.equals("JAVA_TOOL_OPTIONS"));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("OPS_KEY", "ops-key-123");
            Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = read(process.getInputStream());
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "billctl did not finish");
            assertEquals(0, process.exitValue(), call + ": " + output);
            List<String> lines = Files.readAllLines(log);
            long shared = lines.stream().filter(line -> line.contains("source: shared objects file")).count();
            assertTrue(shared > 1000, call + ": the archive was mapped (" + shared + " classes from it)");
            List<String> fromJar = lines.stream().filter(line -> line.contains("io.billctl.") || line.contains("dataformat.toml"))
                    .filter(line -> !line.contains("shared objects file") && !line.contains("$$Lambda")).toList();
            assertEquals(List.of(), fromJar, call + ": classes loaded from the jar, not the archive");
        }
    }

    /** A build killed midway leaves its lock and partial dump behind: the next build clears them. */
    @Test
    void aLockLeftByAKilledBuildDoesNotBlockTheArchiveForever() throws Exception {
        Path archive = builtArchive();
        Files.delete(archive);
        Path lock = Files.createDirectory(archive.resolveSibling(archive.getFileName() + ".lock"));
        Path partial = Files.writeString(archive.resolveSibling(archive.getFileName() + ".4242.partial"), "half a dump");
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(lock, hourAgo);
        Files.setLastModifiedTime(partial, hourAgo);
        updateGivesOneJsonDocument(Map.of("BILLCTL_CDS", "build"));
        assertTrue(Files.size(archive) > 1_000_000, "built despite the old lock");
        assertFalse(Files.exists(lock));
        assertFalse(Files.exists(partial));
    }

    @Test
    void aJavaHomeWithoutJavaIsOneLineAndExitTwo() throws Exception {
        Run run = billctl(Map.of("JAVA_HOME", scratch.resolve("no-jdk").toString()), "--version").exits(2);
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: billctl needs Java 17 or later"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
