package jnc.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code -i} for the services that serve many peers, each on a thread of its own (the {@code -k}
 * hub, broker, chat): a peer with no byte either way for the limit is closed, which ends its
 * blocked read, and its service says {@link #idled}. A watch rather than a read timeout: a member of
 * a room that only listens is busy, not idle, and closing works the same for every end (TCP, Unix
 * sockets, TLS, WebSocket) without pinning a virtual thread's carrier in poll(2).
 */
public final class IdleWatch {
    private final Duration limit;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

    public IdleWatch(Duration limit) {
        this.limit = limit;
        Thread.ofPlatform().daemon().name("jnc-idle").start(this::run);
    }

    public Duration limit() {
        return limit;
    }

    /** {@code end}, watched: every byte read from or written to it counts as activity. */
    public Watched watch(NetEnd end) {
        Watched w = new Watched(end);
        watched.add(w);
        return w;
    }

    /** Whether {@code end} was closed by a watch for its silence. */
    public static boolean idled(NetEnd end) {
        return end instanceof Watched w && w.idled;
    }

    private void run() {
        long max = limit.toNanos();
        while (true) {
            long now = System.nanoTime();
            long next = max;
            for (Watched w : watched) {
                long quiet = now - w.last;
                if (quiet >= max) {
                    w.idled = true;
                    try {
                        w.close();
                    } catch (IOException ignored) {
                        // closing is the point; a close that fails leaves nothing to do
                    }
                } else {
                    next = Math.min(next, max - quiet);
                }
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.max(next, 1_000_000)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * An end whose traffic is noted. It offers no socket and no descriptor: bytes moved past it by
     * sendfile or splice would not count, so such paths copy instead.
     */
    public final class Watched implements NetEnd {
        private final NetEnd end;
        private volatile long last = System.nanoTime();
        private volatile boolean idled;

        private Watched(NetEnd end) {
            this.end = end;
        }

        private int noted(int n) {
            if (n > 0) last = System.nanoTime();
            return n;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return noted(end.read(dst));
        }

        @Override
        public int read(ByteBuffer dst, Duration idle) throws IOException {
            return noted(end.read(dst, idle));
        }

        @Override
        public int readStream(ByteBuffer dst) throws IOException {
            return noted(end.readStream(dst));
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return noted(end.write(src));
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = end.write(srcs, offset, length);
            if (n > 0) last = System.nanoTime();
            return n;
        }

        @Override
        public void shutdownOutput() throws IOException {
            end.shutdownOutput();
        }

        @Override
        public int maxMessage() {
            return end.maxMessage();
        }

        @Override
        public boolean sendsAfterEof() {
            return end.sendsAfterEof();
        }

        @Override
        public SocketAddress remoteAddress() {
            return end.remoteAddress();
        }

        @Override
        public SocketAddress localAddress() {
            return end.localAddress();
        }

        @Override
        public boolean isOpen() {
            return end.isOpen();
        }

        /** Closes the end and stops watching it. */
        @Override
        public void close() throws IOException {
            watched.remove(this);
            end.close();
        }

        /** Stops watching without closing (the service is done with the peer). */
        public void forget() {
            watched.remove(this);
        }
    }
}
