package jnc.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jnc.base.Diag;
import jnc.io.MessageEnd;
import jnc.io.PeerExpired;

/**
 * One sender on a shared datagram socket, seen as a connected end: reads take the datagrams
 * {@link DatagramSenders} queued for this sender, writes are sent to this sender only.
 *
 * <p>A sender without an address (an unnamed Unix socket; they all share one peer, as nothing tells
 * them apart) is still heard: its datagrams reach the service, so the stdin/stdout hub writes them
 * out. Writes to it are dropped with a {@code -vv} line instead of failing: there is nobody to answer,
 * and an error would end its service at once, only for the next datagram to start a new one.
 */
final class DatagramPeer implements MessageEnd {
    /** Put in the queue by {@link #close} to wake a blocked reader; compared by identity, never by content. */
    private static final ByteBuffer CLOSED = ByteBuffer.allocate(0);

    /** Datagrams waiting for a slow peer's service, bounded in bytes by the budget: beyond it they are dropped. */
    private final BlockingQueue<ByteBuffer> queue = new LinkedBlockingQueue<>();
    private final DatagramBudget budget;
    /** The bytes of this peer's queue, as the budget counts them. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final DatagramListener socket;
    /** The sender, or null for an unnamed one. */
    private final SocketAddress address;
    private volatile boolean open = true;
    /** Set when a send to this sender failed: it is gone (its socket closed, its socket file removed). */
    private volatile boolean unreachable;
    /** When a datagram last went either way. */
    private volatile long lastActivity = System.nanoTime();
    /** Set by {@link #expire}: the next read ends the service. */
    private volatile String expired;
    /** The rest of a datagram a reader's buffer could not take at once. */
    private ByteBuffer pending;

    /** Called once when the peer is closed, to forget it and pass on what it left unread. */
    private final java.util.function.Consumer<DatagramPeer> retire;

    DatagramPeer(DatagramListener socket, SocketAddress address, java.util.function.Consumer<DatagramPeer> retire, DatagramBudget budget) {
        this.socket = socket;
        this.budget = budget;
        this.address = address;
        this.retire = retire;
    }

    SocketAddress address() {
        return address;
    }

    /** Whether a datagram of {@code size} bytes may be queued; if so, its room is taken and {@link #offer} must follow. */
    boolean reserve(int size) {
        return budget.reserve(queuedBytes, size);
    }

    /** Queues a datagram whose room {@link #reserve} took. */
    void offer(ByteBuffer datagram) {
        lastActivity = System.nanoTime();
        queue.add(datagram);
    }

    /** How long no datagram has gone either way, at {@code now} (System.nanoTime). */
    long idleNanos(long now) {
        return now - lastActivity;
    }

    /** Ends this peer's service at its next read (at once if it waits in one), for {@code why}. */
    void expire(String why) {
        synchronized (this) {
            if (expired != null || !open) return;
            expired = why;
        }
        queue.add(CLOSED);
    }

    /** Moves the datagrams this closed peer had not read to {@code late}: its service is over, its sender may not be. */
    void drainTo(List<ByteBuffer> late) {
        queue.drainTo(late);
        late.removeIf(d -> d == CLOSED);
        for (ByteBuffer d : late) budget.release(queuedBytes, d.remaining());
    }

    /** The sender, for log lines. */
    String name() {
        return address == null ? "an unnamed socket" : String.valueOf(address);
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

    private int deliver(ByteBuffer datagram, ByteBuffer dst) throws IOException {
        if (expired != null) {
            if (datagram != CLOSED && datagram != pending) queue.add(datagram); // kept for the sender's next peer
            pending = null;
            throw new PeerExpired(expired);
        }
        if (datagram == CLOSED || !open) throw new ClosedChannelException();
        if (datagram != pending) budget.release(queuedBytes, datagram.remaining());
        // A reader with a small buffer gets the rest next time: bytes are never dropped here.
        int n = DatagramEnd.take(datagram, dst);
        pending = datagram.hasRemaining() ? datagram : null; // rare: only for readers smaller than maxMessage
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (address == null) {
            int n = src.remaining();
            Diag.debug("not sending " + n + " bytes to an unnamed socket: it has no address to send to");
            src.position(src.limit());
            return n;
        }
        lastActivity = System.nanoTime();
        try {
            return DatagramEnd.sendInPieces(src, one -> socket.send(one, address));
        } catch (IOException e) {
            unreachable = true;
            throw e;
        }
    }

    /** Whether a reply to this sender has failed: nothing more can reach it. */
    boolean unreachable() {
        return unreachable;
    }

    @Override
    public SocketAddress remoteAddress() {
        return address;
    }

    @Override
    public SocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!open) return;
            open = false;
        }
        // Wakes a reader blocked in take(). What is queued stays: DatagramSenders passes it on.
        queue.add(CLOSED);
        if (retire != null) retire.accept(this);
    }
}
