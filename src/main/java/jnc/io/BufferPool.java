package jnc.io;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relays' first buffers, kept for the next session: a fresh direct buffer is zeroed and its
 * pages are faulted in at first touch (16 pages of 64 KiB, 10-15 us each on the benchmark VM), which
 * a listener serving many short sessions (--forward, -k -e) would otherwise pay every time. At most
 * {@link #KEEP} buffers (4 MiB) are kept.
 */
public final class BufferPool {
    public static final int SIZE = 64 * 1024;
    private static final int KEEP = 64;
    private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger KEPT = new AtomicInteger();

    private BufferPool() {
    }

    /** A cleared direct buffer of {@link #SIZE} bytes. */
    public static ByteBuffer take() {
        ByteBuffer b = FREE.poll();
        if (b == null) return ByteBuffer.allocateDirect(SIZE);
        KEPT.decrementAndGet();
        return b.clear();
    }

    /** Gives a buffer back once its user is done with it for good; other sizes are left to the collector. */
    public static void give(ByteBuffer b) {
        if (b.capacity() != SIZE || !b.isDirect()) return;
        if (KEPT.incrementAndGet() > KEEP) {
            KEPT.decrementAndGet();
            return;
        }
        FREE.offer(b);
    }
}
