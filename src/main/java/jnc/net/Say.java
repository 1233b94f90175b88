package jnc.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * nc's wording of what happens at the door, in one place: the course's
 * {@code Listening on [0.0.0.0] (family 2, port 61111)} and {@code Connection from 10.0.0.66 59104 received!},
 * and the lines for a peer turned away. Scripts parse these lines: they keep their exact form.
 */
public final class Say {
    /** What happened to a peer, the end of its connection line. */
    public static final String RECEIVED = "received!";
    public static final String DENIED = "denied: not allowed.";

    private Say() {
    }

    /** {@code Listening on [0.0.0.0] (family 2, port 61111)}. */
    public static String listening(String addr, int family, int port) {
        return "Listening on [" + addr + "] (family " + family + ", port " + port + ")";
    }

    /** The end of the line for a peer over the {@code -m} limit of {@code max}. */
    public static String refused(int max) {
        return "refused: connection limit (" + max + ") reached.";
    }

    /**
     * {@code Connection from 10.0.0.66 59104 received!}, for any kind of peer; a Unix socket's clients
     * have no name, so the socket's path stands in.
     */
    public static String connection(SocketAddress remote, SocketAddress local, String outcome) {
        if (remote instanceof InetSocketAddress r) {
            return "Connection from " + Addresses.text(r.getAddress()) + " " + r.getPort() + " " + outcome;
        }
        return "Connection on " + (local instanceof UnixDomainSocketAddress u ? u.getPath() : "a Unix socket") + " " + outcome;
    }
}
