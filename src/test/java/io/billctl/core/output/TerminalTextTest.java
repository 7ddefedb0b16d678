package io.billctl.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void escapeSequencesAreOneReplacementEach() {
        assertEquals("\uFFFDtitle kept out\uFFFD", TerminalText.line("\u001b]0;pwned\u0007title kept out\u001b]2;x\u001b\\"));
        assertEquals("\uFFFD\uFFFDcleared", TerminalText.line("\u001b[2J\u001b[1;31mcleared"));
        assertEquals("\uFFFDred", TerminalText.line("\u009b31mred"), "8-bit CSI");
        assertEquals("\uFFFDreset", TerminalText.line("\u001bcreset"));
        assertEquals("\uFFFDB", TerminalText.line("\u001b(BB"), "a charset designation takes one more character");
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd", TerminalText.line("a\u0000b\u007fc\u202ed"), "NUL, DEL, a bidi override");
        assertEquals("\uFFFD", TerminalText.line("\u001b[31"), "a sequence cut short");
    }

    @Test
    void aLineIsOneLineOfAtMostTheLimit() {
        assertEquals("one two  three", TerminalText.line("one\ntwo\r\tthree"));
        String cut = TerminalText.line("x".repeat(1000), 300);
        assertEquals(300, cut.codePointCount(0, cut.length()));
        assertTrue(cut.endsWith("\u2026"));
        assertEquals("x".repeat(300), TerminalText.line("x".repeat(300), 300), "exactly the limit is not cut");
        String emoji = TerminalText.line("\uD83D\uDE00".repeat(10), 5);
        assertEquals("\uD83D\uDE00".repeat(4) + "\u2026", emoji, "surrogate pairs are never split");
    }

    @Test
    void linesKeepLinesAndTabs() {
        assertEquals("a\n\tb\uFFFD", TerminalText.lines("a\n\tb\u001b[0m"));
        assertTrue(TerminalText.isClean("plain text, \u00e9t\u00e9"));
        assertTrue(!TerminalText.isClean("bell\u0007"));
    }

    @Test
    void aLongMessageKeepsItsStartAndItsEnd() {
        String message = "the directory " + "/x".repeat(300) + " is writable by other users; run: chmod go-w /the/dir";
        String shown = TerminalText.message(message);
        assertEquals(TerminalText.MAX_LINE, shown.codePointCount(0, shown.length()));
        org.junit.jupiter.api.Assertions.assertTrue(shown.startsWith("the directory /x/x"), shown);
        org.junit.jupiter.api.Assertions.assertTrue(shown.endsWith("; run: chmod go-w /the/dir"), shown);
        org.junit.jupiter.api.Assertions.assertTrue(shown.contains("\u2026"), shown);
        assertEquals("short", TerminalText.message("short"));
        String huge = TerminalText.message("\u001b[2J" + "y".repeat(5_000_000) + "\u001b]0;end\u0007");
        assertEquals(TerminalText.MAX_LINE, huge.codePointCount(0, huge.length()));
        org.junit.jupiter.api.Assertions.assertTrue(TerminalText.isClean(huge.replace("\uFFFD", "")), "no escape survives");
    }
}
