package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Options;

/** Makes the connected end of connect mode: a client socket, as in the course's {@code s.connect((HOST, PORT))}. */
public final class TcpConnector {
    private TcpConnector() {
    }

    /** Connect mode's connection: a refusal on this machine is tried again for a moment ({@link LoopbackRetry}). */
    public static SocketChannel connect(Options o) {
        return connect(o, true);
    }

    /** As {@link #connect(Options)}; {@code retryLocal} false for a server's way on (--forward), which fails at once. */
    public static SocketChannel connect(Options o, boolean retryLocal) {
        InetAddress[] tried = new InetAddress[1];
        try {
            SocketChannel ch = openFirstHop(o, o.target().host(), o.target().port(), retryLocal, tried);
            if (Diag.verbose()) Diag.verbose(Services.connectedLine(o.target().host(), o.target().port(), "tcp"));
            return ch;
        } catch (IOException e) {
            throw Failure.network(failedLine(o.target().host(), tried[0], o.target().port()) + IoErrors.describe(e));
        }
    }

    /**
     * nc.openbsd's words, so the line says where: {@code connect to 127.0.0.1 port 80 (tcp) failed: },
     * with the address tried after a name ({@code localhost (::1)}).
     */
    public static String failedLine(String host, InetAddress tried, int port) {
        String where = tried == null || Resolver.isLiteral(host) ? host : host + " (" + Addresses.text(tried) + ")";
        return "connect to " + where + " port " + port + " (tcp) failed: ";
    }

    /**
     * A socket connected to {@code host} {@code port} with the options' {@code -4/-6}, {@code -n},
     * {@code -s/-p}, {@code -w} and socket options, trying each address in turn. Also the way to a
     * proxy, whose failure is worded differently: hence the exception of the last address tried.
     */
    public static SocketChannel open(Options o, String host, int port) throws IOException {
        return open(o, host, port, new InetAddress[1], true);
    }

    /**
     * As {@link #open(Options, String, int)} for a client's first hop (the target, or its proxy): a
     * refusal on this machine is tried again for a moment ({@link LoopbackRetry}).
     */
    public static SocketChannel openFirstHop(Options o, String host, int port, boolean retryLocal) throws IOException {
        return openFirstHop(o, host, port, retryLocal, new InetAddress[1]);
    }

    private static SocketChannel openFirstHop(Options o, String host, int port, boolean retryLocal, InetAddress[] tried) throws IOException {
        LoopbackRetry retry = null;
        while (true) {
            try {
                return open(o, host, port, tried, retry == null); // the debug lines once, not at every try
            } catch (IOException e) {
                if (!retryLocal) throw e;
                if (retry == null) retry = new LoopbackRetry(o.target().connectTimeout());
                if (!retry.again(e, tried[0])) throw e;
            }
        }
    }

    /** As {@link #open(Options, String, int)}; {@code tried[0]} is the address tried last; {@code say}: the debug lines. */
    private static SocketChannel open(Options o, String host, int port, InetAddress[] tried, boolean say) throws IOException {
        List<InetAddress> targets = Resolver.resolve(host, o.target().family(), o.target().noDns());
        SourceAddress source = SourceAddress.of(o);
        IOException last = null;
        for (InetAddress target : targets) {
            SocketChannel ch = null;
            tried[0] = target;
            try {
                ch = SocketChannel.open(Resolver.protocolFamily(target));
                source.bind(ch, target);
                Tuning.apply(ch, o.tuning());
                if (say && Diag.debugging()) Diag.debug("connecting to " + target.getHostAddress() + " port " + port);
                InetSocketAddress remote = new InetSocketAddress(target, port);
                if (o.target().connectTimeout() == null) {
                    ch.connect(remote);
                } else {
                    // The adaptor's connect is the channel's only connect that honours a timeout.
                    ch.socket().connect(remote, (int) Math.min(Integer.MAX_VALUE, Math.max(1, o.target().connectTimeout().toMillis())));
                }
                Tuning.applyAfterBind(ch, o.tuning());
                return ch;
            } catch (IOException e) {
                last = e;
                if (say) Diag.debug(target.getHostAddress() + ": " + IoErrors.describe(e));
                closeQuietly(ch);
            }
        }
        throw last;
    }

    /** Closes a socket on a path that has already failed, or whose end says nothing more (null is fine). */
    public static void closeQuietly(java.io.Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // the socket goes either way; there is nothing to report
        }
    }
}
