package io.billctl.cli;

import io.billctl.app.Registry;
import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import io.billctl.core.OutputFailed;
import io.billctl.core.catalog.Suggest;
import io.billctl.core.http.Redactor;
import io.billctl.core.output.OutputFormat;
import io.billctl.core.output.Presenter;
import io.billctl.core.output.Terminal;
import io.billctl.core.output.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the command tree (one group per backend of the {@link Registry}, the catalogs' flags
 * included) and runs it with one error handler: every failure is one line on stderr with its
 * documented exit code, and a stack trace only with {@code --stacktrace}.
 */
public final class Cli {
    private Cli() {}

    /** The commands that are not a vendor's, in help's order after the vendors' groups. */
    private static final List<String> OWN_COMMANDS = List.of("undo", "profile", "sandbox", "completion");

    /** The whole tree, as the man pages and completion scripts are generated from it too. */
    public static CommandLine commandLine(Env env) {
        Invocation invocation = invocation(env);
        return commandLine(invocation, names(invocation));
    }

    private static Invocation invocation(Env env) {
        return new Invocation(env, Registry.backends(), Registry.emulators());
    }

    private static CommandLine commandLine(Invocation invocation, List<String> subcommands) {
        CommandLine root = new CommandLine(new BillctlCommand(invocation).spec(), new CommandFactory(invocation));
        for (String name : subcommands) root.addSubcommand(name, build(invocation, name));
        addCatalogs(root);
        // Help wrapped at spaces only, examples never wrapped; as wide as $COLUMNS says when it is set.
        root.setHelpFactory(new HelpLayout());
        int columns = columns(invocation.env().vars().get("COLUMNS"));
        if (columns > 0) {
            root.setUsageHelpAutoWidth(false);
            root.setUsageHelpWidth(Math.max(MIN_HELP_WIDTH, columns));
        }
        // No picocli @-files: "--password @pw.txt" is billctl's own (the file holds the value, not more
        // arguments), and any other value starting with @ ("--name @acme") is sent as it is.
        root.setExpandAtFiles(false);
        // "-p sandbox": the built-in profile shares its name with the sandbox command.
        root.setAllowSubcommandsAsOptionParameters(true);
        root.setOut(new PrintWriter(invocation.env().out(), true));
        root.setErr(new PrintWriter(invocation.env().err(), true));
        Handlers handlers = new Handlers(invocation);
        root.setParameterExceptionHandler(handlers);
        root.setExecutionExceptionHandler(handlers);
        root.setExecutionStrategy(handlers);
        return root;
    }

    /** picocli's narrowest help. */
    private static final int MIN_HELP_WIDTH = 55;

