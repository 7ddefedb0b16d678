package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sandbox's files under the data directory: {@code sandbox.json} (the emulators' accounts,
 * so one call sees the last one's changes), {@code sandbox.lock} (one writer at a time), and
 * {@code sandbox-server.json} (where a running {@code sandbox serve} listens); 0600 files in a 0700
 * directory, whatever the umask.
 */
final class SandboxState {
    private final Path dir;

    SandboxState(Path dir) {
        this.dir = dir;
    }

    Path stateFile() {
        return dir.resolve("sandbox.json");
    }

    Path serverFile() {
        return dir.resolve("sandbox-server.json");
    }

    /** Holds the state for this process until released; waits while another call holds it. */
    FileLock lock() {
        try {
            PrivateFiles.directories(dir);
            FileChannel channel = PrivateFiles.lockFile(dir.resolve("sandbox.lock"));
            return channel.lock();
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot lock the sandbox state in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The saved state, or null when there is none or it cannot be read (the sandbox then starts fresh). */
    JsonNode load() {
        Path file = stateFile();
        if (!Files.exists(file)) return null;
        try {
            return Json.parse(Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }

    void save(JsonNode state) {
        try {
            PrivateFiles.directories(dir);
            PrivateFiles.write(stateFile(), Json.write(state));
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot save the sandbox state to " + stateFile() + ": " + e.getMessage(), e);
        }
    }
}
