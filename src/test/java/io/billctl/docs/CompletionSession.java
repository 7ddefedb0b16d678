package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interactive bash, zsh or fish on a pseudo-terminal, with billctl's completion script installed
 * where install.sh puts it (bash-completion's, zsh's and fish's own directories under a fresh HOME),
 * keys typed as a user types them. {@code billctl} there is a shell function that prints the
 * arguments it got, so that a completed line can be run and read back; a {@code java} on PATH
 * records being started, which no completion may do.
 */
final class CompletionSession implements AutoCloseable {
    enum Kind { BASH, ZSH, FISH }

    static final String PROMPT = "@@> ";
    private static final Pattern ARGS = Pattern.compile("ARGS((?:\\[[^\\]\\r\\n]*\\])*)\\r?\\n");
    private static final Pattern ARG = Pattern.compile("\\[([^\\]]*)\\]");
    static final Path BASH_COMPLETION = Path.of("/usr/share/bash-completion/bash_completion");

    private final Pty pty;
    private final Kind kind;
    private final Path javaStarted;
    private int steps;

    private CompletionSession(Pty pty, Kind kind, Path javaStarted) {
        this.pty = pty;
        this.kind = kind;
        this.javaStarted = javaStarted;
    }

    static boolean available(Kind kind) {
        return Pty.available() && Shell.available(kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The shell in {@code workDir} with {@code home} as HOME, and {@code env} besides. */
    static CompletionSession start(Kind kind, Path home, Path workDir, Map<String, String> env) {
        try {
            Path bin = Files.createDirectories(home.resolve("stub-bin"));
            Path javaStarted = home.resolve("java-was-started");
            Path java = bin.resolve("java");
            Files.writeString(java, "#!/bin/sh\necho \"$@\" >> '" + javaStarted + "'\nexit 1\n");
            java.toFile().setExecutable(true);
            Map<String, String> environment = new HashMap<>();
            environment.put("HOME", home.toString());
            environment.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            environment.putAll(env);
            String command = switch (kind) {
                case BASH -> bash(home, environment);
                case ZSH -> zsh(home, environment);
                case FISH -> fish(home, environment);
            };
            CompletionSession session = new CompletionSession(Pty.start(workDir, environment, command), kind, javaStarted);
            session.pty.await(Pattern.compile(Pattern.quote(PROMPT)));
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bash(Path home, Map<String, String> env) throws IOException {
        env.put("TERM", "dumb");
        Path script = Shell.ROOT.resolve("completions/billctl.bash");
        StringBuilder rc = new StringBuilder("PS1='" + PROMPT + "'\n");
        // One TAB lists an ambiguous word's candidates, never asking or paging.
        rc.append("bind 'set show-all-if-ambiguous on'\nbind 'set completion-query-items 0'\nbind 'set page-completions off'\nbind 'set bell-style none'\n");
        if (Files.isReadable(BASH_COMPLETION)) {
            // Where install.sh's default prefix puts it; bash-completion loads it at the first TAB after billctl.
            Path completions = Files.createDirectories(home.resolve(".local/share/bash-completion/completions"));
            Files.copy(script, completions.resolve("billctl"));
            rc.append("source ").append(Shell.quote(BASH_COMPLETION.toString())).append('\n');
        } else {
            rc.append("source ").append(Shell.quote(script.toString())).append('\n');
        }
        rc.append("billctl() { printf 'ARGS'; printf '[%s]' \"$@\"; printf '\\n'; }\n");
        Path file = home.resolve(".bashrc-test");
        Files.writeString(file, rc);
        return "bash --noprofile --rcfile " + Shell.quote(file.toString()) + " -i";
    }

    private static String zsh(Path home, Map<String, String> env) throws IOException {
        env.put("TERM", "dumb");
        env.put("ZDOTDIR", home.toString());
        // Where install.sh puts it (PREFIX/share/zsh/site-functions), on $fpath before compinit.
        Path functions = Files.createDirectories(home.resolve(".local/share/zsh/site-functions"));
        Files.copy(Shell.ROOT.resolve("completions/_billctl"), functions.resolve("_billctl"));
        Files.writeString(home.resolve(".zshrc"), "PS1='" + PROMPT + "'\n"
                + "fpath=(" + Shell.quote(functions.toString()) + " $fpath)\n"
                + "autoload -Uz compinit && compinit -u -D\n"
                // List an ambiguous word's candidates at the first TAB, never asking first.
                + "unsetopt LIST_AMBIGUOUS BEEP\nLISTMAX=10000\n"
                + "billctl() { printf 'ARGS'; printf '[%s]' \"$@\"; printf '\\n'; }\n");
        return "zsh -d -i";
    }

    private static String fish(Path home, Map<String, String> env) throws IOException {
        env.put("TERM", "xterm");
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        // Where install.sh's default prefix puts it: fish looks there for vendors' completions.
        Path completions = Files.createDirectories(home.resolve(".local/share/fish/vendor_completions.d"));
        // Without it, an interactive fish starts a disowned python that writes completions from every man page
        // there, outliving the shell: it raced the test's cleanup of HOME (DirectoryNotEmptyException).
        Files.createDirectories(home.resolve(".local/share/fish/generated_completions"));
        Files.copy(Shell.ROOT.resolve("completions/billctl.fish"), completions.resolve("billctl.fish"));
        Path config = Files.createDirectories(home.resolve(".config/fish"));
        Files.writeString(config.resolve("config.fish"), "set -g fish_greeting ''\n"
                + "set -g fish_autosuggestion_enabled 0\n"
                + "function fish_prompt; printf '" + PROMPT + "'; end\n"
                + "function fish_right_prompt; end\n"
                + "function fish_title; end\n"
                + "function billctl; printf 'ARGS'; printf '[%s]' $argv; printf '\\n'; end\n");
        return "fish -i";
    }

    /** Sets an environment variable in the running shell, as a user would. */
    void export(String name, String value) {
        String command = kind == Kind.FISH ? "set -gx " + name + " " + Shell.quote(value) : "export " + name + "=" + Shell.quote(value);
        pty.mark();
        pty.type(command + "\r");
        pty.await(Pattern.compile(Pattern.quote(PROMPT)));
    }

    /**
     * Types {@code keys} (TABs in them complete), then Enter: the arguments billctl got, so what
     * the completion made of the line.
     */
    List<String> run(String keys) {
        pty.mark();
        // Ctrl-U first: whatever a failed step left on the line goes.
        pty.type("\u0015" + keys + "\r");
        Matcher matcher = pty.await(ARGS);
        List<String> args = new ArrayList<>();
        Matcher arg = ARG.matcher(matcher.group(1));
        while (arg.find()) args.add(arg.group(1));
        pty.await(Pattern.compile(Pattern.quote(PROMPT)));
        return args;
    }

    /**
     * Types {@code line} and TAB, waits until the terminal lists every one of {@code listed}, then
     * clears the line: everything the terminal showed meanwhile, as words. The list is complete
     * by then: a shell writes it at once.
     */
    List<String> list(String line, String... listed) {
        pty.mark();
        int start = pty.position();
        pty.type("\u0015" + line + "\t");
        Collection<String> expected = Arrays.asList(listed);
        pty.awaitText(text -> candidates(text).containsAll(expected), "all of " + expected + " after '" + line + "<TAB>'");
        String end = "N" + ++steps;
        // Ctrl-U clears the line in the three shells, as a key read in turn (Ctrl-C would be a signal, at once).
        pty.type("\u0015printf 'E%sD\\n' " + end + "\r");
        Matcher done = pty.await(Pattern.compile("E" + end + "D"));
        String shown = Pty.visible(pty.raw(start, done.start()));
        lastListing = shown;
        pty.await(Pattern.compile(Pattern.quote(PROMPT)));
        return candidates(shown);
    }

    /**
     * The words of a listing without the candidates' descriptions (zsh shows them after " -- ", fish
     * in parentheses), a field's NAME= as NAME (zsh shows it so, bash and fish with its =), the
     * last name of a comma list's candidate.
     */
    private static List<String> candidates(String shown) {
        List<String> words = new ArrayList<>();
        for (String line : shown.split("\n")) {
            int described = line.indexOf(" -- ");
            if (described >= 0) line = line.substring(0, described);
            for (String before = null; !line.equals(before); ) {
                before = line;
                line = line.replaceAll("\\([^()]*\\)", " ");
            }
            for (String word : line.trim().split("\\s+")) {
                if (word.isEmpty()) continue;
                if (word.length() > 1 && word.endsWith("=")) word = word.substring(0, word.length() - 1);
                // A comma list's candidate: bash and fish show the whole word (name,notes), zsh the last name.
                if (word.indexOf(',') > 0 && !word.endsWith(",")) word = word.substring(word.lastIndexOf(',') + 1);
                words.add(word);
            }
        }
        return words;
    }

    private String lastListing = "";

    /** The text the last {@link #list} saw, descriptions and all. */
    String lastListing() {
        return lastListing;
    }

    /** Whether a JVM was started since the session began (it must not be). */
    void assertNoJavaStarted() {
        assertTrue(!Files.exists(javaStarted), () -> "completion started java: " + read(javaStarted));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    String transcript() {
        return pty.transcript();
    }

    @Override
    public void close() {
        try {
            pty.type("\u0015exit\r");
        } catch (UncheckedIOException e) {
            // already gone
        }
        pty.close();
    }
}
