package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.List;

import jnc.base.Failure;
import jnc.cli.Options;

/**
 * Where connections and probes leave from: {@code -s ADDR} and {@code -p PORT}, resolved once (for
 * a scan, once for all its probes). With {@code -p} every probe of a scan leaves from the same port,
 * each to a different destination port, which the kernel allows when all of them say SO_REUSEADDR.
 */
public final class SourceAddress {
    private static final InetAddress ANY4 = Inet4Address.ofLiteral("0.0.0.0");
    private static final InetAddress ANY6 = Inet6Address.ofLiteral("::"); // not InetAddress.ofLiteral: it fails through IPv4 first

    private final List<InetAddress> addresses; // empty without -s
    private final int port;                    // -1 without -p

    private SourceAddress(List<InetAddress> addresses, int port, String given) {
        this.addresses = addresses;
        this.port = port;
        this.given = given;
    }

    private final String given; // -s as written, for the messages

    public static SourceAddress of(Options o) {
        List<InetAddress> addresses = o.target().sourceAddress() == null ? List.of() : Resolver.resolve(o.target().sourceAddress(), o.target().family(), o.target().noDns());
        return new SourceAddress(addresses, o.target().sourcePort(), o.target().sourceAddress());
    }

    /** The local address for a probe toward {@code target}, or {@code null} to let the kernel choose. */
    public InetSocketAddress local(InetAddress target) {
        if (addresses.isEmpty() && port < 0) return null;
        boolean six = target instanceof Inet6Address;
        InetAddress src = addresses.isEmpty() ? (six ? ANY6 : ANY4) : addresses.stream()
                .filter(a -> (a instanceof Inet6Address) == six)
                .findFirst()
                .orElseThrow(() -> Failure.usage("Source address \"" + given + "\" is not of the target's address family."));
        return new InetSocketAddress(src, Math.max(0, port));
    }

    /** Binds a probe's channel toward {@code target} to the source, if one was given. */
    public void bind(NetworkChannel channel, InetAddress target) {
        InetSocketAddress local = local(target);
        if (local == null) return;
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(local);
        } catch (IOException e) {
            throw Failure.usage("bind to source " + shown(local) + ": " + IoErrors.describe(e));
        }
    }

    /** {@code 10.0.0.1:5000}, or {@code *:5000} for the wildcard address, as the bind errors show it. */
    public static String shown(InetSocketAddress local) {
        return (local.getAddress().isAnyLocalAddress() ? "*" : local.getAddress().getHostAddress()) + ":" + local.getPort();
    }
}
