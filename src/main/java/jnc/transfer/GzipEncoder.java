package jnc.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream (RFC 1952, read by any gunzip) whose deflate level adapts: when a megabyte does not
 * shrink by 3 %, the next 16 MiB go out as stored blocks (memcpy speed), then compression is tried again.
 * So random data and already-compressed files cost almost nothing to send, text still shrinks.
 */
final class GzipEncoder extends Encoder {
    /** Level 1: on a LAN the wire is rarely the bottleneck, the CPU is; gzip:6 gives gzip's own default. */
    static final int DEFAULT_LEVEL = 1;
    private static final int WINDOW = 1 << 20;
    private static final int STORED_SPAN = 16 << 20;

    private final OutputStream out;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[128 * 1024];
    private final int level;
    private long total;
    private long windowIn;
    private long windowOut;
    private long storedLeft;

    GzipEncoder(OutputStream out, int level) {
        this.out = out;
        this.level = level;
        this.deflater = new Deflater(level, true);
        try {
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        crc.update(b, off, len);
        total += len;
        deflater.setInput(b, off, len);
        while (!deflater.needsInput()) drain(Deflater.NO_FLUSH);
        adapt(len);
    }

    @Override
    boolean wantsHints() {
        return level != 0;
    }

    /** A file that looks random goes out stored from its start; one that looks compressible at the chosen level. */
    @Override
    void hint(boolean compressible) {
        if (level == 0) return;
        if (!compressible) {
            deflater.setLevel(Deflater.NO_COMPRESSION);
            storedLeft = STORED_SPAN;
        } else if (storedLeft > 0) {
            deflater.setLevel(level);
            storedLeft = 0;
            windowIn = windowOut = 0;
        }
    }

    private void adapt(int len) {
        if (level == 0) return;
        if (storedLeft > 0) {
            storedLeft -= len;
            if (storedLeft <= 0) {
                deflater.setLevel(level);
                windowIn = windowOut = 0;
            }
            return;
        }
        windowIn += len;
        if (windowIn >= WINDOW) {
            if (windowOut > windowIn * 97 / 100) {
                deflater.setLevel(Deflater.NO_COMPRESSION);
                storedLeft = STORED_SPAN;
            }
            windowIn = windowOut = 0;
        }
    }

    private void drain(int flush) throws IOException {
        int n = deflater.deflate(buf, 0, buf.length, flush);
        if (n > 0) {
            out.write(buf, 0, n);
            windowOut += n;
        }
    }

    @Override
    public void flush() throws IOException {
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        out.flush();
    }

    @Override
    void finish() throws IOException {
        deflater.finish();
        while (!deflater.finished()) drain(Deflater.NO_FLUSH);
        deflater.end();
        long c = crc.getValue();
        out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) total, (byte) (total >> 8), (byte) (total >> 16), (byte) (total >> 24)});
        out.flush();
    }
}
