package io.billctl.sandbox;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.util.function.Consumer;

/** {@code sandbox reset}: through a running server when there is one, else on the saved state. */
public final class SandboxReset {
    private SandboxReset() {}

    /** Answers where the reset happened, for the user; {@code notes} hears of a wait for another call. */
    public static String reset(Env env, Consumer<String> notes) {
        SandboxState state = new SandboxState(env.dataDir());
        EmbeddedSandbox.Running server = EmbeddedSandbox.runningServer(state);
        URI running = server == null ? null : server.url();
        if (running != null) {
            try {
                HttpResponse<Void> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(running.resolve("/_sandbox/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode());
                return "the server at " + running;
            } catch (IOException e) {
                throw new BillctlException(ExitCode.UNAVAILABLE, "cannot reset the sandbox at " + running + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BillctlException(ExitCode.INTERRUPTED, "interrupted");
            }
        }
        EmbeddedSandbox.Running[] appeared = {null};
        FileLock lock = state.lock(notes, "(it has the embedded sandbox)", () -> (appeared[0] = EmbeddedSandbox.runningServer(state)) != null);
        if (lock == null) return reset(env, notes); // a server came up meanwhile: reset it there
        try {
            Files.deleteIfExists(state.stateFile());
            return state.stateFile() + " removed";
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot remove " + state.stateFile() + ": " + e.getMessage(), e);
        } finally {
            SandboxState.release(lock);
        }
    }
}
