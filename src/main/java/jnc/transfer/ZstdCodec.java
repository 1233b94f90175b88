package jnc.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;

import jnc.base.Failure;

/** zstd through zstd-jni; only {@code --compress zstd} and a zstd stream arriving load this class and its native library. */
final class ZstdCodec {
    private ZstdCodec() {
    }

    static Encoder encoder(OutputStream out, int level) {
        ZstdOutputStream z;
        try {
            z = new ZstdOutputStream(out, level);
        } catch (IOException | UnsatisfiedLinkError e) {
            throw Failure.usage("zstd is not available here: " + e.getMessage());
        }
        return new Encoder() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                z.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                z.flush();
            }

            @Override
            void finish() throws IOException {
                z.close(); // ends the frame; the network end stays open (closing it is ours to do)
            }
        };
    }

    static InputStream decoder(InputStream in) throws IOException {
        try {
            return new ZstdInputStream(in);
        } catch (UnsatisfiedLinkError e) {
            throw new IOException("zstd is not available here: " + e.getMessage());
        }
    }
}
