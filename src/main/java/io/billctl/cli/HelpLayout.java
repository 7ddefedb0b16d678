package io.billctl.cli;

import io.billctl.core.backend.CommandText;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How help text is laid out: wrapped at spaces only, never inside a word. picocli wraps with the
 * JDK's line {@link java.text.BreakIterator}, which also breaks after {@code .}, {@code ,} and
 * {@code /}: {@code noc@example.\ncom}, {@code ~/.\nconfig}, {@code --fields id,name,\norig_capacity},
 * which no one can copy back into a shell. Here a line of a description or footer that starts with
 * a space (an example, a command, pre-set lines) is printed as it is, never wrapped, so each example
 * stays one command line (long ones are written with {@code \} continuation lines); other lines are
 * paragraphs wrapped at spaces. In the option list, a description's closing {@code Example: …} moves
 * to a line of its own rather than being split when it does not fit where it would start.
 * <p>
 * A class rather than lambdas for picocli's interfaces (see {@link Cli}'s handlers on AppCDS); the
 * {@link Help} subclass is only loaded when help is printed.
 */
final class HelpLayout implements IHelpFactory {
    @Override
    public Help create(CommandSpec commandSpec, ColorScheme colorScheme) {
        return new SpaceWrappedHelp(commandSpec, colorScheme);
    }

    /**
     * A command's description, never its root's: picocli hands the root's usage texts down to a command
     * that has none of its own (the root is {@code INHERIT}-scoped for its options), and "One update from
     * a shell…" is not what {@code sandbox reset} does. Empty then: its header says what it does.
     */
    static String[] ownDescription(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        CommandSpec root = spec.root();
        if (spec != root && java.util.Arrays.equals(description, root.usageMessage().description())) return new String[0];
        return description;
    }

    /**
     * A vendor command's header, description and examples, each as it is written: picocli formats help
     * text, so a literal {@code %} (PortaBilling's LIKE wildcard) goes in as {@code %%}.
     */
    static void describe(CommandSpec spec, CommandText text) {
        List<String> examples = new ArrayList<>(text.examples().size());
        for (String example : text.examples()) examples.add(literal(example)); // a loop: no lambda made at each call (CDS)
        spec.usageMessage().header(literal(text.header())).description(literal(text.description()), "")
                .footerHeading("%nExamples:%n").footer(exampleLines(examples));
    }

    /** Text picocli prints as it is: it formats help, so a {@code %} goes in as {@code %%}. */
    static String literal(String text) {
        return text.replace("%", "%%");
    }

    /** A command's examples as footer lines: two spaces before each, and before each continuation line of one. */
    static String[] exampleLines(List<String> examples) {
        List<String> lines = new ArrayList<>();
        for (String example : examples) for (String line : example.split("\n")) lines.add("  " + line);
        return lines.toArray(new String[0]);
    }

