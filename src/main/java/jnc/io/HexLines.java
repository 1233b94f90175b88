package jnc.io;

import java.nio.ByteBuffer;

/**
 * The hex dump layout jnc uses everywhere ({@code -x} logs, {@code --raw} packets): a prefix, the
 * offset, 16 bytes in hex split in two groups of eight, and the same bytes as ASCII, dots for the rest:
 * <pre>
 * &gt; 00000000  48 65 6c 6c 6f 0a                                 |Hello.|
 * </pre>
 */
public final class HexLines {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexLines() {
    }

    /**
     * Appends {@code data}'s remaining bytes (its position is not moved), each line starting with
     * {@code prefix} and the offset in at least {@code offsetDigits} hex digits, counted from {@code offset}.
     */
    public static void append(StringBuilder sb, String prefix, int offsetDigits, long offset, ByteBuffer data) {
        int start = data.position();
        int end = data.limit();
        for (int line = start; line < end; line += 16) {
            int n = Math.min(16, end - line);
            sb.append(prefix);
            String off = Long.toHexString(offset + (line - start));
            sb.append("0".repeat(Math.max(0, offsetDigits - off.length()))).append(off).append("  ");
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
}
