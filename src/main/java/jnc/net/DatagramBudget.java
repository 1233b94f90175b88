package jnc.net;

import java.util.concurrent.atomic.AtomicLong;

import jnc.base.Diag;

/**
 * What datagrams may wait in memory for their peers' services (issue 10: a flood of 60 KB datagrams
 * from spoofable senders must not fill the heap). Bounded in bytes, not datagrams: at most
 * {@link #PER_PEER} for one sender and {@link #TOTAL} for all of them. A datagram beyond either is
 * dropped, as a full socket buffer would drop it; drops are counted and reported at {@code -v}, at
 * most once a second.
 */
final class DatagramBudget {
    /** One sender's queue: 16 of the largest UDP datagrams. */
    static final long PER_PEER = 1L << 20;
    /** Every sender's queue together. */
    static final long TOTAL = 16L << 20;
    /** What a queued datagram costs beyond its bytes (the buffer object, the queue node). */
    static final int OVERHEAD = 64;

    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long reportedAt;
    private long reportedCount;

    /** Takes room for a datagram of {@code size} bytes from the peer's share and the total; false if either is full. */
    boolean reserve(AtomicLong peer, int size) {
        long cost = (long) size + OVERHEAD;
        if (peer.addAndGet(cost) > PER_PEER) {
            peer.addAndGet(-cost);
            return false;
        }
        if (queued.addAndGet(cost) > TOTAL) {
            queued.addAndGet(-cost);
            peer.addAndGet(-cost);
            return false;
        }
        return true;
    }

    void release(AtomicLong peer, int size) {
        long cost = (long) size + OVERHEAD;
        peer.addAndGet(-cost);
        queued.addAndGet(-cost);
    }

    /** Counts a dropped datagram; at -v, one line a second at most says how many so far. */
    void dropped(String from) {
        long n = dropped.incrementAndGet();
        if (!Diag.verbose()) return;
        long now = System.nanoTime();
        synchronized (this) {
            if (reportedCount != 0 && now - reportedAt < 1_000_000_000L) return;
            reportedAt = now;
            reportedCount = n;
        }
        Diag.verbose("Dropping datagrams: their services are behind (last from " + from + "; " + n
                + " dropped in all; at most " + (PER_PEER >> 20) + " MiB queued per sender, " + (TOTAL >> 20) + " MiB in all).");
    }

    long droppedCount() {
        return dropped.get();
    }
}
