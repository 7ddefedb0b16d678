package io.billctl.core.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which of the standard streams are a terminal, and how wide it is: the one place billctl decides
 * it. Never jansi's native {@code isatty}: loading it costs a batch 45-75 ms and, with a temp
 * directory mounted {@code noexec}, prints an UnsatisfiedLinkError on every run.
 * <p>
 * The launcher passes what the shell's own {@code [ -t N ]} found as {@code -Dbillctl.tty=0,1,2}
 * (the descriptors that are terminals; empty for none). Without the launcher ({@code java -jar}),
 * {@code /proc/self/fd/N} tells whether a descriptor is a terminal device; without {@code /proc},
 * {@link System#console()} does for stdin and stdout together.
 */
public final class Terminal {
    /** Nothing is a terminal: tests, pipes, CI. */
    public static final Terminal NONE = new Terminal(false, false, false, 0);

    private final boolean stdin;
    private final boolean stdout;
    private final boolean stderr;
    /** 0 until asked: finding the width may run {@code stty}. */
    private volatile int width;

    public Terminal(boolean stdin, boolean stdout, boolean stderr, int width) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.width = width;
    }

    /** The process's own streams. */
    public static Terminal detect() {
        String given = System.getProperty("billctl.tty");
        if (given != null) {
            return new Terminal(given.contains("0"), given.contains("1"), given.contains("2"), 0);
        }
        Path fd = Path.of("/proc/self/fd");
        if (Files.isDirectory(fd)) return new Terminal(isTty(fd.resolve("0")), isTty(fd.resolve("1")), isTty(fd.resolve("2")), 0);
        boolean console = System.console() != null;
        return new Terminal(console, console, false, 0);
    }

    private static boolean isTty(Path descriptor) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public boolean stdin() {
        return stdin;
    }

    public boolean stdout() {
        return stdout;
    }

    public boolean stderr() {
        return stderr;
    }

    /**
     * Colour on a stream: never with {@code NO_COLOR} or {@code --no-color}; always with
     * {@code CLICOLOR_FORCE} (other than "0"); else only on a terminal whose {@code TERM} is not "dumb".
     */
    public static boolean color(boolean onTerminal, boolean noColorFlag, Map<String, String> vars) {
        if (noColorFlag || notEmpty(vars.get("NO_COLOR"))) return false;
        String force = vars.get("CLICOLOR_FORCE");
        if (notEmpty(force) && !force.equals("0")) return true;
        return onTerminal && !"dumb".equals(vars.get("TERM"));
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

    /**
     * Columns of the terminal on stderr, for the progress bar: {@code $COLUMNS} when set, else what
     * {@code stty size} says of the controlling terminal (run once, only when asked), else 80.
     */
    public int width(Map<String, String> vars) {
        int known = width;
        if (known > 0) return known;
        known = columns(vars.get("COLUMNS"));
        if (known <= 0 && stderr) known = sttyColumns();
        if (known <= 0) known = 80;
        width = known;
        return known;
    }

    private static int columns(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int sttyColumns() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = stty.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            }
            if (!stty.waitFor(2, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return 0;
            }
            String[] rowsColumns = out.split("\\s+");
            return rowsColumns.length == 2 ? columns(rowsColumns[1]) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * A line typed at the terminal, not shown as it is typed: through the JVM's console when it has
     * one, else (stdout redirected, so no console) with the terminal's echo turned off by {@code stty}
     * around the read, and back on even if the run is stopped meanwhile. Null when neither can be done.
     */
    public static String readHidden(String prompt, InputStream in, java.io.PrintStream err) {
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? "" : new String(typed);
        }
        if (!stty("-echo")) return null;
        Thread restore = new Thread(() -> stty("echo"), "billctl-echo-on");
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            err.print(prompt);
            err.flush();
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) line.write(b);
            return line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", "");
        } catch (IOException e) {
            return null;
        } finally {
            stty("echo");
            err.println();
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private static boolean stty(String setting) {
        try {
            Process stty = new ProcessBuilder("stty", setting).redirectInput(new java.io.File("/dev/tty"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
