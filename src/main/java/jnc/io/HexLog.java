package jnc.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * {@code -x FILE}: a hex dump of both directions. Each line is a direction marker ({@code >} sent,
 * {@code <} received), the offset within that direction, 16 bytes in hex and the same bytes as ASCII
 * ({@link HexLines}):
 * <pre>
 * &gt; 00000000  48 65 6c 6c 6f 0a                                 |Hello.|
 * </pre>
 */
final class HexLog implements Tap {
    private final FileChannel file;
    private long sentOffset;
    private long receivedOffset;

    HexLog(FileChannel file) {
        this.file = file;
    }

    @Override
    public synchronized void sent(ByteBuffer data) {
        sentOffset = dump('>', sentOffset, data);
    }

    @Override
    public synchronized void received(ByteBuffer data) {
        receivedOffset = dump('<', receivedOffset, data);
    }

    private long dump(char marker, long offset, ByteBuffer data) {
        StringBuilder sb = new StringBuilder(80 * (data.remaining() / 16 + 1));
        format(sb, marker, offset, data);
        try {
            ByteBuffer out = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) file.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return offset + data.remaining();
    }

    /** Formats {@code data}'s remaining bytes in the {@link HexLines} layout, with the direction marker in front. */
    static void format(StringBuilder sb, char marker, long offset, ByteBuffer data) {
        HexLines.append(sb, marker + " ", 8, offset, data);
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // best effort once the session is over
        }
    }
}