    private static int columns(String text) {
        if (text == null) return 0;
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Every subcommand's name of this build, in help's order. */
    static List<String> allSubcommands() {
        List<String> names = new ArrayList<>();
        for (var backend : Registry.backends().all()) names.add(backend.group());
        names.addAll(OWN_COMMANDS);
        return names;
    }

    /** {@link #subcommandsFor(String[], List)} over this build's subcommands. */
    static List<String> subcommandsFor(String[] args) {
        return subcommandsFor(args, allSubcommands());
    }

    /** Every subcommand's name, in help's order: the vendors' groups, then billctl's own. */
    private static List<String> names(Invocation invocation) {
        List<String> names = new ArrayList<>();
        for (var backend : invocation.backends().all()) names.add(backend.group());
        names.addAll(OWN_COMMANDS);
        return names;
    }

    /** A subcommand: a vendor's group spec, or an annotated class picocli reads when it is added. */
    private static Object build(Invocation invocation, String name) {
        var backend = invocation.backends().byGroup(name);
        if (backend.isPresent()) return GroupCommand.spec(invocation, backend.get());
        return switch (name) {
            case "undo" -> UndoCommand.spec(invocation);
            case "profile" -> ProfileCommand.class;
            case "sandbox" -> SandboxCommand.class;
            case "completion" -> CompletionCommand.class;
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    public static int run(Env env, String... args) {
        Invocation invocation = invocation(env);
        CommandLine root = commandLine(invocation, subcommandsFor(args, names(invocation)));
        int code = 0;
        try {
            code = root.execute(args);
        } catch (OutputFailed e) {
            // Met where no handler of billctl's stood: picocli printing help or a usage message on stdout.
            e.report(env.err());
            code = e.exitCode();
        } finally {
            try {
                invocation.close();
            } catch (BillctlException e) {
                // The embedded sandbox could not keep what the call changed: not a success, whatever was printed.
                env.err().println("error: " + TerminalText.message(e.getMessage()));
                if (code == 0) code = e.exitCode();
            }
            try {
                env.out().flush();
            } catch (OutputFailed e) {
                // The last of the output, or a write that failed before and was not yet said: a success it is not.
                e.report(env.err());
                if (code == 0) code = e.exitCode();
            }
        }
        return code;
    }

    /**
     * Start-up: the one subcommand a call names, when it names it plainly after global options;
     * else all of them. Building the whole tree reads every command's annotations and builds the
     * four catalogs' flags, which is most of picocli's share of a call. Anything unusual before the
     * name (help, version, clustered short options, "--") gets the whole tree, so that help lists
     * every command and parsing is exactly picocli's.
     */
    static List<String> subcommandsFor(String[] args, List<String> all) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (BillctlCommand.OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (arg.startsWith("-")) {
                if ((arg.equals("--version") || arg.equals("-V")) && onlyOptionsFrom(args, i)) return List.of(); // no tree to print a version
                boolean plain = arg.startsWith("--") ? arg.length() > 2 && !arg.equals("--help") && !arg.equals("--version")
                        : arg.length() > 2 ? arg.charAt(1) == 'p' || arg.charAt(1) == 'o' // -psandbox, -ojson
                        : arg.length() == 2 && !arg.equals("-h") && !arg.equals("-V");
                if (!plain) return all;
            } else {
                return all.contains(arg) ? List.of(arg) : all;
            }
        }
        return all;
    }

    /** Only options from {@code from} on, and no call for help (whose text lists the commands). */
    private static boolean onlyOptionsFrom(String[] args, int from) {
        for (int i = 0; i < args.length; i++) if (args[i].equals("-h") || args[i].equals("--help")) return false;
        for (int i = from; i < args.length; i++) if (!args[i].startsWith("-")) return false;
        return true;
    }

    private static void addCatalogs(CommandLine commandLine) {
        if (commandLine.getCommand() instanceof UpdateCommand update) {
            CatalogOptions.addTo(commandLine.getCommandSpec(), update.backend().catalog());
        }
        commandLine.getSubcommands().values().forEach(Cli::addCatalogs);
    }

    /**
     * The two error handlers, as a class rather than lambdas: picocli's interfaces are Java 5
     * class files, and a lambda implementing one makes the AppCDS dump link it and then leave it,
     * and every picocli class implementing it, out of the archive (41 classes read from the jar
     * at each call; "Old class has been linked" in the dump's log).
     */
    private static final class Handlers implements IParameterExceptionHandler, IExecutionExceptionHandler, IExecutionStrategy {
        private final Invocation invocation;

        Handlers(Invocation invocation) {
            this.invocation = invocation;
        }

        /** picocli's own strategy, but {@code --version} (anywhere on the line) is billctl's: three lines, or a document with -o json. */
        @Override
        public int execute(ParseResult parsed) {
            boolean version = false;
            for (ParseResult level = parsed; level != null; level = level.subcommand()) {
                if (level.isUsageHelpRequested()) return run(parsed);
                version |= level.isVersionHelpRequested();
            }
            if (!version) {
                BillctlException noDryRun = noDryRun(parsed);
                if (noDryRun != null) return failure(invocation, noDryRun);
                String twice = givenTwice(parsed);
                if (twice != null) invocation.context().presenter().warning(twice);
                return run(parsed);
            }
            try {
                Presenter presenter = invocation.context().presenter();
                if (presenter.json()) presenter.document(VersionProvider.document());
                else presenter.lines(VersionProvider.lines());
                return ExitCode.OK;
            } catch (BillctlException e) {
                return failure(invocation, e);
            }
        }

        /** picocli's own strategy; help it prints on a stdout that cannot be written is one line, not picocli's stack trace. */
        private int run(ParseResult parsed) {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (OutputFailed e) {
                e.report(invocation.env().err());
                return e.exitCode();
            }
        }

        /**
         * A global option of one value given before the command and again after it ({@code -p prod …
         * update 5 -p staging}, as an alias that sets a default and a call that overrides it do): picocli
         * refuses it twice at one level, but the copies every command inherits share one value, and the last
         * wins. It still does, but not silently: a warning says which value is used. The same value twice says nothing.
         */
        private static String givenTwice(ParseResult parsed) {
            java.util.Map<String, String> seen = new java.util.HashMap<>();
            for (ParseResult level = parsed; level != null; level = level.subcommand()) {
                for (picocli.CommandLine.Model.OptionSpec option : level.matchedOptions()) {
                    if (!option.inherited() && level != parsed || option.isMultiValue() || option.arity().max == 0) continue;
                    String value = String.join(" ", option.originalStringValues());
                    String earlier = seen.put(option.longestName(), value);
                    if (earlier != null && !earlier.equals(value)) {
                        return option.longestName() + " is given twice, '" + earlier + "' and '" + value + "': the last, '" + value + "', is used";
                    }
                }
            }
            return null;
        }

        /**
         * Only update and undo have a dry run. Anywhere else --dry-run was ignored: 'profile add --dry-run'
         * wrote the config, 'get --dry-run' sent its read. Refused instead, before anything runs.
         */
        private BillctlException noDryRun(ParseResult parsed) {
            if (!parsed.hasSubcommand() || !invocation.dryRunGiven()) return null;
            ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) leaf = leaf.subcommand();
            String name = leaf.commandSpec().name();
            if (name.equals("update") || name.equals("undo")) return null;
            String command = "'" + leaf.commandSpec().qualifiedName() + "'";
            return BillctlException.usage("--dry-run is for update and undo; " + command + " has no dry run"
                    + (name.equals("get") || name.equals("list") ? ": it only reads and changes nothing (-v shows its requests)"
                            : " and would run for real: drop --dry-run"));
        }

        @Override
        public int handleParseException(ParameterException e, String[] args) {
            return usageError(invocation.env(), e, args);
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
            return failure(invocation, e);
        }
    }

    private static int failure(Invocation invocation, Exception e) {
        BillctlException failure = e instanceof BillctlException known ? known
                : new BillctlException(ExitCode.UNAVAILABLE, "internal error: " + e + " (rerun with --stacktrace and report it)", e);
        failure(invocation.context().presenter(), failure);
        java.nio.file.Path saved = failure instanceof OutputFailed ? invocation.context().configChanged() : null;
        String made = failure instanceof OutputFailed ? invocation.context().changeMade() : null;
        if (saved != null) {
            // A profile added, chosen or removed: a failed output is not a failed change (a retry would meet "already exists").
            invocation.context().presenter().info("note: the change was saved in " + saved + "; only its output could not be written");
        } else if (made != null) {
            invocation.context().presenter().info("note: " + made + "; only its output could not be written");
        }
        if (invocation.stacktrace()) invocation.context().presenter().stackTrace(e);
        return failure.exitCode();
    }

    /**
     * A failure's line on stderr and, with -o json, its document on stdout. A stdout that cannot take the
     * document (a full disk, a gone reader) is not said over it: the failure's own line is out already, and
     * its exit code says more than the output's.
     */
    static void failure(Presenter presenter, BillctlException failure) {
        try {
            presenter.failure(failure);
        } catch (OutputFailed unwritten) {
            unwritten.said();
        }
    }

    /** picocli's parse errors, in one line, with the nearest option when one was misspelt. */
    private static int usageError(Env env, ParameterException e, String[] args) {
        String message = e.getMessage().lines().findFirst().orElse("invalid arguments").strip();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !e.getCommandLine().getSubcommands().isEmpty() && !unmatched.getUnmatched().isEmpty()) {
            String wrong = unmatched.getUnmatched().get(0);
            message = Suggest.closest(wrong, e.getCommandLine().getSubcommands().keySet())
                    .map(s -> "unknown command '" + wrong + "' (did you mean " + s + "?)").orElse("unknown command '" + wrong + "'");
        } else if (e instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption()) {
            List<String> names = new ArrayList<>();
            for (OptionSpec option : e.getCommandLine().getCommandSpec().options()) if (!option.hidden()) names.addAll(List.of(option.names()));
            String wrong = unmatched.getUnmatched().get(0).split("=", 2)[0];
            message = Suggest.closest(wrong, names).map(s -> "unknown option " + wrong + " (did you mean " + s + "?)")
                    .orElse("unknown option " + wrong);
        } else if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            message = "unexpected argument '" + unmatched.getUnmatched().get(0) + "'";
        }
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String help = "billctl " + spec.qualifiedName(" ").replaceFirst("^billctl ?", "");
        message += "; see '" + help.strip() + " --help'";
        OutputFormat fromEnv = BillctlCommand.outputFromEnvironment(env.vars().get(BillctlCommand.OUTPUT_VAR));
        boolean json = wantsJson(args) || !givesOutput(args) && fromEnv != null && fromEnv.isJson();
        Presenter presenter = new Presenter(json ? OutputFormat.json : OutputFormat.table, env.out(), env.err(), false,
                Terminal.color(env.terminal().stderr(), List.of(args).contains("--no-color"), env.vars()), secretArguments(e.getCommandLine(), args));
        failure(presenter, BillctlException.usage(message));
        if (List.of(args).contains("--stacktrace")) presenter.stackTrace(e);
        return ExitCode.USAGE;
    }

    /**
     * A redactor that knows the values given to secret fields on the command line ({@code --password X},
     * {@code --password=X}, {@code --set password=X}): parsing failed, so they are read from the raw arguments.
     */
    private static Redactor secretArguments(CommandLine failed, String[] args) {
        Redactor redactor = new Redactor();
        java.util.Set<String> flags = new java.util.HashSet<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (OptionSpec option : failed.getCommandSpec().options()) {
            if (option.userObject() instanceof io.billctl.core.catalog.Field field && field.secret()) {
                flags.addAll(List.of(option.names()));
                names.add(field.name());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            if (flags.contains(arg) && i + 1 < args.length) redactor.addSecretValue(args[i + 1]);
            else if (eq > 0 && flags.contains(arg.substring(0, eq))) redactor.addSecretValue(arg.substring(eq + 1));
            String proxy = arg.equals("--proxy") && i + 1 < args.length ? args[i + 1] : arg.startsWith("--proxy=") ? arg.substring(8) : null;
            if (proxy != null) redactor.addSecretValue(proxy); // a proxy's URL may hold its password
            String set = arg.equals("--set") && i + 1 < args.length ? args[i + 1] : arg.startsWith("--set=") ? arg.substring(6) : null;
            if (set != null && set.indexOf('=') > 0 && names.contains(set.substring(0, set.indexOf('=')))) {
                redactor.addSecretValue(set.substring(set.indexOf('=') + 1));
            }
        }
        return redactor;
    }

    /** Whether {@code -o} was given at all, read from the raw arguments since parsing failed. */
    private static boolean givesOutput(String[] args) {
        for (String arg : args) if (arg.equals("-o") || arg.equals("--output") || arg.startsWith("-o") || arg.startsWith("--output=")) return true;
        return false;
    }

    /** Whether {@code -o json} was asked for, read from the raw arguments since parsing failed. */
    static boolean wantsJson(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-ojson") || arg.equals("--output=json") || arg.equals("-o=json")) return true;
            if ((arg.equals("-o") || arg.equals("--output")) && i + 1 < args.length && args[i + 1].equals("json")) return true;
        }
        return false;
    }
}
