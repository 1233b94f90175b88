package jnc.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    private Gate() {
    }

    /** The gate the options describe; names are resolved now, once. */
    public static Gate of(Options o) {
        Gate g = new Gate();
        for (String s : o.allow()) g.allow.addSpecs(s, o.noDns());
        for (Path f : o.allowFiles()) g.allow.addFile(f, o.noDns());
        for (String s : o.deny()) g.deny.addSpecs(s, o.noDns());
        for (Path f : o.denyFiles()) g.deny.addFile(f, o.noDns());
        return g;
    }

    /** Whether a client from {@code a} may connect. */
    public boolean admits(InetAddress a) {
        if (deny.contains(a)) return false;
        return allow.isEmpty() || allow.contains(a);
    }

    /** Checks a fresh client; closes it and says so at -v when it may not stay. */
    public boolean admit(SocketChannel client) {
        InetAddress a;
        try {
            if (!(client.getRemoteAddress() instanceof InetSocketAddress remote)) return true; // a Unix socket: no address to judge
            a = remote.getAddress();
        } catch (IOException e) {
            AcceptLoop.closeQuietly(client);
            return false;
        }
        if (admits(a)) return true;
        if (Diag.verbose()) Diag.verbose(TcpListener.connectionLine(client).replace(" received!", " denied: not allowed."));
        AcceptLoop.closeQuietly(client);
        return false;
    }
}
