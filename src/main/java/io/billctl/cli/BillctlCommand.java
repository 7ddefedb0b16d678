package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.Env;
import io.billctl.core.Globals;
import io.billctl.core.output.OutputFormat;
import io.billctl.sandbox.EmbeddedSandbox;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code billctl}: the global options, which every subcommand inherits, before or after its name.
 * <p>
 * Built in code rather than from picocli's annotations, like the update commands: reading
 * annotations at start-up generates a proxy class per annotation type and reflects over every
 * member, a fifth of a cold call (bench/README.md). The rarer commands (profile, sandbox,
 * completion) keep their annotations: they are only built when a call names them.
 */
public final class BillctlCommand implements Runnable {
    /** The subcommands, in help's order: each builds its whole subtree only when asked. */
    static final List<Subcommand> SUBCOMMANDS = List.of(Subcommand.values());

    /**
     * One subcommand of the root: its name, and how to build it (a spec, or an annotated class).
     * A switch rather than a table of lambdas: linking seven lambdas cost a cold call ~5 ms.
     */
    enum Subcommand {
        CLIENTS_ACCOUNTS(ClientsAccountsCommand.NAME), UNLIMITED(UnlimitedCommand.NAME), ACCOUNT(AccountCommand.NAME),
        ADMIN_ACCOUNTS(AdminAccountsCommand.NAME), PROFILE("profile"), SANDBOX("sandbox"), COMPLETION("completion");

        private final String commandName;

        Subcommand(String commandName) {
            this.commandName = commandName;
        }

        String commandName() {
            return commandName;
        }

        /** A CommandSpec, or an annotated command class picocli reads when it is added. */
        Object build() {
            return switch (this) {
                case CLIENTS_ACCOUNTS -> ClientsAccountsCommand.spec();
                case UNLIMITED -> UnlimitedCommand.spec();
                case ACCOUNT -> AccountCommand.spec();
                case ADMIN_ACCOUNTS -> AdminAccountsCommand.spec();
                case PROFILE -> ProfileCommand.class;
                case SANDBOX -> SandboxCommand.class;
                case COMPLETION -> CompletionCommand.class;
            };
        }
    }

    // Inherited options carry no picocli defaultValue: picocli would apply it again while parsing
    // a subcommand and undo a value given before the subcommand's name. Defaults live in context().
    private final Env env;
    private final CommandSpec spec;
    private Context context;

    public BillctlCommand(Env env) {
        this.env = env;
        this.spec = CommandSpec.wrapWithoutInspection(this).name("billctl").scopeType(ScopeType.INHERIT);
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
                        "  BILLCTL_SANDBOX_FAULTS) and the sandbox.");
        // What mixinStandardHelpOptions adds, without the reflection over its mixin class.
        global(OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class)
                .description("Show this help message and exit."));
        global(OptionSpec.builder("-V", "--version").versionHelp(true).type(boolean.class)
                .description("Print version information and exit."));
        global(OptionSpec.builder("-p", "--profile").paramLabel("NAME").type(String.class).order(900)
                .description("Profile to use (default: $BILLCTL_PROFILE, then the one 'profile use' set). 'sandbox' is built in."));
        global(OptionSpec.builder("-o", "--output").paramLabel("FORMAT").type(OutputFormat.class).order(901)
                .description("Output format: ${COMPLETION-CANDIDATES} (default: table)."));
        global(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class).order(902)
                .description("Config file (default: $BILLCTL_CONFIG, else $XDG_CONFIG_HOME/billctl/config.toml, else ~/.config/billctl/config.toml)."));
        global(OptionSpec.builder("--dry-run").type(boolean.class).order(903)
                .description("Print the exact request (secrets masked) and send nothing."));
        global(OptionSpec.builder("-v", "--verbose").type(boolean.class).order(904)
                .description("Trace HTTP requests and responses on stderr, secrets masked."));
        global(OptionSpec.builder("--timeout").paramLabel("SECONDS").type(Integer.class).order(905)
                .converters(new AtLeast(1, "must be a positive number of seconds"))
                .description("Give up on a request after this many seconds (default: 30)."));
        global(OptionSpec.builder("--retries").paramLabel("N").type(Integer.class).order(906)
                .converters(new AtLeast(0, "cannot be negative"))
                .description("Retries on connection errors, 429 and 5xx, with backoff (default: 2; 6 with --batch)."));
        global(OptionSpec.builder("--stacktrace").type(boolean.class).order(907).description("Print the stack trace of an error."));
        global(OptionSpec.builder("--no-color").type(boolean.class).order(908)
                .description("No colour, even on a terminal (NO_COLOR does the same)."));
    }

    /** A command that groups one vendor's commands (only {@code update} so far) under the vendor's resource name. */
    static CommandSpec group(String name, String header, String description, CommandSpec update) {
        CommandSpec group = CommandSpec.create().name(name);
        group.usageMessage().header(header).description(description);
        return group.addSubcommand("update", update);
    }

    private void global(OptionSpec.Builder option) {
        spec.addOption(option.scopeType(ScopeType.INHERIT).build());
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

    /**
     * An option's value as parsed, or {@code otherwise} when it was not given. For a global option,
     * wherever on the command line it was given: inherited copies share the root's binding.
     */
    @SuppressWarnings("unchecked")
    static <T> T option(CommandSpec spec, String name, T otherwise) {
        T value = (T) spec.findOption(name).getValue();
        return value == null ? otherwise : value;
    }

    private <T> T option(String name, T otherwise) {
        return option(spec, name, otherwise);
    }

    @Override
    public void run() {
        spec.commandLine().usage(env.out());
    }

    /** The run's context, built on first use from the options as parsed. */
    public Context context() {
        if (context == null) {
            Globals globals = new Globals(option("--profile", null), option("--output", OutputFormat.table), option("--config", null),
                    option("--dry-run", false), option("--verbose", false), option("--timeout", 30), option("--retries", null),
                    stacktrace(), option("--no-color", false));
            context = new Context(env, globals, EmbeddedSandbox::new);
        }
        return context;
    }

    Env env() {
        return env;
    }

    boolean stacktrace() {
        return option("--stacktrace", false);
    }

    void closeContext() {
        if (context != null) context.close();
    }

    /** The root of any command's tree. */
    static BillctlCommand root(CommandSpec spec) {
        return (BillctlCommand) spec.root().userObject();
    }
}
