package jnc.transfer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed set of equal buffers passed between two threads and back. Fresh arrays for every chunk
 * would make the collector copy the queued megabytes again and again, and each new page costs a fault.
 */
final class BufferPool {
    private final BlockingQueue<byte[]> free;
    private final int size;
    private final int max;
    private int made;

    BufferPool(int count, int size) {
        this.free = new ArrayBlockingQueue<>(count);
        this.size = size;
        this.max = count;
    }

    /** A buffer, made on first need, then waiting for one to come back. */
    byte[] take() throws InterruptedException {
        byte[] b = free.poll();
        if (b != null) return b;
        synchronized (this) {
            if (made < max) {
                made++;
                return new byte[size];
            }
        }
        return free.take();
    }

    void give(byte[] b) {
        if (b.length == size) free.offer(b);
    }
}
