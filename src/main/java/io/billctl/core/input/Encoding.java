package io.billctl.core.input;

import io.billctl.core.BillctlException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * The character set a user's file is read in ({@code --encoding}): UTF-8 unless given. Any name Java
 * knows for an encoding billctl can read line by line is taken (windows-1252, cp1252, ISO-8859-1,
 * latin1, windows-1251, cp850, UTF-16LE...): UTF-8, UTF-16, and the single-byte encodings whose
 * first 128 characters are ASCII's. A byte-order mark at the start of the input overrides it
 * ({@link TextReader}).
 */
public record Encoding(Charset charset, boolean given) {
    public static final Encoding UTF_8 = new Encoding(StandardCharsets.UTF_8, false);

    /** {@code --encoding NAME}; null is UTF-8. A name Java does not know, or an encoding billctl cannot read, is a usage error. */
    public static Encoding of(String name) {
        if (name == null) return UTF_8;
        Charset charset;
        try {
            charset = Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw BillctlException.usage("--encoding: unknown encoding '" + name + "' (UTF-8, windows-1252 or ISO-8859-1; also their other names, "
                    + "such as cp1252 or latin1, and other single-byte encodings Java knows, such as windows-1251)");
        }
        if (!readable(charset)) {
            throw BillctlException.usage("--encoding " + name + ": billctl reads UTF-8, UTF-16 and the single-byte encodings "
                    + "(windows-1252, ISO-8859-1, windows-1251...), not " + charset.name() + "; convert the file first: iconv -f "
                    + charset.name() + " -t UTF-8");
        }
        return new Encoding(charset, true);
    }

    /** The encoding's own name: "UTF-8", "windows-1252", "ISO-8859-1". */
    public String name() {
        return charset.name();
    }

    /** Whether lines can be found in the bytes themselves: UTF-16's two-byte units, or one byte a character with ASCII below 0x80. */
    static boolean readable(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8) || utf16(charset)) return true;
        if (!charset.canEncode() || charset.newEncoder().maxBytesPerChar() != 1f) return false;
        byte[] ascii = new byte[128];
        for (int i = 0; i < ascii.length; i++) ascii[i] = (byte) i;
        String decoded = new String(ascii, charset);
        if (decoded.length() != ascii.length) return false;
        for (int i = 0; i < ascii.length; i++) if (decoded.charAt(i) != i) return false;
        return true;
    }

    static boolean utf16(Charset charset) {
        return charset.equals(StandardCharsets.UTF_16) || charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE);
    }
}
