package jnc.cli;

import java.time.Duration;

/**
 * The rules of one relayed session, the same in every mode that relays.
 *
 * @param idleTimeout  {@code -i}: no byte in either direction for that long ends the session; or {@code null}
 * @param delay        {@code -d} between sends, or {@code null}
 * @param quitAfterEof {@code -q}, or {@code null} when not given; negative means never
 * @param sendOnly     {@code --send-only}
 * @param recvOnly     {@code --recv-only}
 * @param noShutdown   {@code --no-shutdown}: no half-close at EOF on stdin
 * @param crlf         {@code -C}: line ends sent as CRLF
 * @param telnet       {@code -t}: answer Telnet negotiations
 * @param waitStdin    {@code --wait-stdin}: after the peer's EOF, send all of stdin
 * @param stdinEofEndsDatagrams without {@code -q}, whether EOF on the local side ends a session over
 *                     datagrams, which have no EOF to wait for: yes for a client and a command, as
 *                     Ncat does; a listener's stdin/stdout session keeps receiving
 */
public record SessionRules(Duration idleTimeout, Duration delay, Duration quitAfterEof, boolean sendOnly, boolean recvOnly,
        boolean noShutdown, boolean crlf, boolean telnet, boolean waitStdin, boolean stdinEofEndsDatagrams) {

    /** No rule at all: a plain relay, as between two sockets. */
    public static final SessionRules NONE = new SessionRules(null, null, null, false, false, false, false, false, false, true);

    /** True when the rules leave the bytes as they are and unread: -C, -t and -d each need to see them. */
    public boolean plainBytes() {
        return !crlf && !telnet && delay == null;
    }
}
