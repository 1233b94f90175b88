package jnc.serve;

import java.nio.channels.SocketChannel;

import jnc.base.ExitCode;
import jnc.cli.Options;
import jnc.io.Counters;
import jnc.io.LocalEnd;
import jnc.io.NetEnd;
import jnc.io.Service;
import jnc.io.Tap;
import jnc.net.TcpConnector;
import jnc.session.Relay;

/**
 * {@code jnc -l [-k] PORT --forward HOST:PORT}: each client is relayed to a new connection to HOST:PORT
 * (through {@code --proxy} when given), with the session rules of every relay: half-close passed on
 * both ways, {@code -i}, {@code -q}, {@code -o}/{@code -x} (what the client sent and received), the
 * counters; between two plain sockets the kernel moves the bytes (splice). What Ncat users do with
 * {@code ncat -l -k -c 'ncat HOST PORT'} and socat users with {@code TCP-LISTEN:P,fork TCP:HOST:PORT},
 * without a process per client.
 */
public final class Forward implements Service {
    private final Options options;
    private final Options target;
    private final Tap tap;
    private final Counters counters;

    public Forward(Options options, Tap tap, Counters counters) {
        this.options = options;
        this.target = options.forwarding();
        this.tap = tap;
        this.counters = counters;
    }

    @Override
    public ExitCode serve(NetEnd client) {
        NetEnd far = NetEnd.of(connect());
        try {
            return new Relay(options.session(), LocalEnd.of(far), client, tap, counters).run();
        } finally {
            TcpConnector.closeQuietly(far);
        }
    }

    private SocketChannel connect() {
        // Fully qualified and only here: the proxy classes load when --proxy is given, never otherwise.
        // A server's way on fails at once: the client waiting on the other side is told at once.
        return target.proxy() != null ? jnc.net.proxy.ProxyConnector.connect(target, false) : TcpConnector.connect(target, false);
    }
}
