package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.PrivateFiles;
import java.io.IOException;
import java.net.BindException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code billctl sandbox serve}: the emulators as a server for other tools and for later calls
 * of {@code -p sandbox}, which find it through {@code sandbox-server.json}. State is saved a
 * second after a change and on shutdown.
 */
public final class StandaloneSandbox implements AutoCloseable {
    private final SandboxState state;
    private final SandboxServer server;
    private final FileLock lock;
    private final ScheduledExecutorService saver;

    private StandaloneSandbox(SandboxState state, SandboxServer server, FileLock lock) {
        this.state = state;
        this.server = server;
        this.lock = lock;
        this.saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sandbox-save");
            thread.setDaemon(true);
            return thread;
        });
        saver.scheduleWithFixedDelay(this::saveIfChanged, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts the server for this data directory. A second one is refused (exit 2) naming the first's
     * pid and URL, rather than waiting for its lock; a call using the embedded sandbox is waited for,
     * and said so after a second. {@code notes} gets that line.
     */
    public static StandaloneSandbox start(Env env, Emulators emulators, int port, FaultPlan faults, boolean reset, Consumer<String> notes) {
        SandboxState state = new SandboxState(env.dataDir());
        EmbeddedSandbox.Running running = EmbeddedSandbox.runningServer(state);
        if (running != null) throw alreadyRunning(state, running);
        EmbeddedSandbox.Running[] appeared = {null};
        FileLock lock = state.lock(notes, "(a call using the embedded sandbox; the server starts when it ends)",
                () -> (appeared[0] = EmbeddedSandbox.runningServer(state)) != null);
        if (lock == null) throw alreadyRunning(state, appeared[0]);
        SandboxServer server;
        try {
            server = SandboxServer.start(port, emulators.create(), faults, 16);
        } catch (BindException e) {
            closeQuietly(lock);
            throw BillctlException.usage("port " + port + " is in use; pick another with --port");
        } catch (IOException e) {
            closeQuietly(lock);
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot start the sandbox: " + e.getMessage(), e);
        }
        JsonNode saved = reset ? null : state.load();
        if (saved != null) server.restore(saved);
        else server.reset();
        try {
            PrivateFiles.write(state.serverFile(), Json.write(Json.object().put("port", server.port()).put("pid", ProcessHandle.current().pid())));
        } catch (IOException e) {
            server.close();
            closeQuietly(lock);
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot write " + state.serverFile() + ": " + e.getMessage(), e);
        }
        return new StandaloneSandbox(state, server, lock);
    }

    public SandboxServer server() {
        return server;
    }

    private void saveIfChanged() {
        if (server.takeDirty()) state.save(server.snapshot());
    }

    @Override
    public void close() {
        saver.shutdownNow();
        server.close();
        saveIfChanged();
        try {
            Files.deleteIfExists(state.serverFile());
        } catch (IOException ignored) {
            // a stale file is ignored by callers once the process is gone
        }
        closeQuietly(lock);
    }

    private static BillctlException alreadyRunning(SandboxState state, EmbeddedSandbox.Running running) {
        return BillctlException.usage("a sandbox server is already running for " + state.serverFile().getParent() + " (pid " + running.pid()
                + ", " + running.url() + "): calls with -p sandbox use it; stop it before starting another");
    }

    private static void closeQuietly(FileLock lock) {
        SandboxState.release(lock);
    }
}
