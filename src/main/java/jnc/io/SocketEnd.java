package jnc.io;

import jnc.sys.SocketFds;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** A stream socket (TCP or Unix) as a {@link NetEnd}. */
final class SocketEnd implements NetEnd {
    private final SocketChannel ch;
    /** The socket adaptor's stream, the one place the JDK honours a read timeout (SO_TIMEOUT); made on first use. */
    private ReadableByteChannel timed;
    /** 0 until a timed read asks, then 1 for TCP, 2 for a Unix socket. */
    private int kind;

    SocketEnd(SocketChannel ch) {
        this.ch = ch;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return ch.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return ch.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return ch.write(srcs, offset, length);
    }

    @Override
    public void shutdownOutput() throws IOException {
        ch.shutdownOutput();
    }

    @Override
    public SocketChannel socket() {
        return ch;
    }

    @Override
    public int fd() {
        return SocketFds.of(ch);
    }

    @Override
    public SocketAddress remoteAddress() {
        return NetEnd.addressOrNull(ch::getRemoteAddress);
    }

    @Override
    public SocketAddress localAddress() {
        return NetEnd.addressOrNull(ch::getLocalAddress);
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        if (unix()) return unixTimedRead(dst, idle);
        if (timed == null) timed = Channels.newChannel(ch.socket().getInputStream());
        ch.socket().setSoTimeout(NetEnd.timeoutMillis(idle));
        return timed.read(dst);
    }

    /** Whether this is a Unix stream socket; asked once, not at every timed read. */
    private boolean unix() throws IOException {
        if (kind == 0) kind = ch.getLocalAddress() instanceof UnixDomainSocketAddress ? 2 : 1;
        return kind == 2;
    }

    /**
     * A Unix channel has no socket adaptor, so no SO_TIMEOUT: a timer closes the end when the time
     * is up, which ends the blocked read, and the caller sees the timeout. The end is closed then;
     * the callers (the echo service, -i) end the session at a timeout anyway.
     */
    private int unixTimedRead(ByteBuffer dst, Duration idle) throws IOException {
        boolean[] fired = new boolean[1];
        Thread timer = Thread.ofVirtual().name("jnc-read-timeout").start(new ReadTimer(ch, idle, fired));
        try {
            return ch.read(dst);
        } catch (AsynchronousCloseException e) {
            synchronized (fired) {
                if (fired[0]) throw new SocketTimeoutException("Read timed out");
            }
            throw e;
        } finally {
            timer.interrupt();
        }
    }

    /** Closes a channel after a while, unless interrupted first; says so in {@code fired}. */
    private record ReadTimer(SocketChannel ch, Duration after, boolean[] fired) implements Runnable {
        @Override
        public void run() {
            try {
                Thread.sleep(after);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (fired) {
                fired[0] = true;
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    @Override
    public boolean isOpen() {
        return ch.isOpen();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
