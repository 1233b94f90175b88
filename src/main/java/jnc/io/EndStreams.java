package jnc.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A network end (a plain socket, or TLS over it) as the streams that stream-based code reads and
 * writes: the transfer's tar and compression layers, the HTTP proxy server's request reader. Reads
 * go through the end itself, so they work over every layer, each one bounded by a timeout that the
 * user may change as the protocol moves on.
 */
public final class EndStreams {
    private EndStreams() {
    }

    public static Input in(NetEnd net) {
        return new Input(net, null);
    }

    public static Input in(NetEnd net, Duration timeout) {
        return new Input(net, timeout);
    }

    public static OutputStream out(NetEnd net) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) net.write(buf);
            }
        };
    }

    /** Reads from an end; each read waits at most {@link #timeout(Duration)} ({@code null}: for ever). */
    public static final class Input extends InputStream {
        private final NetEnd end;
        private volatile Duration timeout;

        Input(NetEnd end, Duration timeout) {
            this.end = end;
            this.timeout = timeout;
        }

        /** How long each later read may wait: {@code null} for ever; a read that times out throws SocketTimeoutException. */
        public void timeout(Duration t) {
            timeout = t;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            ByteBuffer dst = ByteBuffer.wrap(b, off, len);
            Duration t = timeout;
            int n;
            do {
                n = t == null ? end.read(dst) : end.read(dst, t);
            } while (n == 0);
            return n;
        }
    }
}
