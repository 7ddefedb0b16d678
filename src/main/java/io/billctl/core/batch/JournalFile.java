package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * A journal's file, opened for a run: created 0600 whatever the umask, locked (one run at a time),
 * its history read and a torn last line (a crash mid-write) cut off, positioned at its end.
 */
record JournalFile(FileChannel channel, FileLock lock, JournalHistory history) {

    /**
     * Opens and locks the journal before anything else happens: a run already holding it is a usage
     * error at once. An existing journal needs {@code resume}; its history is read and a torn last
     * line cut off, so the next entry starts on a line of its own.
     */
    static JournalFile open(Path file, boolean resume) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw BillctlException.usage("cannot open the journal " + file + ": " + e.getMessage());
        }
        try {
            FileLock lock = tryLock(channel);
            long size = channel.size();
            if (lock == null) {
                long pid = size > 0 ? pidOf(file, size) : -1;
                throw BillctlException.usage("journal " + file + " is in use by another billctl" + (pid > 0 ? " (pid " + pid + ")" : "")
                        + "; only one run may use a journal at a time");
            }
            if (size > 0 && !resume) {
                throw BillctlException.usage("journal " + file + " already exists; pass --resume to continue that run, or choose another file");
            }
            JournalHistory history = JournalHistory.empty();
            if (size > 0) {
                long complete = completeLength(channel, size);
                history = JournalHistory.read(channel, file, complete); // through the locked channel: see there
                if (complete < size) channel.truncate(complete);
            }
            channel.position(channel.size());
            return new JournalFile(channel, lock, history);
        } catch (BillctlException e) {
            close(channel);
            throw e;
        } catch (IOException e) {
            close(channel);
            throw BillctlException.usage("cannot use the journal " + file + ": " + e.getMessage());
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    /** The pid of the journal's last run, for "in use by pid N". */
    private static long pidOf(Path file, long size) {
        try {
            return JournalHistory.read(file, size).lastPid();
        } catch (BillctlException unreadable) {
            return -1;
        }
    }

    /** Where the journal's complete lines end: after its last newline. */
    private static long completeLength(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long at = size - 1; at >= 0; at--) {
            one.clear();
            channel.read(one, at);
            if (one.get(0) == '\n') return at + 1;
        }
        return 0;
    }

    static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // every entry was written when it happened
        }
    }
}
