package jnc.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

import jnc.net.Resolver;
import jnc.net.SourceAddress;

/**
 * A UDP port has no handshake: we send one datagram (one NUL byte, as Ncat does) on a connected socket and
 * listen for the ICMP "port unreachable" a closed port sends back, which the kernel hands to a
 * connected socket as ECONNREFUSED (the JDK's {@code PortUnreachableException}). Silence until the
 * wait ends means "open or filtered" and is reported as open, as nc does; a reply means open.
 *
 * <p>When many ports are scanned, the wait is cut in two and the datagram sent again half-way:
 * ICMP errors are rate-limited (Linux: 1000 a second per network namespace, in bursts of 50), and a
 * second question often gets the answer the first one was denied. One port gets one datagram, as
 * with Ncat, so a listener on it sees exactly one NUL byte.
 */
final class UdpProbe implements Probe {
    private static final byte[] QUESTION = {0};
    private final SourceAddress source;
    private final boolean askTwice;
    /** Replies are read into this and thrown away; one buffer serves every probe (one thread). */
    private final ByteBuffer sink = ByteBuffer.allocate(1);

    UdpProbe(SourceAddress source, boolean askTwice) {
        this.source = source;
        this.askTwice = askTwice;
    }

    @Override
    public SelectableChannel open(InetSocketAddress target) throws IOException {
        InetAddress a = target.getAddress();
        return Probe.prepare(DatagramChannel.open(Resolver.protocolFamily(a)), source, a);
    }

    @Override
    public Outcome ask(SelectableChannel channel, InetSocketAddress target) throws IOException {
        DatagramChannel ch = (DatagramChannel) channel;
        ch.connect(target);
        ch.write(ByteBuffer.wrap(QUESTION));
        // On loopback the ICMP error is already queued when write() returns: read it now.
        return check(ch);
    }

    @Override
    public int interest() {
        return SelectionKey.OP_READ;
    }

    @Override
    public Outcome check(SelectableChannel channel) throws IOException {
        sink.clear();
        // A pending ICMP error is thrown here; a datagram back means someone answered.
        return ((DatagramChannel) channel).read(sink) > 0 ? Outcome.OPEN : null;
    }

    @Override
    public int periods() {
        return askTwice ? 2 : 1;
    }

    @Override
    public Outcome expired(SelectableChannel channel, boolean last) throws IOException {
        if (last) return Outcome.OPEN;
        ((DatagramChannel) channel).write(ByteBuffer.wrap(QUESTION));
        return check(channel);
    }
}
