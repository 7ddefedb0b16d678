package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.backend.Backend;
import io.billctl.core.config.Endpoint;
import io.billctl.core.config.Profiles;
import io.billctl.core.config.SandboxProvider;
import io.billctl.core.config.SecretRef;
import io.billctl.core.http.TlsSettings;
import io.billctl.core.output.Presenter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code -p sandbox} profile. Uses a running {@code billctl sandbox serve} when there is
 * one; otherwise starts the emulators inside this process on a loopback port for the call,
 * with the state saved under the data directory, and saves it again when the call ends. Calls
 * take turns at the saved state: one that waits more than a second says for whom.
 * {@code $BILLCTL_SANDBOX_FAULTS} injects faults into an embedded sandbox; a running server has
 * its own, so the variable is then only checked, and a warning says how to set the server's.
 */
public final class EmbeddedSandbox implements SandboxProvider {
    /** The faults of an embedded sandbox. */
    public static final String FAULTS_VAR = "BILLCTL_SANDBOX_FAULTS";

    private final Env env;
    private final Emulators emulators;
    private final SandboxState state;
    private final Presenter presenter;
    private URI base;
    private SandboxServer server;
    private FileLock lock;

    public EmbeddedSandbox(Env env, Emulators emulators, Presenter presenter) {
        this.env = env;
        this.emulators = emulators;
        this.presenter = presenter;
        this.state = new SandboxState(env.dataDir());
    }

    @Override
    public synchronized Endpoint endpoint(Backend backend) {
        if (base == null) {
            // Checked whoever serves the call: a spec that cannot work is an error, not a silent no-op.
            FaultPlan faults = faults(env);
            Running running = runningServer(state);
            if (running != null) {
                warnFaultsIgnored(running);
                base = running.url();
            } else {
                base = startInProcess(faults);
            }
        }
        Emulator emulator = server != null ? server.emulator(backend.id()) : emulators.unseeded(backend.id());
        if (emulator == null) throw BillctlException.usage("the sandbox has no emulator for " + backend.displayName());
        SandboxCredentials credentials = emulator.credentials();
        return new Endpoint(Profiles.SANDBOX, backend.id(), URI.create(base + emulator.mountPath()), credentials.username(),
                SecretRef.of("API key", credentials.apiKey(), null, null),
                SecretRef.of("password", credentials.password(), null, null), TlsSettings.DEFAULT, Profiles.SANDBOX);
    }

    /**
     * {@value #FAULTS_VAR} as a plan, or null when it is unset (a call to a running server then loads no
     * fault class); an invalid spec is a usage error naming the variable.
     */
    static FaultPlan faults(Env env) {
        String spec = env.get(FAULTS_VAR).orElse(null);
        if (spec == null) return null;
        try {
            return FaultPlan.parse(spec);
        } catch (BillctlException e) {
            throw BillctlException.usage(FAULTS_VAR + ": " + e.getMessage());
        }
    }

    private void warnFaultsIgnored(Running running) {
        String spec = env.get(FAULTS_VAR).orElse(null);
        if (spec == null) return;
        presenter.warning(FAULTS_VAR + " is ignored: this call goes to the running sandbox server (pid " + running.pid() + ", " + running.url()
                + "), which has faults of its own; set them with: curl -X PUT --data " + shellQuoted(spec.strip()) + " "
                + running.url() + "/_sandbox/faults");
    }

    /** A word the shell passes as it is: single-quoted unless it is plainly safe. */
    static String shellQuoted(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ",.=-_:".indexOf(c) >= 0)) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** A live {@code sandbox serve}: its pid and base URL. */
    record Running(long pid, URI url) {}

    /** The live {@code sandbox serve} of this data directory, from the file it leaves, or null. */
    static Running runningServer(SandboxState state) {
        try {
            if (!Files.exists(state.serverFile())) return null;
            JsonNode info = Json.parse(Files.readString(state.serverFile()));
            long pid = info.path("pid").asLong();
            int port = info.path("port").asInt();
            if (port <= 0 || !alive(pid)) return null;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            }
            return new Running(pid, URI.create("http://127.0.0.1:" + port));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** /proc when there is one: ProcessHandle starts a thread pool, a few ms of a cold call. */
    private static boolean alive(long pid) {
        if (pid <= 0) return false;
        Path proc = Path.of("/proc");
        if (Files.isDirectory(proc.resolve("self"))) return Files.exists(proc.resolve(Long.toString(pid)));
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The emulators in this process, once this call holds the saved state; or the URL of a server that
     * started while it waited for another call to finish with the state.
     */
    private URI startInProcess(FaultPlan faults) {
        Running[] appeared = {null};
        lock = state.lock(presenter::info, "(it has the embedded sandbox; calls take turns unless 'billctl sandbox serve' runs)",
                () -> (appeared[0] = runningServer(state)) != null);
        if (lock == null) {
            warnFaultsIgnored(appeared[0]);
            return appeared[0].url();
        }
        try {
            server = SandboxServer.start(0, emulators.create(), faults == null ? FaultPlan.NONE : faults, 4);
        } catch (IOException e) {
            release();
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot start the embedded sandbox: " + e.getMessage(), e);
        }
        JsonNode saved = state.load();
        if (saved != null) server.restore(saved);
        return server.baseUri();
    }

    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                server.close();
                if (server.takeDirty()) state.save(server.snapshot());
            }
        } finally {
            server = null;
            release();
        }
    }

    private void release() {
        SandboxState.release(lock);
        lock = null;
    }
}
