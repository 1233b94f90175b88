package jnc.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jnc.io.NetEnd;

/** The sender's side of the back channel: the receiver's lines, each read with a time limit. */
final class Replies {
    /** The most a receiver's reply may take (a have-list of a million files fits). */
    static final int MAX = 64 << 20;
    /**
     * The longest line: a have-list line is a word, a size, a digest and a name of at most 4,096
     * bytes, %-escaped (three bytes each at worst). A hostile receiver's endless line once grew the
     * line's buffer until the heap ran out.
     */
    static final int MAX_LINE = 16 * 1024;
    private final NetEnd net;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long total;
    private boolean eof;

    Replies(NetEnd net) {
        this.net = net;
        buf.flip();
    }

    /** The next line, or {@code null} at EOF or when nothing came within {@code limit}. */
    String line(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        line.reset();
        while (true) {
            while (buf.hasRemaining()) {
                byte b = buf.get();
                if (b == '\n') return line.toString(StandardCharsets.UTF_8);
                if (++total > MAX) throw new TransferException("the receiver's reply is too long");
                if (line.size() >= MAX_LINE) throw new TransferException("the receiver's reply has a line over " + MAX_LINE + " bytes");
                line.write(b);
            }
            if (eof) return null;
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            buf.clear();
            int n;
            try {
                n = net.read(buf, Duration.ofNanos(left));
            } catch (SocketTimeoutException e) {
                n = 0;
            }
            buf.flip();
            if (n < 0) eof = true;
        }
    }

    boolean eof() {
        return eof;
    }
}
