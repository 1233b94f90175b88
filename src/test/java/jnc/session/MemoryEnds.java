package jnc.session;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jnc.io.LocalEnd;
import jnc.io.NetEnd;

/** In-memory ends for testing the session's rules in-process: no socket, no process, no jar. */
final class MemoryEnds {
    private static final byte[] EOF = new byte[0];

    private MemoryEnds() {
    }

    /** A queue of chunks with an end, readable with or without a time limit. */
    static final class Inbox {
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] pending;
        private int offset;
        private volatile boolean closed;

        void put(byte[] b) {
            chunks.add(b);
        }

        void end() {
            chunks.add(EOF);
        }

        void close() {
            closed = true;
            chunks.add(EOF);
        }

        int read(ByteBuffer dst, Duration idle) throws IOException {
            if (pending == null) {
                byte[] next;
                try {
                    next = idle == null ? chunks.take() : chunks.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    throw new AsynchronousCloseException();
                }
                if (next == null) throw new SocketTimeoutException("idle");
                if (closed) throw new AsynchronousCloseException();
                if (next == EOF) {
                    chunks.add(EOF); // EOF stays EOF
                    return -1;
                }
                pending = next;
                offset = 0;
            }
            int n = Math.min(dst.remaining(), pending.length - offset);
            dst.put(pending, offset, n);
            offset += n;
            if (offset == pending.length) pending = null;
            return n;
        }
    }

    /** What one side wrote, and whether it said EOF. */
    static final class Outbox {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile boolean ended;

        synchronized void write(ByteBuffer src) {
            byte[] b = new byte[src.remaining()];
            src.get(b);
            bytes.writeBytes(b);
        }

        synchronized String text() {
            return bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** The network side: the test is the peer, putting bytes in {@link #fromPeer} and reading {@link #toPeer}. */
    static class Net implements NetEnd {
        final Inbox fromPeer = new Inbox();
        final Outbox toPeer = new Outbox();
        volatile boolean open = true;

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return fromPeer.read(dst, null);
        }

        @Override
        public int read(ByteBuffer dst, Duration idle) throws IOException {
            return fromPeer.read(dst, idle);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!open || toPeer.ended) throw new IOException("Broken pipe");
            int n = src.remaining();
            toPeer.write(src);
            return n;
        }

        @Override
        public void shutdownOutput() {
            toPeer.ended = true;
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 59104);
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 61111);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            fromPeer.close();
        }
    }

    /** The local side: the test types into {@link #typed} and reads {@link #shown}. */
    static class Local implements LocalEnd {
        final Inbox typed = new Inbox();
        final Outbox shown = new Outbox();
        final boolean stdin;

        Local(boolean stdin) {
            this.stdin = stdin;
        }

        @Override
        public ReadableByteChannel source() {
            return new ReadableByteChannel() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    return typed.read(dst, null);
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public WritableByteChannel sink() {
            return new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) {
                    int n = src.remaining();
                    shown.write(src);
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return !shown.ended;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public boolean endsWhenQuiet() {
            return stdin;
        }

        @Override
        public void closeSink() {
            shown.ended = true;
        }
    }
}
