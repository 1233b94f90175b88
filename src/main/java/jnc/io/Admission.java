package jnc.io;

import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/** The door's one question, asked by every {@link Acceptor} as soon as a peer shows up. */
@FunctionalInterface
public interface Admission {
    /**
     * Whether a peer at {@code remote} ({@code null}: it has no address, such as an unnamed Unix
     * socket) may come in. The door says either way at {@code -v}, in {@code from}'s words; a peer
     * let in holds one of the {@code -m} places until {@link Service}'s end gives it back.
     */
    boolean admit(SocketAddress remote, Acceptor from);

    /**
     * As {@link #admit(SocketAddress, Acceptor)}, for a stream socket's client: a door that is full
     * may then make room by shedding a peer that has long moved no data ({@code jnc.door.Shedding}).
     */
    default boolean admit(SocketAddress remote, Acceptor from, SocketChannel client) {
        return admit(remote, from);
    }
}
