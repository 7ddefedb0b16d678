package io.billctl.core;

import java.io.IOException;
import java.io.OutputStream;

/**
 * stdout beneath the run's PrintStream, which swallows every IOException (a list cut short on a full
 * disk exited 0): each write that fails throws {@link OutputFailed} instead, which a PrintStream lets
 * through. After the first, every write throws the same at once: nothing more is written, and a list
 * stops fetching pages as soon as its writer meets it.
 */
public final class CheckedOutput extends OutputStream {
    private final OutputStream out;
    private volatile OutputFailed failed;

    public CheckedOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        check();
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        check();
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // at exit: what failed was said when it was written
        }
    }

    private void check() {
        OutputFailed already = failed;
        if (already != null) throw already;
    }

    private synchronized OutputFailed failed(IOException e) {
        if (failed == null) failed = OutputFailed.of(e);
        return failed;
    }
}
