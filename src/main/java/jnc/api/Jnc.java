package jnc.api;

import java.io.IOException;

/**
 * The entry point of jnc's Java API: {@link #listen} opens a TCP listener, and {@link Listener}
 * relays the clients it accepts, as the command line's {@code jnc -l} does.
 */
public final class Jnc {
    private Jnc() {
    }

    /**
     * Listens on {@code address} (a name or literal; {@code null} for every local address, IPv4 and
     * IPv6) and {@code port} ({@code 0}: a free port, see {@link Listener#port()}).
     *
     * @throws IOException when the port cannot be had, with jnc's one-line reason as the message
     */
    public static Listener listen(String address, int port) throws IOException {
        return Listener.open(address, port);
    }
}
