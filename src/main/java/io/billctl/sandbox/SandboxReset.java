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

/** {@code sandbox reset}: through a running server when there is one, else on the saved state. */
public final class SandboxReset {
    private SandboxReset() {}

    /** Answers where the reset happened, for the user. */
    public static String reset(Env env) {
        SandboxState state = new SandboxState(env.dataDir());
        URI running = EmbeddedSandbox.runningServer(state);
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
        FileLock lock = state.lock();
        try {
            Files.deleteIfExists(state.stateFile());
            return state.stateFile() + " removed";
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot remove " + state.stateFile() + ": " + e.getMessage(), e);
        } finally {
            try {
                lock.channel().close();
            } catch (IOException ignored) {
                // released with the process anyway
            }
        }
    }
}
