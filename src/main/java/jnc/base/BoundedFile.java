package jnc.base;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file named on the command line (an allow list, a certificate, a key), read with a bound: a
 * special file such as {@code /dev/zero} or a FIFO that never ends must give one line, not fill
 * the heap. Files.readAllBytes would trust the size the file reports, which is 0 for both.
 */
public final class BoundedFile {
    /** The most any such file may hold: a CA bundle is about 200 KiB, an allow list far less. */
    public static final int MAX_BYTES = 16 << 20;

    private BoundedFile() {
    }

    /** Thrown when the file is larger than {@link #MAX_BYTES}; its message is a sentence. */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("larger than " + (MAX_BYTES >> 20) + " MiB.", null);
        }
    }

    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_BYTES + 1);
            if (b.length > MAX_BYTES) throw new TooLarge();
            return b;
        }
    }

    /**
     * The file as UTF-8 text; a byte that is not UTF-8 (a Latin-1 {@code é}, say) is a usage error
     * naming the line, where the JDK would only say "Input length = 1".
     */
    public static String utf8(byte[] b, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            int at = firstBadByte(b);
            for (int i = 0; i < at; i++) if (b[i] == '\n') line++;
            throw Failure.usage(what + ", line " + line + ": not UTF-8 text (byte 0x"
                    + Integer.toHexString(b[at] & 0xff) + ").");
        }
    }

    /** Where the first malformed UTF-8 sequence starts. */
    static int firstBadByte(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
            if (n < 0 || i + n >= b.length) return i;
            for (int k = 1; k <= n; k++) if ((b[i + k] & 0xc0) != 0x80) return i;
            i += n + 1;
        }
        return Math.max(0, b.length - 1);
    }
}
