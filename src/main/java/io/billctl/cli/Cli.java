package io.billctl.cli;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import io.billctl.core.catalog.Suggest;
import io.billctl.core.http.Redactor;
import io.billctl.core.output.Output;
import io.billctl.core.output.OutputFormat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the command tree (the catalogs' flags included) and runs it with one error handler:
 * every failure is one line on stderr with its documented exit code, and a stack trace only
 * with {@code --stacktrace}.
 */
public final class Cli {
    private Cli() {}

    /** The whole tree, as the man pages and completion scripts are generated from it too. */
    public static CommandLine commandLine(Env env) {
        return commandLine(env, BillctlCommand.SUBCOMMANDS);
    }

    private static CommandLine commandLine(Env env, List<BillctlCommand.Subcommand> subcommands) {
        CommandLine root = new CommandLine(new BillctlCommand(env).spec());
        for (BillctlCommand.Subcommand subcommand : subcommands) root.addSubcommand(subcommand.commandName(), subcommand.build());
        addCatalogs(root);
        // "-p sandbox": the built-in profile shares its name with the sandbox command.
        root.setAllowSubcommandsAsOptionParameters(true);
        root.setOut(new PrintWriter(env.out(), true));
        root.setErr(new PrintWriter(env.err(), true));
        Handlers handlers = new Handlers(env);
        root.setParameterExceptionHandler(handlers);
        root.setExecutionExceptionHandler(handlers);
        return root;
    }

    public static int run(Env env, String... args) {
        CommandLine root = commandLine(env, subcommandsFor(args));
        try {
            return root.execute(args);
        } finally {
            BillctlCommand command = root.getCommand();
            try {
                command.closeContext();
            } catch (BillctlException e) {
                env.err().println("error: " + e.getMessage());
            }
            env.out().flush();
        }
    }

    /** The root's options that take a value, whose value may look like a command name ("-p sandbox"). */
    private static final List<String> OPTIONS_WITH_VALUE = List.of("-p", "--profile", "-o", "--output", "--config", "--timeout", "--retries");

    /**
     * Start-up: the one subcommand a call names, when it names it plainly after global options;
     * else all of them. Building the whole tree reads every command's annotations and builds the
     * four catalogs' flags, which is most of picocli's share of a call. Anything unusual before the
     * name (help, version, clustered short options, "--") gets the whole tree, so that help lists
     * every command and parsing is exactly picocli's.
     */
    static List<BillctlCommand.Subcommand> subcommandsFor(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (arg.startsWith("-")) {
                if ((arg.equals("--version") || arg.equals("-V")) && onlyOptionsFrom(args, i)) return List.of(); // no tree to print a version
                boolean plain = arg.startsWith("--") ? arg.length() > 2 && !arg.equals("--help") && !arg.equals("--version")
                        : arg.length() > 2 ? arg.charAt(1) == 'p' || arg.charAt(1) == 'o' // -psandbox, -ojson
                        : arg.length() == 2 && !arg.equals("-h") && !arg.equals("-V");
                if (!plain) return BillctlCommand.SUBCOMMANDS;
            } else {
                for (BillctlCommand.Subcommand subcommand : BillctlCommand.SUBCOMMANDS) {
                    if (subcommand.commandName().equals(arg)) return List.of(subcommand);
                }
                return BillctlCommand.SUBCOMMANDS;
            }
        }
        return BillctlCommand.SUBCOMMANDS;
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
    private static final class Handlers implements IParameterExceptionHandler, IExecutionExceptionHandler {
        private final Env env;

        Handlers(Env env) {
            this.env = env;
        }

        @Override
        public int handleParseException(ParameterException e, String[] args) {
            return usageError(env, e, args);
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
            return failure(env, e, parsed.commandSpec());
        }
    }

    private static int failure(Env env, Exception e, CommandSpec spec) {
        BillctlCommand root = BillctlCommand.root(spec);
        Output output = root.context().output();
        BillctlException failure = e instanceof BillctlException known ? known
                : new BillctlException(ExitCode.UNAVAILABLE, "internal error: " + e + " (rerun with --stacktrace and report it)", e);
        output.failure(failure);
        if (root.stacktrace()) e.printStackTrace(env.err());
        return failure.exitCode();
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
        String help = "billctl " + e.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^billctl ?", "");
        message += "; see '" + help.strip() + " --help'";
        boolean json = wantsJson(args);
        new Output(json ? OutputFormat.json : OutputFormat.table, env.out(), env.err(), false, new Redactor())
                .failure(BillctlException.usage(message));
        if (List.of(args).contains("--stacktrace")) e.printStackTrace(env.err());
        return ExitCode.USAGE;
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
