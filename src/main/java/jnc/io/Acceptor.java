package jnc.io;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * Where the peers of listen mode come from, one kind per transport: a stream socket's clients, a
 * datagram socket's first sender, every sender of a datagram socket, an SCTP socket's associations.
 * Each peer shows up as a {@link NetEnd}, once the {@link Admission} (allow/deny, {@code -m}, the
 * {@code -v} lines) has let it in: the one door every mode goes through.
 */
public interface Acceptor extends Closeable {
    /**
     * Waits for the next peer that {@code door} admits. Returns {@code null} once the acceptor is
     * closed; an {@link IOException} concerns this one accept (out of descriptors, say), not the acceptor.
     */
    NetEnd next(Admission door) throws IOException;

    /** The {@code -v} line for a peer at {@code remote} and what became of it ("received!", or why not). */
    String connectionLine(SocketAddress remote, String outcome);

    @Override
    void close();
}
