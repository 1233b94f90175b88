package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Family;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.io.NetEnd;
import jnc.cli.Options;
import jnc.cli.SocketTuning;

/**
 * The server socket of listen mode: bind, listen, accept, as in the course's
 * {@code serversocket.bind(...)}, {@code listen(backlog)}, {@code accept()}.
 *
 * <p>It is the stream listener for Unix domain sockets ({@code -U}) too: both accept
 * {@link SocketChannel}s, and everything after the accept is the same.
 *
 * <p>Without a host it listens on every address of both families at once, as Ncat does: one
 * dual-stack socket on {@code [::]}, which also accepts IPv4 clients (they show up with their IPv4
 * address). With {@code -6} the socket is IPv6-only ({@code IPV6_V6ONLY}, set through FFM before
 * the bind, since the JDK cannot), so IPv4 clients are refused and the IPv4 port stays free.
 */
public final class StreamListener implements Acceptor {
    /** Deep enough for thousands of clients connecting at once; the kernel caps it at somaxconn. */
    public static final int BACKLOG = 4096;

    private final ServerSocketChannel channel;
    private final boolean ipv6Only;
    private final int port;
    /** The socket file of a Unix listener, removed on close; {@code null} for TCP. */
    private final Path unixPath;

    private final SocketTuning tuning;
    /** What {@link #announce()} says: the plan and options of a TCP listener ({@code null} for a Unix one). */
    private BindPlan plan;
    private Options options;

    private StreamListener(ServerSocketChannel channel, boolean ipv6Only, int port, Path unixPath, SocketTuning tuning) {
        this.tuning = tuning;
        this.channel = channel;
        this.ipv6Only = ipv6Only;
        this.port = port;
        this.unixPath = unixPath;
        if (unixPath != null) UnixSockets.removeAtExit(unixPath);
    }

    /**
     * Where a listener binds: an address, or "any" of both families (one dual-stack socket).
     *
     * @param address  the address to bind, or {@code null} for any
     * @param family   the socket's protocol family
     * @param v6Only   {@code -6} without an address: IPv4 clients are turned away
     */
    record BindPlan(InetAddress address, StandardProtocolFamily family, boolean v6Only) {
        static BindPlan of(Options o) {
            if (o.target().family() == Family.INET6 && !Ipv6.available()) throw Failure.usage("IPv6 is not available on this system.");
            InetAddress bindAddr = null;
            if (o.target().host() != null) bindAddr = Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns()).getFirst();
            boolean dualStack = bindAddr == null && o.target().family() != Family.INET && Ipv6.available();
            StandardProtocolFamily pf;
            if (bindAddr != null) pf = Resolver.protocolFamily(bindAddr);
            else pf = dualStack ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            return new BindPlan(bindAddr, pf, o.target().family() == Family.INET6 && bindAddr == null);
        }

        /**
         * The address to bind: the one given, or the wildcard of the socket's family, named
         * explicitly, since the JDK's own wildcard follows java.net.preferIPv6Addresses (FastStart).
         */
        InetAddress bindAddress() {
            if (address != null) return address;
            return family == StandardProtocolFamily.INET6 ? java.net.Inet6Address.ofLiteral("::") : Inet4Address.ofLiteral("0.0.0.0");
        }

        String shown() {
            return address != null ? Addresses.text(address) : (family == StandardProtocolFamily.INET6 ? "::" : "0.0.0.0");
        }

        /** The course's lines: {@code Listening on [0.0.0.0] (family 2, port 61111)}, and {@code [::]} for IPv6. */
        void announce(Options o, int port) {
            if (!Diag.verbose()) return;
            if (address != null) {
                Diag.verbose(Say.listening(shown(), Resolver.familyNumber(address), port));
            } else {
                if (o.target().family() != Family.INET6) Diag.verbose(Say.listening("0.0.0.0", 2, port));
                if (family == StandardProtocolFamily.INET6) Diag.verbose(Say.listening("::", 10, port));
            }
        }

