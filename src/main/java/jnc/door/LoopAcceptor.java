package jnc.door;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import jnc.base.Diag;
import jnc.base.IoErrors;
import jnc.net.StreamListener;

/**
 * Accepting for an event loop (the plain echo's, the WebSocket echo's, {@code --forward}'s): the
 * listener is registered with the loop's selector, and each wake-up takes a batch of clients, lets
 * the door admit them ({@code --allow}/{@code --deny}, {@code -m}, {@code -v}), makes each
 * non-blocking without Nagle, and hands it to the loop.
 *
 * <p>An accept that fails (EMFILE, "too many open files") leaves the client in the backlog, so the
 * level-triggered listener would wake the loop again at once, for ever, with an error line each time:
 * accepting pauses for {@link #PAUSE_NANOS} instead, and the loop goes on serving its clients.
 */
public final class LoopAcceptor {
    /** Accepts per wake-up, so a burst of new clients does not starve the connected ones. */
    private static final int BATCH = 64;
    /** How long accepting pauses after an error such as "too many open files". */
    static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** The loop's side: takes a client the door admitted, already non-blocking. */
    public interface Clients {
        /** Registers {@code client} with the loop; on an exception the acceptor closes it and frees its place. */
        void add(SocketChannel client) throws IOException;
    }

    private final StreamListener listener;
    private final Door door;
    private final SelectionKey key;
    private boolean paused;
    private long pausedUntil;

    /** Registers {@code listener}'s (non-blocking) channel with {@code selector}. */
    public LoopAcceptor(StreamListener listener, Door door, Selector selector) throws IOException {
        this.listener = listener;
        this.door = door;
        this.key = listener.channel().register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Whether a ready key is the listener's. */
    public boolean owns(SelectionKey ready) {
        return ready == key;
    }

    /** Accepts up to a batch of clients; several loops may share the listener (one finds nothing, and goes on). */
    public void acceptSome(Clients clients) {
        for (int i = 0; i < BATCH; i++) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                Diag.error("accept: " + IoErrors.describe(e));
                paused = true;
                pausedUntil = System.nanoTime() + PAUSE_NANOS;
                key.interestOps(0);
                return;
            }
            if (client == null) return; // another loop took it, or none is left
            if (!listener.admit(client, door)) continue;
            try {
                client.configureBlocking(false);
                // A small segment (an echo, a forwarded line) should leave now, not wait for an ACK (Nagle).
                // (Unix stream sockets have no Nagle, and no such option.)
                if (client.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                clients.add(client);
            } catch (IOException e) {
                Diag.debug("accept: " + IoErrors.describe(e));
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                door.release();
            }
        }
    }

    /** Nanoseconds until accepting resumes, or {@link Long#MAX_VALUE} when it is not paused. */
    public long nanosToResume(long now) {
        return paused ? pausedUntil - now : Long.MAX_VALUE;
    }

    /** Resumes accepting once the pause is over; call after each select. */
    public void resumeIfDue(long now) {
        if (paused && now - pausedUntil >= 0) {
            paused = false;
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Makes one event loop over the listener; a loop opens its own selector, which may fail. */
    @FunctionalInterface
    public interface LoopMaker {
        Runnable make() throws IOException;
    }

    /**
     * Runs {@code n} event loops, each a platform thread ({@code jnc-WHAT-i}) accepting from the
     * non-blocking listener, until they end: the echo, WebSocket echo and forward loops share it.
     * A loop that cannot be made is one line, {@code WHAT: reason}, and exit 1.
     */
    public static jnc.base.ExitCode runLoops(StreamListener listener, int n, String what, LoopMaker maker) {
        java.util.List<Thread> loops = new java.util.ArrayList<>();
        try {
            listener.channel().configureBlocking(false);
            for (int i = 0; i < n; i++) loops.add(Thread.ofPlatform().name("jnc-" + what + "-" + i).start(maker.make()));
        } catch (IOException e) {
            throw jnc.base.Failure.network(what + ": " + IoErrors.describe(e));
        }
        for (Thread t : loops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return jnc.base.ExitCode.SUCCESS;
    }
}
