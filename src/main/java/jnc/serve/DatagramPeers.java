package jnc.serve;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jnc.Diag;
import jnc.Failure;
import jnc.net.DatagramEnd;
import jnc.net.DatagramListener;
import jnc.net.IoErrors;
import jnc.net.TcpListener;
import jnc.relay.NetEnd;

/**
 * {@code jnc -u -l -k} and {@code jnc -u -U -l -k}: many peers on one datagram socket. Datagrams
 * have no connections, so each new sender address becomes a "peer": a {@link DatagramPeer} whose
 * reads take that sender's datagrams and whose writes go back to that sender only. Each peer is
 * then served exactly like an accepted TCP client, on its own virtual thread, by the same service
 * code (echo, exec, the stdin/stdout hub). A peer ends when its service ends (for instance after
 * {@code -i} without a datagram).
 *
 * <p>One receive loop reads the socket for everybody; a peer never reads the socket itself, or it
 * would take its neighbours' datagrams.
 */
public final class DatagramPeers {
    private final DatagramListener socket;
    private final Gate gate;
    private final int maxPeers;
    /**
     * The peers being served, by sender. Guarded by {@code this}; a HashMap, because the senders
     * without an address (unnamed Unix sockets) share the key {@code null}.
     */
    private final Map<SocketAddress, DatagramPeer> peers = new HashMap<>();
    private final DatagramBudget budget = new DatagramBudget();

    public DatagramPeers(DatagramListener socket, Gate gate, int maxPeers) {
        this.socket = socket;
        this.gate = gate;
        this.maxPeers = maxPeers;
    }

    /** Receives until the socket is closed; {@code handler} serves each new peer on a virtual thread. */
    public void run(Consumer<NetEnd> handler) {
        ByteBuffer buf = ByteBuffer.allocateDirect(DatagramEnd.MAX_MESSAGE);
        while (true) {
            SocketAddress from;
            buf.clear();
            try {
                from = socket.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // An ICMP error for an earlier UDP reply, say: it concerns one peer, not the server.
                Diag.debug("receive: " + IoErrors.describe(e));
                continue;
            }
            if (socket.turnedAway(from)) continue;
            buf.flip();
            dispatch(from, buf, handler);
        }
    }

    /**
     * Hands a datagram to its sender's peer, making a new peer when there is none. Synchronized with
     * {@link #retire}, so that no datagram lands in a peer whose service has just ended. The datagram
     * is copied off the receive buffer only when its peer's queue and the budget have room for it.
     */
    private synchronized void dispatch(SocketAddress from, ByteBuffer datagram, Consumer<NetEnd> handler) {
        DatagramPeer peer = peers.get(from);
        if (peer == null) {
            peer = admit(from, handler);
            if (peer == null) return;
        }
        if (!peer.reserve(datagram.remaining())) {
            budget.dropped(peer.name());
            return;
        }
        peer.offer(datagram.isDirect() ? ByteBuffer.allocate(datagram.remaining()).put(datagram).flip() : datagram);
    }

    /**
     * A peer's service has ended (its client went idle, its command exited): forget the peer, and
     * pass what arrived for it after its last read to a new peer of the same sender, unless a
     * reply to that sender has failed.
     */
    private void retire(SocketAddress from, DatagramPeer peer, Consumer<NetEnd> handler) {
        List<ByteBuffer> late = new ArrayList<>();
        synchronized (this) {
            peers.remove(from, peer);
            peer.closeAndDrainTo(late);
        }
        if (peer.unreachable() && !late.isEmpty()) {
            // Its sender is gone: a new peer for what it sent last would fail at its first reply,
            // and the next one too, a peer (and perhaps a command) for every datagram left.
            Diag.debug("dropping " + late.size() + " datagrams from " + peer.name() + ": it can no longer be answered");
            return;
        }
        for (ByteBuffer datagram : late) dispatch(from, datagram, handler);
    }

    /** Lets a new sender in, or says at {@code -v} why not: called under the lock, so the count is exact. */
    private DatagramPeer admit(SocketAddress from, Consumer<NetEnd> handler) {
        if (!gate.admits(from, socket.localAddress())) return null;
        if (peers.size() >= maxPeers) {
            // The count is the peer map's, under the lock; the line names the sender as the socket shows it.
            Diag.verbose(socket.connectionLine(from, Slots.refusal(maxPeers)));
            return null;
        }
        DatagramPeer peer = new DatagramPeer(socket, from, budget);
        peers.put(from, peer);
        Diag.verbose(socket.connectionLine(from, TcpListener.RECEIVED));
        if (from == null) {
            Diag.debug("an unnamed socket sends here: what it sends is read, but nothing can be sent back to it (it bound no address)");
        }
        Thread.ofVirtual().name("jnc-datagram-peer").start(() -> {
            try {
                handler.accept(peer);
            } catch (Failure f) {
                Diag.verbose("jnc: " + f.getMessage());
            } finally {
                retire(from, peer, handler);
            }
        });
        return peer;
    }
}
