package io.billctl.core.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import io.billctl.core.catalog.Catalog;
import io.billctl.core.catalog.Field;

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

    /** The run's redactor, which each value is handed to; null for {@link #plain}. */
    Redactor redactor() {
        return redactor;
    }

    /**
     * Every secret value an update carries, whichever way it came (flags, {@code --set}, {@code -f}, a
     * batch record, undo): the values of the catalog's secret fields and secret members of objects and
     * lists of objects (PortaBilling's {@code sim_card_info.auth_key}), and of names the catalog does not
     * know that {@code names} calls secret ({@code --allow-unknown-fields}). A number or a boolean
     * given for one counts by its text; a list or an object by every value in it.
     */
    public static List<String> carried(Catalog catalog, ObjectNode fields, Redactor names) {
        List<String> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            collect(catalog.find(entry.getKey()).orElse(null), entry.getKey(), entry.getValue(), names, values);
        }
        return values;
    }

    private static void collect(Field field, String name, JsonNode value, Redactor names, List<String> values) {
        if (value == null || value.isNull()) return;
        if (field != null ? field.secret() : names.isSecretKey(name)) {
            leaves(value, values);
            return;
        }
        if (!value.isContainerNode()) return;
        for (JsonNode element : value.isArray() ? value : List.of(value)) {
            if (!element.isObject()) continue;
            for (Iterator<Map.Entry<String, JsonNode>> it = element.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                Field known = field == null ? null : field.member(member.getKey()).orElse(null);
                collect(known, member.getKey(), member.getValue(), names, values);
            }
        }
    }

    /** Every value inside {@code value}, as text; empty texts left out (nothing to mask). */
    private static void leaves(JsonNode value, List<String> values) {
        if (value.isContainerNode()) {
            for (JsonNode inside : value) leaves(inside, values);
        } else if (!value.isNull() && !value.asText().isEmpty()) {
            values.add(value.asText());
        }
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
