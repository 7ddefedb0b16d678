package io.billctl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.ProfileConfig;
import io.billctl.core.config.Profiles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code billctl profile test [NAME]}: one authenticated call that changes nothing. */
@Command(name = "test", header = "Check that a profile reaches its backend and its credentials are accepted.",
        description = "Exits 0 when they are, 3 when the credentials are refused, 5 when the server cannot be reached. The sandbox "
                + "profile tests every backend. With -o json: {\"ok\":true, \"profile\":NAME, \"results\":[{\"backend\", \"url\", \"message\", \"ms\"}]}.")
public final class ProfileTestCommand implements Callable<Integer> {
    private final Invocation invocation;

    ProfileTestCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Profile to test (default: the selected one).")
    String name;

    @Override
    public Integer call() {
        Context context = invocation.context();
        Profiles profiles = context.profiles();
        String tested = profiles.selectedName(name != null ? name : context.globals().profile());
        List<Backend> backends;
        if (Profiles.SANDBOX.equals(tested)) {
            backends = context.backends().all();
        } else {
            ProfileConfig profile = profiles.profile(tested);
            if (profile == null) throw profiles.unknown(tested);
            backends = List.of(context.backends().require(profile.backend()));
        }
        List<List<String>> rows = new ArrayList<>();
        ArrayNode results = Json.NODES.arrayNode();
        for (Backend backend : backends) {
            Endpoint endpoint = profiles.resolve(tested, backend);
            long started = System.nanoTime();
            String proof = context.connect(backend, endpoint).client().test();
            long millis = (System.nanoTime() - started) / 1_000_000;
            rows.add(List.of(tested, backend.id(), endpoint.url().toString(), "ok", proof + " (" + millis + " ms)"));
            results.addObject().put("backend", backend.id()).put("url", endpoint.url().toString()).put("message", proof).put("ms", millis);
        }
        if (context.presenter().json()) {
            ObjectNode document = Json.object().put("profile", tested);
            document.set("results", results);
            context.presenter().okDocument(document);
        } else {
            context.presenter().table(List.of("PROFILE", "BACKEND", "URL", "STATUS", "DETAIL"), rows);
        }
        return ExitCode.OK;
    }
}
