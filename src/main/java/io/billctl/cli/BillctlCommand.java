package io.billctl.cli;

import io.billctl.core.Globals;
import io.billctl.core.output.OutputFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code billctl}: the global options, which every subcommand inherits, before or after its name,
 * each kept as a typed field and read into one {@link Globals} record.
 * <p>
 * Built in code rather than from picocli's annotations, like the vendor commands: reading
 * annotations at start-up generates a proxy class per annotation type and reflects over every
 * member, a fifth of a cold call (bench/README.md). The rarer commands (profile, sandbox,
 * completion) keep their annotations: they are only built when a call names them.
 */
public final class BillctlCommand implements Runnable {
    // Inherited options carry no picocli defaultValue: picocli would apply it again while parsing
    // a subcommand and undo a value given before the subcommand's name. Defaults are in globals().
    private final CommandSpec spec = rootSpec(this);
    private final OptionSpec profile = global(OptionSpec.builder("-p", "--profile").paramLabel("NAME").type(String.class).order(900)
            .description("Profile to use (default: $BILLCTL_PROFILE, then the one 'profile use' set, then the environment's when "
                    + "$BILLCTL_BACKEND is set). 'sandbox' is built in."));
    private final OptionSpec output = global(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(OutputFormat.class).order(901)
            .description("Output format: ${COMPLETION-CANDIDATES} (default: $BILLCTL_OUTPUT, else table)."));
    private final OptionSpec config = global(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class).order(902)
            .description("Config file (default: $BILLCTL_CONFIG, else $XDG_CONFIG_HOME/billctl/config.toml, else ~/.config/billctl/config.toml)."));
    private final OptionSpec dryRun = global(OptionSpec.builder("--dry-run").type(boolean.class).order(903)
            .description("Print the exact request (secrets masked) and send nothing (update and undo; refused elsewhere)."));
    private final OptionSpec verbose = global(OptionSpec.builder("-v", "--verbose").type(boolean.class).order(904)
            .description("Trace HTTP requests and responses on stderr, secrets masked."));
    private final OptionSpec timeout = global(OptionSpec.builder("--timeout").paramLabel("SECONDS").type(Integer.class).order(905)
            .converters(new AtLeast(1, "must be a positive number of seconds"))
            .description("Give up on a request that is not answered in full (connect, send, the whole answer) within SECONDS (default: 30). "
                    + "One update, its retries and the waits between them included, ends within (SECONDS + 0.1) x (retries + 1) plus the backoff, "
                    + "at most 10 minutes; a Retry-After of up to 60 s is honoured, a longer one fails the update."));
    private final OptionSpec retries = global(OptionSpec.builder("--retries").paramLabel("N").type(Integer.class).order(906)
            .converters(new AtLeast(0, "cannot be negative"))
            .description("Retries, with backoff, of a request that got no answer (refused, dropped, timed out before the answer began), "
                    + "429, 5xx and PortaBilling's transient faults (default: 2; 6 with --batch)."));
    private final OptionSpec stacktrace = global(OptionSpec.builder("--stacktrace").type(boolean.class).order(907)
            .description("Print the stack trace of an error."));
    private final OptionSpec noColor = global(OptionSpec.builder("--no-color").type(boolean.class).order(908)
            .description("No colour, even on a terminal (NO_COLOR does the same; CLICOLOR_FORCE forces it)."));
    private final OptionSpec proxy = global(OptionSpec.builder("--proxy").paramLabel("URL").type(String.class).order(909)
            .description("Send requests through this HTTP proxy, http://[USER:PASSWORD@]HOST:PORT (CONNECT for https URLs), except to the hosts "
                    + "in $NO_PROXY; \"\" sends directly. Default: $HTTPS_PROXY for https URLs, $HTTP_PROXY for http ones (or their "
                    + "lower-case forms), never for loopback. Credentials are masked in every output; prefer the variables, which ps does not show."));

    /** The names of the root's options that take a value, whose value may look like a command name ("-p sandbox"). */
    static final java.util.List<String> OPTIONS_WITH_VALUE = java.util.List.of("-p", "--profile", "-o", "--output", "--config", "--timeout", "--retries",
            "--proxy");
    /** The default of {@code -o}. */
    static final String OUTPUT_VAR = "BILLCTL_OUTPUT";

    private final io.billctl.core.Env environment;

    BillctlCommand(Invocation invocation) {
        this.environment = invocation.env();
        invocation.root(this);
        spec.versionProvider(new VersionProvider());
        spec.usageMessage()
                .sortOptions(false)
                .autoWidth(true)
                .header("Update accounts on JeraSoft VCS, Enswitch, PortaBilling and Yeti-Switch.")
                .description("One update from a shell, or thousands from a script, through each vendor's own API.",
                        "", "Try it on the built-in sandbox:", "  billctl -p sandbox clients-accounts update 1 --name \"Acme Ltd\"")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes())
                .footerHeading("%nSee also:%n")
                .footer("  man billctl: the config file, the environment variables (BILLCTL_PROFILE,",
                        "  BILLCTL_CONFIG, BILLCTL_OUTPUT, BILLCTL_BACKEND and the environment's profile,",
                        "  HTTPS_PROXY, HTTP_PROXY, NO_PROXY, XDG_CONFIG_HOME, XDG_DATA_HOME,",
                        "  XDG_CACHE_HOME, NO_COLOR, CLICOLOR_FORCE, BILLCTL_MAX_RESPONSE_SIZE,",
                        "  BILLCTL_SANDBOX_FAULTS) and the sandbox.");
    }

    private static CommandSpec rootSpec(BillctlCommand command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("billctl").scopeType(ScopeType.INHERIT);
        // What mixinStandardHelpOptions adds, without the reflection over its mixin class.
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).scopeType(ScopeType.INHERIT)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class).scopeType(ScopeType.INHERIT)
                .description("Print version information and exit.").build());
        return spec;
    }

    private OptionSpec global(OptionSpec.Builder option) {
        OptionSpec built = option.scopeType(ScopeType.INHERIT).build();
        spec.addOption(built);
        return built;
    }

    /** The global options as parsed, wherever on the command line they were given (inherited copies share the root's binding). */
    Globals globals() {
        return new Globals(profile.getValue(), output(), config.getValue(), or(dryRun.getValue(), false),
                or(verbose.getValue(), false), or(timeout.getValue(), 30), retries.getValue(), or(stacktrace.getValue(), false),
                or(noColor.getValue(), false), proxy.getValue());
    }

    /**
     * {@code -o}, else {@value #OUTPUT_VAR}, else table. The variable is a default for every command: csv,
     * which only get and list print, leaves the other commands at their table (where {@code -o csv} given
     * on the command line is refused). A value that is no format is reported by {@link #checkEnvironment}.
     */
    private OutputFormat output() {
        OutputFormat given = output.getValue();
        if (given != null) return given;
        OutputFormat fromEnv = outputFromEnvironment(environment.vars().get(OUTPUT_VAR));
        if (fromEnv == null) return OutputFormat.table;
        if (fromEnv == OutputFormat.csv && !printsCsv()) return OutputFormat.table;
        return fromEnv;
    }

    /** Whether the command the call runs, as parsed, prints csv: an account group's get and list (not profile list). */
    private boolean printsCsv() {
        var parsed = spec.commandLine().getParseResult();
        if (parsed == null) return false;
        while (parsed.hasSubcommand()) parsed = parsed.subcommand();
        String name = parsed.commandSpec().name();
        CommandSpec parent = parsed.commandSpec().parent();
        return (name.equals("get") || name.equals("list")) && parent != null && !parent.name().equals("profile");
    }

    /** The command the call runs, as the user typed it after {@code billctl} ("profile list"). */
    private String commandName() {
        var parsed = spec.commandLine().getParseResult();
        if (parsed == null || !parsed.hasSubcommand()) return "billctl";
        StringBuilder name = new StringBuilder();
        for (parsed = parsed.subcommand(); parsed != null; parsed = parsed.hasSubcommand() ? parsed.subcommand() : null) {
            if (name.length() > 0) name.append(' ');
            name.append(parsed.commandSpec().name());
        }
        return name.toString();
    }

    /** A format named by the variable (any case, blanks around it ignored), or null for none or an unknown one. */
    static OutputFormat outputFromEnvironment(String value) {
        if (value == null || value.isBlank()) return null;
        for (OutputFormat format : OutputFormat.values()) if (format.name().equalsIgnoreCase(value.strip())) return format;
        return null;
    }

    /**
     * Exit 2 for {@code -o csv} given to a command that prints no csv (it would otherwise print its
     * table, which a script would then read as csv), and for a {@value #OUTPUT_VAR} that names no
     * format: it would otherwise be ignored without a word.
     */
    void checkEnvironment() {
        if (output.getValue() == OutputFormat.csv && !printsCsv()) {
            throw io.billctl.core.BillctlException.usage("-o csv is for get and list; " + commandName() + " prints a table, json or jsonl");
        }
        String value = environment.vars().get(OUTPUT_VAR);
        if (output.getValue() == null && value != null && !value.isBlank() && outputFromEnvironment(value) == null) {
            throw io.billctl.core.BillctlException.usage(OUTPUT_VAR + " is '" + value + "'; it must be one of table, json, jsonl, csv (or unset)");
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "done");
        codes.put("1", "the backend refused the update, or some batch records failed");
        codes.put("2", "usage or client-side validation error: nothing was sent");
        codes.put("3", "authentication or permission failure");
        codes.put("4", "the account does not exist");
        codes.put("5", "network, timeout, or server error after retries; an answer that is not the vendor's; a URL that leads nowhere; "
                + "stdout could not be written (a full disk)");
        codes.put("129", "stopped by SIGHUP");
        codes.put("130", "interrupted (Ctrl-C)");
        codes.put("141", "stdout's reader went away (a broken pipe, as | head makes): billctl stopped, and says nothing");
        codes.put("143", "stopped by SIGTERM (timeout, systemd, docker stop)");
        return codes;
    }

    /**
     * A whole number of at least {@code min}, or picocli's usage error, which names the option
     * ("Invalid value for option '--timeout': must be ..."), with {@code message}. A class,
     * not a lambda: see {@link Cli}'s handlers for what a lambda on a picocli interface costs.
     */
    private static final class AtLeast implements ITypeConverter<Integer> {
        private final int min;
        private final String message;

        AtLeast(int min, String message) {
            this.min = min;
            this.message = message;
        }

        @Override
        public Integer convert(String value) {
            int number;
            String foreign = io.billctl.core.catalog.Numbers.foreignDigits(value);
            if (foreign != null) throw new TypeConversionException(foreign);
            try {
                number = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                String digits = value.trim();
                if (digits.matches("[+-]?[0-9]+")) {
                    // A whole number all the same: say what is wrong with it.
                    if (digits.startsWith("-")) throw new TypeConversionException(message + ", got " + digits);
                    throw new TypeConversionException("'" + value + "' is too large (at most " + Integer.MAX_VALUE + ")");
                }
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (number < min) throw new TypeConversionException(message + ", got " + number);
            return number;
        }
    }

    CommandSpec spec() {
        return spec;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
