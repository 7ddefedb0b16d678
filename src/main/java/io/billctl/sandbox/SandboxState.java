package io.billctl.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import io.billctl.core.Json;
import io.billctl.core.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The sandbox's files under the data directory: {@code sandbox.json} (the emulators' accounts,
 * so one call sees the last one's changes), {@code sandbox.lock} (one writer at a time), and
 * {@code sandbox-server.json} (where a running {@code sandbox serve} listens, and its pid); 0600 files
 * in a 0700 directory, whatever the umask.
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

    Path lockFile() {
        return dir.resolve("sandbox.lock");
    }

    /** How long a call waits for another's lock in silence; then it says whom it waits for. */
    static final long QUIET_MILLIS = 1000;
    private static final long POLL_MILLIS = 50;

    /**
     * Holds the state for this process until released. While another billctl holds it, tries again
     * every 50 ms: after a second it says once, through {@code notes}, which process it waits for
     * (the holder writes its pid in the lock file); and it gives up, answering null, as soon as
     * {@code giveUp} says so (a {@code sandbox serve} came up meanwhile, which serves the call instead).
     */
    FileLock lock(Consumer<String> notes, String why, BooleanSupplier giveUp) {
        FileChannel channel;
        try {
            PrivateFiles.directories(dir);
            channel = PrivateFiles.lockFile(lockFile());
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot lock the sandbox state in " + dir + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        boolean told = false;
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    stamp(channel);
                    return lock;
                }
                if (giveUp.getAsBoolean()) {
                    channel.close();
                    return null;
                }
                if (!told && System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                    long pid = holder();
                    notes.accept("waiting for another billctl" + (pid > 0 ? " (pid " + pid + ")" : "") + "\u2026 " + why);
                    told = true;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot lock the sandbox state in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw new BillctlException(ExitCode.INTERRUPTED, "interrupted while waiting for another billctl to finish with the sandbox");
        }
    }

    /** The lock, or null while another process (or another holder in this one) has it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException thisProcessHasIt) {
            return null;
        }
    }

    /** Writes this process's pid in the lock file it holds, for whoever waits for it. */
    private static void stamp(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    }

    /** The pid the lock's holder wrote, or 0 when it is not known. */
    private long holder() {
        try {
            String text = Files.readString(lockFile(), StandardCharsets.US_ASCII).strip();
            return text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit) ? 0 : Long.parseLong(text);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void release(FileLock lock) {
        if (lock != null) closeQuietly(lock.channel());
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
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
