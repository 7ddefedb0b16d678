package io.billctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.billctl.core.Env;
import io.billctl.core.output.Terminal;
import io.billctl.testing.Billctl;
import io.billctl.testing.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command's {@code --help} at 80 columns, as an operator copies from it: no line wider than the
 * terminal, no line break inside a word (the same words, in the same order, as at 1000 columns),
 * examples never wrapped (each one whole, long ones continued with {@code \}), and each command with
 * a description of its own. The man pages' examples fit man's 80 columns too.
 */
class HelpTextTest {
    /** The width of a man page's example block at 80 columns: man indents it by 11. */
    private static final int MAN_EXAMPLE_WIDTH = 69;

    @TempDir Path home;

    /** Every command's words, as typed: "", "profile add", "clients-accounts update", ... */
    static List<String> commands() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine root = Cli.commandLine(new Env(Map.of(), InputStream.nullInputStream(), nowhere, nowhere, Terminal.NONE));
        List<String> names = new ArrayList<>();
        collect(root, "", names);
        return names;
    }

    private static void collect(CommandLine command, String path, List<String> into) {
        into.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) return; // an alias
            collect(sub, (path + " " + name).trim(), into);
        });
    }

    private Run help(String command, Integer columns) {
        Billctl billctl = new Billctl(home);
        if (columns != null) billctl.env("COLUMNS", columns.toString());
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : Arrays.asList(command.split(" ")));
        args.add("--help");
        return billctl.run(args.toArray(String[]::new)).exits(0);
    }

    @Test
    void everyHelpFitsEightyColumnsWithoutBreakingAWord() {
        List<String> problems = new ArrayList<>();
        List<String> commands = commands();
        assertTrue(commands.size() > 25, "the whole tree: " + commands);
        for (String command : commands) {
            String narrow = help(command, 80).out();
            String wide = help(command, 1000).out();
            String name = ("billctl " + command).trim();
            narrow.lines().filter(line -> line.length() > 80)
                    .forEach(line -> problems.add(name + ": a line of " + line.length() + " columns: " + line));
            List<String> narrowWords = List.of(narrow.trim().split("\\s+"));
            List<String> wideWords = List.of(wide.trim().split("\\s+"));
            if (!narrowWords.equals(wideWords)) {
                int i = 0;
                while (i < Math.min(narrowWords.size(), wideWords.size()) && narrowWords.get(i).equals(wideWords.get(i))) i++;
                problems.add(name + ": a word broken at 80 columns near '" + String.join(" ", narrowWords.subList(Math.max(0, i - 3),
                        Math.min(narrowWords.size(), i + 2))) + "' (at 1000: '" + String.join(" ", wideWords.subList(Math.max(0, i - 3),
                        Math.min(wideWords.size(), i + 2))) + "')");
            }
            String examples = examples(narrow);
            if (!examples.equals(examples(wide))) problems.add(name + ": its examples are wrapped at 80 columns:\n" + examples);
            problems.addAll(exampleProblems(name, examples));
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    /** The lines after "Examples:" up to the next heading or the end. */
    private static String examples(String help) {
        int at = help.indexOf("\nExamples:\n");
        if (at < 0) return "";
        StringBuilder lines = new StringBuilder();
        for (String line : help.substring(at + "\nExamples:\n".length()).split("\n")) {
            if (!line.isEmpty() && !line.startsWith(" ")) break;
            lines.append(line).append('\n');
        }
        return lines.toString();
    }

    /** Each example starts at column 2 or continues the one above it (which ends in \ or |), deeper; none wider than a man page takes. */
    private static List<String> exampleProblems(String name, String examples) {
        List<String> problems = new ArrayList<>();
        String previous = "";
        for (String line : examples.split("\n")) {
            if (line.isBlank()) {
                previous = "";
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            boolean continues = previous.endsWith(" \\") || previous.endsWith(" |");
            if (indent == 2 && continues) problems.add(name + ": the example above ends in a continuation, but this line starts a new one: " + line);
            if (indent != 2 && !continues) problems.add(name + ": an example line that continues nothing (a wrapped example?): " + line);
            if (indent < 2) problems.add(name + ": an example line not indented: " + line);
            if (line.length() - 2 > MAN_EXAMPLE_WIDTH) {
                problems.add(name + ": an example line of " + (line.length() - 2) + " characters (a man page's example takes "
                        + MAN_EXAMPLE_WIDTH + " at 80 columns): " + line.strip());
            }
            previous = line;
        }
        return problems;
    }

    @Test
    void everyCommandSaysWhatItDoesItself() {
        List<String> problems = new ArrayList<>();
        String rootDescription = "One update from a shell, or thousands from a script";
        for (String command : commands()) {
            if (command.isEmpty()) continue;
            String out = help(command, 80).out();
            if (out.contains(rootDescription)) problems.add("billctl " + command + " --help shows the top-level description");
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
        String reset = help("sandbox reset", 80).out();
        assertTrue(reset.startsWith("Put every emulator back to its seeded accounts"), reset);
    }

    /** The credentials of `sandbox serve` are one paragraph, wrapped at spaces, not lines cut at 80 columns mid-phrase. */
    @Test
    void sandboxServeSaysItsCredentialsInWholePhrases() {
        String out = help("sandbox serve", 80).out();
        List<String> all = out.lines().toList();
        int first = 1;
        while (all.get(first).startsWith(" ")) first++; // the synopsis' lines
        String description = String.join("\n", all.subList(first, all.indexOf(all.stream().filter(l -> l.startsWith("      --port")).findFirst().orElseThrow())));
        String flat = description.replaceAll("\\s+", " ");
        for (String phrase : List.of("Enswitch user 'sandbox', password 'sandbox-enswitch-password'",
                "PortaBilling user 'sandbox', password 'sandbox-portabilling-password' or token 'sandbox-portabilling-token'",
                "Yeti-Switch user 'sandbox', password 'sandbox-yeti-password'")) {
            assertTrue(flat.contains(phrase), () -> phrase + " in\n" + description);
        }
        // A paragraph filled to the width: no short line in the middle of one (the old cut "user\n'sandbox',").
        List<String> lines = description.lines().filter(line -> !line.isBlank()).toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i);
            String nextWord = lines.get(i + 1).strip().split(" ")[0];
            boolean paragraphEnds = line.endsWith(".") || line.endsWith(":") || line.startsWith(" ") || lines.get(i + 1).startsWith(" ");
            assertFalse(!paragraphEnds && line.length() + 1 + nextWord.length() <= 80,
                    () -> "a line cut short of the width mid-phrase: '" + line + "' then '" + nextWord + "'\n" + description);
        }
    }

    /** Every fault the sandbox takes is named in `sandbox serve --help`, PortaBilling's own switches too. */
    @Test
    void sandboxServeNamesEveryFaultItTakes() {
        String flat = help("sandbox serve", 80).out().replaceAll("\\s+", " ");
        List<String> names = new ArrayList<>(List.of("error=", "status=", "throttle=", "retry-after=", "drop=", "latency=", "meddle=",
                "meddle-when=", "meddle-field=", "seed="));
        io.billctl.sandbox.PortabillingEmulator.SWITCHES.keySet().forEach(name -> names.add(name + "="));
        for (String name : names) assertTrue(flat.contains(name), () -> name + " in\n" + flat);
    }

    @Test
    void helpFollowsColumns() {
        String wide = help("clients-accounts update", 120).out();
        assertTrue(wide.lines().anyMatch(line -> line.length() > 80 && line.length() <= 120), "COLUMNS=120 gives wider help");
        assertTrue(wide.lines().allMatch(line -> line.length() <= 120));
    }

    /** The committed man pages: every example line fits man's example block at 80 columns. */
    @Test
    void manPageExamplesFitEightyColumns() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> pages = Files.list(Path.of("man"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".1")).sorted().toList()) {
                List<String> lines = Files.readAllLines(page);
                int at = lines.indexOf(".SH \"EXAMPLES\"");
                if (at < 0) continue;
                boolean literal = false;
                for (String line : lines.subList(at + 1, lines.size())) {
                    if (line.startsWith(".SH")) break;
                    if (line.equals(".nf")) literal = true;
                    else if (line.equals(".fi")) literal = false;
                    else if (literal && !line.startsWith(".")) {
                        String shown = line.replace("\\-", "-").replace("\\*(Aq", "'").replace("\\&", "").replace("\\(rs", "\\").replace("\\e", "\\");
                        if (shown.length() > MAN_EXAMPLE_WIDTH) problems.add(page.getFileName() + ": " + shown.length() + " characters: " + shown);
                    }
                }
            }
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    @Test
    void wrappingBreaksAtSpacesOnly() {
        assertEquals(List.of("see", "~/.config/billctl/config.toml", "now"), HelpLayout.wrap("see ~/.config/billctl/config.toml now", 12));
        assertEquals(List.of("a b c", "d"), HelpLayout.wrap("a b c d", 5));
        assertEquals("  verbatim line that is much longer than ten columns\nwrapped\ntext\n",
                HelpLayout.layout(new String[] {"  verbatim line that is much longer than ten columns", "wrapped text"}, 10)
                        .replace(System.lineSeparator(), "\n"));
    }
}
