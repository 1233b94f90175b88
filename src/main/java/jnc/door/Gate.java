package jnc.door;

import java.net.InetAddress;
import java.nio.file.Path;

import jnc.cli.DoorRules;

/**
 * Access control at the door, as Ncat does it: with {@code --allow}, only listed hosts get in;
 * a host on the {@code --deny} list never does, even when it is also allowed. A refused client is
 * closed at once and {@code -v} says why.
 */
final class Gate {
    private final HostSet allow = new HostSet();
    private final HostSet deny = new HostSet();
    /** Whether any --allow or --allowfile was given: then an empty list admits nobody, as in Ncat. */
    private boolean allowGiven;

    private Gate() {
    }

    /** The gate the rules describe; names are resolved now, once ({@code noDns}: {@code -n}, addresses only). */
    static Gate of(DoorRules rules, boolean noDns) {
        Gate g = new Gate();
        g.allowGiven = !rules.allow().isEmpty() || !rules.allowFiles().isEmpty();
        for (String s : rules.allow()) g.allow.addSpecs(s, noDns);
        for (Path f : rules.allowFiles()) g.allow.addFile(f, noDns);
        for (String s : rules.deny()) g.deny.addSpecs(s, noDns);
        for (Path f : rules.denyFiles()) g.deny.addFile(f, noDns);
        return g;
    }

    /** Whether a client from {@code a} may connect. */
    boolean admits(InetAddress a) {
        if (deny.contains(a)) return false;
        // An empty list (--allow '', an empty file) is a list of nobody, never "no list": fail closed.
        return !allowGiven || allow.contains(a);
    }

}
