package jnc.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import jnc.Diag;
import jnc.cli.Options;
import jnc.net.TcpListener;

/**
 * Access control at the door, as Ncat does it: with {@code --allow}, only listed hosts get in;
 * a host on the {@code --deny} list never does, even when it is also allowed. A refused client is
 * closed at once and {@code -v} says why.
 */
public final class Gate {
    private final HostSet allow = new HostSet();
    private final HostSet deny = new HostSet();
    /** Whether any --allow or --allowfile was given: then an empty list admits nobody, as in Ncat. */
    private boolean allowGiven;

    private Gate() {
    }

    /** The gate the options describe; names are resolved now, once. */
    public static Gate of(Options o) {
        Gate g = new Gate();
        g.allowGiven = !o.allow().isEmpty() || !o.allowFiles().isEmpty();
        for (String s : o.allow()) g.allow.addSpecs(s, o.noDns());
        for (Path f : o.allowFiles()) g.allow.addFile(f, o.noDns());
        for (String s : o.deny()) g.deny.addSpecs(s, o.noDns());
        for (Path f : o.denyFiles()) g.deny.addFile(f, o.noDns());
        return g;
    }

    /** Whether a client from {@code a} may connect. */
    public boolean admits(InetAddress a) {
        if (deny.contains(a)) return false;
        // An empty list (--allow '', an empty file) is a list of nobody, never "no list": fail closed.
        return !allowGiven || allow.contains(a);
    }

    /**
     * Whether a peer of any kind (an accepted socket, a UDP sender) may stay; says why not at -v. A
     * Unix socket's peer has no address to judge and always may.
     */
    public boolean admits(SocketAddress remote, SocketAddress local) {
        if (!(remote instanceof InetSocketAddress r) || admits(r.getAddress())) return true;
        if (Diag.verbose()) Diag.verbose(TcpListener.connectionLine(remote, local, TcpListener.DENIED));
        return false;
    }

    /** Checks a fresh client; closes it and says so at -v when it may not stay. */
    public boolean admit(SocketChannel client) {
        try {
            if (admits(client.getRemoteAddress(), client.getLocalAddress())) return true;
        } catch (IOException e) {
            // gone before we looked: nothing to admit
        }
        AcceptLoop.closeQuietly(client);
        return false;
    }
}
