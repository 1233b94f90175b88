package jnc.serve;

import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

import jnc.Diag;
import jnc.net.TcpListener;

/**
 * {@code -m/--max-conns}: how many clients are served at once. A client over the limit is turned
 * away at once and {@code -v} says why. Shared by every thread that accepts.
 */
public final class Slots {
    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    public Slots(int max) {
        this.max = max;
    }

    /** Takes a slot for a fresh client, or closes the client and says so when none is free. */
    public boolean take(SocketChannel client) {
        if (tryTake()) return true;
        if (Diag.verbose()) Diag.verbose(TcpListener.connectionLine(client, refusal(max)));
        AcceptLoop.closeQuietly(client);
        return false;
    }

    private boolean tryTake() {
        if (taken.incrementAndGet() <= max) return true;
        taken.decrementAndGet();
        return false;
    }

    /** The end of the -v line for a client over the limit of {@code max}. */
    static String refusal(int max) {
        return "refused: connection limit (" + max + ") reached.";
    }

    /** Gives back the slot of a client that has gone. */
    public void release() {
        taken.decrementAndGet();
    }

    public int taken() {
        return taken.get();
    }
}
