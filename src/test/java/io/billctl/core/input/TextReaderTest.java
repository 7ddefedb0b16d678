package io.billctl.core.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict decoding every user file goes through: marks, encodings, and where a byte that is not text is. */
class TextReaderTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** A pipe at its slowest: one byte a read, so that every character is cut across reads somewhere. */
    private static InputStream trickle(byte[] content) {
        return new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String read(InputStream in, Encoding encoding, List<String> notes) throws IOException {
        try (TextReader reader = new TextReader(in, "in.csv", encoding, notes::add)) {
            StringWriter out = new StringWriter();
            reader.transferTo(out);
            return out.toString();
        }
    }

    private static String failure(byte[] content, Encoding encoding) {
        for (boolean slow : new boolean[] {false, true}) {
            InputStream in = slow ? trickle(content) : new ByteArrayInputStream(content);
            TextReader.Undecodable e = assertThrows(TextReader.Undecodable.class, () -> read(in, encoding, new ArrayList<>()));
            if (slow) return e.getMessage();
        }
        throw new AssertionError();
    }

    @Test
    void textIsTheSameHoweverTheBytesArrive() throws Exception {
        String text = "id;name\r\n1;Café 🙂 Ærø\n2;€ and ☎\r3;end";
        for (InputStream in : List.of(new ByteArrayInputStream(bytes(BOM, text)), trickle(bytes(BOM, text)))) {
            assertEquals(text, read(in, Encoding.UTF_8, new ArrayList<>()));
        }
        assertEquals(text, read(trickle(bytes(text)), Encoding.UTF_8, new ArrayList<>()));
        assertEquals("", read(trickle(new byte[0]), Encoding.UTF_8, new ArrayList<>()));
        assertEquals("", read(trickle(BOM), Encoding.UTF_8, new ArrayList<>()));
    }

    @Test
    void theByteOrderMarkDecidesTheEncoding() throws Exception {
        String text = "id\tname\r\n1\tZoë 🙂\r\n";
        assertEquals(text, read(trickle(bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE))), Encoding.UTF_8, new ArrayList<>()));
        assertEquals(text, read(trickle(bytes(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE))), Encoding.UTF_8, new ArrayList<>()));
        List<String> notes = new ArrayList<>();
        assertEquals(text, read(new ByteArrayInputStream(bytes(BOM, text)), Encoding.of("cp1252"), notes));
        assertEquals(List.of("note: in.csv starts with a UTF-8 byte-order mark: read as UTF-8, not windows-1252"), notes);
        notes.clear();
        assertEquals(text, read(new ByteArrayInputStream(bytes(BOM, text)), Encoding.of("utf8"), notes));
        assertEquals(List.of(), notes, "the encoding given: nothing to say");
        // Without a mark, the encoding given; Java's UTF-16 without a mark is big-endian.
        assertEquals(text, read(trickle(text.getBytes(StandardCharsets.UTF_16BE)), Encoding.of("UTF-16"), new ArrayList<>()));
        assertEquals(text, read(trickle(text.getBytes(StandardCharsets.UTF_16LE)), Encoding.of("UTF-16LE"), new ArrayList<>()));
    }

    @Test
    void singleByteEncodingsAndTheirNames() throws Exception {
        Charset cp1252 = Charset.forName("windows-1252");
        for (String name : List.of("windows-1252", "cp1252", "Cp1252", "WINDOWS-1252")) {
            assertEquals(cp1252, Encoding.of(name).charset());
        }
        for (String name : List.of("ISO-8859-1", "latin1", "l1", "iso8859_1", "ISO_8859_1")) {
            assertEquals(StandardCharsets.ISO_8859_1, Encoding.of(name).charset());
        }
        assertEquals("Café €", read(trickle("Café €".getBytes(cp1252)), Encoding.of("cp1252"), new ArrayList<>()));
        assertEquals("Привет", read(trickle("Привет".getBytes(Charset.forName("windows-1251"))), Encoding.of("windows-1251"), new ArrayList<>()));
        assertTrue(assertThrows(io.billctl.core.BillctlException.class, () -> Encoding.of("UTF-32")).getMessage().contains("iconv -f UTF-32"));
        assertThrows(io.billctl.core.BillctlException.class, () -> Encoding.of("EBCDIC-no-such"));
        assertThrows(io.billctl.core.BillctlException.class, () -> Encoding.of("IBM037"), "EBCDIC: no ASCII below 0x80");
        assertFalse(Encoding.UTF_8.given());
    }

    @Test
    void whatIsNotTextIsNamedByLineAndByte() throws Exception {
        assertEquals("in.csv line 3, byte 19: not valid UTF-8 (try --encoding windows-1252)",
                failure(bytes("id,name\n1,ok\n2,Caf", new byte[] {(byte) 0xE9}, "\n"), Encoding.UTF_8));
        // CRLF is one line break, a lone CR another; the mark's bytes count.
        assertEquals("in.csv line 5, byte 14: not valid UTF-8 (though it starts with a UTF-8 byte-order mark)",
                failure(bytes(BOM, "a\r\nb\rc\n\r\nd", new byte[] {(byte) 0xC3, 'x'}), Encoding.UTF_8));
        assertEquals("in.csv line 1, byte 5: not valid UTF-8 (though it starts with a UTF-8 byte-order mark)",
                failure(bytes(BOM, "a", new byte[] {(byte) 0xFF}), Encoding.UTF_8));
        // An overlong form, a surrogate written in UTF-8, a character cut at the end.
        assertTrue(failure(bytes("x", new byte[] {(byte) 0xC0, (byte) 0xAF}), Encoding.UTF_8).startsWith("in.csv line 1, byte 2: "));
        assertTrue(failure(bytes("xy", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), Encoding.UTF_8).startsWith("in.csv line 1, byte 3: "));
        assertTrue(failure(bytes("x\n", new byte[] {(byte) 0xE2, (byte) 0x82}), Encoding.UTF_8).startsWith("in.csv line 2, byte 3: "));
        // Windows-1252 leaves five bytes without a character.
        assertEquals("in.csv line 1, byte 3: not valid windows-1252 (0x81 is no character in it)",
                failure(new byte[] {'a', 'b', (byte) 0x81}, Encoding.of("cp1252")));
        assertEquals("in.csv line 2, byte 5: a NUL byte, which no text holds (a binary file? UTF-16 without a byte-order mark is --encoding UTF-16LE)",
                failure(bytes("ab\nc", new byte[] {0}), Encoding.UTF_8));
        assertTrue(failure(new byte[] {'P', 'K', 3, 4, 0}, Encoding.UTF_8).contains("zip archive"));
        // Past the first buffers: the offset still counts every byte before.
        byte[] head = "0123456789abcdef\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        assertEquals("in.csv line 10001, byte " + (head.length + 2) + ": not valid UTF-8 (try --encoding windows-1252)",
                failure(bytes(head, "x", new byte[] {(byte) 0x80}), Encoding.UTF_8));
    }
}
