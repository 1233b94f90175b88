package jnc.cli;

/**
 * Everything the command line said, validated and immutable, in parts: each component of jnc
 * receives the part it works with. Built only by {@link ArgParser}, which refuses every combination
 * the parts cannot express, so no use site checks option combinations again.
 *
 * @param mode      what jnc does: connect, listen (with its door), scan, raw, ping or load
 * @param local     what the network end is relayed to: stdin/stdout, a command, echo, the broker or
 *                  chat, the proxy server, a forward target, or files
 * @param target    where to connect or listen, and how (transport, address family, source, timeout)
 * @param tuning    socket options ({@code --sndbuf}, {@code --tos}, ...)
 * @param session   the rules of one relayed session ({@code -i}, {@code -q}, {@code -d}, {@code -C}, ...)
 * @param logs      {@code -o}/{@code -x}: copies of the traffic
 * @param verbosity number of {@code -v}
 * @param tls       {@code --ssl} and its friends, or {@code null} without TLS
 * @param proxy     {@code --proxy} and its companions (a proxy jnc connects through), or {@code null}
 * @param ws        {@code --ws}, a {@code ws://} URL and their friends, or {@code null} without WebSocket
 */
public record Options(
        Mode mode,
        LocalSide local,
        Target target,
        SocketTuning tuning,
        SessionRules session,
        Logs logs,
        int verbosity,
        TlsOptions tls,
        ProxySpec proxy,
        WsOptions ws) {

    /** Ncat's port when none is given. */
    public static final int DEFAULT_PORT = 31337;
    /** Ncat's default cap on simultaneous clients in listen mode. */
    public static final int DEFAULT_MAX_CONNS = 100;

    /**
     * The options of the connection {@code --forward} makes for each client: connect mode to the
     * forward target, as {@code jnc HOST PORT} would make it (-w, -s, -4/-6, -n, socket options,
     * --proxy), with the listener's session rules and logs.
     */
    public Options forwarding() {
        LocalSide.Forward f = (LocalSide.Forward) local;
        return new Options(new Mode.Connect(), new LocalSide.Stdio(), target.aimedAt(f.host(), f.port()), tuning, session, logs,
                verbosity, null, proxy, null);
    }

    public boolean listen() {
        return mode instanceof Mode.Listen;
    }

    /** {@code -k} (and the broker's and chat's own keep-open). */
    public boolean keepOpen() {
        return mode instanceof Mode.Listen l && l.keepOpen();
    }

    public boolean udp() {
        return target.transport() == Transport.UDP;
    }

    public boolean verbose() {
        return verbosity >= 1;
    }

    public boolean debug() {
        return verbosity >= 2;
    }

    /** Whether stdin/stdout are one end of the relay (no -e, -c, --echo, --broker, --chat, --forward, proxy server). */
    public boolean usesStdio() {
        return local instanceof LocalSide.Stdio;
    }

    /** The command of {@code -e}/{@code -c}, or {@code null}. */
    public String command() {
        return local instanceof LocalSide.Exec e ? e.command() : null;
    }

    /**
     * True when bytes pass through unchanged and unread, so zero-copy paths (sendfile, splice) may
     * be used; {@code -t} must see what arrives, to answer it.
     */
    public boolean plainBytes() {
        return session.plainBytes() && logs.none();
    }
}
