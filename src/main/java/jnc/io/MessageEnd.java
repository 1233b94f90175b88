package jnc.io;

/**
 * A network end that carries datagrams (UDP, Unix datagram sockets, a {@code -k} peer): each read
 * returns one message whole, and there is no end-of-stream to send, so the peer simply hears
 * nothing more. What every such end answers alike is said here once.
 */
public interface MessageEnd extends NetEnd {
    /** Room for the largest datagram (a UDP payload is at most 65,507 bytes over IPv4), so none is ever cut short. */
    int MAX_MESSAGE = 65_536;

    @Override
    default void shutdownOutput() {
        // a datagram socket has no "no more data" to announce
    }

    @Override
    default int maxMessage() {
        return MAX_MESSAGE;
    }
}
