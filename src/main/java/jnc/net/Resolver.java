package jnc.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jnc.base.Failure;
import jnc.cli.Family;

/** Host names and literals to addresses, honouring {@code -4}, {@code -6} and {@code -n}. */
public final class Resolver {
    private Resolver() {
    }

    /** All addresses of {@code host} in the wanted family, in the resolver's order; never empty. */
    public static List<InetAddress> resolve(String host, Family family, boolean noDns) {
        String h = stripBrackets(host);
        // A literal needs no resolver. Trying it first also skips the resolver cache's set-up (it
        // reads the security properties), a good part of a short run's time.
        InetAddress[] found = literal(h);
        if (found == null && noDns) {
            throw Failure.usage("Could not resolve hostname \"" + host + "\": DNS resolution is disabled by -n.");
        }
        if (found == null) {
            try {
                found = InetAddress.getAllByName(h);
            } catch (UnknownHostException e) {
                throw Failure.usage("Could not resolve hostname \"" + host + "\": Name or service not known.");
            }
        }
        List<InetAddress> out = new ArrayList<>(found.length);
        for (InetAddress a : found) {
            if (matches(a, family)) out.add(a);
        }
        if (out.isEmpty()) {
            throw Failure.usage("Could not resolve hostname \"" + host + "\": no "
                    + (family == Family.INET ? "IPv4" : "IPv6") + " address.");
        }
        return out;
    }

    public static boolean matches(InetAddress a, Family family) {
        return switch (family) {
            case ANY -> true;
            case INET -> a instanceof Inet4Address;
            case INET6 -> a instanceof Inet6Address;
        };
    }

    /** The family of socket that reaches {@code a}. */
    public static StandardProtocolFamily protocolFamily(InetAddress a) {
        return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Whether {@code host} is an address literal ({@code 127.0.0.1}, {@code ::1}, {@code [::1]}), not a name. */
    public static boolean isLiteral(String host) {
        return literal(stripBrackets(host)) != null;
    }

    /** The socket API's family number, as nc prints it: 2 for AF_INET, 10 for AF_INET6 (Linux). */
    public static int familyNumber(InetAddress a) {
        return a instanceof Inet6Address ? 10 : 2;
    }

    private static InetAddress[] literal(String h) {
        InetAddress a = literalOrNull(h);
        return a == null ? null : new InetAddress[] {a};
    }

    /**
     * {@code h} as an address literal, or {@code null} for a name. The family is chosen by the
     * characters first, so a name costs no exception: {@code InetAddress.ofLiteral} tries IPv4,
     * and the exception it builds on the way to IPv6 or to "not a literal" costs about a
     * millisecond of a short run's start-up.
     */
    public static InetAddress literalOrNull(String h) {
        try {
            if (h.indexOf(':') >= 0) return Inet6Address.ofLiteral(h);
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                if ((c < '0' || c > '9') && c != '.') return null;
            }
            return h.isEmpty() ? null : Inet4Address.ofLiteral(h);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    private static String stripBrackets(String host) {
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) return host.substring(1, host.length() - 1);
        return host;
    }
}
