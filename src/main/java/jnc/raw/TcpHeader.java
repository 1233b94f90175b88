package jnc.raw;

import java.util.ArrayList;
import java.util.List;

/**
 * A TCP header (RFC 9293) with its options decoded to words, as tcpdump prints them.
 *
 * @param sourcePort      source port
 * @param destinationPort destination port
 * @param sequence        sequence number
 * @param acknowledgement acknowledgement number (meaningful with ACK)
 * @param headerLength    data offset in bytes (20 to 60)
 * @param flags           the eight flag bits, CWR (0x80) down to FIN (0x01)
 * @param window          receive window (unscaled)
 * @param checksum        the checksum field as received
 * @param urgentPointer   urgent pointer (meaningful with URG)
 * @param options         the options, such as {@code mss 65495}, {@code wscale 7}, {@code sackOK}
 * @param payloadOffset   where the data starts in the array given to {@link #decode}
 * @param payloadLength   data bytes present
 */
public record TcpHeader(int sourcePort, int destinationPort, long sequence, long acknowledgement,
        int headerLength, int flags, int window, int checksum, int urgentPointer, List<String> options,
        int payloadOffset, int payloadLength) {

    public static final int MIN_LENGTH = 20;
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;
    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    public TcpHeader {
        options = List.copyOf(options);
    }

    public static Decoded<TcpHeader> decode(byte[] b, int off, int len) {
        if (!Decoded.inBounds(b, off, len)) return Decoded.malformed("no such bytes in the buffer");
        if (len < MIN_LENGTH) return Decoded.malformed("TCP header needs 20 bytes, got " + len);
        int hl = (Bytes.u8(b, off + 12) >>> 4) * 4;
        if (hl < MIN_LENGTH) return Decoded.malformed("bad data offset " + hl / 4 + " (at least 5)");
        if (hl > len) return Decoded.malformed("data offset says " + hl + " header bytes, only " + len + " received");
        return Decoded.ok(new TcpHeader(Bytes.u16(b, off), Bytes.u16(b, off + 2), Bytes.u32(b, off + 4),
                Bytes.u32(b, off + 8), hl, Bytes.u8(b, off + 13), Bytes.u16(b, off + 14), Bytes.u16(b, off + 16),
                Bytes.u16(b, off + 18), options(b, off + MIN_LENGTH, off + hl), off + hl, len - hl));
    }

    /** The options between {@code from} and {@code to}; a bad length ends the list with a note, never an exception. */
    static List<String> options(byte[] b, int from, int to) {
        List<String> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            int kind = Bytes.u8(b, i);
            if (kind == 0) break; // end of option list; the rest is padding
            if (kind == 1) {
                out.add("nop");
                i++;
                continue;
            }
            if (i + 1 >= to) {
                out.add("bad option " + kind + " (no length)");
                break;
            }
            int n = Bytes.u8(b, i + 1);
            if (n < 2 || i + n > to) {
                out.add("bad option " + kind + " (length " + n + ")");
                break;
            }
            out.add(option(b, kind, i, n));
            i += n;
        }
        return out;
    }

    private static String option(byte[] b, int kind, int at, int n) {
        return switch (kind) {
            case 2 -> n == 4 ? "mss " + Bytes.u16(b, at + 2) : "mss (length " + n + ")";
            case 3 -> n == 3 ? "wscale " + Bytes.u8(b, at + 2) : "wscale (length " + n + ")";
            case 4 -> "sackOK";
            case 5 -> "sack " + (n - 2) / 8;
            case 8 -> n == 10 ? "TS val " + Bytes.u32(b, at + 2) + " ecr " + Bytes.u32(b, at + 6) : "TS (length " + n + ")";
            default -> "option " + kind + " length " + n;
        };
    }

    /** The flags set, such as {@code SYN,ACK}; {@code none} for none. */
    public String flagNames() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            if ((flags & (1 << i)) == 0) continue;
            if (!sb.isEmpty()) sb.append(',');
            sb.append(FLAG_NAMES[i]);
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("TCP ").append(sourcePort).append(" -> ").append(destinationPort)
                .append(" [").append(flagNames()).append("] seq ").append(sequence);
        if (has(ACK)) sb.append(" ack ").append(acknowledgement);
        sb.append(" win ").append(window);
        if (has(URG)) sb.append(" urg ").append(urgentPointer);
        if (!options.isEmpty()) sb.append(" options [").append(String.join(",", options)).append(']');
        sb.append(" length ").append(payloadLength);
        return sb.toString();
    }
}
