package io.billctl.cli;

import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;
import io.billctl.core.catalog.FieldType;
import io.billctl.core.update.FieldFlag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns a catalog into picocli options, so that flags, help text and completion candidates
 * come from the one description of each field: {@code tech_prefix} becomes {@code --tech-prefix},
 * a JSON boolean a negatable flag, a list a comma-splitting repeatable flag. Fields an update may
 * not set get a hidden flag, so that using one explains why instead of "unknown option".
 */
final class CatalogOptions {
    private CatalogOptions() {}

    /** Help lists the fields first (in the vendor page's order), then -f/--set/--unset, then global options. */
    private static final int FIRST_FIELD_ORDER = 100;

    static void addTo(CommandSpec command, Catalog catalog) {
        command.usageMessage().abbreviateSynopsis(true);
        int order = FIRST_FIELD_ORDER;
        // A set, not picocli's findOption per field: that scan was a few ms of every cold call.
        Set<String> taken = new HashSet<>();
        for (OptionSpec option : command.options()) taken.addAll(Arrays.asList(option.names()));
        for (Field field : catalog.fields()) {
            List<String> names = new ArrayList<>();
            names.add(field.flag());
            names.addAll(field.aliases());
            for (String name : names) claim(taken, name, field, catalog, command);
            command.addOption(option(field, names.toArray(String[]::new), field, describe(field), !field.settable(), order++));
            for (String old : field.deprecatedAliases()) {
                claim(taken, old, field, catalog, command);
                // Hidden: help, completion and the man page show the flag's own name, and its description names the old one.
                command.addOption(option(field, new String[] {old}, new DeprecatedFlag(field, old), "", true, order++));
            }
        }
    }

    /** An old name of a field's flag: it sets the field, with a warning. (A class, not a record: see UpdateCommand's note on start-up.) */
    static final class DeprecatedFlag {
        private final Field field;
        private final String name;

        DeprecatedFlag(Field field, String name) {
            this.field = field;
            this.name = name;
        }

        Field field() { return field; }
        String name() { return name; }
    }

    private static void claim(Set<String> taken, String name, Field field, Catalog catalog, CommandSpec command) {
        if (!taken.add(name)) {
            throw new IllegalStateException(name + " (" + field.name() + ") of the " + catalog.backend() + " catalog clashes with an option of "
                    + command.qualifiedName());
        }
    }

    private static OptionSpec option(Field field, String[] names, Object userObject, String description, boolean hidden, int order) {
        OptionSpec.Builder option = OptionSpec.builder(names)
                .order(order)
                .userObject(userObject)
                .description(HelpLayout.literal(description))
                .hidden(hidden);
        if (field.type() == FieldType.BOOLEAN) {
            return option.type(boolean.class).arity("0").negatable(true).build();
        }
        option.paramLabel(field.paramLabel());
        if (!field.allowed().isEmpty()) option.completionCandidates(field.allowed());
        if (field.type().isList() && !field.type().isStructured()) {
            return option.type(List.class).auxiliaryTypes(String.class).splitRegex(",").build();
        }
        return option.type(String.class).build();
    }

    /** The field's help and rules, then an example of the flag: the catalog's, else one its rules give. */
    static String describe(Field field) {
        String description = field.description();
        for (String old : field.deprecatedAliases()) {
            description += " " + old + " is this flag's old name, deprecated: " + field.deprecation() + (field.deprecation().endsWith(".") ? "" : ".");
        }
        if (!field.settable()) return description;
        if (field.secret()) description += " " + SECRET_HELP;
        String example = field.secret() ? field.flag() + " @" + field.name().replace('_', '-') + ".txt" : example(field);
        return example == null ? description : description + " Example: " + example + ".";
    }

    /** What the help of a secret field says: a plain value is in the process list for the whole run. */
    static final String SECRET_HELP = "A value given here is visible to other local users (ps) while the command runs:"
            + " give @FILE to read it from a file, or - to read it from stdin (prompted without echo on a terminal).";

    private static String example(Field field) {
        if (field.type() == FieldType.BOOLEAN) {
            String negated = "--no-" + field.flag().substring(2);
            return field.example().map(e -> Boolean.parseBoolean(e) ? field.flag() : negated).orElse(field.flag() + " or " + negated);
        }
        String value = field.example().orElse(null);
        if (value == null && !field.allowed().isEmpty()) value = field.allowed().get(0);
        if (value == null && field.pattern().isEmpty()) value = switch (field.type()) {
            case INTEGER, DECIMAL -> field.min().or(field::max).map(java.math.BigDecimal::toPlainString).orElse(null);
            case DATE -> "2027-01-31";
            case DATETIME -> "2027-01-31 00:00:00";
            default -> null;
        };
        if (value == null) return null;
        return field.flag() + " " + quoted(value);
    }

    /** A value as a shell would need it typed. */
    private static String quoted(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+")) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * The catalog flags the user gave, each once, in the order of the command line; a field given by its
     * flag and by an old name of it comes twice, which the update plan refuses as given twice.
     */
    static List<FieldFlag> given(ParseResult parsed) {
        Map<OptionSpec, FieldFlag> flags = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (option.userObject() instanceof Field field) flags.putIfAbsent(option, new FieldFlag(field, option.getValue()));
            if (option.userObject() instanceof DeprecatedFlag old) flags.putIfAbsent(option, new FieldFlag(old.field(), option.getValue(), old.name()));
        }
        return new ArrayList<>(flags.values());
    }

    /** A warning for each old flag name the user gave: "--id is deprecated: ...". */
    static List<String> deprecations(ParseResult parsed) {
        List<String> warnings = new ArrayList<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            if (option.userObject() instanceof DeprecatedFlag old) warnings.add(old.name() + " is deprecated: " + old.field().deprecation());
        }
        return warnings;
    }

    /** The note of each field set by its flag that has one: "--account-id 12345 changes the account's PIN (id), ...". */
    static List<String> flagNotes(ParseResult parsed) {
        List<String> notes = new ArrayList<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            Field field = option.userObject() instanceof DeprecatedFlag old ? old.field() : option.userObject() instanceof Field f ? f : null;
            if (field == null || field.flagNote().isEmpty()) continue;
            String name = option.userObject() instanceof DeprecatedFlag old ? old.name() : field.flag();
            notes.add(name + " " + option.getValue() + " " + field.flagNote().get());
        }
        return notes;
    }
}
