package jnc.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The bound, unconnected socket of a datagram listener with {@code -k}: it hears every sender and
 * answers each one by its address. {@link DatagramSenders} turns its senders into peers;
 * a UDP socket ({@link #of(UdpListener)}) and a Unix datagram socket
 * ({@link UnixDatagrams#listenForMany}) are the two kinds.
 */
public interface DatagramListener extends Closeable {
    /**
     * Receives one datagram into {@code dst} and returns its sender's address, or {@code null} for a
     * sender that has none (a Unix socket that bound no path: it cannot be answered). Throws
     * {@link java.nio.channels.ClosedChannelException} once the socket is closed; any other
     * {@link IOException} concerns one datagram only.
     */
    SocketAddress receive(ByteBuffer dst) throws IOException;

    /** Sends one datagram to {@code to} and returns how many bytes it carried. Many threads send at once. */
    int send(ByteBuffer datagram, SocketAddress to) throws IOException;

    /** The address it is bound to, as the verbose lines show it. */
    SocketAddress localAddress();

    /** Whether a datagram from {@code from} is ignored before any other check ({@code -6} for UDP). */
    default boolean turnedAway(SocketAddress from) {
        return false;
    }

    /** The {@code -v} line for a sender and what became of it ({@link Say#RECEIVED}, or why not). */
    default String connectionLine(SocketAddress from, String outcome) {
        return Say.connection(from, localAddress(), outcome);
    }

    @Override
    void close();

    /** A UDP listener's socket, as it is: its channel is safe for many senders and one receiver. */
    static DatagramListener of(UdpListener udp) {
        DatagramChannel ch = udp.channel();
        return new DatagramListener() {
            @Override
            public SocketAddress receive(ByteBuffer dst) throws IOException {
                return ch.receive(dst); // blocking: never null
            }

            @Override
            public int send(ByteBuffer datagram, SocketAddress to) throws IOException {
                return ch.send(datagram, to);
            }

            @Override
            public SocketAddress localAddress() {
                return udp.localAddress();
            }

            @Override
            public boolean turnedAway(SocketAddress from) {
                return udp.turnedAway(from);
            }

            @Override
            public void close() {
                udp.close();
            }
        };
    }
}
