package jnc.serve;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import jnc.Diag;
import jnc.Failure;
import jnc.net.IoErrors;
import jnc.net.TcpListener;

/**
 * The course's multi-threaded server, for any service: accept, then hand each client to its own
 * virtual thread, so ten thousand clients cost ten thousand small stacks, not ten thousand OS threads.
 * Clients the {@link Gate} turns away are closed at once; so is a client over {@code maxConns}
 * served at once. {@code -v} says which and why.
 */
public final class AcceptLoop {
    private final TcpListener listener;
    private final Gate gate;
    private final Slots slots;

    public AcceptLoop(TcpListener listener, Gate gate, int maxConns) {
        this.listener = listener;
        this.gate = gate;
        this.slots = new Slots(maxConns);
    }

    /** Accepts until the listener is closed; {@code handler} runs on a virtual thread per client and may block. */
    public void run(Consumer<SocketChannel> handler) {
        while (true) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // EMFILE and friends: say so, back off a little, keep serving the others.
                Diag.error("accept: " + IoErrors.describe(e));
                sleepQuietly(50);
                continue;
            }
            if (!gate.admit(client) || !slots.take(client)) continue;
            Diag.verbose(TcpListener.connectionLine(client));
            Thread.ofVirtual().name("jnc-client").start(() -> {
                try {
                    handler.accept(client);
                } catch (Failure f) {
                    Diag.verbose("jnc: " + f.getMessage());
                } finally {
                    closeQuietly(client);
                    slots.release();
                }
            });
        }
    }

    public int active() {
        return slots.taken();
    }

    static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
