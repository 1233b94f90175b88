package jnc.broker;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where the bytes of a room's log live: blocks of direct memory ({@link #BLOCK} bytes each), filled in
 * log order and given back in log order once every writer has passed them.
 *
 * <p>Why not byte arrays: every member's writer sends a post with a gathering write, and the JDK
 * copies a heap buffer into a temporary direct buffer for each such write, once per receiver (a
 * profile of bench/chat.sh: 13 % of the room's samples). From direct memory the kernel takes the
 * bytes as they are, and a run of consecutive posts is one buffer. And a post that a slow member
 * kept alive for a few seconds was promoted into the old generation with its bytes, which then grew
 * with the traffic until a full collection (issue 10: the chat soak's RSS went past 256 MiB with a
 * live heap of 24-40 MiB); here only the small {@link Room.Post} reaches the heap.
 *
 * <p>Bounded: at most {@code maxBlocks} blocks exist; when they are all in use (a member far behind
 * that is not yet disconnected), a post keeps its bytes on the heap instead, as before. Memory is
 * never handed back to the system: a block that was needed once is kept for the next burst.
 *
 * <p>Threads: {@link #place} runs under the room's append lock; {@link #release} runs in the room's
 * look, one thread at a time; the queues between them are concurrent.
 */
final class LogMemory {
    /** The size of a block; a post bigger than a quarter of it stays on the heap. */
    static final int BLOCK = 1 << 20;

    /** One block: its memory, and where in the log its last post ends. */
    static final class Block {
        final ByteBuffer memory;
        int fill;
        /** The end (in log bytes, {@link Room.Post#end}) of the last post placed here. */
        volatile long lastEnd;

        Block(int size) {
            memory = ByteBuffer.allocateDirect(size);
        }
    }

    private final int blockSize;
    private final int maxPost;
    /** At most this many blocks; lowered to what exists when the JVM has no direct memory left for another. */
    private int maxBlocks;
    private int blocks;
    private Block current;
    /** Blocks that are full (no longer {@link #current}), oldest first. */
    private final ConcurrentLinkedQueue<Block> filled = new ConcurrentLinkedQueue<>();
    /** Blocks every writer has passed, ready for new posts; the last one given back is used first (its pages are warm). */
    private final ConcurrentLinkedDeque<Block> free = new ConcurrentLinkedDeque<>();

    /** Blocks of {@code blockSize} bytes ({@link #BLOCK}; tests use small ones), at most {@code maxBlocks} of them. */
    LogMemory(int blockSize, int maxBlocks) {
        this.blockSize = blockSize;
        this.maxPost = blockSize / 4;
        this.maxBlocks = maxBlocks;
    }

    /**
     * Copies the bytes of post {@code p} ({@link Room.Post#size} of them, from {@code src} at
     * {@code off}) into a block and notes where in {@code p}; false when the post is to keep its
     * bytes on the heap (too big, or every block in use). Under the append lock, with
     * {@link Room.Post#end} already set.
     */
    boolean place(Room.Post p, byte[] src, int off) {
        int len = p.size;
        if (len > maxPost || len == 0) return false;
        Block b = current;
        if (b == null || blockSize - b.fill < len) {
            Block next = free.pollFirst();
            if (next == null && blocks < maxBlocks) {
                try {
                    next = new Block(blockSize);
                    blocks++;
                } catch (OutOfMemoryError directMemoryShort) {
                    // -XX:MaxDirectMemorySize (by default -Xmx) is reached: a small heap is a small
                    // direct memory. The room goes on with the blocks it has, and the heap.
                    maxBlocks = blocks;
                }
            }
            if (next == null) return false; // every block is in use: this post stays on the heap
            next.fill = 0;
            if (b != null) filled.add(b);
            current = b = next;
        }
        b.memory.put(b.fill, src, off, len);
        p.block = b;
        p.offset = b.fill;
        b.fill += len;
        b.lastEnd = p.end;
        return true;
    }

    /** Gives back the full blocks whose posts all end at or before {@code passed}: no writer reads them any more. */
    void release(long passed) {
        Block b;
        while ((b = filled.peek()) != null && b.lastEnd <= passed) {
            filled.poll();
            free.offerFirst(b);
        }
    }

    /** The biggest post a block takes. */
    int maxPost() {
        return maxPost;
    }

    /** How many blocks exist (tests). */
    int blocks() {
        return blocks;
    }

    /** How many blocks are free (tests). */
    int freeBlocks() {
        return free.size();
    }
}
