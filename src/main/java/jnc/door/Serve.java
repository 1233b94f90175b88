package jnc.door;

import java.io.IOException;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.base.IoErrors;
import jnc.io.Acceptor;
import jnc.io.Layer;
import jnc.io.NetEnd;
import jnc.io.Service;

/**
 * Listen mode, whatever the transport and the service: peers come from an {@link Acceptor} through
 * the {@link Door}, get the {@link Layer} (TLS) over them, and each is handed to the {@link Service}.
 * With {@code -k} that is the course's multi-threaded server: every peer on its own virtual thread,
 * so ten thousand clients cost ten thousand small stacks, not ten thousand OS threads.
 */
public final class Serve {
    /** How long to pause after a failed accept (out of descriptors, say), so the others are still served. */
    private static final long BACK_OFF_MILLIS = 50;

    private Serve() {
    }

    /**
     * Without {@code -k}: the first peer the door admits, served on this thread. The acceptor is closed
     * before serving when {@code closeFirst} (plain jnc, as Ncat: later clients are refused), after
     * otherwise (a service: later clients wait in the backlog, as with the course's first echo server).
     */
    public static ExitCode one(Acceptor acceptor, Door door, Layer layer, Service service, boolean closeFirst) {
        NetEnd peer;
        try {
            peer = acceptor.next(door);
        } catch (IOException e) {
            acceptor.close();
            throw Failure.network(IoErrors.describe(e));
        }
        if (closeFirst) acceptor.close();
        if (peer == null) throw Failure.network("the listener was closed.");
        try {
            return service.serve(layered(peer, layer));
        } finally {
            closeQuietly(peer);
            acceptor.close();
        }
    }

    /** With {@code -k}: every peer the door admits, each on its own virtual thread, until the acceptor is closed. */
    public static void each(Acceptor acceptor, Door door, Layer layer, Service service) {
        while (true) {
            NetEnd peer;
            try {
                peer = acceptor.next(door);
            } catch (IOException e) {
                // EMFILE and friends: say so, back off a little, keep serving the others.
                Diag.error("accept: " + IoErrors.describe(e));
                sleepQuietly(BACK_OFF_MILLIS);
                continue;
            }
            if (peer == null) return;
            Thread.ofVirtual().name("jnc-peer").start(() -> serveOne(peer, door, layer, service));
        }
    }

    private static void serveOne(NetEnd peer, Door door, Layer layer, Service service) {
        try {
            service.serve(layered(peer, layer));
        } catch (Failure f) {
            Diag.verbose("jnc: " + f.getMessage());
        } catch (RuntimeException | Error e) {
            // One peer's trouble, one line: never a stack trace, and the others are still served.
            Diag.error("internal error serving a peer: " + e);
        } finally {
            // The place first: closing a datagram peer may hand what it left unread to a new peer of the same sender.
            door.release();
            closeQuietly(peer);
        }
    }

    /** The peer with the layer over it; a failed handshake is that peer's failure, one line. */
    private static NetEnd layered(NetEnd peer, Layer layer) {
        if (layer == null) return peer;
        try {
            return layer.over(peer);
        } catch (IOException e) {
            throw Failure.network(IoErrors.describe(e));
        }
    }

    static void closeQuietly(NetEnd peer) {
        try {
            peer.close();
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
