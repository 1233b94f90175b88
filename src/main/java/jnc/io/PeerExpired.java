package jnc.io;

import java.io.IOException;

/**
 * A read's answer when a connectionless peer (a datagram sender of {@code -u -l -k}) has been
 * forgotten for silence, as a NAT table forgets a mapping: the session ends as a failed one, so its
 * command ends too, with a {@code -v} line rather than an error.
 */
public final class PeerExpired extends IOException {
    public PeerExpired(String message) {
        super(message);
    }
}
