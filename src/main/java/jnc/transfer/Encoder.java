package jnc.transfer;

import java.io.IOException;
import java.io.OutputStream;

/** The sender's compression: {@link #flush} pushes out all written so far (a sync flush), {@link #finish} ends the stream. */
abstract class Encoder extends OutputStream {
    abstract void finish() throws IOException;

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
