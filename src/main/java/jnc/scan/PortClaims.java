package jnc.scan;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The indexes of a scan's ports, handed out once each to loops on several threads: some take them
 * from the bottom, others from the top, until the two ends meet. Both ends live in one atomic long,
 * so a claim is one compare-and-set and no index is given twice.
 */
final class PortClaims {
    private final AtomicLong ends; // high 32 bits: the next index from the bottom; low 32 bits: the next from the top

    PortClaims(int count) {
        ends = new AtomicLong(pack(0, count - 1));
    }

    /** The lowest index not yet claimed, or -1 when none is left. */
    int fromBottom() {
        while (true) {
            long v = ends.get();
            int low = (int) (v >>> 32);
            int high = (int) v;
            if (low > high) return -1;
            if (ends.compareAndSet(v, pack(low + 1, high))) return low;
        }
    }

    /** The highest index not yet claimed, or -1 when none is left. */
    int fromTop() {
        while (true) {
            long v = ends.get();
            int low = (int) (v >>> 32);
            int high = (int) v;
            if (low > high) return -1;
            if (ends.compareAndSet(v, pack(low, high - 1))) return high;
        }
    }

    private static long pack(int low, int high) {
        return ((long) low << 32) | (high & 0xffffffffL);
    }
}
