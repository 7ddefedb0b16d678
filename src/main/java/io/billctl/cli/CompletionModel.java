package io.billctl.cli;

import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What the completion scripts know of the command tree, read once from it at build time
 * ({@link DocsGenerator}): each command's subcommands, options (which take a value, which are
 * negatable) and positional parameters, and what each value completes to. The bash, zsh and fish
 * writers turn the same model into their shell's terms, so the three complete the same things.
 */
final class CompletionModel {
    /** What a value completes to. */
    enum Kind {
        /** Nothing: free text (an id, a URL, a number). */
        NONE,
        /** One of {@link Value#words}. */
        WORDS,
        /** A file name. */
        FILES,
        /** The name of an exported environment variable ({@code --api-key-env VAR}). */
        VARIABLES,
        /** A profile name of the config file the command line uses, and {@code sandbox}. */
        PROFILES,
        /** A profile name of the config file alone: {@code sandbox} is built in, and {@code profile remove} refuses it. */
        CONFIG_PROFILES,
        /** {@code NAME=VALUE} with NAME a writable field of the command's catalog ({@code --set}). */
        SET,
        /** {@code NAME} of a writable, nullable field ({@code --unset}). */
        UNSET,
        /** {@code NAME=VALUE} with NAME any field but a secret ({@code --expect}). */
        EXPECT,
        /** Field names separated by commas ({@code --fields}). */
        FIELD_LIST
    }

    record Value(Kind kind, List<String> words, String label) {
        static Value of(Kind kind, String label) {
            return new Value(kind, List.of(), label);
        }
    }

    /** An option: its names, its description's first sentence, and its value (null for a flag). */
    record Option(List<String> names, String description, Value value, boolean repeatable, List<String> negated) {
        boolean takesValue() {
            return value != null;
        }
    }

    record Positional(Value value, boolean optional) {}

    record Subcommand(String name, List<String> aliases, String description) {}

    /** One command: {@code path} is its names from the root joined by spaces ("" for billctl itself). */
    record Command(String path, List<Subcommand> subcommands, List<Option> options, List<Positional> positionals, String catalog) {
        /** Every option name that takes a value. */
        List<String> valued() {
            List<String> names = new ArrayList<>();
            for (Option option : options) if (option.takesValue()) names.addAll(option.names());
            return names;
        }
    }

    /** A catalog field as completion sees it. */
    record FieldInfo(String name, String description, boolean writable, boolean nullable, boolean secret, List<String> values) {}

    /** The commands, root first, then depth first in help's order; the catalogs by backend id. */
    final List<Command> commands = new ArrayList<>();
    final Map<String, List<FieldInfo>> catalogs = new LinkedHashMap<>();
    /** The root's options, which every command inherits. */
    final Set<String> globalOptions = new LinkedHashSet<>();

    /** The positional parameters that are a profile's name, by command path. */
    static final Set<String> PROFILE_POSITIONALS = Set.of("profile use", "profile show", "profile test", "profile remove", "profile logout");
    /** Those of them that take a profile of the config file only, never the built-in sandbox. */
    static final Set<String> CONFIG_PROFILE_POSITIONALS = Set.of("profile remove");
    /** The options whose value is a profile's name. */
    static final Set<String> PROFILE_OPTIONS = Set.of("-p", "--profile");

    static CompletionModel of(CommandLine root) {
        CompletionModel model = new CompletionModel();
        for (OptionSpec option : root.getCommandSpec().options()) model.globalOptions.addAll(List.of(option.names()));
        model.add(root, "");
        for (String path : PROFILE_POSITIONALS) {
            Command command = model.find(path);
            Kind expected = CONFIG_PROFILE_POSITIONALS.contains(path) ? Kind.CONFIG_PROFILES : Kind.PROFILES;
            if (command == null || command.positionals().isEmpty() || command.positionals().get(0).value().kind() != expected) {
                throw new IllegalStateException("no profile NAME parameter in '" + path + "': the command tree changed");
            }
        }
        return model;
    }

    Command find(String path) {
        for (Command command : commands) if (command.path().equals(path)) return command;
        return null;
    }

