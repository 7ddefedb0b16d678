package io.billctl.core.input;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file the user names for billctl to read ({@code --batch FILE}, {@code -f FILE}): a regular file,
 * {@code -} for stdin, or a pipe or FIFO named like a file ({@code <(...)}, {@code /dev/stdin}). Whatever
 * stands in the way of reading it is a usage error naming the option and the file, never a stack trace.
 */
public final class InputFile {
    private InputFile() {}

    /** The name the user gave, as messages call it: "stdin" for {@code -}. */
    public static String label(String name) {
        return name.equals("-") ? "stdin" : name;
    }

    /** Opens {@code name} for {@code option} ("--batch", "-f"). */
    public static InputStream open(String name, String option, Env env) {
        if (name.equals("-")) {
            if (env.in() instanceof io.billctl.core.ClosedStdin) throw BillctlException.usage(option + " -: " + io.billctl.core.ClosedStdin.MESSAGE);
            return env.in();
        }
        if (name.isEmpty()) throw BillctlException.usage(option + " takes a file name ('-' for stdin), not an empty one");
        Path file = Path.of(name);
        if (Files.isDirectory(file)) throw BillctlException.usage(option + " " + name + " is a directory, not a file");
        try {
            // A FileInputStream, not Files.newInputStream: that one's available() seeks, which a pipe refuses ("Illegal seek").
            return new FileInputStream(file.toFile());
        } catch (FileNotFoundException | SecurityException e) {
            if (!Files.exists(file)) throw BillctlException.usage(option + " " + name + ": no such file");
            throw BillctlException.usage(option + " " + name + ": cannot read it: " + reason(e));
        }
    }

    /** The whole of a small file ({@code -f}'s document): at most {@code limit} bytes, else a usage error. */
    public static byte[] readAll(String name, String option, Env env, int limit) {
        try (InputStream in = open(name, option, env)) {
            byte[] content = upTo(in, limit + 1);
            if (content.length > limit) {
                throw BillctlException.usage(option + " " + name + " is larger than " + (limit >> 20) + " MiB: not a document of fields");
            }
            return content;
        } catch (IOException e) {
            throw BillctlException.usage(option + " " + name + ": cannot read it: " + reason(e));
        }
    }

    /**
     * At most {@code most} bytes, read as they come with plain reads. Not {@code readNBytes}: a FileInputStream's
     * asks the file's size and position first (JDK 17.0.x), which a pipe or FIFO refuses ("Illegal seek").
     */
    private static byte[] upTo(InputStream in, int most) throws IOException {
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream(Math.min(most, 8192));
        byte[] chunk = new byte[8192];
        while (content.size() < most) {
            int read = in.read(chunk, 0, Math.min(chunk.length, most - content.size()));
            if (read < 0) break;
            content.write(chunk, 0, read);
        }
        return content.toByteArray();
    }

    /** The system's reason without the file name Java puts before it ("a.csv (Permission denied)" is "Permission denied"). */
    public static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int open = message.lastIndexOf(" (");
        return open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1) : message;
    }
}
