package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.Env;
import io.billctl.core.Globals;
import io.billctl.core.output.OutputFormat;
import io.billctl.sandbox.EmbeddedSandbox;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code billctl}: the global options, which every subcommand inherits, before or after its name. */
@Command(name = "billctl",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Update accounts on JeraSoft VCS, Enswitch, PortaBilling and Yeti-Switch.",
        description = {"One update from a shell, or thousands from a script, through each vendor's own API.",
                "", "Try it on the built-in sandbox:", "  billctl -p sandbox clients-accounts update 1 --name \"Acme Ltd\""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done",
                "1:the backend refused the update, or some batch records failed",
                "2:usage or client-side validation error: nothing was sent",
                "3:authentication or permission failure",
                "4:the account does not exist",
                "5:network, timeout, or server error after retries",
                "130:interrupted"},
        footerHeading = "%nSee also:%n",
        footer = {"  man billctl: the config file, the environment variables (BILLCTL_PROFILE,",
                "  BILLCTL_CONFIG, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, NO_COLOR,",
                "  BILLCTL_SANDBOX_FAULTS) and the sandbox."})
public final class BillctlCommand implements Runnable {
    /**
     * The subcommands, in help's order. Not in the annotation: {@link Cli} adds them, so that a
     * call naming one of the update commands builds only that one (picocli reads every command's
     * annotations, and each update command adds its whole catalog of flags, at start-up).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ClientsAccountsCommand.class, UnlimitedCommand.class, AccountCommand.class,
            AdminAccountsCommand.class, ProfileCommand.class, SandboxCommand.class, CompletionCommand.class);

    // Inherited options carry no picocli defaultValue: picocli would apply it again while parsing
    // a subcommand and undo a value given before the subcommand's name. Defaults live here.
    private final Env env;
    private Context context;

    @Spec CommandSpec spec;

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", scope = ScopeType.INHERIT, order = 900,
            description = "Profile to use (default: $BILLCTL_PROFILE, then the one 'profile use' set). 'sandbox' is built in.")
    String profile;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, order = 901,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
    OutputFormat output;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 902,
            description = "Config file (default: $BILLCTL_CONFIG, else $XDG_CONFIG_HOME/billctl/config.toml, else ~/.config/billctl/config.toml).")
    Path config;

    @Option(names = "--dry-run", scope = ScopeType.INHERIT, order = 903,
            description = "Print the exact request (secrets masked) and send nothing.")
    boolean dryRun;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, order = 904,
            description = "Trace HTTP requests and responses on stderr, secrets masked.")
    boolean verbose;

    private int timeoutSeconds = 30;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT, order = 905,
            description = "Give up on a request after this many seconds (default: 30).")
    void timeout(int seconds) {
        if (seconds <= 0) throw new ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds, got " + seconds);
        this.timeoutSeconds = seconds;
    }

    private Integer retries;

    @Option(names = "--retries", paramLabel = "N", scope = ScopeType.INHERIT, order = 906,
            description = "Retries on connection errors, 429 and 5xx, with backoff (default: 2; 6 with --batch).")
    void retries(int count) {
        if (count < 0) throw new ParameterException(spec.commandLine(), "--retries cannot be negative, got " + count);
        this.retries = count;
    }

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, order = 907, description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, order = 908, description = "No colour, even on a terminal (NO_COLOR does the same).")
    boolean noColor;

    public BillctlCommand(Env env) {
        this.env = env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(env.out());
    }

    /** The run's context, built on first use from the options as parsed. */
    public Context context() {
        if (context == null) {
            Globals globals = new Globals(profile, output == null ? OutputFormat.table : output, config, dryRun, verbose, timeoutSeconds, retries, stacktrace, noColor);
            context = new Context(env, globals, EmbeddedSandbox::new);
        }
        return context;
    }

    Env env() {
        return env;
    }

    boolean stacktrace() {
        return stacktrace;
    }

    void closeContext() {
        if (context != null) context.close();
    }

    /** The root of any command's tree. */
    static BillctlCommand root(CommandSpec spec) {
        return (BillctlCommand) spec.root().userObject();
    }
}
