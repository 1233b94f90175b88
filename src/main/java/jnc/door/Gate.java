package jnc.door;

import java.net.InetAddress;
import java.nio.file.Path;

import jnc.cli.Options;

/**
 * Access control at the door, as Ncat does it: with {@code --allow}, only listed hosts get in;
 * a host on the {@code --deny} list never does, even when it is also allowed. A refused client is
 * closed at once and {@code -v} says why.
 */
final class Gate {
    private final HostSet allow = new HostSet();
    private final HostSet deny = new HostSet();

    private Gate() {
    }

    /** The gate the options describe; names are resolved now, once. */
    static Gate of(Options o) {
        Gate g = new Gate();
        for (String s : o.allow()) g.allow.addSpecs(s, o.noDns());
        for (Path f : o.allowFiles()) g.allow.addFile(f, o.noDns());
        for (String s : o.deny()) g.deny.addSpecs(s, o.noDns());
        for (Path f : o.denyFiles()) g.deny.addFile(f, o.noDns());
        return g;
    }

    /** Whether a client from {@code a} may connect. */
    boolean admits(InetAddress a) {
        if (deny.contains(a)) return false;
        return allow.isEmpty() || allow.contains(a);
    }

}
