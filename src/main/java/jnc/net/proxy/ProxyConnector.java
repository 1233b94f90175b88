package jnc.net.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Family;
import jnc.cli.Options;
import jnc.cli.ProxySpec;
import jnc.net.Addresses;
import jnc.base.IoErrors;
import jnc.net.Resolver;
import jnc.net.Services;
import jnc.net.TcpConnector;

/**
 * Connect mode through a proxy ({@code --proxy}): a TCP connection to the proxy, a handshake that
 * asks it to connect to the target, and then the same socket carries the target's bytes. The relay
 * cannot tell the difference: it gets a plain {@link SocketChannel}, so zero-copy paths still work.
 *
 * <p>Only {@link jnc.Main} refers to this package, and only when {@code --proxy} was given, so a
 * direct connection never loads it.
 */
public final class ProxyConnector {
    private ProxyConnector() {
    }

    /** Connect mode's connection through the proxy: a refused proxy on this machine is tried again for a moment. */
    public static SocketChannel connect(Options o) {
        return connect(o, true);
    }

    /** As {@link #connect(Options)}; {@code retryLocal} false for a server's way on (--forward). */
    public static SocketChannel connect(Options o, boolean retryLocal) {
        ProxySpec proxy = o.proxy();
        Destination target = destination(o.target().host(), o.target().port(), proxy, o.target().family());
        SocketChannel ch = open(o, retryLocal);
        boolean done = false;
        try {
            ChannelWire wire = new ChannelWire(ch, o.target().connectTimeout());
            switch (proxy.type()) {
                case HTTP -> {
                    HttpHead challenge = HttpConnect.handshake(wire, target, null, proxy.auth() != null);
                    if (challenge != null) {
                        // 407: answer the challenge on a new connection, as Ncat does (the proxy may have closed this one).
                        String answer = ProxyCredentials.answer(challenge.fields("Proxy-Authenticate"), proxy.auth(), "CONNECT", target.authority());
                        if (answer == null) throw Wire.failed("the proxy asks for an authentication scheme jnc does not know (it knows Digest and Basic).");
                        Diag.verbose("Proxy asks for credentials: answering with " + answer.substring(0, answer.indexOf(' ')) + ".");
                        TcpConnector.closeQuietly(ch);
                        ch = open(o, retryLocal);
                        wire = new ChannelWire(ch, o.target().connectTimeout());
                        HttpConnect.handshake(wire, target, answer, false);
                    }
                }
                case SOCKS4 -> Socks4.handshake(wire, target, proxy.auth());
                case SOCKS5 -> Socks5.handshake(wire, target, proxy.auth());
            }
            wire.finish();
            if (Diag.verbose()) Diag.verbose(Services.connectedLine(o.target().host(), o.target().port(), "tcp"));
            done = true;
            return ch;
        } catch (IOException e) {
            throw Wire.failed(IoErrors.describe(e));
        } finally {
            if (!done) TcpConnector.closeQuietly(ch);
        }
    }

    /** A TCP connection to the proxy: -4/-6, -n, -s, -p, -w and the socket options all apply to it. */
    private static SocketChannel open(Options o, boolean retryLocal) {
        ProxySpec proxy = o.proxy();
        try {
            SocketChannel ch = TcpConnector.openFirstHop(o, proxy.host(), proxy.port(), retryLocal);
            Diag.verbose("Connected to proxy " + proxy.display());
            return ch;
        } catch (IOException e) {
            throw Wire.failed(IoErrors.describe(e));
        }
    }

    /**
     * What the proxy is told to connect to, after {@code --proxy-dns}: an address literal is always
     * sent as an address; a name is resolved here ({@code local}, or {@code both} when it resolves)
     * or sent as a name for the proxy to resolve ({@code remote}, or {@code both} when it does not).
     * SOCKS4 has no IPv6: its local resolution asks for IPv4 only, as Ncat's does.
     */
    static Destination destination(String host, int port, ProxySpec proxy, Family family) {
        String h = host.length() > 2 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal = Resolver.literalOrNull(h);
        if (literal != null) return Destination.ofAddress(literal, port);
        if (proxy.dns().local()) {
            InetAddress found = resolveLocally(h, proxy.type() == ProxySpec.Type.SOCKS4 ? Family.INET : family);
            if (found != null) {
                Diag.verbose("Host " + h + " locally resolved to " + Addresses.text(found) + ".");
                return Destination.ofAddress(found, port);
            }
        }
        if (!proxy.dns().remote()) {
            throw Failure.usage("Failed to resolve host " + h + " locally"
                    + (proxy.dns() == ProxySpec.Dns.NONE ? " (--proxy-dns none takes addresses only)." : "."));
        }
        Diag.verbose("Host " + h + " will be resolved by the proxy.");
        return Destination.ofName(h, port);
    }

    /** The first address of the wanted family, or {@code null}. */
    private static InetAddress resolveLocally(String name, Family family) {
        try {
            for (InetAddress a : InetAddress.getAllByName(name)) {
                if (Resolver.matches(a, family)) return a;
            }
        } catch (UnknownHostException e) {
            Diag.debug(name + ": " + e.getMessage());
        }
        return null;
    }
}
