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
            .description("Profile to use (default: $BILLCTL_PROFILE, then the one 'profile use' set). 'sandbox' is built in."));
    private final OptionSpec output = global(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(OutputFormat.class).order(901)
            .description("Output format: ${COMPLETION-CANDIDATES} (default: table)."));
    private final OptionSpec config = global(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class).order(902)
            .description("Config file (default: $BILLCTL_CONFIG, else $XDG_CONFIG_HOME/billctl/config.toml, else ~/.config/billctl/config.toml)."));
    private final OptionSpec dryRun = global(OptionSpec.builder("--dry-run").type(boolean.class).order(903)
            .description("Print the exact request (secrets masked) and send nothing."));
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
            .description("No colour, even on a terminal (NO_COLOR does the same)."));

    /** The names of the root's options that take a value, whose value may look like a command name ("-p sandbox"). */
    static final java.util.List<String> OPTIONS_WITH_VALUE = java.util.List.of("-p", "--profile", "-o", "--output", "--config", "--timeout", "--retries");

    BillctlCommand(Invocation invocation) {
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
                        "  BILLCTL_CONFIG, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, NO_COLOR,",
                        "  BILLCTL_MAX_RESPONSE_SIZE, BILLCTL_SANDBOX_FAULTS) and the sandbox.");
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
        return new Globals(profile.getValue(), or(output.getValue(), OutputFormat.table), config.getValue(), or(dryRun.getValue(), false),
                or(verbose.getValue(), false), or(timeout.getValue(), 30), retries.getValue(), or(stacktrace.getValue(), false),
                or(noColor.getValue(), false));
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
        codes.put("5", "network, timeout, or server error after retries");
        codes.put("130", "interrupted");
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
            try {
                number = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
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
