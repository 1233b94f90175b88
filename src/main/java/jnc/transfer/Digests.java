package jnc.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the digest every file carries. */
final class Digests {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Digests() {
    }

    /** A fresh SHA-256 to copy: a copy costs two small arrays, a look-up through the providers far more (once per file). */
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest sha256() {
        return copy(PROTOTYPE);
    }

    /** A copy of a digest's state (the JDK's SHA-256 can always be copied). */
    static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Hashes bytes {@code [from, to)} of {@code ch} into {@code md}, read through {@code buf}; false if
     * the file ends before {@code to} (it shrank: each caller says so in its own words).
     */
    static boolean update(MessageDigest md, FileChannel ch, long from, long to, ByteBuffer buf) throws IOException {
        long pos = from;
        while (pos < to) {
            buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
            int n = ch.read(buf, pos);
            if (n < 0) return false;
            md.update(buf.flip());
            pos += n;
        }
        return true;
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    static String hex(byte[] b) {
        char[] c = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = HEX[(b[i] >> 4) & 0xf];
            c[2 * i + 1] = HEX[b[i] & 0xf];
        }
        return new String(c);
    }
}
