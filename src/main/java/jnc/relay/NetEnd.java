package jnc.relay;

import java.io.IOException;
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

    /** The peer's address, or {@code null} when unknown (an unnamed Unix socket). */
    SocketAddress remoteAddress();

    /** Our own address, or {@code null} when unknown. */
    SocketAddress localAddress();

    /**
     * This end as a reader whose reads fail with {@link SocketTimeoutException} after {@code idle}
     * without data ({@code -i}); {@code null} means no limit.
     */
    ReadableByteChannel reader(Duration idle) throws IOException;

    /** A buffer size for reading from {@code net} that keeps its messages whole. */
    static int bufferFor(NetEnd net, int streamSize) {
        return Math.max(streamSize, net.maxMessage());
    }

    static NetEnd of(SocketChannel ch) {
        return new SocketEnd(ch);
    }
}
