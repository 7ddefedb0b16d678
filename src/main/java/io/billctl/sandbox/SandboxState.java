package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The sandbox's files under the data directory: {@code sandbox.json} (the emulators' accounts,
 * so one call sees the last one's changes), {@code sandbox.lock} (one writer at a time), and
 * {@code sandbox-server.json} (where a running {@code sandbox serve} listens).
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
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve("sandbox.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".sandbox", ".json");
            Files.writeString(temp, Json.write(state));
            try {
                Files.move(temp, stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, stateFile(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot save the sandbox state to " + stateFile() + ": " + e.getMessage(), e);
        }
    }
}
