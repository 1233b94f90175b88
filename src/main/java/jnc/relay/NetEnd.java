package jnc.relay;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * The network side of a relay: a connected byte channel that can stop sending while it keeps
 * receiving (TCP's half-close). TCP, Unix stream sockets and TLS are all one of these.
 */
public interface NetEnd extends ByteChannel {
    /** Tells the peer "no more data from me" (TCP FIN) and keeps reading. */
    void shutdownOutput() throws IOException;

    /** The channel underneath, when it is a plain socket (for zero-copy sendfile). */
    default SocketChannel socket() {
        return null;
    }

    /** The socket's file descriptor, for splice; -1 when there is none (TLS, a pipe in tests). */
    default int fd() {
        return -1;
    }

    static NetEnd of(SocketChannel ch) {
        return new SocketEnd(ch);
    }
}
