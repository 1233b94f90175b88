package jnc.raw;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.cli.Family;
import jnc.cli.Mode;
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
        return o.mode() instanceof Mode.Ping ping ? Ping.run(o, ping) : Capture.run(o, (Mode.Raw) o.mode());
    }

    /** Where {@code --raw} listens: the socket's family and protocol, and the addresses to keep (none: all). */
    record Target(boolean v6, int protocol, List<InetAddress> filter) {
    }

    /**
     * IPv6 for ICMPv6 or {@code -6}, IPv4 for {@code -4}, else the host operand's family, else IPv4.
     * ICMP over IPv6 is ICMPv6, so {@code --raw -6} and {@code --raw ::1} watch ICMPv6.
     */
    static Target target(Options o, Mode.Raw raw) {
        int protocol = raw.protocol();
        if (protocol == Protocols.ICMPV6 && o.target().family() == Family.INET) {
            throw Failure.usage("--raw-proto icmp6 is IPv6's: it does not go with -4.");
        }
        Family family = o.target().family();
        if (family == Family.ANY && protocol == Protocols.ICMPV6) family = Family.INET6;
        List<InetAddress> filter = List.of();
        if (o.target().host() != null) {
            filter = Resolver.resolve(o.target().host(), family, o.target().noDns());
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