    /** Lines of text: each one that starts with a space as it is; the others wrapped at spaces to {@code width}. */
    static String layout(String[] lines, int width, Object... params) {
        StringBuilder out = new StringBuilder();
        if (lines == null) return "";
        for (String raw : lines) {
            for (String line : format(raw, params).split("\\r?\\n", -1)) {
                if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                    out.append(line.stripTrailing()).append(System.lineSeparator());
                } else {
                    for (String wrapped : wrap(line, width)) out.append(wrapped).append(System.lineSeparator());
                }
            }
        }
        return out.toString();
    }

    /** A paragraph broken at spaces into lines of at most {@code width}; a word longer than that gets a line of its own. */
    static List<String> wrap(String paragraph, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.trim().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) lines.add(line.toString());
        return lines;
    }

    private static String format(String text, Object... params) {
        if (text == null) return "";
        try {
            return String.format(text, params);
        } catch (IllegalFormatException e) {
            return text;
        }
    }

    /** picocli's help with the texts above and tables that wrap at spaces. */
    private static final class SpaceWrappedHelp extends Help {
        /** picocli's UsageMessageSpec.MAX_SYNOPSIS_AUTO_INDENT_THRESHOLD. */
        private static final double MAX_SYNOPSIS_INDENT = 0.9;

        SpaceWrappedHelp(CommandSpec commandSpec, ColorScheme colorScheme) {
            super(commandSpec, colorScheme);
        }

        private int width() {
            return commandSpec().usageMessage().width();
        }

        @Override
        public String description(Object... params) {
            return layout(ownDescription(commandSpec()), width(), params);
        }

        @Override
        public String header(Object... params) {
            return layout(commandSpec().usageMessage().header(), width(), params);
        }

        @Override
        public String footer(Object... params) {
            return layout(commandSpec().usageMessage().footer(), width(), params);
        }

        /** picocli's synopsis ("Usage: billctl … [--fields=NAME,...[,NAME,......]]..."), wrapped at spaces. */
        @Override
        protected String insertSynopsisCommandName(int headingLength, Text details) {
            String name = commandSpec().qualifiedName();
            UsageMessageSpec usage = commandSpec().usageMessage();
            int indent = headingLength + name.length() + 1;
            if (indent > usage.synopsisAutoIndentThreshold() * width()) {
                indent = usage.synopsisIndent() < 0 ? headingLength : usage.synopsisIndent();
                indent = Math.min(indent, (int) (MAX_SYNOPSIS_INDENT * width()));
            }
            TextTable table = new SpaceWrappedTable(colorScheme(), new Column(width(), 0, Overflow.WRAP));
            table.indentWrappedLines = indent;
            Text padding = Help.Ansi.OFF.new Text("X".repeat(headingLength), colorScheme());
            table.addRowValues(padding.concat(colorScheme().commandText(name)).concat(details));
            return table.toString().substring(headingLength);
        }

        @Override
        public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
            int longOptions = calcLongOptionColumnWidth(options, positionals, scheme);
            // picocli's own columns (TextTable.forDefaultColumns), in a table that wraps at spaces.
            TextTable table = new SpaceWrappedTable(scheme, new Column(2, 0, Overflow.TRUNCATE), new Column(2, 0, Overflow.SPAN),
                    new Column(1, 0, Overflow.TRUNCATE), new Column(longOptions, 1, Overflow.SPAN),
                    new Column(width() - 5 - longOptions, 1, Overflow.WRAP));
            return new Layout(scheme, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
        }

        @Override
        public TextTable createTextTable(Map<?, ?> map) {
            if (map == null || map.isEmpty()) return super.createTextTable(map);
            int keyLength = 0;
            for (Object key : map.keySet()) keyLength = Math.max(keyLength, String.valueOf(key).length());
            keyLength = Math.min(width() - 4, keyLength);
            TextTable table = new SpaceWrappedTable(colorScheme(), new Column(keyLength + 3, 2, Overflow.SPAN),
                    new Column(width() - (keyLength + 3), 2, Overflow.WRAP));
            for (Map.Entry<?, ?> entry : map.entrySet()) table.addRowValues(format(String.valueOf(entry.getKey())), format(String.valueOf(entry.getValue())));
            return table;
        }

        @Override
        public String commandList(Map<String, Help> subcommands) {
            if (subcommands.isEmpty()) return "";
            int commandLength = 0;
            for (String name : subcommands.keySet()) commandLength = Math.max(commandLength, name.length());
            commandLength = Math.min(commandLength, width() / 2);
            TextTable table = new SpaceWrappedTable(colorScheme(), new Column(commandLength + 2, 2, Overflow.SPAN),
                    new Column(width() - (commandLength + 2), 2, Overflow.WRAP));
            for (Map.Entry<String, Help> entry : subcommands.entrySet()) {
                UsageMessageSpec usage = entry.getValue().commandSpec().usageMessage();
                String first = usage.header().length > 0 ? usage.header()[0] : usage.description().length > 0 ? usage.description()[0] : "";
                table.addRowValues(entry.getValue().commandNamesText(", "), colorScheme().text(format(first)));
            }
            return table.toString();
        }
    }

    /**
     * A table whose wrapping columns break at spaces only. Each line's words are handed to picocli's
     * own cell writing once they are known to fit, so colours and indents stay picocli's.
     */
    private static final class SpaceWrappedTable extends TextTable {
        SpaceWrappedTable(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Overflow.WRAP || value == null) return super.putValue(row, col, value);
            String plain = value.plainString();
            if (plain.isEmpty()) return super.putValue(row, col, value);
            int firstIndent = column.indent;
            int start = 0;
            boolean first = true;
            Cell last = new Cell(col, row);
            try {
                while (start < plain.length()) {
                    int indent = first ? firstIndent : firstIndent + indentWrappedLines;
                    int end = lineEnd(plain, start, column.width - indent);
                    column.indent = indent;
                    last = super.putValue(row, col, value.substring(start, end));
                    row = last.row;
                    start = end;
                    while (start < plain.length() && plain.charAt(start) == ' ') start++;
                    if (start < plain.length()) {
                        addEmptyRow();
                        row++;
                    }
                    first = false;
                }
            } finally {
                column.indent = firstIndent;
            }
            return new Cell(col, row);
        }

        /**
         * Where the line that starts at {@code start} ends: at the last space that keeps it within
         * {@code room}; a closing "Example: …" that would be cut goes whole to the next line; a word
         * longer than the room is a line of its own.
         */
        private static int lineEnd(String text, int start, int room) {
            if (text.length() - start <= room) return text.length();
            int example = text.lastIndexOf("Example: ");
            int end = -1;
            for (int i = start + 1; i <= start + room && i < text.length(); i++) {
                if (text.charAt(i) == ' ') end = i;
            }
            if (example > start && end > example && text.length() - example <= room) end = example; // the example, whole, on the next line
            while (end > start && text.charAt(end - 1) == ' ') end--;
            if (end > start) return end;
            int space = text.indexOf(' ', start);
            return space < 0 ? text.length() : space;
        }
    }
}
