package jnc.door;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jnc.base.Diag;
import jnc.io.Acceptor;
import jnc.sys.SocketFds;
import jnc.sys.TcpIdle;

/**
 * What a full {@code -k} door does with a newcomer: instead of refusing it, it sheds the stuck TCP
 * peer that has moved no data either way for longest, once that is over {@link #IDLE_MILLIS}, and
 * lets the newcomer have its place. Stuck means, by the kernel's counts ({@link TcpIdle}): it has
 * never sent a byte (a half-open or descriptor-exhaustion attack, a bare connect), or it does not
 * take what we send (our send queue holds bytes for it). So such peers cannot hold every place
 * against a client that wants to talk, while a client that spoke, read every answer and fell
 * silent keeps its place, as under Ncat's {@code -m}. With no stuck peer idle that long, the
 * newcomer is refused as before. Unix-socket and SCTP peers are never shed (the kernel keeps no
 * such counts for them).
 *
 * <p>A shed peer's connection is reset ({@link TcpIdle#reset}); its session fails as at a reset from
 * the peer (a {@code -e}/{@code -c} command ends with it) and gives its place back then, so for a moment the door holds one more than {@code -m}; at most
 * {@code -m} shed peers may be on their way out at once. The door keeps every admitted client
 * here until it is closed; the idle clocks are read at most every {@link #SWEEP_GAP_NANOS}, only
 * for peers in for longer than the idle time, and only while the door is full.
 */
final class Shedding {
    /** How long a peer must have moved no data either way before a newcomer may take its place. */
    static final long IDLE_MILLIS = 5_000;
    private static final long SWEEP_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final class Tenant {
        final SocketChannel channel;
        final SocketAddress remote;
        final long since;
        int fd = -2; // -2: not looked up yet; -1: not found
        long idle;
        boolean shed;

        Tenant(SocketChannel channel, SocketAddress remote, long since) {
            this.channel = channel;
            this.remote = remote;
            this.since = since;
        }
    }

    private static final Comparator<Tenant> IDLEST_FIRST = new Comparator<>() {
        @Override
        public int compare(Tenant a, Tenant b) {
            return Long.compare(b.idle, a.idle);
        }
    };

    private final int max;
    /** Every client let in and not yet seen closed, oldest first. */
    private final ArrayList<Tenant> inside = new ArrayList<>();
    /** The last sweep's peers idle long enough, idlest first. */
    private final ArrayDeque<Tenant> candidates = new ArrayDeque<>();
    private int pruneAt = 64;
    private long sweptAt;
    private boolean swept;

    Shedding(int max) {
        this.max = max;
    }

    /** Records a client the door let in. */
    synchronized void enter(SocketChannel client, SocketAddress remote) {
        inside.add(new Tenant(client, remote, System.nanoTime()));
        // Closed peers leave the list here (and at each sweep) whenever it has doubled since, so it holds
        // at most about twice the peers inside, whatever -m is.
        if (inside.size() >= pruneAt) {
            for (Iterator<Tenant> it = inside.iterator(); it.hasNext(); ) {
                if (!it.next().channel.isOpen()) it.remove();
            }
            pruneAt = 2 * inside.size() + 64;
        }
    }

    /**
     * Sheds the idlest peer, if one has moved no data for the idle time; {@code from} words the
     * {@code -v} line. Returns whether a place was made.
     */
    synchronized boolean makeRoom(Acceptor from) {
        long now = System.nanoTime();
        if (swept && now - sweptAt >= SWEEP_GAP_NANOS) candidates.clear();
        if (candidates.isEmpty()) {
            if (swept && now - sweptAt < SWEEP_GAP_NANOS) return false;
            sweep(now);
        }
        Tenant t;
        while ((t = candidates.poll()) != null) {
            if (t.shed || !t.channel.isOpen()) continue;
            long idle = TcpIdle.millis(t.fd); // again: it may have spoken since the sweep
            if (idle < IDLE_MILLIS) continue;
            shed(t, idle, from);
            return true;
        }
        return false;
    }

    private void sweep(long now) {
        swept = true;
        sweptAt = now;
        int leaving = 0;
        List<Tenant> unknown = new ArrayList<>();
        for (Iterator<Tenant> it = inside.iterator(); it.hasNext(); ) {
            Tenant t = it.next();
            if (!t.channel.isOpen()) {
                it.remove();
            } else if (t.shed) {
                leaving++;
            } else if (now - t.since >= TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) && t.fd == -2) {
                unknown.add(t);
            }
        }
        if (leaving >= max) return; // their sessions have yet to end: shed no more until they do
        if (!unknown.isEmpty()) {
            List<SocketChannel> channels = new ArrayList<>(unknown.size());
            for (Tenant t : unknown) channels.add(t.channel);
            int[] fds = SocketFds.ofConnected(channels);
            for (int i = 0; i < fds.length; i++) unknown.get(i).fd = fds[i];
        }
        List<Tenant> idle = new ArrayList<>();
        for (Tenant t : inside) {
            if (t.shed || t.fd < 0) continue;
            t.idle = TcpIdle.millis(t.fd);
            if (t.idle >= IDLE_MILLIS) idle.add(t);
        }
        idle.sort(IDLEST_FIRST);
        candidates.addAll(idle);
    }

    private void shed(Tenant t, long idle, Acceptor from) {
        t.shed = true;
        if (Diag.verbose()) {
            Diag.verbose(from.connectionLine(t.remote, "shed: no data either way for " + idle / 1000 + " s and all " + max + " places taken."));
        }
        // A reset, not a FIN: its session fails as at a reset from the peer, and a failed session ends its
        // command too. A FIN would leave a relay blocked writing to a command that is blocked writing to it.
        if (t.remote instanceof InetSocketAddress peer && TcpIdle.reset(t.fd, peer)) return;
        try {
            t.channel.shutdownInput();
            t.channel.shutdownOutput();
        } catch (IOException e) {
            Diag.debug("shed: " + e);
        }
    }
}
