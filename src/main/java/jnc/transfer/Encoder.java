package jnc.transfer;

import java.io.IOException;
import java.io.OutputStream;

/** The sender's compression: {@link #flush} pushes out all written so far (a sync flush), {@link #finish} ends the stream. */
abstract class Encoder extends OutputStream {
    abstract void finish() throws IOException;

    /** What the next bytes look like: an encoder may store data that would not shrink instead of compressing it. */
    void hint(boolean compressible) {
    }

    /** Whether {@link #hint} is used: only then is the sample's entropy worth computing. */
    boolean wantsHints() {
        return false;
    }

    /**
     * Whether data looks compressible, from the byte entropy of a sample of at most 4 KiB: random
     * data and already-compressed files (JPEG, zip, video) come out near 8 bits per byte, text far below.
     */
    static boolean looksCompressible(byte[] b, int off, int len) {
        int n = Math.min(len, 4096);
        if (n < 256) return true;
        int[] counts = new int[256];
        for (int i = 0; i < n; i++) counts[b[off + i] & 0xff]++;
        double bits = 0;
        for (int c : counts) {
            if (c == 0) continue;
            double p = (double) c / n;
            bits -= p * Math.log(p);
        }
        return bits / Math.log(2) < 7.5;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** The encoder {@code --compress} names, over {@code out}. */
    static Encoder of(String kind, int level, OutputStream out) {
        return switch (kind) {
            case "gzip" -> new GzipEncoder(out, level < 0 ? GzipEncoder.DEFAULT_LEVEL : level);
            case "zstd" -> ZstdCodec.encoder(out, level < 0 ? 3 : level); // named only here: zstd loads only when asked for
            default -> new Encoder() {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                void finish() throws IOException {
                    out.flush();
                }
            };
        };
    }
}
