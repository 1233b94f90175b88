package jnc.cli;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the command line said, validated and immutable. Built only by {@link ArgParser}.
 *
 * @param listen         {@code -l}: accept instead of connect
 * @param transport      TCP, {@code -u} UDP or {@code --sctp}
 * @param unix           {@code -U}: a Unix domain socket; {@link #host} is its path
 * @param host           host to connect to, or address to listen on; {@code null} in listen mode means "any"
 * @param port           port to connect to or listen on (the first of {@link #ports})
 * @param ports          all ports given; more than one only with {@code -z}
 * @param zeroIo         {@code -z}: scan, report open ports, send nothing
 * @param sourceAddress  {@code -s}, or {@code null}
 * @param sourcePort     {@code -p} in connect mode, or -1
 * @param family         {@code -4}/{@code -6}
 * @param noDns          {@code -n}
 * @param verbosity      number of {@code -v}
 * @param connectTimeout {@code -w}, or {@code null} for the system's own
 * @param idleTimeout    {@code -i}, or {@code null}
 * @param delay          {@code -d}, or {@code null}
 * @param quitAfterEof   {@code -q}, or {@code null} when not given; negative means never
 * @param keepOpen       {@code -k}
 * @param maxConns       {@code -m}, or the default (100)
 * @param output         {@code -o}, or {@code null}
 * @param hexDump        {@code -x}, or {@code null}
 * @param appendOutput   {@code --append-output}
 * @param sendOnly       {@code --send-only}
 * @param recvOnly       {@code --recv-only}
 * @param noShutdown     {@code --no-shutdown}
 * @param crlf           {@code -C}
 * @param command        {@code -e}/{@code -c} command line, or {@code null}
 * @param shellCommand   true for {@code -c} (run through /bin/sh)
 * @param echo           {@code --echo}: the built-in echo service answers
 * @param broker         {@code --broker} (also true for {@code --chat})
 * @param chat           {@code --chat}
 * @param load           {@code --load}: connections of the measuring client, or 0
 * @param msgSize        {@code --msg-size}
 * @param duration       {@code --duration}
 * @param raw            {@code --raw}: print decoded packets from a raw socket
 * @param rawProtocol    {@code --raw-proto}: IP protocol number for {@code --raw}
 * @param ping           {@code --ping}: ICMP echo requests
 * @param count          {@code --count}, or 0 for no limit
 * @param interval       {@code --interval} between pings
 * @param tuning         socket options ({@code --sndbuf}, {@code --tos}, ...)
 * @param allow          {@code --allow} specs, each possibly comma-separated; empty when none
 * @param allowFiles     {@code --allowfile} paths
 * @param deny           {@code --deny} specs
 * @param denyFiles      {@code --denyfile} paths
 * @param proxy          {@code --proxy} and its companions, or {@code null} for a direct connection
 * @param tls            {@code --ssl} and its friends, or {@code null} without TLS
 */
public record Options(
        boolean listen,
        Transport transport,
        boolean unix,
        String host,
        int port,
        PortList ports,
        boolean zeroIo,
        String sourceAddress,
        int sourcePort,
        Family family,
        boolean noDns,
        int verbosity,
        Duration connectTimeout,
        Duration idleTimeout,
        Duration delay,
        Duration quitAfterEof,
        boolean keepOpen,
        int maxConns,
        Path output,
        Path hexDump,
        boolean appendOutput,
        boolean sendOnly,
        boolean recvOnly,
        boolean noShutdown,
        boolean crlf,
        String command,
        boolean shellCommand,
        boolean echo,
        boolean broker,
        boolean chat,
        int load,
        int msgSize,
        Duration duration,
        boolean raw,
        int rawProtocol,
        boolean ping,
        int count,
        Duration interval,
        SocketTuning tuning,
        java.util.List<String> allow,
        java.util.List<Path> allowFiles,
        java.util.List<String> deny,
        java.util.List<Path> denyFiles,
        ProxySpec proxy,
        TlsOptions tls,
        boolean telnet,
        Target forward,
        boolean waitStdin) {

    /** Where {@code --forward} relays each client: a TCP host and port. */
    public record Target(String host, int port) {
    }

    /**
     * The options of the connection {@code --forward} makes for each client: the same, aimed at the
     * forward target, as connect mode would make it (-w, -s, -4/-6, -n, socket options, --proxy).
     */
    public Options forwarding() {
        return new Options(false, transport, false, forward.host(), forward.port(), PortList.of(forward.port()), false,
                sourceAddress, sourcePort, family, noDns, verbosity, connectTimeout, idleTimeout, delay, quitAfterEof,
                false, maxConns, output, hexDump, appendOutput, sendOnly, recvOnly, noShutdown, crlf,
                null, false, false, false, false, 0, msgSize, duration, false, 0, false, 0, interval, tuning,
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(), proxy, null, false, null, false);
    }

    public Options {
        allow = java.util.List.copyOf(allow);
        allowFiles = java.util.List.copyOf(allowFiles);
        deny = java.util.List.copyOf(deny);
        denyFiles = java.util.List.copyOf(denyFiles);
    }

    /** Whether any access control was asked for. */
    public boolean accessControl() {
        return !allow.isEmpty() || !allowFiles.isEmpty() || !deny.isEmpty() || !denyFiles.isEmpty();
    }

    /** Ncat's port when none is given. */
    public static final int DEFAULT_PORT = 31337;
    /** Ncat's default cap on simultaneous clients in listen mode. */
    public static final int DEFAULT_MAX_CONNS = 100;

    public boolean udp() {
        return transport == Transport.UDP;
    }

    public boolean verbose() {
        return verbosity >= 1;
    }

    public boolean debug() {
        return verbosity >= 2;
    }

    /** Whether stdin/stdout are one end of the relay (no -e, -c, --echo, --broker, --chat). */
    public boolean usesStdio() {
        return command == null && !echo && !broker && forward == null && (proxy == null || !proxy.server());
    }

    /**
     * True when bytes pass through unchanged and unread, so zero-copy paths (sendfile, splice) may
     * be used; {@code -t} must see what arrives, to answer it.
     */
    public boolean plainBytes() {
        return !crlf && !telnet && delay == null && output == null && hexDump == null;
    }
}
