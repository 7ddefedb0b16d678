package io.billctl.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress of a batch: a bar that fits the terminal whatever its width, plain lines for logs, or nothing. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private Progress progress(Progress.Mode mode, long total, int columns) {
        return new Progress(err, mode, total, columns, "done", now::get, false);
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Each redraw of the bar, as the terminal shows it: what follows a carriage return, less the clear-to-end. */
    private List<String> bars() {
        return List.of(written().split("\r")).stream().map(s -> s.replace("\033[K", "")).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void theBarFitsEveryWidthOnOneLine() {
        for (int columns : new int[] {200, 80, 50, 40, 30, 20, 12, 6}) {
            bytes.reset();
            Progress bar = progress(Progress.Mode.bar, 123_456, columns);
            long done = 0;
            for (int step = 0; step < 20; step++) {
                now.addAndGet(3_000_000_000L);
                done += 6_000;
                bar.update(done, step * 11L, step * 3L, true);
            }
            bar.finish();
            assertFalse(written().contains("\n"), "never a line break: " + written());
            for (String shown : bars()) assertTrue(shown.length() < columns, () -> columns + " columns: '" + shown + "' (" + shown.length() + ")");
            assertTrue(written().endsWith("\r\033[K"), "the line is cleared at the end");
        }
    }

    @Test
    void aNarrowPaneGetsAShorterBarThenNone() {
        Progress wide = progress(Progress.Mode.bar, 300, 120);
        wide.update(150, 0, 0, true);
        assertTrue(bars().get(0).startsWith("[###############---------------] 150/300 done"), bars().get(0));
        bytes.reset();
        Progress narrow = progress(Progress.Mode.bar, 300, 50);
        narrow.update(150, 0, 0, true);
        String shown = bars().get(0);
        assertTrue(shown.startsWith("[") && shown.indexOf(']') - 1 < 30 && shown.indexOf(']') - 1 >= 5, shown);
        assertTrue(shown.length() <= 49, shown);
        bytes.reset();
        Progress tiny = progress(Progress.Mode.bar, 300, 24);
        tiny.update(150, 2, 0, true);
        assertEquals("150/300 done, 2 failed", bars().get(0));
    }

    /** The bar never widens again once the figures beside it grew: it does not jitter. */
    @Test
    void theBarOnlyShrinks() {
        Progress bar = progress(Progress.Mode.bar, 100_000, 60);
        int last = Integer.MAX_VALUE;
        for (long done = 1; done <= 100_000; done *= 10) {
            now.addAndGet(1_000_000_000L);
            bar.update(done, 0, 0, true);
            List<String> shown = bars();
            String line = shown.get(shown.size() - 1);
            int width = line.startsWith("[") ? line.indexOf(']') - 1 : 0;
            assertTrue(width <= last, "widened: " + shown);
            last = width;
        }
    }

    @Test
    void plainIsOneLinePerTickAndNeverABar() {
        Progress plain = progress(Progress.Mode.plain, 1000, 80);
        now.addAndGet(10_000_000_000L);
        assertTrue(plain.update(120, 2, 0, true));
        assertEquals("", written(), "plain draws nothing on update: its lines come every 5 s");
        plain.plainLine();
        plain.finish();
        assertEquals("progress: 120/1000 done, 2 failed, 12/s, 1:11 left\n", written());
    }

    @Test
    void noneAndAutoWithoutATerminalPrintNothing() {
        assertEquals(Progress.Mode.none, Progress.Mode.auto.on(false));
        assertEquals(Progress.Mode.bar, Progress.Mode.auto.on(true));
        assertEquals(Progress.Mode.plain, Progress.Mode.plain.on(true));
        Progress none = progress(Progress.Mode.none, 10, 80);
        assertTrue(none.update(5, 0, 0, true), "still the pace of flushing the JSON lines");
        none.plainLine();
        none.finish();
        assertEquals("", written());
    }

    /** A record's warning during a run starts on a clean line: the bar is cleared first and comes back at the next tick. */
    @Test
    void aMessageClearsTheBarFirst() {
        Presenter presenter = new Presenter(OutputFormat.table, new PrintStream(new ByteArrayOutputStream()), err, false, false,
                new io.billctl.core.http.Redactor());
        Progress bar = presenter.progress(10, Progress.Mode.bar, false, 80, "done");
        bar.update(5, 0, 0, true);
        presenter.warning("line 3: something");
        assertTrue(written().contains("left\033[K\r\033[Kwarning: line 3: something\n"), written());
    }
}
