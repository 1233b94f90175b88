package jnc.scan;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;

import jnc.base.Failure;
import jnc.base.IoErrors;

/**
 * What one probe of one port found: open, or not, with nc's reason ("Connection refused").
 *
 * @param open   the port answered (TCP: connected; UDP: no ICMP error came back)
 * @param reason why it is not open, worded as nc words it (no final period); {@code null} when open
 */
record Outcome(boolean open, String reason) {
    static final Outcome OPEN = new Outcome(true, null);
    static final Outcome REFUSED = new Outcome(false, "Connection refused");
    static final Outcome TIMED_OUT = new Outcome(false, "Connection timed out");

    /**
     * The verdict an I/O error gives about a port. Errors that are about this machine, not about the
     * port (no free local port, a source address we may not use), end the scan instead: reporting
     * them as "closed" would hide them.
     */
    static Outcome of(IOException e) {
        if (e instanceof BindException) throw Failure.network("connect: " + IoErrors.describe(e));
        // ICMP port unreachable on a connected datagram socket is ECONNREFUSED to the kernel and to nc.
        if (e instanceof PortUnreachableException) return REFUSED;
        if (e instanceof SocketTimeoutException) return TIMED_OUT;
        if (e instanceof ConnectException && e.getMessage() != null && e.getMessage().startsWith("Connection refused")) return REFUSED;
        String text = IoErrors.describe(e);
        return new Outcome(false, text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
    }
}
