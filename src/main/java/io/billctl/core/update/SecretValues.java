package io.billctl.core.update;

import io.billctl.core.BillctlException;
import io.billctl.core.Env;
import io.billctl.core.http.Redactor;
import io.billctl.core.output.Terminal;
import java.io.IOException;
import io.billctl.core.input.Encoding;
import io.billctl.core.input.TextReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The value of a field the catalog marks secret (an account's password), which may come from
 * somewhere other users cannot see: a plain value on the command line is in {@code ps} for as long as
 * billctl runs, so {@code @FILE} reads it from a file and {@code -} from stdin (prompted without echo
 * on a terminal). A value starting with {@code @}, or a lone {@code -}, is put in a file to be sent
 * as it is. Every value is handed to the run's redactor.
 */
public final class SecretValues {
    private final Env env;
    private final Redactor redactor;
    /** What else reads stdin in this run ("-f -", "--batch -"), or null. */
    private final String stdinTakenBy;
    private String stdinReadBy;

    public SecretValues(Env env, Redactor redactor, String stdinTakenBy) {
        this.env = env;
        this.redactor = redactor;
        this.stdinTakenBy = stdinTakenBy;
    }

    /** No stdin, no files: plain values only (and no redactor to tell). */
    static SecretValues plain() {
        return new SecretValues(null, null, null);
    }

    /** The value {@code given} for {@code flag}: read from the file or stdin it names, or itself. */
    String value(String flag, String given) {
        String value = given;
        if (env != null && given.equals("-")) value = stdin(flag);
        else if (env != null && given.startsWith("@")) value = file(flag, given.substring(1));
        if (redactor != null) redactor.addSecretValue(value);
        return value;
    }

    private String stdin(String flag) {
        if (stdinTakenBy != null) {
            throw BillctlException.usage(with(flag, "-") + " and " + stdinTakenBy + " cannot both read stdin; give " + with(flag, "@FILE") + " instead");
        }
        if (stdinReadBy != null) {
            throw BillctlException.usage(with(flag, "-") + " and " + with(stdinReadBy, "-") + " cannot both read stdin; give one of them as @FILE");
        }
        stdinReadBy = flag;
        if (env.terminal().stdin()) {
            String typed = Terminal.readHidden(flag.replaceFirst("=$", "") + " (not shown): ", env.in(), env.err());
            if (typed != null) return notEmpty(flag, "-", "nothing was typed", typed);
        }
        try {
            return notEmpty(flag, "-", "stdin was empty", oneLine(flag, "stdin", text(flag, "-", env.in().readAllBytes())));
        } catch (IOException e) {
            throw BillctlException.usage(with(flag, "-") + ": cannot read stdin: " + e.getMessage());
        }
    }

    private static String file(String flag, String name) {
        if (name.isEmpty()) throw BillctlException.usage(with(flag, "@") + ": name the file after the @ (" + with(flag, "@FILE") + ")");
        try {
            return notEmpty(flag, "@" + name, "the file is empty", oneLine(flag, name, text(flag, "@" + name, Files.readAllBytes(Path.of(name)))));
        } catch (NoSuchFileException e) {
            throw BillctlException.usage(with(flag, "@" + name) + ": no such file");
        } catch (IOException e) {
            throw BillctlException.usage(with(flag, "@" + name) + ": cannot read: " + e.getMessage());
        }
    }

    /** UTF-8, a byte-order mark dropped (an editor's); bytes that are not UTF-8 refused, never sent as a replacement character. */
    private static String text(String flag, String source, byte[] bytes) {
        try {
            return TextReader.decode(bytes, source, Encoding.UTF_8, note -> { });
        } catch (TextReader.Undecodable e) {
            throw BillctlException.usage(with(flag, source) + ": not UTF-8 text; save it as UTF-8");
        }
    }

    /** The text less one trailing newline (as an editor or echo leaves it); more lines than one are a mistake. */
    private static String oneLine(String flag, String source, String text) {
        String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.contains("\n")) throw BillctlException.usage(flag.replaceFirst("=$", "") + ": " + source + " holds several lines; give the value alone on one line");
        return value;
    }

    /**
     * An empty file or stdin is a mistake far more often than a wish (a {@code pass show} that failed
     * into the file, a pipe that produced nothing): sent, it would clear the account's password. An
     * empty value is still one {@code ''} away.
     */
    private static String notEmpty(String flag, String source, String why, String value) {
        if (!value.isEmpty()) return value;
        throw BillctlException.usage(with(flag, source) + ": " + why + ", so nothing is sent; to set an empty value, give " + with(flag, "''"));
    }

    /** How the user typed it: "--password @pw.txt", or "--set password=@pw.txt". */
    private static String with(String flag, String value) {
        return flag.endsWith("=") ? flag + value : flag + " " + value;
    }
}
