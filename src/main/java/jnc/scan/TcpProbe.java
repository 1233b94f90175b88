package jnc.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import jnc.net.Resolver;
import jnc.net.SourceAddress;

/** A TCP port is open when a connect to it completes, as in nc: the handshake is the whole question. */
final class TcpProbe implements Probe {
    private final SourceAddress source;

    TcpProbe(SourceAddress source) {
        this.source = source;
    }

    @Override
    public SelectableChannel open(InetSocketAddress target) throws IOException {
        InetAddress a = target.getAddress();
        return Probe.prepare(SocketChannel.open(Resolver.protocolFamily(a)), source, a);
    }

    @Override
    public Outcome ask(SelectableChannel channel, InetSocketAddress target) throws IOException {
        SocketChannel ch = (SocketChannel) channel;
        if (ch.connect(target)) return verdictOnConnected(ch);
        // On loopback the kernel has usually answered before connect() returns: one poll saves a
        // trip through the selector (registering, waking, deregistering) for most ports.
        return check(ch);
    }

    @Override
    public int interest() {
        return SelectionKey.OP_CONNECT;
    }

    @Override
    public Outcome check(SelectableChannel channel) throws IOException {
        SocketChannel ch = (SocketChannel) channel;
        return ch.finishConnect() ? verdictOnConnected(ch) : null;
    }

    /**
     * A connect from 127.0.0.1:P to 127.0.0.1:P meets itself (TCP's simultaneous open) when the
     * kernel happens to pick the scanned port as our own ephemeral port; that is us, not a listener.
     */
    private static Outcome verdictOnConnected(SocketChannel ch) throws IOException {
        return ch.getLocalAddress().equals(ch.getRemoteAddress()) ? Outcome.REFUSED : Outcome.OPEN;
    }

    @Override
    public int periods() {
        return 1;
    }

    @Override
    public Outcome expired(SelectableChannel channel, boolean last) {
        return Outcome.TIMED_OUT;
    }
}
