package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a shell script in a real shell, with a clean environment, for the docs tests. */
final class Shell {
    private Shell() {}

    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    static boolean available(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    static Result run(Path workDir, Map<String, String> env, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(name -> name.startsWith("XDG_") || name.startsWith("BILLCTL_") || name.startsWith("BASH_COMPLETION")
                    || name.equals("NO_COLOR") || name.equals("MANPATH") || name.equals("ZDOTDIR"));
            environment.putAll(env);
            Process process = builder.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), () -> "did not finish: " + String.join(" ", command));
            return new Result(process.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bash word, single-quoted. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Bash lines that complete {@code line} (the cursor at its end) with the completion function that
     * {@code complete -p billctl} names, as readline would call it, and print COMPREPLY one a line.
     */
    static String completeLine(String line) {
        return "line=" + quote(line) + "\n" + """
                COMP_LINE="$line"; COMP_POINT=${#line}
                read -ra COMP_WORDS <<< "$line"
                [[ "$line" == *' ' ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                spec=$(complete -p billctl) || { echo "no completion for billctl" >&2; exit 3; }
                fn=${spec#*-F }; fn=${fn%% *}
                "$fn" billctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
    }
}
