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
 * with the state saved under the data directory, and saves it again when the call ends.
 * {@code $BILLCTL_SANDBOX_FAULTS} injects faults into an embedded sandbox.
 */
public final class EmbeddedSandbox implements SandboxProvider {
    private final Env env;
    private final Emulators emulators;
    private final SandboxState state;
    private URI base;
    private SandboxServer server;
    private FileLock lock;

    public EmbeddedSandbox(Env env, Emulators emulators) {
        this.env = env;
        this.emulators = emulators;
        this.state = new SandboxState(env.dataDir());
    }

    @Override
    public synchronized Endpoint endpoint(Backend backend) {
        if (base == null) base = runningServer(state);
        if (base == null) base = startInProcess();
        Emulator emulator = server != null ? server.emulator(backend.id()) : emulators.unseeded(backend.id());
        if (emulator == null) throw BillctlException.usage("the sandbox has no emulator for " + backend.displayName());
        SandboxCredentials credentials = emulator.credentials();
        return new Endpoint(Profiles.SANDBOX, backend.id(), URI.create(base + emulator.mountPath()), credentials.username(),
                SecretRef.of("API key", credentials.apiKey(), null, null),
                SecretRef.of("password", credentials.password(), null, null), TlsSettings.DEFAULT, Profiles.SANDBOX);
    }

    /** The URL of a live {@code sandbox serve}, from the file it leaves, or null. */
    static URI runningServer(SandboxState state) {
        try {
            if (!Files.exists(state.serverFile())) return null;
            JsonNode info = Json.parse(Files.readString(state.serverFile()));
            long pid = info.path("pid").asLong();
            int port = info.path("port").asInt();
            if (port <= 0 || !alive(pid)) return null;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            }
            return URI.create("http://127.0.0.1:" + port);
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

    private URI startInProcess() {
        lock = state.lock();
        try {
            server = SandboxServer.start(0, emulators.create(), FaultPlan.parse(env.get("BILLCTL_SANDBOX_FAULTS").orElse("")), 4);
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
        if (server != null) {
            server.close();
            if (server.takeDirty()) state.save(server.snapshot());
            server = null;
        }
        release();
    }

    private void release() {
        if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
            lock = null;
        }
    }
}
