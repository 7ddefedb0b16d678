package io.billctl.core.batch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The batch input's size and SHA-256, taken from the bytes as the first pass reads them (the input
 * is read once): what a journal records of its input, so that {@code --resume} can tell it is
 * resuming the same file and not another one of the same length.
 */
final class Fingerprint extends FilterInputStream {
    private final MessageDigest digest;
    private long size;

    Fingerprint(InputStream in) {
        super(in);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            size++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            size += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int got = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (got < 0) break;
            skipped += got;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long size() {
        return size;
    }

    /** The hash of everything read so far (call once, at the end). */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
