package jnc.raw;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of the data as
 * 16-bit big-endian words, an odd last byte padded with zero. IPv4 headers and ICMP messages carry
 * it; a message with a correct checksum in place sums to zero.
 */
public final class Checksum {
    private Checksum() {
    }

    /** The checksum of {@code len} bytes at {@code off}, to be written into the checksum field (which must be 0). */
    public static int of(byte[] data, int off, int len) {
        long sum = 0;
        int end = off + len;
        int i = off;
        for (; i + 1 < end; i += 2) sum += Bytes.u16(data, i);
        if (i < end) sum += (data[i] & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16); // fold the carries back in
        return (int) (~sum & 0xffff);
    }

    /** Whether the bytes, their checksum field included, are intact. */
    public static boolean verifies(byte[] data, int off, int len) {
        return of(data, off, len) == 0;
    }
}
