package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The prepared records of a batch, between its two passes: written once in input order by the
 * first pass, read once by the second. The file is private (0600, in {@code $XDG_RUNTIME_DIR}
 * when there is one, else a 0700 directory under the temp directory) and unlinked as soon as it is
 * open, so that no exit, not even SIGKILL, leaves account data behind: the open descriptor is all
 * that holds it.
 */
final class Spool implements AutoCloseable {
    private final FileChannel channel;
    private BufferedReader reader;

    private Spool(FileChannel channel) {
        this.channel = channel;
    }

    static Spool create(Env env) {
        try {
            Path dir = privateDir(env);
            Path file = Files.createTempFile(dir, "billctl-batch", ".spool", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(file);
            return new Spool(channel);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot make a private temporary file for the batch: " + e.getMessage(), e);
        }
    }

    /** {@code $XDG_RUNTIME_DIR} (private to the user by definition), else {@code $TMPDIR/billctl-$USER}, made 0700. */
    static Path privateDir(Env env) throws IOException {
        var runtime = env.get("XDG_RUNTIME_DIR").map(Path::of).filter(Files::isDirectory);
        if (runtime.isPresent() && Files.isWritable(runtime.get())) return runtime.get();
        Path dir = Path.of(System.getProperty("java.io.tmpdir")).resolve("billctl-" + System.getProperty("user.name", "user"));
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made meanwhile by another run
            }
        }
        if (Files.isSymbolicLink(dir) || !ownedByThisUser(dir)) throw new IOException(dir + " is not a directory of this user's own");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    private static boolean ownedByThisUser(Path dir) throws IOException {
        Path self = Path.of("/proc/self");
        if (!Files.exists(self)) return true; // no way to tell cheaply; the mode is still set below
        return Files.getAttribute(dir, "unix:uid").equals(Files.getAttribute(self, "unix:uid"));
    }

    /** Where the first pass writes; closing it does not close the spool. */
    OutputStream writer() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) channel.write(buffer);
            }
        };
    }

    /** The next prepared record, or null at the end; reading starts over from the first record on first call. */
    synchronized Prepared next() {
        try {
            if (reader == null) {
                channel.position(0);
                reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8), 1 << 16);
            }
            String line = reader.readLine();
            return line == null ? null : Prepared.parse(line);
        } catch (IOException e) {
            throw new BillctlException(ExitCode.UNAVAILABLE, "cannot read the batch's temporary file: " + e.getMessage(), e);
        }
    }

    /** Reading starts over from the first record. */
    synchronized void rewind() {
        reader = null;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // unlinked already: the space is freed with the descriptor
        }
    }
}
