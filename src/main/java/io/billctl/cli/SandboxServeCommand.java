package io.billctl.cli;

import io.billctl.core.Context;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.sandbox.EmbeddedSandbox;
import io.billctl.sandbox.Emulator;
import io.billctl.sandbox.FaultPlan;
import io.billctl.sandbox.StandaloneSandbox;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code billctl sandbox serve [--port N]}. */
@Command(name = "serve", header = "Serve the emulators on 127.0.0.1 until interrupted.",
        // A paragraph is one string, wrapped at spaces to the terminal's width (lines cut by hand were cut again
        // mid-phrase); indented lines, a table here, are printed as they are, and are a literal block in the man page.
        description = {"Each backend answers under its own path, with the vendor's paths, auth and errors.",
                "",
                "Sandbox credentials:",
                "",
                "  JeraSoft      X-Api-Key 'sandbox-jerasoft-key'",
                "  Enswitch      user 'sandbox', password 'sandbox-enswitch-password'",
                "                ('sandbox-viewer' lacks the commerce role)",
                "  PortaBilling  user 'sandbox', password 'sandbox-portabilling-password'",
                "                or token 'sandbox-portabilling-token'",
                "  Yeti-Switch   user 'sandbox', password 'sandbox-yeti-password'",
                "",
                "Control: GET /_sandbox/health, GET|PUT /_sandbox/faults, POST /_sandbox/reset, GET /_sandbox/requests.",
                "",
                "Faults, comma-separated: error=0.1 or error=3x (with status=503), throttle=0.05 (with retry-after=2), drop=0.02, "
                        + "latency=50 or latency=20-80 (ms), meddle=0.1 or meddle=1x (an account being read is changed as another user "
                        + "would, before the read is answered; meddle-when=write: after it; meddle-field=NAME), seed=42.",
                "",
                "PortaBilling's own: token-fault=failed_to_process_access_token (or auth_failed, failed_to_process_jwt, "
                        + "envelope_missed), token-reset=N or always (sessions end at the Nth call, or at once), "
                        + "login-expiry=expires_in|expires_at|both|none, deny=7:9 (accounts out of the login's reach)."},
        footerHeading = "%nExamples:%n",
        footer = {"  billctl sandbox serve --port 8808",
                "  billctl sandbox serve --faults error=0.1,latency=5-20",
                "  curl -X PUT --data throttle=0.2 \\",
                "      http://127.0.0.1:8808/_sandbox/faults"})
public final class SandboxServeCommand implements Callable<Integer> {
    private final Invocation invocation;

    SandboxServeCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Option(names = "--port", paramLabel = "N", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).", defaultValue = "8808")
    int port;

    @Option(names = "--faults", paramLabel = "SPEC", description = "Faults to inject into API calls (see above; default: $BILLCTL_SANDBOX_FAULTS).")
    String faults;

    @Option(names = "--reset", description = "Start from the seeded accounts instead of the saved state.")
    boolean reset;

    @Option(names = "--log-requests", description = "Log each API request on stderr.")
    boolean logRequests;

    @Override
    public Integer call() throws InterruptedException {
        Context context = invocation.context();
        if (port < 0 || port > 65535) throw io.billctl.core.BillctlException.usage("--port must be 0..65535, got " + port);
        String spec = faults;
        String source = "--faults";
        if (spec == null && context.env().get(EmbeddedSandbox.FAULTS_VAR).isPresent()) {
            spec = context.env().get(EmbeddedSandbox.FAULTS_VAR).get();
            source = EmbeddedSandbox.FAULTS_VAR;
        }
        FaultPlan plan;
        try {
            plan = FaultPlan.parse(spec);
        } catch (io.billctl.core.BillctlException e) {
            throw io.billctl.core.BillctlException.usage(source + ": " + e.getMessage());
        }
        StandaloneSandbox sandbox = StandaloneSandbox.start(context.env(), invocation.emulators(), port, plan, reset, context.presenter()::info);
        sandbox.server().logRequests(logRequests);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<List<String>> rows = new ArrayList<>();
        ObjectNode backends = Json.object();
        for (Emulator emulator : sandbox.server().emulators()) {
            rows.add(List.of(emulator.backendId(), sandbox.server().baseUri() + emulator.mountPath()));
            backends.put(emulator.backendId(), sandbox.server().baseUri() + emulator.mountPath());
        }
        if (context.presenter().json()) {
            ObjectNode document = Json.object().put("url", sandbox.server().baseUri().toString());
            document.set("backends", backends);
            context.presenter().okDocument(document);
        } else {
            context.presenter().table(List.of("BACKEND", "URL"), rows);
        }
        context.presenter().info("sandbox listening on " + sandbox.server().baseUri() + " (Ctrl-C stops it)"
                + (spec == null || spec.isBlank() ? "" : "; faults from " + source + ": " + spec.strip()));
        stopped.await();
        return ExitCode.OK;
    }
}
