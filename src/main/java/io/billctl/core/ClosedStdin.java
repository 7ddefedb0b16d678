package io.billctl.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * stdin when the caller closed it ({@code billctl … <&-}). The JVM's first file then takes fd 0 (its own
 * {@code lib/modules}), and reading "stdin" read that: {@code -f -} said "larger than 16 MiB", {@code --batch -}
 * "not valid UTF-8", and closing it crashed the JVM. The launcher sees a closed fd 0 before Java starts,
 * puts /dev/null there and says so ({@code -Dbillctl.stdin=closed}); without the launcher, fd 0 pointing at
 * a file of the JVM's own (under {@code java.home}, or the jar) tells the same on Linux. Reading it is an
 * error that says what happened; it is never closed.
 */
public final class ClosedStdin extends InputStream {
    public static final String MESSAGE = "stdin is closed (the caller closed it, as <&- does): nothing to read";

    /** Whether this process's stdin was closed when it started, as far as can be told. */
    static boolean detect() {
        if ("closed".equals(System.getProperty("billctl.stdin"))) return true;
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
            if (!target.isAbsolute()) return false; // pipe:[…], socket:[…]
            Path javaHome = Path.of(System.getProperty("java.home")).toRealPath();
            if (target.startsWith(javaHome)) return true;
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty() && target.equals(Path.of(entry).toAbsolutePath().normalize())) return true;
            }
            return false;
        } catch (IOException | RuntimeException unknown) {
            return false; // no /proc: only the launcher's word
        }
    }

    @Override
    public int read() throws IOException {
        throw new IOException(MESSAGE);
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        throw new IOException(MESSAGE);
    }

    @Override
    public void close() {
        // fd 0 is not ours to close: it may be a file the JVM reads classes from
    }
}
