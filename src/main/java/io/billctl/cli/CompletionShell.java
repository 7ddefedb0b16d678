package io.billctl.cli;

import java.util.List;

/** What the three completion scripts share: how they find the config file and read its profile names. */
final class CompletionShell {
    private CompletionShell() {}

    /**
     * A sed program that prints the NAME of each {@code [profiles.NAME]} table header of a TOML file
     * (bare, "quoted" or 'literal' keys, spaces and a comment allowed; sub-tables such as
     * {@code [profiles.prod.tls]} left out). POSIX sed, so the same on Linux, macOS and BSD.
     */
    static final List<String> PROFILE_HEADERS = List.of(
            "s/^[[:space:]]*\\[[[:space:]]*profiles[[:space:]]*\\.[[:space:]]*\"\\([^\"]*\\)\"[[:space:]]*][[:space:]]*\\(#.*\\)\\{0,1\\}$/\\1/p",
            "s/^[[:space:]]*\\[[[:space:]]*profiles[[:space:]]*\\.[[:space:]]*'\\([^']*\\)'[[:space:]]*][[:space:]]*\\(#.*\\)\\{0,1\\}$/\\1/p",
            "s/^[[:space:]]*\\[[[:space:]]*profiles[[:space:]]*\\.[[:space:]]*\\([A-Za-z0-9_-]\\{1,\\}\\)[[:space:]]*][[:space:]]*\\(#.*\\)\\{0,1\\}$/\\1/p");

    /** The sed arguments that print the profile names, each in double quotes (the same text in bash, zsh and fish). */
    static String sedArguments() {
        StringBuilder args = new StringBuilder();
        for (String expression : PROFILE_HEADERS) args.append(" -e ").append(doubleQuoted(expression));
        return args.toString();
    }

    /**
     * {@code "text"} for bash, zsh and fish alike: only {@code "} and {@code $} need a backslash; a
     * backslash before anything else stays itself in all three.
     */
    static String doubleQuoted(String text) {
        for (int i = 0; i < text.length() - 1; i++) {
            if (text.charAt(i) == '\\' && "\\\"$`\n".indexOf(text.charAt(i + 1)) >= 0) {
                throw new IllegalArgumentException("a backslash before " + text.charAt(i + 1) + " means different things in the three shells: " + text);
            }
        }
        if (text.indexOf('`') >= 0 || text.endsWith("\\")) throw new IllegalArgumentException("cannot double-quote for every shell: " + text);
        return "\"" + text.replace("\"", "\\\"").replace("$", "\\$") + "\"";
    }

    /** {@code 'text'} for bash and zsh. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Words for a bash or zsh list inside single quotes: names and values have no quotes or spaces. */
    static String words(List<String> words) {
        for (String word : words) {
            if (!word.matches("[A-Za-z0-9_.,:/@%+=|-]+")) throw new IllegalArgumentException("a completion word needs quoting: '" + word + "'");
        }
        return String.join(" ", words);
    }

    /** The word by which the bash and fish scripts' value helper knows what a value is completed with. */
    static String kind(CompletionModel.Value value) {
        return switch (value.kind()) {
            case NONE -> "none";
            case WORDS -> "words " + words(value.words());
            case FILES -> "files";
            case VARIABLES -> "variables";
            case PROFILES -> "profiles";
            case CONFIG_PROFILES -> "config-profiles";
            case SET -> "set";
            case UNSET -> "unset";
            case EXPECT -> "expect";
            case FIELD_LIST -> "fields";
        };
    }
}
