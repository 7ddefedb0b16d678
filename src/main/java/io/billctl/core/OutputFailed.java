package io.billctl.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * stdout could not be written ({@link CheckedOutput}): a full disk, {@code /dev/full}, an I/O error (exit 5,
 * "cannot write the output: …"), or a reader that has gone, as {@code | head -1} does (a broken pipe: exit
 * {@value ExitCode#BROKEN_PIPE}, as a shell reports a process that SIGPIPE ended, and no error line, as Unix
 * tools do). Whoever meets it writes nothing more on stdout; the line on stderr is said once ({@link #report}).
 */
public final class OutputFailed extends BillctlException {
    private final boolean brokenPipe;
    private final AtomicBoolean reported = new AtomicBoolean();

    private OutputFailed(boolean brokenPipe, String message, IOException cause) {
        super(brokenPipe ? ExitCode.BROKEN_PIPE : ExitCode.UNAVAILABLE, message, cause);
        this.brokenPipe = brokenPipe;
    }

    static OutputFailed of(IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new OutputFailed(brokenPipe(reason), "cannot write the output: " + reason, e);
    }

    /** The reader of stdout has gone: nothing to say, and nobody to say it to on stdout. */
    public boolean brokenPipe() {
        return brokenPipe;
    }

    /** Said already, in another's words (a batch's, with what it did not send): not again. */
    public void said() {
        reported.set(true);
    }

    /** Its one line on {@code err}, the first time it is asked for; nothing for a broken pipe. */
    public void report(PrintStream err) {
        if (brokenPipe || !reported.compareAndSet(false, true)) return;
        err.println("error: " + getMessage());
        err.flush();
    }

    /**
     * EPIPE: the system's own words (the JVM ignores SIGPIPE, so a write to a pipe without a reader fails
     * with them), or, where the words are another language's, any write error on a pipe or socket (all a
     * pipe's writes can meet on Linux besides EPIPE is EAGAIN, and stdout is not non-blocking).
     */
    private static boolean brokenPipe(String reason) {
        if (reason.contains("Broken pipe")) return true;
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("pipe:") || target.startsWith("socket:");
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }
}
