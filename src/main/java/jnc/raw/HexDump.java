package jnc.raw;

/**
 * A packet's bytes as {@code -x} shows a session's (jnc.relay.HexLog): the offset, 16 bytes in hex
 * split in two groups of eight, and the same bytes as ASCII, dots for the rest:
 * <pre>
 *   0000  68 65 6c 6c 6f 0a                                 |hello.|
 * </pre>
 */
public final class HexDump {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexDump() {
    }

    /** Appends {@code len} bytes from {@code off}, each line indented by {@code indent}; nothing for none. */
    public static void append(StringBuilder sb, String indent, byte[] data, int off, int len) {
        for (int line = 0; line < len; line += 16) {
            int n = Math.min(16, len - line);
            sb.append(indent);
            String at = Integer.toHexString(line);
            sb.append("0".repeat(Math.max(0, 4 - at.length()))).append(at).append("  ");
            for (int i = 0; i < 16; i++) {
                if (i < n) {
                    int b = data[off + line + i] & 0xff;
                    sb.append(HEX[b >>> 4]).append(HEX[b & 15]).append(' ');
                } else {
                    sb.append("   ");
                }
                if (i == 7) sb.append(' ');
            }
            sb.append(" |");
            for (int i = 0; i < n; i++) {
                int b = data[off + line + i] & 0xff;
                sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            sb.append("|\n");
        }
    }
}
