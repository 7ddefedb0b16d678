package io.billctl.core.input;

import io.billctl.core.BillctlException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A user's file as text, decoded strictly: the characters of a batch or a {@code -f} document, read
 * once, as they come (a pipe or a FIFO as well as a file). What a spreadsheet or an editor puts in a
 * file is taken as it means it: a byte-order mark is dropped, and it decides the encoding (UTF-8, or
 * UTF-16 as Excel's "Unicode Text" writes it), over {@code --encoding}. What cannot be text is refused
 * with the line and the byte where it is, before anything is sent: bytes that are not valid in the
 * encoding ("accounts.csv line 3, byte 17: not valid UTF-8 (try --encoding windows-1252)"), a NUL
 * byte, a workbook or a compressed file. Never a replacement character in place of a byte it could
 * not read. Lines are counted as {@link java.io.BufferedReader#readLine()} and the CSV reader count
 * them (LF, CRLF or CR each end one); bytes from 1 at the start of the input, BOM included, as
 * {@code cmp} counts them.
 */
public final class TextReader extends Reader {
    private static final int BUFFER = 1 << 16;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final String label;
    private final Encoding encoding;
    private final Consumer<String> notes;
    /** Bytes read and not yet decoded, between position and limit (read mode). */
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    /** Characters decoded for a caller that asked for one at a time, not yet handed out, between position and limit (read mode). */
    private final CharBuffer chars = CharBuffer.allocate(2);
    private CharsetDecoder decoder;
    private Charset charset;
    /** 1, or 2 for UTF-16, whose units are read in {@link #littleEndian} order. */
    private int unit = 1;
    private boolean littleEndian;
    private boolean bom;
    /** How many bytes of the input came before {@code bytes.array()[0]}. */
    private long before;
    /** Line breaks in what has been decoded; and whether the last character was a CR (whose LF ends no other line). */
    private long breaks;
    private boolean afterCr;
    private boolean started;
    private boolean eof;
    private boolean done;

    public TextReader(InputStream in, String label, Encoding encoding, Consumer<String> notes) {
        this.in = in;
        this.label = label;
        this.encoding = encoding;
        this.notes = notes;
        bytes.limit(0);
        chars.limit(0);
    }

    /** A whole document (a {@code -f} file, a password file) as text, by the same rules. */
    public static String decode(byte[] content, String label, Encoding encoding, Consumer<String> notes) throws Undecodable {
        try (TextReader reader = new TextReader(new ByteArrayInputStream(content), label, encoding, notes)) {
            StringWriter text = new StringWriter(content.length);
            reader.transferTo(text);
            return text.toString();
        } catch (Undecodable e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading memory", e);
        }
    }

    /** Whether the input began with a byte-order mark (known once the first character has been read). */
    public boolean hadByteOrderMark() {
        return bom;
    }

    /** The encoding the input is read in: the byte-order mark's, else {@code --encoding}'s, else UTF-8. */
    public Charset charset() {
        return charset;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) return 0;
        if (!chars.hasRemaining() && length >= 2) {
            // Straight into the caller's buffer (a BufferedReader's, the CSV parser's): no copy between.
            CharBuffer out = CharBuffer.wrap(buffer, offset, length);
            decode(out);
            int n = out.position() - offset;
            return n == 0 ? -1 : n;
        }
        if (!chars.hasRemaining()) {
            // One char asked for: decode into our own buffer, since a character may take two.
            chars.clear();
            try {
                decode(chars);
            } finally {
                chars.flip();
            }
            if (!chars.hasRemaining()) return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    /** Decodes into {@code out} at least one character, or up to the end of the input. */
    private void decode(CharBuffer out) throws IOException {
        if (!started) start();
        int begin = out.position();
        while (out.position() == begin && !done) {
            int from = bytes.position();
            CoderResult result = decoder.decode(bytes, out, eof);
            scan(from, bytes.position());
            if (result.isError()) throw undecodable(bytes.position());
            if (result.isOverflow()) break;
            if (eof) {
                decoder.flush(out);
                done = true;
            } else {
                more();
            }
        }
    }

    /** The first bytes: what kind of file this is, and its byte-order mark, which decides the encoding. */
    private void start() throws IOException {
        started = true;
        while (!eof && bytes.limit() < 4) more();
        refuseWhatIsNotText();
        charset = encoding.charset();
        if (startsWith(UTF8_BOM)) {
            use(StandardCharsets.UTF_8, 3);
        } else if (startsWith((byte) 0xFF, (byte) 0xFE)) {
            use(StandardCharsets.UTF_16LE, 2);
        } else if (startsWith((byte) 0xFE, (byte) 0xFF)) {
            use(StandardCharsets.UTF_16BE, 2);
        } else if (charset.equals(StandardCharsets.UTF_16)) {
            charset = StandardCharsets.UTF_16BE; // UTF-16 without a mark is big-endian (RFC 2781)
        }
        unit = Encoding.utf16(charset) ? 2 : 1;
        littleEndian = charset.equals(StandardCharsets.UTF_16LE);
        decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** A byte-order mark: skipped, and its encoding used (said when {@code --encoding} named another). */
    private void use(Charset marked, int length) {
        bom = true;
        bytes.position(length);
        if (encoding.given() && !marked.equals(encoding.charset()) && !(Encoding.utf16(marked) && encoding.charset().equals(StandardCharsets.UTF_16))) {
            notes.accept("note: " + label + " starts with a " + marked.name() + " byte-order mark: read as " + marked.name() + ", not "
                    + encoding.name());
        }
        charset = marked;
    }

    /** Files people hand over by mistake, named by what they are: a workbook, a compressed file. */
    private void refuseWhatIsNotText() throws Undecodable {
        if (startsWith((byte) 'P', (byte) 'K', (byte) 3, (byte) 4)) {
            throw new Undecodable(label + " is a zip archive, not text: an Excel workbook (.xlsx)? Save it as \"CSV UTF-8\" and give that file");
        }
        if (startsWith((byte) 0xD0, (byte) 0xCF, (byte) 0x11, (byte) 0xE0)) {
            throw new Undecodable(label + " is an Office document (an Excel .xls workbook?), not text: save it as \"CSV UTF-8\" and give that file");
        }
        if (startsWith((byte) 0x1F, (byte) 0x8B)) {
            throw new Undecodable(label + " is gzip-compressed: give the text (gzip -dc " + label + ")");
        }
    }

    private boolean startsWith(byte... prefix) {
        if (bytes.limit() < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (bytes.get(i) != prefix[i]) return false;
        return true;
    }

    /** Reads more bytes after those not yet decoded (at most a partial character's). */
    private void more() throws IOException {
        before += bytes.position();
        bytes.compact();
        int n;
        try {
            n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        } finally {
            bytes.flip();
        }
        if (n < 0) eof = true;
        else bytes.limit(bytes.limit() + n);
    }

    /**
     * Counts the line breaks in bytes just decoded (none of which can be part of another character), and
     * refuses a NUL. The count lives in locals while it runs (a third less time under C1, the launcher's
     * compiler); past the first buffer, eight bytes at a time while none is below 0x0E (measured: five
     * times faster than a byte at a time, and worth its VarHandle's 5 ms set-up only for a long input).
     */
    private void scan(int from, int to) throws Undecodable {
        byte[] array = bytes.array();
        boolean cr = afterCr;
        long seen = breaks;
        try {
            int i = from;
            while (i < to) {
                if (unit == 1 && before > 0) {
                    while (i + 8 <= to) {
                        long word = (long) Words.LONGS.get(array, i);
                        if (((word - 0x0E0E0E0E0E0E0E0EL) & ~word & 0x8080808080808080L) != 0) break;
                        cr = false;
                        i += 8;
                    }
                }
                for (int stop = unit == 1 && before > 0 ? Math.min(i + 8, to) : to; i + unit <= stop; i += unit) {
                    int c = unit == 1 ? array[i]
                            : littleEndian ? (array[i] & 0xFF) | (array[i + 1] & 0xFF) << 8 : (array[i] & 0xFF) << 8 | (array[i + 1] & 0xFF);
                    if (c > '\r' || c < 0) {
                        cr = false;
                    } else if (c == '\n') {
                        if (!cr) seen++;
                        cr = false;
                    } else if (c == '\r') {
                        seen++;
                        cr = true;
                    } else {
                        cr = false;
                        if (c == 0) {
                            breaks = seen;
                            throw new Undecodable(where(i) + ": a NUL byte, which no text holds (a binary file? UTF-16 without a byte-order "
                                    + "mark is --encoding UTF-16LE)");
                        }
                    }
                }
                if (unit == 2) break; // a last odd byte is the decoder's to refuse
            }
        } finally {
            afterCr = cr;
            breaks = seen;
        }
    }

    /** Eight bytes of an array read as one long: made only for inputs longer than one buffer. */
    private static final class Words {
        static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    }

    private Undecodable undecodable(int at) {
        String hint;
        if (!charset.equals(StandardCharsets.UTF_8)) {
            hint = unit == 1 ? " (0x" + String.format("%02X", bytes.get(at) & 0xFF) + " is no character in it)" : "";
        } else if (bom) {
            hint = " (though it starts with a UTF-8 byte-order mark)";
        } else {
            hint = " (try --encoding windows-1252)";
        }
        return new Undecodable(where(at) + ": not valid " + charset.name() + hint);
    }

    /** "accounts.csv line 3, byte 17": the line of a byte in the buffer, and the byte counted from 1. */
    private String where(int index) {
        return label + " line " + (breaks + 1) + ", byte " + (before + index + 1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Input that is not text in its encoding: one line that names where. */
    public static final class Undecodable extends IOException {
        private static final long serialVersionUID = 1L;

        Undecodable(String message) {
            super(message);
        }

        /** As billctl reports it: exit 2, this line, nothing sent. */
        public BillctlException usage() {
            return BillctlException.usage(getMessage());
        }
    }
}
