package jnc.raw;

/**
 * A UDP header (RFC 768).
 *
 * @param sourcePort      source port
 * @param destinationPort destination port
 * @param length          the length field: header and data
 * @param checksum        the checksum field as received (0: none, allowed over IPv4)
 * @param payloadOffset   where the data starts in the array given to {@link #decode}
 * @param payloadLength   data bytes present: what the length says, or fewer if truncated
 * @param truncated       whether fewer bytes arrived than the length field says
 */
public record UdpHeader(int sourcePort, int destinationPort, int length, int checksum,
        int payloadOffset, int payloadLength, boolean truncated) {

    public static final int HEADER_LENGTH = 8;

    public static Decoded<UdpHeader> decode(byte[] b, int off, int len) {
        if (!Decoded.inBounds(b, off, len)) return Decoded.malformed("no such bytes in the buffer");
        if (len < HEADER_LENGTH) return Decoded.malformed("UDP header needs 8 bytes, got " + len);
        int length = Bytes.u16(b, off + 4);
        if (length < HEADER_LENGTH) return Decoded.malformed("UDP length " + length + " is less than its 8-byte header");
        int present = Math.min(length, len);
        return Decoded.ok(new UdpHeader(Bytes.u16(b, off), Bytes.u16(b, off + 2), length, Bytes.u16(b, off + 6),
                off + HEADER_LENGTH, present - HEADER_LENGTH, length > len));
    }

    public String describe() {
        return "UDP " + sourcePort + " -> " + destinationPort + " length " + length + (truncated ? " (truncated)" : "");
    }
}
