package jnc.cli;

import java.time.Duration;

/**
 * Where jnc connects or listens, and how the socket is made.
 *
 * @param transport      TCP, {@code -u} UDP or {@code --sctp}
 * @param unix           {@code -U}: a Unix domain socket; {@link #host} is its path
 * @param host           host to connect to, or address to listen on; {@code null} in listen mode
 *                       means "any"
 * @param port           port to connect to or listen on (a scan's first port)
 * @param family         {@code -4}/{@code -6}
 * @param noDns          {@code -n}
 * @param sourceAddress  {@code -s}, or {@code null}
 * @param sourcePort     {@code -p} in connect mode, or -1
 * @param connectTimeout {@code -w}, or {@code null} for the system's own
 */
public record Target(Transport transport, boolean unix, String host, int port, Family family, boolean noDns,
        String sourceAddress, int sourcePort, Duration connectTimeout) {

    /** The same way of connecting, aimed at {@code host} and {@code port} over TCP (for {@code --forward}). */
    public Target aimedAt(String host, int port) {
        return new Target(Transport.TCP, false, host, port, family, noDns, sourceAddress, sourcePort, connectTimeout);
    }

    public boolean udp() {
        return transport == Transport.UDP;
    }
}
