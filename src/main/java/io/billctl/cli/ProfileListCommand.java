package io.billctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.config.Config;
import io.billctl.core.config.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code billctl profile list}. */
@Command(name = "list", aliases = "ls", header = "List profiles; the default is marked *.",
        description = "Every profile of the config file, and the built-in sandbox. With -o json: "
                + "{\"ok\":true, \"default\":NAME, \"profiles\":[{\"name\", \"backend\", \"url\", \"default\"}], \"config\":FILE}.")
public final class ProfileListCommand implements Callable<Integer> {
    private final Invocation invocation;

    ProfileListCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        Context context = invocation.context();
        Config config = context.profiles().config();
        String current = config.defaultProfile();
        if (context.presenter().json()) {
            ObjectNode document = Json.object();
            if (current == null) document.putNull("default");
            else document.put("default", current);
            ArrayNode list = document.putArray("profiles");
            config.profiles().forEach((name, p) -> list.addObject().put("name", name).put("backend", p.backend())
                    .put("url", p.url()).put("default", name.equals(current)));
            list.addObject().put("name", Profiles.SANDBOX).put("backend", "all").put("url", "built in")
                    .put("default", Profiles.SANDBOX.equals(current));
            document.put("config", context.profiles().store().path().toString());
            context.presenter().okDocument(document);
            return ExitCode.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        config.profiles().forEach((name, p) -> rows.add(List.of(mark(name, current), name, p.backend(), p.url())));
        rows.add(List.of(mark(Profiles.SANDBOX, current), Profiles.SANDBOX, "all", "built in (emulators)"));
        context.presenter().table(List.of("", "NAME", "BACKEND", "URL"), rows);
        return ExitCode.OK;
    }

    private static String mark(String name, String current) {
        return name.equals(current) ? "*" : "";
    }
}
