package io.billctl.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.config.Config;
import io.billctl.core.config.ProfileConfig;
import io.billctl.core.config.Profiles;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl profile show [NAME]}: where each secret comes from, never the secret. */
@Command(name = "show", header = "Show a profile (the selected one by default); secrets are never printed.",
        description = "Says where each secret comes from (stored in the config, a variable's name, a command), never the secret, and "
                + "the backend's settings. With -o json: {\"ok\":true, \"name\", \"backend\", \"url\", …, \"default\", \"config\"}.")
public final class ProfileShowCommand implements Callable<Integer> {
    private final Invocation invocation;

    ProfileShowCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Profile to show (default: the selected one).")
    String name;

    /** A setting on one line: text as it is, a table as {@code a=b, c=d}, anything else as JSON. */
    private static String shown(com.fasterxml.jackson.databind.JsonNode value) {
        if (value.isTextual()) return value.asText();
        if (value.isObject()) {
            List<String> pairs = new ArrayList<>();
            value.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + (e.getValue().isTextual() ? e.getValue().asText() : Json.write(e.getValue()))));
            return String.join(", ", pairs);
        }
        return Json.write(value);
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        Profiles profiles = context.profiles();
        String shown = profiles.selectedName(name != null ? name : context.globals().profile());
        Config config = profiles.config();
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        rows.add(new SimpleEntry<>("name", shown));
        if (Profiles.SANDBOX.equals(shown)) {
            rows.add(new SimpleEntry<>("backend", "all"));
            rows.add(new SimpleEntry<>("url", "built in: a running 'billctl sandbox serve', else emulators started for the call"));
            rows.add(new SimpleEntry<>("state", context.env().dataDir().resolve("sandbox.json").toString()));
        } else {
            ProfileConfig p = profiles.profile(shown);
            if (p == null) throw profiles.unknown(shown);
            rows.add(new SimpleEntry<>("backend", p.backend()));
            rows.add(new SimpleEntry<>("url", p.url()));
            if (p.username() != null) rows.add(new SimpleEntry<>("username", p.username()));
            if (!(p.apiKeyRef() instanceof io.billctl.core.config.SecretRef.Missing)) rows.add(new SimpleEntry<>("api_key", p.apiKeyRef().describe()));
            if (!(p.passwordRef() instanceof io.billctl.core.config.SecretRef.Missing)) rows.add(new SimpleEntry<>("password", p.passwordRef().describe()));
            if (p.caCert() != null) rows.add(new SimpleEntry<>("ca_cert", p.caCert()));
            rows.add(new SimpleEntry<>("tls", p.isInsecure() ? "NOT verified (insecure)" : "verified"));
            // The backend's settings (PortaBilling's api_style, JeraSoft's api, field_names) and any other key of the table, as stored;
            // a setting the backend lists but the profile does not set, as its default (the first value).
            p.others().fields().forEachRemaining(setting -> rows.add(new SimpleEntry<>(setting.getKey(), shown(setting.getValue()))));
            profiles.backends().find(p.backend()).ifPresent(backend -> backend.profileSettings().forEach((key, values) -> {
                if (!p.others().has(key)) rows.add(new SimpleEntry<>(key, values.get(0) + " (default)"));
            }));
        }
        rows.add(new SimpleEntry<>("default", Boolean.toString(shown.equals(config.defaultProfile()))));
        rows.add(new SimpleEntry<>("config", profiles.store().path().toString()));
        if (context.presenter().json()) {
            ObjectNode document = Json.object();
            rows.forEach(row -> document.put(row.getKey(), row.getValue()));
            document.put("default", shown.equals(config.defaultProfile()));
            context.presenter().okDocument(document);
        } else {
            context.presenter().keyValues(rows);
        }
        return ExitCode.OK;
    }
}
