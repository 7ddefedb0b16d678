package io.billctl.core.batch;

import io.billctl.core.BillctlException;
import io.billctl.core.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Appends lines to the journal's file for many workers: {@link #append} returns once the line is
 * in the file (or at once, for a line that may wait for the next), and lines appended while another
 * worker is writing go out together in its next system call (a group commit), so that the
 * journal's cost does not grow with --parallel. A failed write fails every line that was in it,
 * and every line after.
 */
final class GroupCommit {
    private final FileChannel channel;
    private final Path file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** Lines are numbered as they are appended; {@code written} is the last one in the file. */
    private long appended;
    private long written;
    private boolean flushing;
    private volatile boolean broken;
    private IOException failure;

    GroupCommit(FileChannel channel, Path file) {
        this.channel = channel;
        this.file = file;
    }

    /**
     * Appends {@code line}; with {@code wait}, returns once it (and every line queued before it) is in
     * the file, else at once, the line going out with the next one that is waited for or {@link #flush}.
     */
    void append(byte[] line, boolean wait) {
        long mine;
        synchronized (this) {
            if (broken) throw unwritable();
            pending.writeBytes(line);
            mine = ++appended;
        }
        if (wait) writeUpTo(mine);
    }

    /** Everything queued, in the file. */
    void flush() {
        long upto;
        synchronized (this) {
            upto = appended;
        }
        writeUpTo(upto);
    }

    private void writeUpTo(long mine) {
        while (true) {
            byte[] batch;
            long upto;
            synchronized (this) {
                if (written >= mine) return;
                if (broken) throw unwritable();
                if (flushing) {
                    waitForWriter();
                    continue;
                }
                flushing = true;
                batch = pending.toByteArray();
                pending.reset();
                upto = appended;
            }
            IOException failed = null;
            try {
                ByteBuffer buffer = ByteBuffer.wrap(batch);
                while (buffer.hasRemaining()) channel.write(buffer);
            } catch (IOException e) {
                failed = e;
            }
            synchronized (this) {
                flushing = false;
                if (failed == null) {
                    written = upto;
                } else {
                    broken = true;
                    failure = failed;
                }
                notifyAll();
            }
        }
    }

    private void waitForWriter() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean broken() {
        return broken;
    }

    /** Whether any line made it to the file. */
    synchronized boolean wrote() {
        return written > 0;
    }

    private BillctlException unwritable() {
        return new BillctlException(ExitCode.UNAVAILABLE, "cannot write the journal " + file + (failure == null ? "" : ": " + failure.getMessage()), failure);
    }
}
