package jnc.ws;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * RFC 6455 5.3 masking: payload byte {@code i} XOR key byte {@code i % 4}.
 *
 * <p>Eight bytes at a time through a {@link MemorySegment}, in the machine's byte order: C2
 * vectorizes this loop (SIMD, 30-40 GB/s on the benchmark machine), where the same loop over
 * {@link ByteBuffer#getLong(int)} stayed scalar with a byte swap per long (about 5 GB/s, a third
 * of a bulk receiver's CPU). Heap and direct buffers go through loops of their own, so that each
 * loop sees one kind of segment and stays compiled for it.
 */
final class Mask {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private Mask() {
    }

    /**
     * Masks (or unmasks: the same XOR) {@code len} bytes of {@code buf} from index {@code from},
     * the first of them being payload byte number {@code phase} (mod 4) of its frame.
     */
    static void apply(ByteBuffer buf, int from, int len, int key, int phase) {
        if (len <= 0) return;
        if (buf.hasArray()) {
            inHeap(MemorySegment.ofArray(buf.array()).asSlice(buf.arrayOffset() + from, len), key, phase);
        } else {
            inDirect(direct(buf, from, len), key, phase);
        }
    }

    /**
     * Masks {@code len} bytes of {@code src} from {@code srcFrom} into {@code dst} at {@code dstFrom}
     * (absolute indices) in one pass, leaving {@code src} as it was. Between direct buffers this is
     * one loop; otherwise a copy, then {@link #apply}.
     */
    static void copy(ByteBuffer src, int srcFrom, ByteBuffer dst, int dstFrom, int len, int key, int phase) {
        if (len <= 0) return;
        if (!src.isDirect() || !dst.isDirect()) {
            // ByteBuffer's absolute copy stays within each buffer's limit; these indices need not
            if (srcFrom + len > src.limit()) src = src.duplicate().clear();
            if (dstFrom + len > dst.limit()) dst = dst.duplicate().clear();
            dst.put(dstFrom, src, srcFrom, len);
            apply(dst, dstFrom, len, key, phase);
            return;
        }
        MemorySegment s = direct(src, srcFrom, len);
        MemorySegment d = direct(dst, dstFrom, len);
        int k = keyAt(key, phase);
        long k8 = eightKeys(k);
        long whole = len & ~7L;
        for (long i = 0; i < whole; i += 8) d.set(LONG, i, s.get(LONG, i) ^ k8);
        for (long i = whole; i < len; i++) {
            d.set(ValueLayout.JAVA_BYTE, i, (byte) (s.get(ValueLayout.JAVA_BYTE, i) ^ (k >>> (24 - 8 * (i & 3)))));
        }
    }

    /**
     * Bytes {@code from} to {@code from + len} of a direct buffer, by absolute index (a buffer's
     * segment spans only its position to its limit; the callers' bytes are mostly there).
     */
    private static MemorySegment direct(ByteBuffer buf, int from, int len) {
        int p = buf.position();
        if (from < p || from + len > buf.limit()) {
            buf = buf.duplicate().clear();
            p = 0;
        }
        return MemorySegment.ofBuffer(buf).asSlice(from - p, len);
    }

    private static void inDirect(MemorySegment s, int key, int phase) {
        int k = keyAt(key, phase);
        long k8 = eightKeys(k);
        long len = s.byteSize();
        long whole = len & ~7L;
        for (long i = 0; i < whole; i += 8) s.set(LONG, i, s.get(LONG, i) ^ k8);
        tail(s, whole, len, k);
    }

    /** The same loop as {@link #inDirect}, for heap segments (a loop of its own, see the class comment). */
    private static void inHeap(MemorySegment s, int key, int phase) {
        int k = keyAt(key, phase);
        long k8 = eightKeys(k);
        long len = s.byteSize();
        long whole = len & ~7L;
        for (long i = 0; i < whole; i += 8) s.set(LONG, i, s.get(LONG, i) ^ k8);
        tail(s, whole, len, k);
    }

    /** The last 0-7 bytes, one at a time ({@code from} is a multiple of 8, so the key's phase there is 0). */
    private static void tail(MemorySegment s, long from, long len, int k) {
        for (long i = from; i < len; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (s.get(ValueLayout.JAVA_BYTE, i) ^ (k >>> (24 - 8 * (i & 3)))));
        }
    }

    /** The key as it applies from payload byte {@code phase} on, big-endian: its first byte is key byte {@code phase}. */
    private static int keyAt(int key, int phase) {
        return Integer.rotateLeft(key, 8 * (phase & 3));
    }

    /** Eight key bytes in a long that, stored in the machine's byte order, lays them out in memory order. */
    private static long eightKeys(int k) {
        long be = (k & 0xFFFFFFFFL) << 32 | (k & 0xFFFFFFFFL);
        return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ? be : Long.reverseBytes(be);
    }
}
