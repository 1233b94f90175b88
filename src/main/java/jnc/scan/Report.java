package jnc.scan;

import java.io.PrintStream;
import java.net.InetAddress;

import jnc.base.Diag;
import jnc.net.Services;


/**
 * The scan's lines on stderr, in ascending port order whatever order the answers come in: each
 * port's lines wait until every lower port is settled.
 *
 * <p>What is printed, compared with nc.openbsd (which prints a line for every port at {@code -v}):
 * with {@code -v}, the open ports, {@code Connection to 127.0.0.1 22 port [tcp/ssh] succeeded!};
 * the failures ({@code jnc: connect to 127.0.0.1 port 23 (tcp) failed: Connection refused}) only
 * at {@code -vv}, or at {@code -v} when a single port is scanned. A range's refusals would bury
 * its few open ports, which is why people pipe {@code nc -zv} through {@code grep succeeded}.
 *
 * <p>Thread-safe: a big TCP scan settles ports from several threads.
 */
final class Report {
    private static final byte WAITING = 0;
    private static final byte OPEN = 1;
    private static final byte CLOSED = 2;

    private final String host;
    private final boolean hostIsLiteral;
    private final int[] ports;
    private final String protocol;
    private final boolean showOpen;
    private final boolean showFailures;
    private final boolean lookUpNames; // not with -n: nc looks no names up then
    private String[] serviceNames; // read when the first open port is printed
    private final PrintStream err = System.err; // where jnc.base.Diag writes too

    private final byte[] state;
    private final InetAddress[] reached; // the address each open port answered on
    private final StringBuilder[] failureLines; // only when failures are shown
    private int cursor;
    private volatile boolean anyOpen;

    Report(String host, int[] ports, String protocol, int verbosity, boolean noDns) {
        this.host = host;
        this.hostIsLiteral = jnc.net.Resolver.isLiteral(host);
        this.ports = ports;
        this.protocol = protocol;
        this.showOpen = verbosity >= 1;
        this.showFailures = verbosity >= 2 || (verbosity == 1 && ports.length == 1);
        this.lookUpNames = !noDns;
        this.state = new byte[ports.length];
        this.reached = showOpen ? new InetAddress[ports.length] : null;
        this.failureLines = showFailures ? new StringBuilder[ports.length] : null;
    }

    boolean anyOpen() {
        return anyOpen;
    }

    /** One of the host's addresses failed; the next one will be tried. */
    synchronized void attemptFailed(int index, InetAddress address, Outcome o) {
        if (showFailures) failureLine(index, address, o);
    }

    /** The port's verdict; prints whatever is now in order. */
    void settle(int index, InetAddress address, Outcome o) {
        if (!showOpen) {
            // Nothing to print, so nothing to keep in order: no lock for the threads of a big scan.
            if (o.open()) anyOpen = true;
            return;
        }
        settleInOrder(index, address, o);
    }

    private synchronized void settleInOrder(int index, InetAddress address, Outcome o) {
        if (o.open()) {
            anyOpen = true;
            state[index] = OPEN;
            if (reached != null) reached[index] = address;
        } else {
            state[index] = CLOSED;
            if (showFailures) failureLine(index, address, o);
        }
        printInOrder();
    }

    private void failureLine(int index, InetAddress address, Outcome o) {
        StringBuilder b = failureLines[index];
        if (b == null) b = failureLines[index] = new StringBuilder();
        if (!b.isEmpty()) b.append('\n');
        b.append("jnc: connect to ").append(hostText(address)).append(" port ").append(ports[index])
                .append(" (").append(protocol).append(") failed: ").append(o.reason());
    }

    private void printInOrder() {
        while (cursor < ports.length && state[cursor] != WAITING) {
            if (failureLines != null && failureLines[cursor] != null) {
                // nc's words in English; under another locale a person's language (Diag.tr), line by line.
                for (String line : failureLines[cursor].toString().split("\n")) err.println(Diag.tr(line));
                failureLines[cursor] = null;
            }
            if (state[cursor] == OPEN) {
                int port = ports[cursor];
                err.println(Services.connectedLine(hostText(reached[cursor]), port, protocol, serviceName(port)));
            }
            cursor++;
        }
    }

    private String serviceName(int port) {
        if (!lookUpNames) return "*";
        if (serviceNames == null) serviceNames = Services.table(protocol);
        String n = serviceNames[port];
        return n == null ? "*" : n;
    }

    /** nc's way: the host as given, and the address it reached in parentheses when the host was a name. */
    private String hostText(InetAddress address) {
        return hostIsLiteral ? host : host + " (" + jnc.net.Addresses.text(address) + ")";
    }
}