    private void add(CommandLine commandLine, String path) {
        CommandSpec spec = commandLine.getCommandSpec();
        Catalog catalog = catalogOf(commandLine);
        if (catalog != null) catalogs.computeIfAbsent(catalog.backend(), id -> fields(catalog));
        List<Subcommand> subcommands = new ArrayList<>();
        Map<String, CommandLine> children = new LinkedHashMap<>();
        for (Map.Entry<String, CommandLine> entry : spec.subcommands().entrySet()) {
            CommandLine child = entry.getValue();
            String name = child.getCommandName();
            if (children.containsKey(name)) continue;
            children.put(name, child);
            if (child.getCommandSpec().usageMessage().hidden()) continue;
            subcommands.add(new Subcommand(name, List.of(child.getCommandSpec().aliases()), summary(child.getCommandSpec())));
        }
        List<Option> options = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) continue;
            options.add(option(spec, option, path, catalog));
        }
        List<Positional> positionals = new ArrayList<>();
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (positional.hidden()) continue;
            Value value = PROFILE_POSITIONALS.contains(path) && positional.index().min() == 0
                    ? Value.of(CONFIG_PROFILE_POSITIONALS.contains(path) ? Kind.CONFIG_PROFILES : Kind.PROFILES, "profile")
                    : value(positional, null, null);
            positionals.add(new Positional(value, positional.arity().min() == 0));
        }
        commands.add(new Command(path, subcommands, options, positionals, catalog == null ? null : catalog.backend()));
        for (CommandLine child : children.values()) add(child, path.isEmpty() ? child.getCommandName() : path + " " + child.getCommandName());
    }

    private static Catalog catalogOf(CommandLine commandLine) {
        Object command = commandLine.getCommand();
        if (command instanceof UpdateCommand update) return update.backend().catalog();
        if (command instanceof GetCommand get) return get.backend().catalog();
        if (command instanceof ListCommand list) return list.backend().catalog();
        return null;
    }

    private static List<FieldInfo> fields(Catalog catalog) {
        List<FieldInfo> fields = new ArrayList<>();
        for (Field field : catalog.fields()) {
            List<String> values = !field.allowed().isEmpty() ? field.allowed()
                    : field.type() == FieldType.BOOLEAN ? List.of("true", "false") : List.of();
            fields.add(new FieldInfo(field.name(), sentence(field.help()), field.settable(), field.nullable(), field.secret(), values));
        }
        return fields;
    }

    /** What takes a field, as three letters: {@code s} (--set: writable), {@code u} (--unset: nullable too), {@code e} (--expect: not a secret), or {@code -}. */
    static String uses(FieldInfo field) {
        return (field.writable() ? "s" : "-") + (field.writable() && field.nullable() ? "u" : "-") + (field.secret() ? "-" : "e");
    }

    private static Option option(CommandSpec spec, OptionSpec option, String path, Catalog catalog) {
        List<String> names = List.of(option.names());
        List<String> negated = new ArrayList<>();
        if (option.negatable()) {
            for (String name : names) {
                String negative = spec.negatableOptionTransformer().makeNegative(name, spec);
                if (negative != null && !negative.equals(name)) negated.add(negative);
            }
        }
        Value value = null;
        if (option.arity().max() > 0) value = value(option, names, catalog);
        return new Option(names, sentence(String.join(" ", option.description())), value, option.isMultiValue(), negated);
    }

    private static Value value(ArgSpec arg, List<String> optionNames, Catalog catalog) {
        String label = label(arg.paramLabel());
        if (optionNames != null) {
            if (optionNames.stream().anyMatch(PROFILE_OPTIONS::contains)) return Value.of(Kind.PROFILES, "profile");
            if (catalog != null) {
                if (optionNames.contains("--set")) return Value.of(Kind.SET, "field=value");
                if (optionNames.contains("--unset")) return Value.of(Kind.UNSET, "field");
                if (optionNames.contains("--expect")) return Value.of(Kind.EXPECT, "field=value");
                if (optionNames.contains("--fields")) return Value.of(Kind.FIELD_LIST, "fields");
            }
        }
        List<String> words = new ArrayList<>();
        if (arg.completionCandidates() != null) for (String candidate : arg.completionCandidates()) words.add(candidate);
        if (!words.isEmpty()) return new Value(Kind.WORDS, List.copyOf(words), label);
        String rawLabel = arg.paramLabel().replaceAll("[<>]", "");
        if (arg.type() == Path.class || rawLabel.equals("FILE") || rawLabel.equals("JOURNAL")) return Value.of(Kind.FILES, label);
        if (rawLabel.equals("VAR")) return Value.of(Kind.VARIABLES, "variable");
        return Value.of(Kind.NONE, label);
    }

    /** {@code <NAME=VALUE>} as a completion message: {@code name=value}. */
    private static String label(String paramLabel) {
        String label = paramLabel.replaceAll("[<>]", "").toLowerCase(java.util.Locale.ROOT);
        if (label.contains("|")) return "value";
        return label.isBlank() ? "value" : label.replace(':', ' ');
    }

    /** The first sentence of a help text, on one line, at most 100 characters. */
    static String sentence(String text) {
        String flat = text == null ? "" : text.replaceAll("%n", " ").replaceAll("\\s+", " ").strip();
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("[.;](\\s|$)").matcher(flat);
        // "e.g. x" and "(default: 30)" are not a sentence's end.
        while (end.find()) {
            String before = flat.substring(0, end.start());
            if (before.endsWith("e.g") || before.endsWith("i.e") || open(before)) continue;
            flat = before;
            break;
        }
        if (flat.length() > 100) flat = flat.substring(0, 97).replaceAll("\\s+\\S*$", "") + "...";
        return flat;
    }

    /** Whether a bracket is still open at the end of {@code text}. */
    private static boolean open(String text) {
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
        }
        return depth > 0;
    }

    /** A command's one-line summary: its header, else its description's first sentence. */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String text = header.length > 0 && !String.join("", header).isBlank() ? String.join(" ", header) : String.join(" ", spec.usageMessage().description());
        return sentence(text);
    }
}
