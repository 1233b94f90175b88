package jnc.io;

import jnc.net.DatagramEnd;


/**
 * A network end that carries datagrams (UDP, Unix datagram sockets, a {@code -k} peer): each read
 * returns one message whole, and there is no end-of-stream to send, so the peer simply hears
 * nothing more. What every such end answers alike is said here once.
 */
public interface MessageEnd extends NetEnd {
    @Override
    default void shutdownOutput() {
        // a datagram socket has no "no more data" to announce
    }

    @Override
    default int maxMessage() {
        return DatagramEnd.MAX_MESSAGE;
    }
}
