package io.billctl.cli;

import io.billctl.core.Env;
import io.billctl.core.output.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time generator (run by Maven in {@code process-classes}, never by billctl itself): writes the
 * bash, zsh and fish completion scripts ({@link CompletionModel}) and the AsciiDoc sources of the man
 * pages from the same command tree that billctl runs, catalog flags included. Any problem is an
 * exception, so the build fails.
 *
 * <pre>DocsGenerator OUT_DIR VERSION [CLASSES_DIR]</pre>
 * writes {@code OUT_DIR/completions/billctl.bash}, {@code _billctl} (zsh), {@code billctl.fish} and
 * {@code OUT_DIR/asciidoc/*.adoc}; with CLASSES_DIR, also copies the three scripts there as the
 * resources {@code billctl completion bash|zsh|fish} prints.
 */
public final class DocsGenerator {
    private DocsGenerator() {}

    /** Where {@link CompletionCommand} finds the scripts inside the jar. */
    static final String RESOURCE_DIR = "io/billctl/completions/";
    static final String BASH = "billctl.bash";
    static final String ZSH = "_billctl";
    static final String FISH = "billctl.fish";

    /** Usage width of the man pages: fixed, so that a terminal's width never changes the committed files. */
    private static final int WIDTH = 80;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) throw new IllegalArgumentException("usage: DocsGenerator OUT_DIR VERSION [CLASSES_DIR]");
        Path out = Path.of(args[0]);
        String version = args[1];
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine root = Cli.commandLine(new Env(Map.of(), InputStream.nullInputStream(), nowhere, nowhere, Terminal.NONE));

        // The completion scripts first: the man pages' changes to the help texts below are not theirs.
        CompletionModel model = CompletionModel.of(root);
        Map<String, String> scripts = Map.of(BASH, BashCompletion.script(model), ZSH, ZshCompletion.script(model),
                FISH, FishCompletion.script(model));

        List<CommandSpec> specs = new ArrayList<>();
        collect(root.getCommandSpec(), specs);
        List<String> problems = new ArrayList<>();
        String[] rootFooter = root.getCommandSpec().usageMessage().footer();
        for (CommandSpec spec : specs) {
            spec.usageMessage().description(HelpLayout.ownDescription(spec));
            // Man page headings, not help headings: "Exit codes:" becomes EXIT STATUS, "Examples:" EXAMPLES.
            if (!spec.usageMessage().exitCodeList().isEmpty()) spec.usageMessage().exitCodeListHeading("Exit status%n");
            spec.usageMessage().footerHeading(spec.usageMessage().footerHeading().replaceAll(":(%n)?$", "%n"));
            if (java.util.Arrays.equals(spec.usageMessage().footer(), rootFooter)) {
                // The root's pointer to "man billctl", inherited: a SEE ALSO line here, and the root page
                // has its own FILES, ENVIRONMENT, SANDBOX and SEE ALSO sections instead.
                boolean isRoot = spec.parent() == null;
                spec.usageMessage().footerHeading(isRoot ? "" : "See also%n");
                spec.usageMessage().footer(isRoot ? new String[0] : new String[] {"*billctl*(1): the config file, the environment variables and the sandbox."});
            }
            // The committed pages must not change with each commit: the version without the commit id.
            spec.versionProvider(() -> new String[] {"billctl " + version});
            spec.usageMessage().autoWidth(false).width(WIDTH);
            // ManPageGenerator runs these through String.format: a literal % ("printf %s") must be %%.
            spec.usageMessage().header(percents(spec.usageMessage().header()));
            spec.usageMessage().description(percents(spec.usageMessage().description()));
            spec.usageMessage().footer(percents(spec.usageMessage().footer()));
            if (blank(spec.usageMessage().header()) && blank(spec.usageMessage().description())) {
                problems.add(spec.qualifiedName(" ") + " has neither a header nor a description: its man page would have an empty NAME");
            }
        }
        if (!problems.isEmpty()) throw new IllegalStateException(String.join("\n", problems));

        Path completions = Files.createDirectories(out.resolve("completions"));
        Path resources = args.length > 2 ? Files.createDirectories(Path.of(args[2]).resolve(RESOURCE_DIR)) : null;
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            write(completions.resolve(script.getKey()), script.getValue());
            if (resources != null) write(resources.resolve(script.getKey()), script.getValue());
        }

        Path asciidoc = out.resolve("asciidoc");
        deleteTree(asciidoc);
        Files.createDirectories(asciidoc);
        int exit = ManPageGenerator.generateManPage(asciidoc.toFile(), null, new boolean[0], true, root.getCommandSpec());
        if (exit != 0) throw new IllegalStateException("ManPageGenerator failed with exit code " + exit);
        Path rootPage = asciidoc.resolve("billctl.adoc");
        String page = Files.readString(rootPage);
        String end = "// end::picocli-generated-full-manpage[]";
        if (!page.contains(end)) throw new IllegalStateException("unexpected man page layout in " + rootPage);
        write(rootPage, page.replace(end, ROOT_EXTRA_SECTIONS.replace("@SEE_ALSO@", seeAlso(root)) + "\n" + end));
        try (var pages = Files.list(asciidoc)) {
            long count = pages.count();
            if (count != specs.size()) throw new IllegalStateException("expected " + specs.size() + " man pages, got " + count);
        }
    }

    private static void collect(CommandSpec spec, List<CommandSpec> into) {
        into.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!into.contains(sub.getCommandSpec())) collect(sub.getCommandSpec(), into);
        }
    }

    private static String[] percents(String[] lines) {
        String[] escaped = new String[lines.length];
        for (int i = 0; i < lines.length; i++) escaped[i] = lines[i] == null ? null : lines[i].replaceAll("(?<!%)%(?![n%])", "%%");
        return escaped;
    }

    private static boolean blank(String[] lines) {
        for (String line : lines) if (line != null && !line.isBlank()) return false;
        return true;
    }

    /** Sections of {@code man billctl} that the usage help leaves out. */
    private static final String ROOT_EXTRA_SECTIONS = """

            // tag::billctl-files[]
            == Files

            *$BILLCTL_CONFIG*, else *$XDG_CONFIG_HOME/billctl/config.toml*, else *~/.config/billctl/config.toml*::
              The config file: one table per profile (`[profiles.NAME]`) and the default profile set by
              `billctl profile use`. billctl creates it with mode 0600 and warns when others can read it.
              It holds an API key or password only when one was given with `--api-key-stdin` or
              `--password-stdin`; `--api-key-env VAR` stores the variable's name and `--api-key-command CMD`
              the command, run once per call.
              Like OpenSSH, billctl uses it only when it and its directory belong to you (or root) and
              nobody else can write them; otherwise it exits 3 naming the `chmod` or `chown` that fixes
              it, before it reads a secret or runs a command. `profile` commands change it under a lock
              (*config.toml.lock*), through a temporary file renamed over it; a symbolic link is followed
              and kept, and keys billctl does not know are kept. Comments cannot be kept: the file as it
              was is saved as *config.toml.bak* when it had any.

            *$XDG_CACHE_HOME/billctl/sessions*, else *~/.cache/billctl/sessions*::
              Logins (PortaBilling's session, Yeti-Switch's JWT), in 0600 files in a 0700 directory, until
              they expire; renewed once, silently, when the server rejects them. Each is filed under the
              profile, username and a hash of the password or token it logged in with, so another password
              never reuses it. `billctl profile logout` ends them; `profile remove` deletes them.

            *$XDG_DATA_HOME/billctl/sandbox.json*, else *~/.local/share/billctl/sandbox.json*::
              The sandbox's accounts, kept from one call to the next.

            // end::billctl-files[]

            // tag::billctl-environment[]
            == Environment

            *BILLCTL_PROFILE*::
              The profile to use when there is no `-p/--profile`; before the default set by `profile use`.

            *BILLCTL_BACKEND*, *BILLCTL_URL*, *BILLCTL_API_KEY*, *BILLCTL_USERNAME*, *BILLCTL_PASSWORD*, *BILLCTL_CA_CERT*::
              A profile made of the environment alone, for CI and containers: used when no `-p`, no
              *BILLCTL_PROFILE* and no default profile chooses one (a default set with `profile use` wins,
              with a warning). *BILLCTL_BACKEND* is jerasoft, enswitch, portabilling or yeti; *BILLCTL_URL*
              the API's base URL; JeraSoft takes *BILLCTL_API_KEY*, the others *BILLCTL_USERNAME* and
              *BILLCTL_PASSWORD* (PortaBilling an API token in *BILLCTL_API_KEY* instead of the password);
              *BILLCTL_CA_CERT* a PEM file of CAs to trust. The secrets are read at each call and masked in
              all output. `profile show` shows it as *(environment)*.

            *BILLCTL_OUTPUT*::
              The default of `-o`: table, json, jsonl or csv. csv, which only `get` and `list` print, leaves
              other commands at their table. Any other value is an error (exit 2).

            *HTTPS_PROXY*, *HTTP_PROXY*, *NO_PROXY* (and *https_proxy*, *http_proxy*, *no_proxy*, read first)::
              The HTTP proxy for https URLs (a CONNECT tunnel) and for http URLs (absolute-form requests), as
              curl reads them: `http://[USER:PASSWORD@]HOST[:PORT]`, port 1080 when none is given. The
              credentials go in `Proxy-Authorization` and are masked in every output, `-v` included. *NO_PROXY*
              lists hosts to reach directly: `*`, names (each with the names under it), IP addresses, networks
              such as `10.0.0.0/8`, each with an optional `:PORT`. Loopback (localhost, 127.0.0.0/8, ::1, the
              sandbox) never goes through a proxy from these variables. `--proxy URL` overrides them for every
              URL (loopback too); `--proxy ""` sends directly.

            *BILLCTL_CONFIG*::
              The config file, instead of *$XDG_CONFIG_HOME/billctl/config.toml*.

            *XDG_CONFIG_HOME*::
              Where the config file lives (default: *~/.config*).

            *XDG_DATA_HOME*::
              Where the sandbox keeps its state (default: *~/.local/share*).

            *XDG_CACHE_HOME*::
              Where logins are cached (default: *~/.cache*).

            *NO_COLOR*::
              When set, no colour, even on a terminal (as `--no-color`).

            *CLICOLOR_FORCE*::
              When set to anything but `0`, colour even where the output is no terminal (a pager, a CI log);
              *NO_COLOR* and `--no-color` still win.

            *BILLCTL_MAX_RESPONSE_SIZE*::
              The largest answer billctl reads from a server, for example `64m` or `512k` (default: `16m`);
              a larger one is refused (exit 5) and its connection closed unread.

            *BILLCTL_SANDBOX_FAULTS*::
              Faults the embedded sandbox injects, for example `error=0.1,latency=5-20`
              (see *billctl-sandbox-serve*(1)), and those of `sandbox serve` when it has no `--faults`. A
              call served by a running `sandbox serve` warns that the variable does not apply to it, and
              says how to set the server's: `curl -X PUT --data SPEC http://127.0.0.1:PORT/_sandbox/faults`.
              An invalid spec is an error (exit 2) in every case.

            // end::billctl-environment[]

            // tag::billctl-sandbox[]
            == Sandbox

            `-p sandbox` always exists and serves every command. When no `billctl sandbox serve` runs, billctl
            starts the emulators of the four backends inside the process for the call, on a loopback port, and
            keeps their accounts in *$XDG_DATA_HOME/billctl/sandbox.json* (else *~/.local/share/billctl/*), so
            each call sees the last one's changes. Accounts 1..10000 exist on every backend (enough to try a batch
            of thousands, and its undo), among them the ids of the vendors' examples (JeraSoft and Enswitch: 123;
            PortaBilling: 55; Yeti-Switch: 24). The emulators
            answer with the vendors' paths, authentication, status codes and error bodies.

            Calls take turns at the saved state: one that waits for another for more than a second says
            `waiting for another billctl (pid N)...`. `billctl sandbox serve [--port N] [--faults SPEC]` runs
            them as a server for other tools (and for `-p sandbox` calls, which then run side by side); a
            second one for the same data directory exits 2 naming the first's pid and URL.
            `billctl sandbox reset` starts again from the seeded accounts. Faults: `error=0.1` or `error=3x`
            (with `status=503`), `throttle=0.05` (429 with `retry-after=N`), `drop=0.02` (connection closed
            without an answer), `latency=50` or `latency=20-80` (ms), `meddle=0.1` or `meddle=1x` (an account
            being read is changed as another user would, just before the read is answered; with
            `meddle-when=write`, just after; `meddle-field=NAME` chooses the field), `seed=42`. PortaBilling's injected 500s
            take turns through its transient faults: the disaster-recovery codes `standalone_mode`,
            `secondary_site`, `read_only_mode` and `pb_delta.connection_failed`, and a 500 without a fault body.
            PortaBilling's own switches: `token-fault=failed_to_process_access_token` (or `auth_failed`,
            `failed_to_process_jwt`, `envelope_missed`), `token-reset=N` or `always`,
            `login-expiry=expires_in|expires_at|both|none`, `deny=7:9`.

            // end::billctl-sandbox[]

            // tag::billctl-examples[]
            == Examples

            Update an account on the sandbox, then the same as JSON:

              billctl -p sandbox clients-accounts update 1 --name "Acme Ltd"
              billctl -p sandbox account update 55 --blocked Y -o json

            Add a profile whose API key is read from a variable at each call, and make it the default:

              billctl profile add prod --backend jerasoft \\
                  --url https://vcs.example.com/api --api-key-env VCS_KEY
              billctl profile use prod

            // end::billctl-examples[]

            // tag::billctl-see-also[]
            == See also

            @SEE_ALSO@

            // end::billctl-see-also[]
            """;

    /**
     * The root page's SEE ALSO: each vendor's update page, then the other commands, from the tree
     * itself, wrapped as the committed pages have it.
     */
    private static String seeAlso(CommandLine root) {
        List<String> pages = new ArrayList<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandLine update = sub.getSubcommands().get("update");
            pages.add("*billctl-" + sub.getCommandName() + (update != null ? "-update" : "") + "*(1)");
        }
        StringBuilder text = new StringBuilder();
        int column = 0;
        for (int i = 0; i < pages.size(); i++) {
            String item = pages.get(i) + (i < pages.size() - 1 ? "," : "");
            if (column > 0 && column + 1 + item.length() > 104) {
                text.append('\n');
                column = 0;
            } else if (column > 0) {
                text.append(' ');
                column++;
            }
            text.append(item);
            column += item.length();
        }
        return text.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
