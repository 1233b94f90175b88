package jnc.measure;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Round-trip times in a fixed number of buckets, shared by every connection of {@code --load}: a
 * long run at 70,000 round trips a second used to keep every sample (1.7 MB more each second,
 * until the heap ran out). Buckets are log-linear, as in HdrHistogram: 64 per power of two, so a
 * percentile is exact to within 1/64 (1.6 %), whatever the range. 64 powers of two times 64
 * buckets of 8 bytes: 32 KiB in all.
 */
final class LatencyHistogram {
    private static final int SUB = 64;
    private static final int SUB_BITS = 6;
    private final AtomicLongArray counts = new AtomicLongArray(64 * SUB);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet(index(v));
        total.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
    }

    long count() {
        return total.get();
    }

    long max() {
        return max.get();
    }

    /** The value below which {@code p} percent of the samples lie (the upper edge of its bucket, at most the maximum). */
    long percentile(double p) {
        long n = total.get();
        if (n == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) return Math.min(upperEdge(i), max.get());
        }
        return max.get();
    }

    /** Values below 64 get a bucket each; above, the power of two and the next 6 bits pick the bucket. */
    static int index(long v) {
        if (v < SUB) return (int) v;
        int exp = 63 - Long.numberOfLeadingZeros(v); // >= 6
        int mantissa = (int) (v >>> (exp - SUB_BITS)) & (SUB - 1);
        return (exp - SUB_BITS + 1) * SUB + mantissa;
    }

    /** The largest value that falls into bucket {@code i}. */
    static long upperEdge(int i) {
        if (i < SUB) return i;
        int exp = i / SUB + SUB_BITS - 1;
        long mantissa = i % SUB;
        long low = (1L << exp) | (mantissa << (exp - SUB_BITS));
        return low + (1L << (exp - SUB_BITS)) - 1;
    }
}
