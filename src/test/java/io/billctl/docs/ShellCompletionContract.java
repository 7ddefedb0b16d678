package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What billctl's completion does in every shell, typed on a real interactive shell on a
 * pseudo-terminal (one subclass a shell): the README's {@code billctl -p sandbox cl<TAB>}, global
 * options before and after the subcommand, each option's values, files, profile names of the config
 * file the line names, {@code --no-} forms, {@code --opt=value}, the catalog's field names. Skipped
 * only where the shell is not installed (.ci/run installs bash-completion, zsh and fish).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShellCompletionContract {
    abstract CompletionSession.Kind kind();

    /** Whether the shell shows each candidate's description (zsh and fish do, bash cannot). */
    abstract boolean describes();

    Path dir;
    Path work;

    Path home() {
        return dir.resolve("home");
    }
    CompletionSession shell;

    @BeforeAll
    void start() throws IOException {
        assumeTrue(CompletionSession.available(kind()), kind() + " (or util-linux's script) is not installed");
        dir = Files.createTempDirectory("billctl-completion-");
        Path home = Files.createDirectories(dir.resolve("home"));
        work = Files.createDirectories(dir.resolve("work"));
        Path config = Files.createDirectories(home.resolve(".config/billctl")).resolve("config.toml");
        Files.writeString(config, """
                default_profile = "prod"

                [profiles.prod]
                backend = "jerasoft"
                url = "https://vcs.example.com/api"

                [profiles.prod.tls]
                insecure = false

                [profiles."lab.eu"]   # the lab
                backend = "yeti"
                """);
        Files.writeString(work.resolve("other.toml"), "[profiles.staging]\nbackend = \"enswitch\"\n\n[profiles.qa]\nbackend = \"yeti\"\n");
        Files.writeString(work.resolve("env.toml"), "[profiles.fromenv]\nbackend = \"yeti\"\n");
        Files.writeString(work.resolve("my config.toml"), "[profiles.spaced]\nbackend = \"yeti\"\n");
        Files.writeString(home.resolve("tilde.toml"), "[profiles.tilded]\nbackend = \"yeti\"\n");
        Files.writeString(work.resolve("records.csv"), "id,name\n1,Acme\n");
        Files.writeString(work.resolve("my records.jsonl"), "{\"id\": 1, \"name\": \"Acme\"}\n");
        Files.writeString(work.resolve("journal.jsonl"), "");
        Files.writeString(work.resolve("ca.pem"), "");
        shell = CompletionSession.start(kind(), home, work, Map.of());
    }

    @AfterAll
    void stop() throws IOException, InterruptedException {
        try {
            if (shell != null) {
                try {
                    shell.assertNoJavaStarted();
                } finally {
                    shell.close();
                }
            }
        } finally {
            if (dir != null) {
                // The shell under the pty may still be writing its last files (history) for a moment after the pty's
                // process ended: a file that appears during the walk makes it start over, for up to 10 s.
                for (int attempt = 1; ; attempt++) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
                        break;
                    } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException | java.io.UncheckedIOException late) {
                        if (attempt == 100) throw late;
                        Thread.sleep(100);
                    }
                }
            }
        }
    }

    @Test
    void theReadmesLineCompletesTheCommand() {
        assertEquals(List.of("-p", "sandbox", "clients-accounts"), shell.run("billctl -p sandbox cl\t"));
        assertEquals(List.of("--profile", "sandbox", "admin-accounts"), shell.run("billctl --profile sandbox adm\t"));
        assertEquals(List.of("-psandbox", "account"), shell.run("billctl -psandbox acc\t"));
        assertEquals(List.of("-p", "sandbox", "clients-accounts", "update"), shell.run("billctl -p sandbox clients-accounts up\t"));
    }

    @Test
    void aProfileNameIsNotTakenForACommand() {
        List<String> shown = shell.list("billctl -p sandbox ", "clients-accounts", "unlimited", "account", "admin-accounts", "profile", "completion");
        assertFalse(shown.contains("reset") || shown.contains("serve"), () -> "sandbox's subcommands offered after -p sandbox: " + shown);
        if (describes()) assertTrue(shell.lastListing().contains("JeraSoft VCS client accounts"), () -> "no descriptions: " + shell.lastListing());
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() {
        assertEquals(List.of("clients-accounts", "-p", "sandbox", "update"), shell.run("billctl clients-accounts -p sandbox up\t"));
        assertEquals(List.of("account", "update", "55", "-o", "table"), shell.run("billctl account update 55 -o ta\t"));
        List<String> shown = shell.list("billctl account update 55 -o ", "table", "json", "jsonl", "csv");
        assertFalse(shown.contains("Y"), shown::toString);
    }

    @Test
    void eachOptionCompletesItsOwnValues() {
        List<String> shown = shell.list("billctl clients-accounts update --batch-format ", "jsonl", "csv");
        assertFalse(shown.contains("json") || shown.contains("table"), () -> "-o's values offered for --batch-format: " + shown);
        assertEquals(List.of("clients-accounts", "update", "--batch-format=csv"), shell.run("billctl clients-accounts update --batch-format=c\t"));
        shell.list("billctl account update 55 --blocked ", "Y", "N");
        assertEquals(List.of("clients-accounts", "update", "1", "--auth-type", "ip"), shell.run("billctl clients-accounts update 1 --auth-type i\t"));
        assertEquals(List.of("completion", "fish"), shell.run("billctl completion fi\t"));
        assertEquals(List.of("profile", "add", "vcs", "--backend", "jerasoft"), shell.run("billctl profile add vcs --backend jer\t"));
        shell.export("VCS_KEY_FOR_THE_TEST", "not a key");
        assertEquals(List.of("profile", "add", "vcs", "--api-key-env", "VCS_KEY_FOR_THE_TEST"), shell.run("billctl profile add vcs --api-key-env VCS_KEY_FOR_T\t"));
    }

    @Test
    void filesWhereAFileIsWanted() {
        assertEquals(List.of("clients-accounts", "update", "--batch", "records.csv"), shell.run("billctl clients-accounts update --batch rec\t"));
        assertEquals(List.of("clients-accounts", "update", "--batch=records.csv"), shell.run("billctl clients-accounts update --batch=rec\t"));
        assertEquals(List.of("account", "update", "55", "-f", "records.csv"), shell.run("billctl account update 55 -f rec\t"));
        assertEquals(List.of("undo", "journal.jsonl"), shell.run("billctl undo jour\t"));
        // Names with a space, however the line quotes them.
        assertEquals(List.of("account", "update", "--batch", "my records.jsonl"), shell.run("billctl account update --batch my\\ r\t"));
        assertEquals(List.of("account", "update", "--batch", "my records.jsonl"), shell.run("billctl account update --batch 'my r\t"));
        assertEquals(List.of("account", "update", "--batch", "my records.jsonl"), shell.run("billctl account update --batch \"my r\t"));
        assertEquals(List.of("account", "update", "--batch=my records.jsonl"), shell.run("billctl account update --batch=my\\ r\t"));
        assertEquals(List.of("undo", "journal.jsonl", "--journal", "journal.jsonl"), shell.run("billctl undo journal.jsonl --journal jour\t"));
        assertEquals(List.of("profile", "add", "x", "--ca-cert", "ca.pem"), shell.run("billctl profile add x --ca-cert ca\t"));
        assertEquals(List.of("--config", "other.toml"), shell.run("billctl --config oth\t"));
    }

    @Test
    void profileNamesComeFromTheConfigTheLineNames() {
        List<String> mine = shell.list("billctl profile use ", "sandbox", "prod", "lab.eu");
        assertFalse(mine.contains("tls") || mine.contains("prod.tls") || mine.contains("staging"), mine::toString);
        List<String> other = shell.list("billctl --config other.toml profile use ", "sandbox", "staging", "qa");
        assertFalse(other.contains("prod") || other.contains("lab.eu"), () -> "the default config's profiles, not other.toml's: " + other);
        List<String> option = shell.list("billctl --config=other.toml clients-accounts update 1 -p ", "sandbox", "staging", "qa");
        assertFalse(option.contains("prod"), option::toString);
        assertEquals(List.of("--config", "my config.toml", "profile", "show", "spaced"), shell.run("billctl --config 'my config.toml' profile show sp\t"));
        assertEquals(List.of("--config", "my config.toml", "-p", "spaced"), shell.run("billctl --config my\\ config.toml -p sp\t"));
        assertEquals(List.of("--config", home().resolve("tilde.toml").toString(), "-p", "tilded"), shell.run("billctl --config ~/tilde.toml -p ti\t"));
        for (String command : List.of("show", "test", "remove", "logout")) {
            assertEquals(List.of("profile", command, "lab.eu"), shell.run("billctl profile " + command + " la\t"));
        }
        // sandbox is built in and profile remove refuses it: not offered there.
        List<String> removable = shell.list("billctl profile remove ", "prod", "lab.eu");
        assertFalse(removable.contains("sandbox"), removable::toString);
        assertEquals(List.of("profile", "remove", "sa"), shell.run("billctl profile remove sa\t"));
        shell.export("BILLCTL_CONFIG", work.resolve("env.toml").toString());
        try {
            assertEquals(List.of("-p", "fromenv"), shell.run("billctl -p fr\t"));
            assertEquals(List.of("--config", "other.toml", "-p", "staging"), shell.run("billctl --config other.toml -p st\t"));
        } finally {
            shell.export("BILLCTL_CONFIG", "");
        }
    }

    @Test
    void negatableFieldsCompleteTheirNoForms() {
        List<String> shown = shell.list("billctl clients-accounts update 1 --no-", "--no-orig-enabled", "--no-term-enabled", "--no-color");
        assertFalse(shown.contains("--name"), shown::toString);
        assertEquals(List.of("clients-accounts", "update", "1", "--no-term-enabled"), shell.run("billctl clients-accounts update 1 --no-te\t"));
    }

    @Test
    void setUnsetAndExpectCompleteTheCatalogsFieldNames() {
        shell.list("billctl clients-accounts update 1 --set ", "tech_prefix", "auth_type", "name", "orig_enabled");
        List<String> set = shell.list("billctl account update 55 --set ", "credit_limit", "email");
        assertFalse(set.contains("bill_status"), () -> "a read-only field offered to --set: " + set);
        // NAME= and no space: the value follows.
        assertEquals(List.of("clients-accounts", "update", "1", "--set", "tech_prefix=777"), shell.run("billctl clients-accounts update 1 --set tech_p\t777"));
        assertEquals(List.of("clients-accounts", "update", "1", "--set", "auth_type=ani"), shell.run("billctl clients-accounts update 1 --set auth_type=a\t"));
        List<String> unset = shell.list("billctl clients-accounts update 1 --unset ", "notes", "tech_prefix");
        assertFalse(unset.contains("name") || unset.contains("auth_type"), () -> "a field that cannot be null offered to --unset: " + unset);
        List<String> expect = shell.list("billctl account update 55 --expect ", "blocked", "email");
        assertFalse(expect.contains("password"), () -> "a secret offered to --expect: " + expect);
        assertEquals(List.of("account", "update", "55", "--expect", "blocked=N"), shell.run("billctl account update 55 --expect bloc\tN"));
        List<String> fields = shell.list("billctl clients-accounts get 1 --fields name,", "tech_prefix", "notes");
        assertFalse(fields.contains("name"), () -> "a field the list has offered again: " + fields);
        assertEquals(List.of("account", "get", "55", "--fields", "email,blocked"), shell.run("billctl account get 55 --fields email,bloc\t"));
    }
}
