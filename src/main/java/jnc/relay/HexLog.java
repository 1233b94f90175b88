package jnc.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * {@code -x FILE}: a hex dump of both directions. Each line is a direction marker ({@code >} sent,
 * {@code <} received), the offset within that direction, 16 bytes in hex and the same bytes as ASCII:
 * <pre>
 * &gt; 00000000  48 65 6c 6c 6f 0a                                 |Hello.|
 * </pre>
 */
final class HexLog implements Tap {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
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

    /** Formats {@code data}'s remaining bytes; public for tests and for anyone who wants the same layout. */
    static void format(StringBuilder sb, char marker, long offset, ByteBuffer data) {
        int start = data.position();
        int end = data.limit();
        for (int line = start; line < end; line += 16) {
            int n = Math.min(16, end - line);
            sb.append(marker).append(' ');
            String off = Long.toHexString(offset + (line - start));
            sb.append("0".repeat(Math.max(0, 8 - off.length()))).append(off).append("  ");
            for (int i = 0; i < 16; i++) {
                if (i < n) {
                    int b = data.get(line + i) & 0xff;
                    sb.append(HEX[b >>> 4]).append(HEX[b & 15]).append(' ');
                } else {
                    sb.append("   ");
                }
                if (i == 7) sb.append(' ');
            }
            sb.append(" |");
            for (int i = 0; i < n; i++) {
                int b = data.get(line + i) & 0xff;
                sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            sb.append("|\n");
        }
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
