package jnc.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
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
 * its service ends (after {@code -i} without a datagram, say).
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
    private static final NetEnd CLOSED = new DatagramPeer(null, null, null);
    private Admission door;
    private Thread receiver;

    public DatagramSenders(DatagramListener socket) {
        this.socket = socket;
    }

    @Override
    public NetEnd next(Admission door) throws IOException {
        synchronized (this) {
            if (receiver == null) {
                this.door = door;
                receiver = Thread.ofPlatform().daemon().name("jnc-datagrams").start(this::receiveLoop);
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
                arrivals.add(CLOSED);
                return;
            } catch (IOException e) {
                // An ICMP error for an earlier UDP reply, say: it concerns one peer, not the server.
                Diag.debug("receive: " + IoErrors.describe(e));
                continue;
            }
            if (socket.turnedAway(from)) continue;
            buf.flip();
            dispatch(from, ByteBuffer.allocate(buf.remaining()).put(buf).flip());
        }
    }

    /**
     * Hands a datagram to its sender's peer, making a new peer when there is none. Synchronized with
     * {@link #retire}, so that no datagram lands in a peer whose service has just ended.
     */
    private synchronized void dispatch(SocketAddress from, ByteBuffer datagram) {
        DatagramPeer peer = peers.get(from);
        if (peer == null) {
            if (!door.admit(from, this)) return;
            peer = new DatagramPeer(socket, from, this::retire);
            peers.put(from, peer);
            if (from == null) {
                Diag.debug("an unnamed socket sends here: what it sends is read, but nothing can be sent back to it (it bound no address)");
            }
            arrivals.add(peer);
        }
        if (!peer.offer(datagram)) Diag.debug("dropping a datagram from " + peer.name() + ": its service is behind");
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
