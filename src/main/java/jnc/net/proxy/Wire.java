package jnc.net.proxy;

import java.io.EOFException;
import java.io.IOException;

import jnc.base.Failure;

/**
 * The connection to the proxy during the handshake, as the protocol code sees it: whole messages
 * out, bytes in. The protocols never read more than their reply holds, so what follows the reply
 * (the target's first bytes) stays in the socket for the relay.
 *
 * <p>An interface so the protocol classes can be tested against scripted replies.
 */
interface Wire {
    void send(byte[] message) throws IOException;

    /** Reads at least 1 and at most {@code max} bytes; at end of stream throws {@link EOFException}. */
    byte[] receiveSome(int max) throws IOException;

    /** Reads exactly {@code n} bytes. */
    default byte[] receive(int n) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            byte[] part = receiveSome(n - got);
            System.arraycopy(part, 0, out, got, part.length);
            got += part.length;
        }
        return out;
    }

    /** A proxy that would not or could not make the connection: one line, exit 1. The wording lives here once. */
    static Failure failed(String why) {
        return Failure.network("Proxy connection failed: " + why);
    }

    /** The message of an end of stream in the middle of a reply. */
    static EOFException closedEarly() {
        return new EOFException("the proxy closed the connection");
    }
}