        Failure bindFailure(Options o, IOException e) {
            String shown = shown();
            // One dual-stack socket takes the port in both families: name the family where it was taken.
            if (address == null && family == StandardProtocolFamily.INET6 && !v6Only && o.target().port() != 0 && ipv4PortTaken(o.target().port())) {
                shown = "0.0.0.0";
            }
            return Failure.usage("bind to " + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + o.target().port() + ": " + IoErrors.describe(e));
        }
    }

    /** Whether binding 0.0.0.0:port fails with "address in use": asked only after a dual-stack bind failed. */
    static boolean ipv4PortTaken(int port) {
        try (ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(java.net.Inet4Address.ofLiteral("0.0.0.0"), port), 1);
            return false;
        } catch (java.net.BindException taken) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    public static StreamListener open(Options o) {
        return bind(o).announce();
    }

    /**
     * Binds and listens, and says nothing yet: the kernel already queues the clients that come while
     * the caller sets up what serves them, and {@link #announce()} says {@code Listening on} once it is
     * ready (Main takes the port before anything else, so scripts that connect at once find it open).
     */
    public static StreamListener bind(Options o) {
        if (o.target().unix()) return openUnix(o);
        BindPlan plan = BindPlan.of(o);
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(plan.family());
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // -6 without an address: IPv6 alone, as Ncat (the JDK cannot say so; FFM can).
            boolean kernelV6Only = plan.v6Only() && NativeSockopt.setV6Only(ch);
            Tuning.apply(ch, o.tuning());
            ch.bind(new InetSocketAddress(plan.bindAddress(), o.target().port()), BACKLOG);
            Tuning.applyAfterBind(ch, o.tuning());
            int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            StreamListener listener = new StreamListener(ch, plan.v6Only() && !kernelV6Only, port, null, o.tuning());
            listener.plan = plan;
            listener.options = o;
            return listener;
        } catch (IOException e) {
            TcpConnector.closeQuietly(ch);
            throw plan.bindFailure(o, e);
        }
    }

    /** {@code jnc -l -U PATH}: a Unix domain stream socket, its file removed again when we close. */
    private static StreamListener openUnix(Options o) {
        Path path = Path.of(o.target().host());
        UnixSockets.refuseStale(path);
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(path), BACKLOG);
            return new StreamListener(ch, false, 0, path, null);
        } catch (IOException e) {
            TcpConnector.closeQuietly(ch);
            throw Failure.usage("bind to " + path + ": " + IoErrors.describe(e));
        }
    }

    /** The {@code -v} line {@code Listening on ...}; returns this listener. */
    public StreamListener announce() {
        if (unixPath != null) Diag.verbose("Listening on " + unixPath);
        else plan.announce(options, port);
        return this;
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
            jnc.sys.Descriptors.awaitStart(); // a child starting near the limit needs the descriptors it counted
            SocketChannel c = channel.accept();
            if (c == null) return null; // non-blocking and nobody waiting
            if (ipv6Only && c.getRemoteAddress() instanceof InetSocketAddress remote && remote.getAddress() instanceof Inet4Address) {
                Diag.debug("refusing IPv4 client " + remote.getAddress().getHostAddress() + " (-6)");
                c.close();
                continue;
            }
            Tuning.applyAccepted(c, tuning);
            return c;
        }
    }

    /** The next client the door lets in (see {@link #accept}); {@code null} once the listener is closed. */
    @Override
    public NetEnd next(Admission door) throws IOException {
        while (true) {
            SocketChannel c;
            try {
                c = accept();
            } catch (ClosedChannelException e) {
                return null;
            }
            if (c == null) return null;
            if (admit(c, door)) return NetEnd.of(c);
        }
    }

    /** Asks the door about a fresh client; closes it when it may not stay. */
    public boolean admit(SocketChannel c, Admission door) {
        SocketAddress remote = NetEnd.addressOrNull(c::getRemoteAddress);
        if (remote != null && door.admit(remote, this, c)) return true;
        TcpConnector.closeQuietly(c);
        return false;
    }

    @Override
    public String connectionLine(SocketAddress remote, String outcome) {
        return Say.connection(remote, NetEnd.addressOrNull(channel::getLocalAddress), outcome);
    }

    @Override
    public void close() {
        TcpConnector.closeQuietly(channel);
        if (unixPath != null) UnixSockets.remove(unixPath);
    }
}
