package jnc.door;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import jnc.base.Failure;
import jnc.base.IoErrors;
import jnc.net.Resolver;

/**
 * A set of hosts for {@code --allow}/{@code --deny}, in the forms Ncat takes: addresses
 * ({@code 127.0.0.1}, {@code ::1}), CIDR blocks ({@code 10.0.0.0/8}, {@code fe80::/10}), IPv4 octet
 * ranges and wildcards ({@code 192.168.1.1-20}, {@code 10.0.*.*}), {@code *} for everyone, and host
 * names (resolved once, at start-up).
 */
public final class HostSet {
    private final List<Predicate<InetAddress>> members = new ArrayList<>();

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public boolean contains(InetAddress a) {
        for (Predicate<InetAddress> m : members) {
            if (m.test(a)) return true;
        }
        return false;
    }

    /** Adds a comma-separated list of specifications. */
    public void addSpecs(String list, boolean noDns) {
        for (String spec : list.split(",")) {
            String s = spec.strip();
            if (!s.isEmpty()) members.add(parse(s, noDns));
        }
    }

    /** Adds a file of specifications, one or more per line; '#' starts a comment. */
    public void addFile(Path file, boolean noDns) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw Failure.usage("can't open " + file + ": " + IoErrors.describe(e));
        }
        for (String line : lines) {
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
            for (String spec : body.split("[\\s,]+")) {
                if (!spec.isEmpty()) members.add(parse(spec, noDns));
            }
        }
    }

    static Predicate<InetAddress> parse(String spec, boolean noDns) {
        if (spec.equals("*")) return a -> true;
        int slash = spec.indexOf('/');
        if (slash > 0) return cidr(spec, slash);
        if (spec.matches("[0-9*\\-]+\\.[0-9*\\-]+\\.[0-9*\\-]+\\.[0-9*\\-]+") && (spec.contains("*") || spec.contains("-"))) {
            return octetRanges(spec);
        }
        InetAddress literal = Resolver.literalOrNull(spec);
        if (literal != null) return literal::equals;
        if (noDns) throw bad(spec, "DNS resolution is disabled by -n");
        try {
            List<InetAddress> all = List.of(InetAddress.getAllByName(spec));
            return all::contains;
        } catch (UnknownHostException e) {
            throw bad(spec, "can't resolve it");
        }
    }

    private static Predicate<InetAddress> cidr(String spec, int slash) {
        InetAddress base;
        int bits;
        try {
            base = InetAddress.ofLiteral(spec.substring(0, slash));
            bits = Integer.parseInt(spec.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw bad(spec, "not an address/prefix");
        }
        int width = base.getAddress().length * 8;
        if (bits < 0 || bits > width) throw bad(spec, "prefix length out of range");
        BigInteger mask = bits == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(width - bits);
        BigInteger net = new BigInteger(1, base.getAddress()).and(mask);
        return a -> a.getAddress().length * 8 == width && new BigInteger(1, a.getAddress()).and(mask).equals(net);
    }

    private static Predicate<InetAddress> octetRanges(String spec) {
        String[] parts = spec.split("\\.");
        int[] lo = new int[4];
        int[] hi = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            try {
                if (p.equals("*")) {
                    lo[i] = 0;
                    hi[i] = 255;
                } else if (p.contains("-")) {
                    String[] r = p.split("-", -1);
                    lo[i] = r[0].isEmpty() ? 0 : Integer.parseInt(r[0]);
                    hi[i] = r[1].isEmpty() ? 255 : Integer.parseInt(r[1]);
                } else {
                    lo[i] = hi[i] = Integer.parseInt(p);
                }
            } catch (RuntimeException e) {
                throw bad(spec, "not an octet range");
            }
            if (lo[i] < 0 || hi[i] > 255 || lo[i] > hi[i]) throw bad(spec, "octet out of range");
        }
        return a -> {
            if (!(a instanceof Inet4Address)) return false;
            byte[] b = a.getAddress();
            for (int i = 0; i < 4; i++) {
                int v = b[i] & 0xff;
                if (v < lo[i] || v > hi[i]) return false;
            }
            return true;
        };
    }

    private static Failure bad(String spec, String why) {
        return Failure.usage("error in host specification \"" + spec + "\": " + why + ".");
    }
}
