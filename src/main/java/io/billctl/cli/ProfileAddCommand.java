package io.billctl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.config.ProfileConfig;
import io.billctl.core.config.ProfileEditor;
import io.billctl.core.output.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code billctl profile add NAME --backend B --url URL ...}. */
@Command(name = "add", header = "Add (or with --force replace) a profile.",
        description = {"Secrets come from stdin (stored in the 0600 config), from a variable (its name is stored, never its value), or from a command run once per call "
                + "(its first line is the secret; it has 30 s, then it is killed with every process it started).",
                "The config is changed under a lock, so that concurrent adds all land; a symbolic link is followed and kept, and keys billctl does not know are kept."},
        footerHeading = "%nExamples:%n",
        footer = {"  billctl profile add prod --backend jerasoft --api-key-stdin \\",
                "      --url https://vcs.example.com/api < vcs.key",
                "  billctl profile add rpc --backend jerasoft --api jsonrpc \\",
                "      --url https://vcs.example.com/api --api-key-env VCS_KEY",
                "  billctl profile add old --backend jerasoft --api coreapi3 \\",
                "      --url http://vcs.local:3080 --api-key-env VCS_KEY",
                "  billctl profile add vcs --backend jerasoft \\",
                "      --url https://vcs.example.com/api \\",
                "      --api-key-command 'pass show vcs' \\",
                "      --field-name orig_routing_plan_id=orig_routing_plans_id",
                "  billctl profile add pbx --backend enswitch --username ops \\",
                "      --url https://enswitch.example.com --password-env PBX_PASSWORD",
                "  billctl profile add old-pb --backend portabilling --username ops \\",
                "      --url https://pb.example.com:8444/rest --password-env PB_PW \\",
                "      --api-style form"})
public final class ProfileAddCommand implements Callable<Integer> {
    private final Invocation invocation;

    ProfileAddCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
    String name;

    @Option(names = "--backend", required = true, paramLabel = "BACKEND", completionCandidates = BackendIds.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String backend;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The API's base URL, e.g. https://vcs.example.com/api: http:// or "
            + "https://, a host (underscores allowed), a port of 1..65535 if any, a path; no query, fragment or credentials.")
    String url;

    @Option(names = "--username", paramLabel = "USER", description = "Login name (Enswitch, PortaBilling, Yeti-Switch).")
    String username;

    @ArgGroup(exclusive = true)
    ApiKeySource apiKey;

    static final class ApiKeySource {
        @Option(names = "--api-key-stdin", required = true, description = "Read the API key from stdin and store it in the config.")
        boolean stdin;
        @Option(names = "--api-key-env", required = true, paramLabel = "VAR", description = "Read the API key from this variable at each call.")
        String env;
        @Option(names = "--api-key-command", required = true, paramLabel = "CMD", description = "Run this command once per call; its first line is the API key.")
        String command;
    }

    @ArgGroup(exclusive = true)
    PasswordSource password;

    static final class PasswordSource {
        @Option(names = "--password-stdin", required = true, description = "Read the password from stdin and store it in the config.")
        boolean stdin;
        @Option(names = "--password-env", required = true, paramLabel = "VAR", description = "Read the password from this variable at each call.")
        String env;
        @Option(names = "--password-command", required = true, paramLabel = "CMD", description = "Run this command once per call; its first line is the password.")
        String command;
    }

    @Option(names = "--api", paramLabel = "API", completionCandidates = JerasoftApis.class,
            description = "JeraSoft: what the URL serves: rest (the default: PATCH {url}/clients/accounts/{id}), jsonrpc (POST {url} with "
                    + "clients.accounts.update, the same API as JSON-RPC 2.0) or coreapi3 (VCS 3.x's CoreAPI, http://HOST:3080: "
                    + "accounts.update, the key in the AUTH parameter).")
    String api;

    static final class JerasoftApis extends java.util.ArrayList<String> {
        JerasoftApis() {
            super(java.util.List.of("rest", "jsonrpc", "coreapi3"));
        }
    }

