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
        if (name.equals("-")) return env.in();
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
            byte[] content = in.readNBytes(limit + 1);
            if (content.length > limit) {
                throw BillctlException.usage(option + " " + name + " is larger than " + (limit >> 20) + " MiB: not a document of fields");
            }
            return content;
        } catch (IOException e) {
            throw BillctlException.usage(option + " " + name + ": cannot read it: " + reason(e));
        }
    }

    /** The system's reason without the file name Java puts before it ("a.csv (Permission denied)" is "Permission denied"). */
    public static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int open = message.lastIndexOf(" (");
        return open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1) : message;
    }
}
