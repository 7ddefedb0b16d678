package io.billctl.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interactive program on a pseudo-terminal, through util-linux's {@code script} (on every Linux
 * with util-linux, which Debian and Ubuntu always install): keys go in as a user types them, and the
 * terminal's output comes back as the screen got it. 200 columns and 50 rows, so that lists do not wrap.
 */
final class Pty implements AutoCloseable {
    /** How long anything may take before the test calls it hung: generous, the machine may be busy. */
    private static final long PATIENCE_MILLIS = 60_000;

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;
    private int mark;

    private Pty(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        this.reader = new Thread(this::read, "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether util-linux's script is here (BSD's, on macOS, takes other options). */
    static boolean available() {
        if (!Shell.available("script")) return false;
        Shell.Result version = Shell.run(Path.of("."), Map.of(), "script", "--version");
        return version.exit() == 0 && (version.out() + version.err()).contains("util-linux");
    }

    /** Runs {@code command} (a shell command line for /bin/sh) on a new pseudo-terminal. */
    static Pty start(Path workDir, Map<String, String> env, String command) {
        try {
            ProcessBuilder builder = new ProcessBuilder("script", "-qfec", "stty cols 200 rows 50; exec " + command, "/dev/null")
                    .directory(workDir.toFile()).redirectErrorStream(true);
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            environment.put("SHELL", "/bin/sh");
            environment.put("LANG", "C.UTF-8");
            environment.putAll(env);
            return new Pty(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(text);
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Types {@code text} (\t is TAB, \r Enter, \u0003 Ctrl-C...). */
    void type(String text) {
        try {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the terminal's program is gone:\n" + transcript(), e);
        }
    }

    /** From now on, {@link #await} looks only at what the terminal shows next. */
    void mark() {
        synchronized (output) {
            mark = output.length();
        }
    }

    /** Where the mark is, in the whole output. */
    int position() {
        synchronized (output) {
            return mark;
        }
    }

    /** The output as it came, from {@code from} to {@code to}. */
    String raw(int from, int to) {
        synchronized (output) {
            return output.substring(from, to);
        }
    }

    /**
     * Waits until the output since the mark matches {@code pattern} (a find, on the output as it came,
     * escapes and all), and returns it up to the match's end, moving the mark there.
     */
    Matcher await(Pattern pattern) {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        synchronized (output) {
            while (true) {
                Matcher matcher = pattern.matcher(output);
                if (matcher.find(mark)) {
                    mark = matcher.end();
                    return matcher;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    fail("the terminal never showed /" + pattern + "/; since the last step it showed:\n" + visible(output.substring(mark))
                            + "\n--- raw ---\n" + output.substring(mark).replace("\u001b", "\\e"));
                }
                try {
                    output.wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * Waits until the text shown since the mark ({@link #visible}) satisfies {@code test}, and returns
     * that text; the mark stays.
     */
    String awaitText(java.util.function.Predicate<String> test, String what) {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        synchronized (output) {
            while (true) {
                String shown = visible(output.substring(mark));
                if (test.test(shown)) return shown;
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    fail("the terminal never showed " + what + "; since the last step it showed:\n" + shown
                            + "\n--- raw ---\n" + output.substring(mark).replace("\u001b", "\\e"));
                }
                try {
                    output.wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    String transcript() {
        synchronized (output) {
            return visible(output.toString());
        }
    }

    /** Colours and character sets: inside a word (fish underlines the part typed), so dropped. */
    private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;]*m|\u001b[()][0-9A-Za-z]");
    private static final Pattern ESCAPES = Pattern.compile(
            "\u001b\\[[0-9;?>=]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78cDEHMNO]");

    /** Terminal output as text: colours dropped, other control sequences and carriage returns as spaces. */
    static String visible(CharSequence raw) {
        String text = SGR.matcher(raw).replaceAll("");
        text = ESCAPES.matcher(text).replaceAll(" ");
        return text.replace("\r", "\n").replaceAll("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]", " ");
    }

    /** The words of terminal output, as {@link #visible} shows it. */
    static List<String> words(CharSequence raw) {
        return List.of(visible(raw).trim().split("\\s+"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