    @Option(names = "--field-name", paramLabel = "NAME=SERVER_NAME",
            description = "JeraSoft: send the field NAME under the server's name SERVER_NAME, and read SERVER_NAME back as NAME, "
                    + "for the names billctl has not verified (e.g. orig_routing_plan_id=orig_routing_plans_id). Repeatable; "
                    + "stored in [profiles.NAME.field_names].")
    java.util.List<String> fieldNames;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "Also trust the CA certificate(s) in this PEM file.")
    String caCert;

    @Option(names = "--insecure", description = "Do not verify TLS certificates (warned about at every call).")
    boolean insecure;

    @Option(names = "--force", description = "Replace a profile of the same name.")
    boolean force;

    @Option(names = "--api-style", paramLabel = "STYLE", completionCandidates = ApiStyles.class,
            description = "PortaBilling: how its API is called. json (the default): JSON bodies and an access token as Authorization: Bearer; "
                    + "form: the form fields auth_info and params and a session_id, for releases before JSON and Bearer tokens (about MR100 and older).")
    String apiStyle;

    /** The values of --api-style, for completion. */
    static final class ApiStyles extends java.util.ArrayList<String> {
        ApiStyles() {
            super(java.util.List.of("json", "form"));
        }
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        if (apiKey != null && apiKey.stdin && password != null && password.stdin) {
            throw BillctlException.usage("--api-key-stdin and --password-stdin cannot both read stdin");
        }
        String storedKey = apiKey != null && apiKey.stdin ? readSecret(context, "API key") : null;
        String storedPassword = password != null && password.stdin ? readSecret(context, "password") : null;
        ProfileConfig profile = new ProfileConfig(backend, url, username,
                storedKey, apiKey == null ? null : apiKey.env, apiKey == null ? null : apiKey.command,
                storedPassword, password == null ? null : password.env, password == null ? null : password.command,
                caCert == null ? null : java.nio.file.Path.of(caCert).toAbsolutePath().toString(), insecure ? Boolean.TRUE : null,
                settings());
        ProfileEditor.Default madeDefault = new ProfileEditor(context.profiles()).add(name, profile, force);
        try {
            context.sessions().forgetProfile(name); // a replaced profile's logins were another URL's, user's or password's
        } catch (BillctlException e) {
            context.presenter().warning("the profile is saved, but its cached logins were left: " + e.getMessage());
        }
        boolean isDefault = madeDefault != ProfileEditor.Default.UNCHANGED;
        context.presenter().done("saved profile '" + name + "' to " + context.profiles().store().path(), Json.object().put("profile", name)
                .put("backend", backend).put("url", url).put("default", isDefault).put("config", context.profiles().store().path().toString()));
        switch (madeDefault) {
            case FIRST -> context.presenter().info("'" + name + "' is now the default profile, as the first one: calls without -p use it"
                    + " ('billctl profile use NAME' chooses another)");
            case NONE_WAS_SET -> context.presenter().info("'" + name + "' is now the default profile, since no other profile was (the default had been removed):"
                    + " calls without -p use it ('billctl profile use NAME' chooses another)");
            case UNCHANGED -> { }
        }
        return ExitCode.OK;
    }

    /** --api-style, for a backend that has the setting, with one of its values. */
    private String checkedApiStyle() {
        var known = invocation.backends().find(backend);
        if (known.isEmpty()) return apiStyle; // the unknown backend is refused with the profile
        List<String> styles = known.get().profileSettings().getOrDefault("api_style", List.of());
        if (styles.isEmpty()) throw BillctlException.usage("--api-style is not a setting of " + known.get().displayName() + " profiles");
        if (!styles.contains(apiStyle)) throw BillctlException.usage("--api-style must be " + String.join(" or ", styles) + ", got '" + apiStyle + "'");
        return apiStyle;
    }

    /** The backend's settings given as options ({@code api}, {@code field_names}, {@code api_style}); the backend checks them. */
    private ObjectNode settings() {
        ObjectNode settings = Json.object();
        if (api != null) settings.put("api", api);
        if (apiStyle != null) settings.put("api_style", checkedApiStyle());
        if (fieldNames != null) {
            ObjectNode names = settings.putObject("field_names");
            for (String pair : fieldNames) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) throw BillctlException.usage("--field-name takes NAME=SERVER_NAME, got '" + pair + "'");
                String name = pair.substring(0, eq).trim();
                if (names.has(name)) throw BillctlException.usage("--field-name names " + name + " twice");
                names.put(name, pair.substring(eq + 1).trim());
            }
        }
        return settings;
    }

    /** From a terminal without echo, else all of stdin less its trailing newline. */
    private static String readSecret(Context context, String what) {
        String secret = context.env().terminal().stdin() ? Terminal.readHidden(what + ": ", context.env().in(), context.env().err()) : null;
        if (secret == null) {
            try {
                secret = new String(context.env().in().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw BillctlException.usage("cannot read the " + what + " from stdin: " + e.getMessage());
            }
        }
        if (secret.isEmpty()) throw BillctlException.usage("no " + what + " on stdin");
        if (secret.contains("\n")) throw BillctlException.usage("the " + what + " on stdin spans several lines; give one line");
        return secret;
    }
}
