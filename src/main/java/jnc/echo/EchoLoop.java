package jnc.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jnc.base.Diag;
import jnc.base.IoErrors;
import jnc.net.StreamListener;
import jnc.io.Counters;
import jnc.door.Door;
import jnc.door.LoopAcceptor;
import jnc.session.Relay;

/**
 * The fast path of {@code --echo -k} for stream sockets: one thread with a {@link Selector}
 * (epoll on Linux) serves thousands of clients, as an event-driven server does, instead of a
 * virtual thread per client.
 *
 * <p>Why it is cheaper: a virtual thread that waits for its next read parks, and the JDK re-arms
 * its descriptor in the poller ({@code epoll_ctl}) for every wait, then unparks the thread onto a
 * carrier. Here each client stays registered for reading once and for all (level-triggered), so a
 * round trip costs one {@code read} and one {@code write} and a share of one {@code epoll_wait}.
 * And an idle client costs no stack and no buffer: every client of the loop reads into the loop's
 * one buffer and is written back from it at once.
 *
 * <p>Backpressure: when a client does not take its echo as fast as it sends, the socket takes only
 * part of it. The rest is kept for that client alone ({@link EchoConnection#unsent}), the loop waits
 * until the socket is writable instead of readable, and reads nothing more from that client until
 * the rest is gone, so a client that never reads fills its own socket buffers, not our memory.
 *
 * <p>Several loops may share one listener: each registers the listening socket too and accepts
 * when it wakes first (the other finds nothing and goes on), so no client is handed between threads.
 */
final class EchoLoop implements Runnable {
    /** One buffer for all clients of the loop; a read never waits, so it is free again at once. */
    private static final int BUFFER = 64 * 1024;

    private final Selector selector;
    private final StreamListener listener;
    private final LoopAcceptor acceptor;
    private final LoopAcceptor.Clients onClient = this::add;
    private final Door door;
    private final Counters counters;
    private final Duration idle;
    private final long idleNanos;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private final IdleList idleList = new IdleList();
    /** Made once: a method reference evaluated in the loop would be a new object per select. */
    private final Consumer<SelectionKey> onReady = this::ready;

    /** A loop on {@code listener}, whose channel must already be non-blocking. */
    EchoLoop(StreamListener listener, Door door, Duration idle, Counters counters) throws IOException {
        this.selector = Selector.open();
        this.listener = listener;
        this.door = door;
        this.idle = idle;
        this.idleNanos = idle == null ? 0 : Math.max(1, idle.toNanos());
        this.counters = counters;
        this.acceptor = new LoopAcceptor(listener, door, selector);
    }

    /** Serves until the listener is closed. */
    @Override
    public void run() {
        try {
            while (listener.channel().isOpen()) {
                selector.select(onReady, timeoutMillis());
                long now = System.nanoTime();
                if (idleNanos > 0) dropIdle(now);
                acceptor.resumeIfDue(now);
            }
        } catch (IOException e) {
            Diag.error("echo: " + IoErrors.describe(e));
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** How long select may wait: until the least active client's idle time is up, or for ever (0). */
    private long timeoutMillis() {
        long wait = Long.MAX_VALUE;
        long now = System.nanoTime();
        EchoConnection oldest = idleList.oldest();
        if (oldest != null) wait = oldest.lastActive + idleNanos - now;
        wait = Math.min(wait, acceptor.nanosToResume(now));
        if (wait == Long.MAX_VALUE) return 0;
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
    }

    private void ready(SelectionKey key) {
        if (acceptor.owns(key)) {
            acceptor.acceptSome(onClient);
            return;
        }
        EchoConnection c = (EchoConnection) key.attachment();
        try {
            if (c.unsent != null) {
                if (key.isWritable()) writeRest(c);
            } else if (key.isReadable()) {
                echo(c);
            }
        } catch (IOException e) {
            Diag.debug("echo: " + IoErrors.describe(e));
            close(c);
        }
    }

    /** Reads what has come and sends it straight back. */
    private void echo(EchoConnection c) throws IOException {
        ByteBuffer buf = buffer;
        buf.clear();
        int n = c.channel.read(buf);
        if (n < 0) {
            // The client's EOF: answer with ours. Nothing is unsent (we read only when all was sent).
            c.channel.shutdownOutput();
            close(c);
            return;
        }
        if (n == 0) return;
        counters.addReceived(n);
        buf.flip();
        int sent = c.channel.write(buf);
        counters.addSent(sent);
        if (buf.hasRemaining()) {
            // The client is slow to read: keep the rest for it alone and stop reading from it.
            c.unsent = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
            c.key.interestOps(SelectionKey.OP_WRITE);
        }
        if (idleNanos > 0) idleList.touch(c, System.nanoTime());
    }

    /** Sends more of what the client's socket would not take before; reads again once all is gone. */
    private void writeRest(EchoConnection c) throws IOException {
        int sent = c.channel.write(c.unsent);
        counters.addSent(sent);
        if (!c.unsent.hasRemaining()) {
            c.unsent = null;
            c.key.interestOps(SelectionKey.OP_READ);
        }
        if (sent > 0 && idleNanos > 0) idleList.touch(c, System.nanoTime());
    }

    /** A client the acceptor admitted: registered for reading, and for {@code -i}'s clock. */
    private void add(SocketChannel client) throws IOException {
        EchoConnection c = new EchoConnection(client);
        c.key = client.register(selector, SelectionKey.OP_READ, c);
        if (idleNanos > 0) idleList.touch(c, System.nanoTime());
    }

    /** Closes every client that has moved no byte for the idle time ({@code -i}). */
    private void dropIdle(long now) {
        EchoConnection c;
        while ((c = idleList.oldest()) != null && now - c.lastActive >= idleNanos) {
            Diag.verbose("jnc: " + Relay.idleMessage(idle));
            close(c);
        }
    }

    private void close(EchoConnection c) {
        idleList.remove(c);
        c.unsent = null;
        try {
            c.channel.close(); // also cancels the key
        } catch (IOException e) {
            Diag.debug("echo: " + IoErrors.describe(e));
        }
        door.release();
    }
}
