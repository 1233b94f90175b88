package jnc.net;

import jnc.io.MessageEnd;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import jnc.io.NetEnd;

/**
 * A UDP socket connected to one peer, as a {@link NetEnd}: every write is sent as datagrams of at
 * most {@link #MAX_PAYLOAD} bytes (a typed line is one datagram), every read returns one datagram.
 * A datagram may wait to be read first: the one a listener received before it knew its peer.
 */
public final class DatagramEnd implements MessageEnd {
    /** The largest UDP payload over IPv4: 65,535 minus the IP and UDP headers. */
    public static final int MAX_PAYLOAD = 65_507;
    /** Room for the largest datagram, so none is ever cut short (said once, where every message end inherits it). */
    public static final int MAX_MESSAGE = MessageEnd.MAX_MESSAGE;

    private final DatagramChannel ch;
    /** The one peer of an unconnected socket (a listener's first sender), or null when {@code ch} is connected. */
    private final SocketAddress peer;
    private ByteBuffer first;
    /** Batched reads for {@link #readStream}; made on first use, null when impossible. */
    private DatagramDrain drain;
    /** The drain being made, when {@link #drain} was not given; null before the first batched read. */
    private java.util.function.Supplier<DatagramDrain> pendingDrain;
    /** Where timed reads ({@code -i}) land; made on first use. */
    private byte[] timedBytes;

    /** {@code ch} is connected to its peer. */
    public DatagramEnd(DatagramChannel ch) {
        this(ch, null, null, null);
    }

    /**
     * {@code ch} is not connected: reads keep only what {@code peer} sends, writes go to it.
     * {@code first}, when not null, is delivered by the first read.
     *
     * <p>Why not connect the socket to the peer: the JDK's {@code DatagramChannel.connect} throws
     * away every datagram already queued on the socket, from the peer too, so the datagrams a
     * sender fires right after its first would be lost while the listener connects.
     *
     * <p>{@code drain}: batched reads made in advance (see {@link UdpListener}); null: made on first use.
     */
    DatagramEnd(DatagramChannel ch, SocketAddress peer, ByteBuffer first, DatagramDrain drain) {
        this.ch = ch;
        this.peer = peer;
        this.first = first;
        this.drain = drain;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (first != null) {
            int n = take(first, dst);
            if (!first.hasRemaining()) first = null; // a reader smaller than the datagram gets the rest next time
            return n;
        }
        if (drain != null && drain.takeRefusal()) throw new java.net.ConnectException("Connection refused");
        if (peer != null) return receiveFromPeer(dst);
        try {
            return ch.read(dst);
        } catch (PortUnreachableException e) {
            // The peer's host answered with ICMP "port unreachable": nobody listens there.
            throw new java.net.ConnectException("Connection refused");
        }
    }

    /**
     * One datagram as {@link #read} gets it, then those already waiting behind it (see
     * {@link DatagramDrain}), while {@code dst} has room for the largest.
     */
    @Override
    public int readStream(ByteBuffer dst) throws IOException {
        boolean batch = first == null && dst.isDirect();
        int n = read(dst);
        if (!batch || n < 0) return n;
        if (drain == null) {
            // Made on a thread of its own (binding the C call and finding the descriptor take a
            // hundred milliseconds or more): this datagram goes to stdout now, not after that.
            if (pendingDrain == null) pendingDrain = drainInBackground(ch, peer instanceof InetSocketAddress a ? a : null);
            drain = pendingDrain.get();
            if (drain == null) return n; // not made yet: batching starts once it is
        }
        return n + drain.more(dst); // a refusal it meets is reported by the next read
    }

    /**
     * Starts making a drain on a thread of its own; the supplier gives null until it is made. Not a
     * method of {@link DatagramDrain}: calling one would initialise that class (and bind its C call)
     * on this thread, which is the wait this avoids.
     */
    private static java.util.function.Supplier<DatagramDrain> drainInBackground(DatagramChannel ch, InetSocketAddress peer) {
        java.util.concurrent.atomic.AtomicReference<DatagramDrain> made = new java.util.concurrent.atomic.AtomicReference<>();
        Thread.ofPlatform().daemon().name("jnc-udp-prepare").start(() -> made.set(DatagramDrain.of(ch, peer)));
        return made::get;
    }

    /** One datagram from the peer; datagrams from anyone else are dropped, as a connected socket would. */
    private int receiveFromPeer(ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (true) {
            SocketAddress from = ch.receive(dst);
            if (peer.equals(from)) return dst.position() - start;
            dst.position(start);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        try {
            return peer == null ? sendInPieces(src, ch::write) : sendInPieces(src, one -> ch.send(one, peer));
        } catch (PortUnreachableException e) {
            throw new java.net.ConnectException("Connection refused");
        }
    }

    /** Sends one datagram and returns how many bytes it carried. */
    @FunctionalInterface
    public interface Sender {
        int send(ByteBuffer datagram) throws IOException;
    }

    /**
     * Sends all of {@code src} as datagrams of equal size, at most {@link #MAX_PAYLOAD} each, so a
     * write of up to 65,507 bytes (a typed line, an echoed datagram) stays one datagram.
     */
    public static int sendInPieces(ByteBuffer src, Sender sender) throws IOException {
        int total = 0;
        int size = pieceSize(src.remaining());
        while (src.hasRemaining()) {
            ByteBuffer one = src.slice(src.position(), Math.min(src.remaining(), size));
            int n = sender.send(one);
            src.position(src.position() + n);
            total += n;
        }
        return total;
    }

    /** Moves as much of a waiting datagram {@code from} as {@code dst} takes; returns how much. */
    public static int take(ByteBuffer from, ByteBuffer dst) {
        int n = Math.min(from.remaining(), dst.remaining());
        dst.put(from.slice(from.position(), n));
        from.position(from.position() + n);
        return n;
    }

    /** Splits {@code n} bytes into equal datagrams of at most {@link #MAX_PAYLOAD}: no tiny last piece. */
    public static int pieceSize(int n) {
        if (n <= MAX_PAYLOAD) return Math.max(1, n);
        int pieces = (n + MAX_PAYLOAD - 1) / MAX_PAYLOAD;
        return (n + pieces - 1) / pieces;
    }

    @Override
    public SocketAddress remoteAddress() {
        return peer != null ? peer : NetEnd.addressOrNull(ch::getRemoteAddress);
    }

    @Override
    public SocketAddress localAddress() {
        return NetEnd.addressOrNull(ch::getLocalAddress);
    }

    /** Through the datagram socket adaptor, which honours SO_TIMEOUT: its receive throws SocketTimeoutException. */
    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        if (first != null) return read(dst);
        if (timedBytes == null) timedBytes = new byte[MAX_MESSAGE];
        ch.socket().setSoTimeout(NetEnd.timeoutMillis(idle));
        DatagramPacket p = new DatagramPacket(timedBytes, Math.min(timedBytes.length, dst.remaining()));
        do {
            try {
                ch.socket().receive(p);
            } catch (PortUnreachableException e) {
                throw new java.net.ConnectException("Connection refused");
            }
        } while (peer != null && !peer.equals(p.getSocketAddress())); // someone else's: dropped
        dst.put(timedBytes, 0, p.getLength());
        return p.getLength();
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
