package jnc.io;

import java.io.IOException;

/**
 * A protocol stacked on a network end (TLS; later WebSocket): what it gives is a network end again,
 * so every service works over it without code of its own, as Ncat's services do over its SSL fdinfo.
 */
@FunctionalInterface
public interface Layer {
    /** {@code end} with this layer over it, its handshake done; on failure {@code end} is closed. */
    NetEnd over(NetEnd end) throws IOException;
}
