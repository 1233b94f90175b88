package jnc.ws;

import java.nio.ByteBuffer;

/** RFC 6455 5.3 masking: payload byte {@code i} XOR key byte {@code i % 4}, eight bytes at a time. */
final class Mask {
    private Mask() {
    }

    /**
     * Masks (or unmasks: the same XOR) {@code len} bytes of {@code buf} from index {@code from},
     * the first of them being payload byte number {@code phase} (mod 4) of its frame.
     */
    static void apply(ByteBuffer buf, int from, int len, int key, int phase) {
        int k = Integer.rotateLeft(key, 8 * (phase & 3)); // big-endian: the first byte is key byte phase
        long k8 = (k & 0xFFFFFFFFL) << 32 | (k & 0xFFFFFFFFL);
        int i = from;
        int end = from + len;
        for (; i + 8 <= end; i += 8) buf.putLong(i, buf.getLong(i) ^ k8);
        for (int j = 0; i < end; i++, j++) buf.put(i, (byte) (buf.get(i) ^ (k >>> (24 - 8 * (j & 3)))));
    }
}
