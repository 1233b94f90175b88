package jnc.serve;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jnc.Diag;
import jnc.Failure;
import jnc.net.DatagramEnd;
import jnc.net.IoErrors;
import jnc.net.TcpListener;
import jnc.net.UdpListener;
import jnc.relay.NetEnd;

/**
 * {@code jnc -u -l -k}: many UDP peers on one socket. UDP has no connections, so each new sender
 * address becomes a "peer": a {@link NetEnd} whose reads take that sender's datagrams and whose
 * writes go back to that sender only. Each peer is then served exactly like an accepted TCP client,
 * on its own virtual thread, by the same service code (echo, exec, the stdin/stdout hub).
 * A peer ends when its service ends (for instance after {@code -i} without a datagram).
 */
public final class UdpPeers {
    /** Datagrams waiting for a slow peer's service; beyond this they are dropped, as a full socket buffer would. */
    private static final int QUEUE = 1024;

    private final UdpListener listener;
    private final Gate gate;
    private final Slots slots;
    private final Map<SocketAddress, Peer> peers = new ConcurrentHashMap<>();

    public UdpPeers(UdpListener listener, Gate gate, int maxConns) {
        this.listener = listener;
        this.gate = gate;
        this.slots = new Slots(maxConns);
    }

    /** Receives until the socket is closed; {@code handler} serves each new peer on a virtual thread. */
    public void run(Consumer<NetEnd> handler) {
        DatagramChannel ch = listener.channel();
        ByteBuffer buf = ByteBuffer.allocateDirect(DatagramEnd.MAX_MESSAGE);
        while (true) {
            SocketAddress from;
            buf.clear();
            try {
                from = ch.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // An ICMP error for an earlier reply, say: it concerns one peer, not the server.
                Diag.debug("receive: " + IoErrors.describe(e));
                continue;
            }
            if (listener.turnedAway(from)) continue;
            buf.flip();
            dispatch(ch, from, ByteBuffer.allocate(buf.remaining()).put(buf).flip(), handler);
        }
    }

    /**
     * Hands a datagram to its sender's peer, making a new peer when there is none. Synchronized with
     * {@link #retire}, so that no datagram lands in a peer whose service has just ended.
     */
    private synchronized void dispatch(DatagramChannel ch, SocketAddress from, ByteBuffer datagram, Consumer<NetEnd> handler) {
        Peer peer = peers.get(from);
        if (peer == null) {
            peer = admit(ch, from, handler);
            if (peer == null) return;
        }
        if (!peer.queue.offer(datagram)) Diag.debug("dropping a datagram from " + from + ": its service is behind");
    }

    /**
     * A peer's service has ended (its client went idle, its command exited): forget the peer, and
     * pass what arrived for it after its last read to a new peer of the same sender.
     */
    private void retire(DatagramChannel ch, SocketAddress from, Peer peer, Consumer<NetEnd> handler) {
        List<ByteBuffer> late = new ArrayList<>();
        synchronized (this) {
            peers.remove(from, peer);
            peer.queue.drainTo(late);
            peer.close();
            slots.release();
        }
        for (ByteBuffer datagram : late) {
            if (datagram != Peer.CLOSED) dispatch(ch, from, datagram, handler);
        }
    }

    private Peer admit(DatagramChannel ch, SocketAddress from, Consumer<NetEnd> handler) {
        SocketAddress local = listener.localAddress();
        if (!gate.admits(from, local) || !slots.take(from, local)) return null;
        Peer peer = new Peer(ch, from);
        peers.put(from, peer);
        Diag.verbose(TcpListener.connectionLine(from, local));
        Thread.ofVirtual().name("jnc-udp-peer").start(() -> {
            try {
                handler.accept(peer);
            } catch (Failure f) {
                Diag.verbose("jnc: " + f.getMessage());
            } finally {
                retire(ch, from, peer, handler);
            }
        });
        return peer;
    }

    /** One sender, seen as a connected end. */
    private static final class Peer implements NetEnd {
        static final ByteBuffer CLOSED = ByteBuffer.allocate(0);

        final BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(QUEUE);
        private final DatagramChannel ch;
        private final SocketAddress address;
        private volatile boolean open = true;
        /** The rest of a datagram a reader's buffer could not take at once. */
        private ByteBuffer pending;

        Peer(DatagramChannel ch, SocketAddress address) {
            this.ch = ch;
            this.address = address;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (pending != null) return deliver(pending, dst);
            try {
                return deliver(queue.take(), dst);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClosedChannelException();
            }
        }

        private int deliver(ByteBuffer datagram, ByteBuffer dst) throws IOException {
            if (datagram == CLOSED || !open) throw new ClosedChannelException();
            // A reader with a small buffer gets the rest next time: bytes are never dropped here.
            int n = DatagramEnd.take(datagram, dst);
            pending = datagram.hasRemaining() ? datagram : null; // rare: only for readers smaller than maxMessage
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return DatagramEnd.sendInPieces(src, one -> ch.send(one, address));
        }

        @Override
        public void shutdownOutput() {
            // nothing to tell a UDP peer
        }

        @Override
        public int maxMessage() {
            return DatagramEnd.MAX_MESSAGE;
        }

        @Override
        public SocketAddress remoteAddress() {
            return address;
        }

        @Override
        public SocketAddress localAddress() {
            return NetEnd.addressOrNull(ch::getLocalAddress);
        }

        @Override
        public int read(ByteBuffer dst, Duration idle) throws IOException {
            if (pending != null) return deliver(pending, dst);
            ByteBuffer next;
            try {
                next = queue.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClosedChannelException();
            }
            if (next == null) throw new SocketTimeoutException("idle");
            return deliver(next, dst);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            if (!open) return;
            open = false;
            // Wakes a reader blocked in take(). What is queued stays: UdpPeers passes it on.
            queue.offer(CLOSED);
        }
    }
}
