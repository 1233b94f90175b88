package jnc.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead on a thread of its own (the socket and the decompressor), so that the
 * receiver's other thread only parses, hashes and writes: the two cores share the work. At most
 * {@link #CHUNKS} chunks of {@link #CHUNK} bytes wait (4 MiB).
 */
final class Prefetch extends InputStream {
    static final int CHUNK = 256 * 1024;
    static final int CHUNKS = 16;
    private static final byte[] END = new byte[0];

    /** A chunk and how much of it is filled. */
    private record Chunk(byte[] b, int len) {
    }

    private static final Chunk LAST = new Chunk(END, 0);
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS);
    private final BufferPool buffers = new BufferPool(CHUNKS + 2, CHUNK);
    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int pos;
    private int limit;
    private final Thread thread;

    Prefetch(InputStream source) {
        thread = Thread.ofPlatform().daemon().name("jnc-prefetch").start(() -> {
            try {
                while (true) {
                    byte[] b = buffers.take();
                    // One read, not readNBytes: what has arrived is passed on at once, even when the
                    // peer keeps its connection open after its last byte (nc without -N).
                    int n = source.read(b, 0, b.length);
                    if (n < 0) break;
                    if (n > 0) queue.put(new Chunk(b, n)); else buffers.give(b);
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                return;
            }
            try {
                queue.put(LAST);
            } catch (InterruptedException e) {
                // the reader is gone
            }
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (pos == limit) {
            if (current == END) return -1;
            if (current.length > 0) buffers.give(current);
            Chunk c;
            try {
                c = queue.take();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            current = c.b();
            pos = 0;
            limit = c.len();
            if (current == END && failure != null) throw failure;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
