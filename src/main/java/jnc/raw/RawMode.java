package jnc.raw;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.cli.Family;
import jnc.cli.Options;
import jnc.net.Resolver;

/**
 * {@code --raw} and {@code --ping}: raw sockets, the course's SOCK_RAW "for protocol analysis". The
 * JDK has no raw sockets, so {@link RawSocket} calls the C library through the FFM API.
 */
public final class RawMode {
    private RawMode() {
    }

    public static ExitCode run(Options o) {
        if (o.output() != null || o.hexDump() != null) {
            throw Failure.usage("-o and -x do not go with --raw or --ping (--raw prints its hex dumps on stdout).");
        }
        if (o.sourceAddress() != null) throw Failure.usage("-s does not go with --raw or --ping.");
        return o.ping() ? Ping.run(o) : Capture.run(o);
    }

    /** Where {@code --raw} listens: the socket's family and protocol, and the addresses to keep (none: all). */
    record Target(boolean v6, int protocol, List<InetAddress> filter) {
    }

    /**
     * IPv6 for ICMPv6 or {@code -6}, IPv4 for {@code -4}, else the host operand's family, else IPv4.
     * ICMP over IPv6 is ICMPv6, so {@code --raw -6} and {@code --raw ::1} watch ICMPv6.
     */
    static Target target(Options o) {
        int protocol = o.rawProtocol();
        if (protocol == Protocols.ICMPV6 && o.family() == Family.INET) {
            throw Failure.usage("--raw-proto icmp6 is IPv6's: it does not go with -4.");
        }
        Family family = o.family();
        if (family == Family.ANY && protocol == Protocols.ICMPV6) family = Family.INET6;
        List<InetAddress> filter = List.of();
        if (o.host() != null) {
            filter = Resolver.resolve(o.host(), family, o.noDns());
            if (family == Family.ANY) {
                // One socket, one family: the host's first address decides, and only that family filters.
                boolean v6 = filter.getFirst() instanceof Inet6Address;
                filter = filter.stream().filter(a -> (a instanceof Inet6Address) == v6).toList();
                family = v6 ? Family.INET6 : Family.INET;
            }
        }
        boolean v6 = family == Family.INET6;
        if (v6 && protocol == Protocols.ICMP) protocol = Protocols.ICMPV6;
        return new Target(v6, protocol, filter);
    }
}
