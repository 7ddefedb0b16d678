package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed completion scripts and man pages are what the build generates from the command
 * definitions (target/generated-docs, written in process-classes, before the tests run).
 */
class DocsUpToDateTest {
    static final Path GENERATED = Shell.ROOT.resolve("target/generated-docs");
    static final String HOW_TO_FIX = "\nThe committed docs are stale: run bin/regenerate-docs and commit completions/ and man/.";

    @Test
    void completionScriptsAreUpToDate() throws IOException {
        compare(GENERATED.resolve("completions"), Shell.ROOT.resolve("completions"), "");
    }

    @Test
    void manPagesAreUpToDate() throws IOException {
        compare(GENERATED.resolve("man"), Shell.ROOT.resolve("man"), ".1");
    }

    private static void compare(Path generated, Path committed, String suffix) throws IOException {
        assertTrue(Files.isDirectory(generated), () -> generated + " is missing: the build generates it in process-classes (mvn process-classes)");
        TreeSet<String> made = names(generated, suffix);
        TreeSet<String> kept = Files.isDirectory(committed) ? names(committed, suffix) : new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String name : made) {
            if (!kept.contains(name)) problems.add(committed.getFileName() + "/" + name + " is missing");
            else if (!Files.readString(generated.resolve(name)).equals(Files.readString(committed.resolve(name)))) {
                problems.add(committed.getFileName() + "/" + name + " differs from what the build generates (" + Shell.ROOT.relativize(generated.resolve(name)) + ")");
            }
        }
        for (String name : kept) if (!made.contains(name)) problems.add(committed.getFileName() + "/" + name + " is no longer generated");
        if (!problems.isEmpty()) fail(String.join("\n", problems) + HOW_TO_FIX);
    }

    private static TreeSet<String> names(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void everyCommandHasAPage() {
        for (String page : List.of("billctl", "billctl-clients-accounts-update", "billctl-unlimited-update", "billctl-account-update",
                "billctl-admin-accounts-update", "billctl-profile-add", "billctl-profile-list", "billctl-profile-show",
                "billctl-profile-remove", "billctl-profile-use", "billctl-profile-test", "billctl-sandbox-serve",
                "billctl-sandbox-reset", "billctl-completion")) {
            assertTrue(Files.isRegularFile(Shell.ROOT.resolve("man/" + page + ".1")), page + ".1 missing from man/");
        }
    }

    @Test
    void theMainPageDocumentsExitCodesConfigEnvironmentAndSandbox() throws IOException {
        String page = Files.readString(Shell.ROOT.resolve("man/billctl.1"));
        for (String text : List.of(".SH \"EXIT STATUS\"", ".SH \"FILES\"", ".SH \"ENVIRONMENT\"", ".SH \"SANDBOX\"", "0600", "config.toml",
                "BILLCTL_PROFILE", "BILLCTL_CONFIG", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "NO_COLOR", "BILLCTL_SANDBOX_FAULTS", "BILLCTL_MAX_RESPONSE_SIZE",
                "sandbox.json", "130")) {
            assertTrue(page.contains(text), () -> "man/billctl.1 lacks " + text);
        }
    }

    @Test
    void updatePagesListEveryFieldWithRulesAndExamples() throws IOException {
        String page = Files.readString(Shell.ROOT.resolve("man/billctl-clients-accounts-update.1"));
        for (String flag : List.of("tech\\-prefix", "auth\\-type", "orig\\-capacity", "term\\-proxy\\-mode", "[no\\-]orig\\-enabled")) {
            assertTrue(page.contains("\\-\\-" + flag), () -> "--" + flag + " missing from the clients-accounts update page");
        }
        assertTrue(page.contains("One of: name, ip, ani."), "rules of --auth-type");
        assertTrue(page.contains("Example: \\-\\-tech\\-prefix 777."), "example of --tech-prefix");
        String account = Files.readString(Shell.ROOT.resolve("man/billctl-account-update.1"));
        assertTrue(account.contains("Example: \\-\\-blocked N."), "example of --blocked");
    }
}
