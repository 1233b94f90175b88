package jnc.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import jnc.Diag;
import jnc.Failure;
import jnc.cli.Family;
import jnc.cli.Options;

/**
 * The server socket of listen mode: bind, listen, accept, as in the course's
 * {@code serversocket.bind(...)}, {@code listen(backlog)}, {@code accept()}.
 *
 * <p>Without a host it listens on every address of both families at once, as Ncat does. The JDK
 * cannot set {@code IPV6_V6ONLY}, so "both families" is one dual-stack socket on {@code [::]},
 * which also accepts IPv4 clients (they show up with their IPv4 address).
 */
public final class TcpListener implements Closeable {
    /** Deep enough for thousands of clients connecting at once; the kernel caps it at somaxconn. */
    public static final int BACKLOG = 4096;

    private final ServerSocketChannel channel;
    private final boolean ipv6Only;
    private final int port;

    private TcpListener(ServerSocketChannel channel, boolean ipv6Only, int port) {
        this.channel = channel;
        this.ipv6Only = ipv6Only;
        this.port = port;
    }

    public static TcpListener open(Options o) {
        InetAddress bindAddr = null;
        if (o.host() != null) bindAddr = Resolver.resolve(o.host(), o.family(), o.noDns()).getFirst();
        boolean dualStack = bindAddr == null && o.family() != Family.INET && Ipv6.available();
        StandardProtocolFamily pf;
        if (bindAddr != null) pf = bindAddr instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        else pf = dualStack ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        if (o.family() == Family.INET6 && !Ipv6.available()) throw Failure.usage("IPv6 is not available on this system.");

        String shown = bindAddr != null ? bindAddr.getHostAddress() : (pf == StandardProtocolFamily.INET6 ? "::" : "0.0.0.0");
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(pf);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(bindAddr, o.port()), BACKLOG);
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            if (bindAddr != null) {
                Diag.verbose(listeningLine(shown, Resolver.familyNumber(bindAddr), port));
            } else {
                if (o.family() != Family.INET6) Diag.verbose(listeningLine("0.0.0.0", 2, port));
                if (pf == StandardProtocolFamily.INET6) Diag.verbose(listeningLine("::", 10, port));
            }
            return new TcpListener(ch, o.family() == Family.INET6 && bindAddr == null, port);
        } catch (IOException e) {
            TcpConnector.closeQuietly(ch);
            throw Failure.usage("bind to " + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + o.port() + ": " + IoErrors.describe(e));
        }
    }

    static String listeningLine(String addr, int family, int port) {
        return "Listening on [" + addr + "] (family " + family + ", port " + port + ")";
    }

    public int port() {
        return port;
    }

    /** The listening channel, for an event loop that registers it with a {@code Selector}. */
    public ServerSocketChannel channel() {
        return channel;
    }

    /**
     * Blocks for the next client. With {@code -6} and no host, IPv4 clients are turned away.
     * When the channel was made non-blocking, returns null at once if no client is waiting.
     */
    public SocketChannel accept() throws IOException {
        while (true) {
            SocketChannel c = channel.accept();
            if (c == null) return null;
            InetSocketAddress remote = (InetSocketAddress) c.getRemoteAddress();
            if (ipv6Only && remote.getAddress() instanceof Inet4Address) {
                Diag.debug("refusing IPv4 client " + remote.getAddress().getHostAddress() + " (-6)");
                c.close();
                continue;
            }
            return c;
        }
    }

    /** The line nc prints for a new client: {@code Connection from 10.0.0.66 59104 received!}. */
    public static String connectionLine(SocketChannel c) {
        try {
            InetSocketAddress r = (InetSocketAddress) c.getRemoteAddress();
            return "Connection from " + r.getAddress().getHostAddress() + " " + r.getPort() + " received!";
        } catch (IOException e) {
            return "Connection from an unknown peer received!";
        }
    }

    @Override
    public void close() {
        TcpConnector.closeQuietly(channel);
    }
}
