package jnc.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * The network side of a relay: a connected channel to one peer. Stream sockets (TCP, Unix, TLS)
 * carry a byte stream and can stop sending while they keep receiving (half-close); datagram ends
 * (UDP, Unix datagrams) carry messages: each {@code write} is one datagram, each {@code read} one
 * datagram, and they never see EOF.
 */
public interface NetEnd extends ByteChannel {
    /** Tells the peer "no more data from me" (TCP FIN) and keeps reading; datagram ends have nothing to say. */
    void shutdownOutput() throws IOException;

    /**
     * Writes from several buffers in order, as a gathering write does; returns as soon as some bytes
     * were taken, with the buffers' positions moved on. A plain socket does it in one system call.
     */
    default long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) return write(srcs[i]);
        }
        return 0;
    }

    /** The channel underneath, when it is a plain stream socket (for zero-copy sendfile). */
    default SocketChannel socket() {
        return null;
    }

    /** The socket's file descriptor, for splice; -1 when there is none (TLS, datagrams, a pipe in tests). */
    default int fd() {
        return -1;
    }

    /**
     * The largest message a read can return whole: 0 for a byte stream; for datagrams the largest
     * datagram, so that readers size their buffers to keep each datagram intact.
     */
    default int maxMessage() {
        return 0;
    }

    /**
     * Reads as {@link #read} does, for a reader that keeps no message boundaries (stdout, a
     * command's stdin): a datagram end may return several waiting datagrams back to back.
     */
    default int readStream(ByteBuffer dst) throws IOException {
        return read(dst);
    }

    /** The peer's address, or {@code null} when unknown (an unnamed Unix socket). */
    SocketAddress remoteAddress();

    /** Our own address, or {@code null} when unknown. */
    SocketAddress localAddress();

    /**
     * Reads as {@link #read} does, but fails with {@link SocketTimeoutException} after {@code idle}
     * without data ({@code -i}). An end that cannot wait with a limit may read without one.
     */
    int read(ByteBuffer dst, Duration idle) throws IOException;

    /** This end as a reader for the services: reads time out after {@code idle} ({@code null}: never). */
    default ReadableByteChannel reader(Duration idle) {
        if (idle == null) return this;
        NetEnd end = this;
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return end.read(dst, idle);
            }

            @Override
            public boolean isOpen() {
                return end.isOpen();
            }

            @Override
            public void close() throws IOException {
                end.close();
            }
        };
    }

    /** Asks a socket for one of its addresses. */
    @FunctionalInterface
    interface AddressQuery {
        SocketAddress ask() throws IOException;
    }

    /** The address {@code query} gives, or {@code null} when the socket cannot say (closed, say). */
    static SocketAddress addressOrNull(AddressQuery query) {
        try {
            return query.ask();
        } catch (IOException e) {
            return null;
        }
    }

    /** An idle limit as the milliseconds SO_TIMEOUT and poll take: at least 1 (0 would mean "never"). */
    static int timeoutMillis(Duration idle) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, idle.toMillis()));
    }

    /** A buffer size for reading from {@code net} that keeps its messages whole. */
    static int bufferFor(NetEnd net, int streamSize) {
        return Math.max(streamSize, net.maxMessage());
    }

    static NetEnd of(SocketChannel ch) {
        return new SocketEnd(ch);
    }
}
