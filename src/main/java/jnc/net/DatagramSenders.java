package jnc.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

import jnc.base.Diag;
import jnc.base.IoErrors;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.io.NetEnd;

/**
 * {@code jnc -u -l -k} and {@code jnc -u -U -l -k}: every sender on one datagram socket is a peer.
 * Datagrams have no connections, so each new sender address becomes a {@link DatagramPeer} whose
 * reads take that sender's datagrams and whose writes go back to that sender only; the door admits
 * it as it would an accepted TCP client, and it is served by the same services. A peer ends when
 * its service ends (its command exits, say), or when no datagram has gone either way for
 * {@link #DEFAULT_EXPIRY} (or {@code -i}), as a NAT table forgets a UDP mapping: senders need
 * no handshake and their addresses can be spoofed, so a peer nobody answers must not keep its
 * command and its {@code -m} place for ever. The next datagram from that sender makes a new peer.
 *
 * <p>One receive loop, on a thread of its own, reads the socket for everybody (a peer never reads the
 * socket itself, or it would take its neighbours' datagrams), and hands each new peer to
 * {@link #next}.
 */
public final class DatagramSenders implements Acceptor {
    private final DatagramListener socket;
    /**
     * The peers being served, by sender. Guarded by {@code this}; a HashMap, because the senders
     * without an address (unnamed Unix sockets) share the key {@code null}.
     */
    private final Map<SocketAddress, DatagramPeer> peers = new HashMap<>();
    /** New peers on their way to {@link #next}; each holds a place at the door, so -m bounds it. */
    private final LinkedBlockingQueue<NetEnd> arrivals = new LinkedBlockingQueue<>();
    /** Put in {@link #arrivals} when the socket closes; compared by identity. */
    private static final NetEnd CLOSED = new DatagramPeer(null, null, null, null);
    /** What all peers' queues may hold, in bytes: a flood is dropped and counted, never an OutOfMemoryError. */
    private final DatagramBudget budget = new DatagramBudget();
    /**
     * How long a peer may be silent both ways before it is forgotten, without {@code -i} (with it,
     * {@code -i} ends the silent peer's session as it ends any other);
     * {@code -Djnc.datagram.expiryMs=MS} changes it (tests).
     */
    public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);
    /** Null with {@code -i}. */
    private final Duration expiry;
    private Admission door;
    private Thread receiver;
    private volatile boolean closed;

    /** {@code idle}: {@code -i}, or null for {@link #DEFAULT_EXPIRY}. */
    public DatagramSenders(DatagramListener socket, Duration idle) {
        this.socket = socket;
        this.expiry = idle != null ? null : Duration.ofMillis(Long.getLong("jnc.datagram.expiryMs", DEFAULT_EXPIRY.toMillis()));
    }

    @Override
    public NetEnd next(Admission door) throws IOException {
        synchronized (this) {
            if (receiver == null) {
                this.door = door;
                receiver = Thread.ofPlatform().daemon().name("jnc-datagrams").start(this::receiveLoop);
                if (expiry != null) Thread.ofPlatform().daemon().name("jnc-datagram-expiry").start(this::expireLoop);
            }
        }
        try {
            NetEnd peer = arrivals.take();
            if (peer == CLOSED) {
                arrivals.add(CLOSED);
                return null;
            }
            return peer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public String connectionLine(SocketAddress remote, String outcome) {
        return socket.connectionLine(remote, outcome);
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(DatagramEnd.MAX_MESSAGE);
        while (true) {
            SocketAddress from;
            buf.clear();
            try {
                from = socket.receive(buf);
            } catch (ClosedChannelException e) {
                closed = true;
                arrivals.add(CLOSED);
                return;
            } catch (IOException e) {
                // An ICMP error for an earlier UDP reply, say: it concerns one peer, not the server.
                Diag.debug("receive: " + IoErrors.describe(e));
                continue;
            }
            if (socket.turnedAway(from)) continue;
            buf.flip();
            dispatch(from, buf);
        }
    }

    /** Forgets the peers silent for {@link #expiry}, checking a few times per expiry (at most once a second). */
    private void expireLoop() {
        long limit = expiry.toNanos();
        long step = Math.max(Math.min(limit / 4, 1_000_000_000L), 10_000_000L);
        List<DatagramPeer> silent = new ArrayList<>();
        while (!closed) {
            try {
                Thread.sleep(Duration.ofNanos(step));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            synchronized (this) {
                for (DatagramPeer p : peers.values()) if (p.idleNanos(now) >= limit) silent.add(p);
            }
            for (DatagramPeer p : silent) {
                p.expire("forgetting " + p.name() + ": no datagram either way for " + expiry.toMillis() + " ms.");
            }
            silent.clear();
        }
    }

    /**
     * Hands a datagram to its sender's peer, making a new peer when there is none. Synchronized with
     * {@link #retire}, so that no datagram lands in a peer whose service has just ended. The datagram
     * is copied off the receive buffer only when its peer's queue and the budget have room for it.
     */
    private synchronized void dispatch(SocketAddress from, ByteBuffer datagram) {
        DatagramPeer peer = peers.get(from);
        if (peer == null) {
            if (!door.admit(from, this)) return;
            peer = new DatagramPeer(socket, from, this::retire, budget);
            peers.put(from, peer);
            if (from == null) {
                Diag.debug("an unnamed socket sends here: what it sends is read, but nothing can be sent back to it (it bound no address)");
            }
            arrivals.add(peer);
        }
        if (!peer.reserve(datagram.remaining())) {
            budget.dropped(peer.name());
            return;
        }
        peer.offer(datagram.isDirect() ? ByteBuffer.allocate(datagram.remaining()).put(datagram).flip() : datagram);
    }

    /**
     * A peer's service has ended (its client went idle, its command exited) and it was closed: forget
     * the peer, and pass what arrived for it after its last read to a new peer of the same sender,
     * unless a reply to that sender has failed.
     */
    private void retire(DatagramPeer peer) {
        List<ByteBuffer> late = new ArrayList<>();
        synchronized (this) {
            peers.remove(peer.address(), peer);
            peer.drainTo(late);
        }
        if (peer.unreachable() && !late.isEmpty()) {
            // Its sender is gone: a new peer for what it sent last would fail at its first reply,
            // and the next one too, a peer (and perhaps a command) for every datagram left.
            Diag.debug("dropping " + late.size() + " datagrams from " + peer.name() + ": it can no longer be answered");
            return;
        }
        for (ByteBuffer datagram : late) dispatch(peer.address(), datagram);
    }
}
