package jnc.raw;

import java.net.InetAddress;

/**
 * An IPv4 header (RFC 791), as a raw IPv4 socket delivers it in front of every packet.
 *
 * @param headerLength   IHL in bytes (20 to 60)
 * @param tos            type of service (DSCP and ECN)
 * @param totalLength    the total length field: header and payload
 * @param id             identification, for reassembling fragments
 * @param dontFragment   the DF flag
 * @param moreFragments  the MF flag
 * @param fragmentOffset where this fragment's payload belongs, in bytes
 * @param ttl            time to live
 * @param protocol       the payload's protocol ({@link Protocols})
 * @param checksumOk     whether the header checksum verifies
 * @param source         source address
 * @param destination    destination address
 * @param payloadOffset  where the payload starts in the array given to {@link #decode}
 * @param payloadLength  payload bytes present: what the total length says, or fewer if truncated
 * @param truncated      whether fewer bytes arrived than the total length says
 */
public record Ipv4Header(int headerLength, int tos, int totalLength, int id, boolean dontFragment,
        boolean moreFragments, int fragmentOffset, int ttl, int protocol, boolean checksumOk,
        InetAddress source, InetAddress destination, int payloadOffset, int payloadLength, boolean truncated) {

    public static final int MIN_LENGTH = 20;

    /** Decodes the header at {@code off}; {@code len} is how many bytes were received from there. */
    public static Decoded<Ipv4Header> decode(byte[] b, int off, int len) {
        if (!Decoded.inBounds(b, off, len)) return Decoded.malformed("no such bytes in the buffer");
        if (len < MIN_LENGTH) return Decoded.malformed("IPv4 header needs 20 bytes, got " + len);
        int version = Bytes.u8(b, off) >>> 4;
        if (version != 4) return Decoded.malformed("not IPv4 (version " + version + ")");
        int ihl = (Bytes.u8(b, off) & 0x0f) * 4;
        if (ihl < MIN_LENGTH) return Decoded.malformed("bad IHL " + ihl / 4 + " (at least 5)");
        if (ihl > len) return Decoded.malformed("IHL says " + ihl + " header bytes, only " + len + " received");
        int total = Bytes.u16(b, off + 2);
        if (total < ihl) return Decoded.malformed("total length " + total + " is less than the header's " + ihl);
        int present = Math.min(total, len);
        int flagsAndOffset = Bytes.u16(b, off + 6);
        return Decoded.ok(new Ipv4Header(ihl, Bytes.u8(b, off + 1), total, Bytes.u16(b, off + 4),
                (flagsAndOffset & 0x4000) != 0, (flagsAndOffset & 0x2000) != 0, (flagsAndOffset & 0x1fff) * 8,
                Bytes.u8(b, off + 8), Bytes.u8(b, off + 9), Checksum.verifies(b, off, ihl),
                Bytes.address(b, off + 12, 4), Bytes.address(b, off + 16, 4),
                off + ihl, present - ihl, total > len));
    }

    /** Whether the payload starts with the transport header (first fragment or no fragment). */
    public boolean firstFragment() {
        return fragmentOffset == 0;
    }
}
