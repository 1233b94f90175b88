package jnc.net.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jnc.base.Diag;
import jnc.io.EndStreams;
import jnc.io.NetEnd;
import jnc.base.Failure;
import jnc.cli.Mode;
import jnc.cli.Options;
import jnc.cli.ProxySpec;
import jnc.net.Addresses;
import jnc.base.IoErrors;
import jnc.net.Resolver;
import jnc.net.TcpConnector;

/**
 * {@code jnc -l --proxy-type http}: an HTTP proxy, as Ncat's proxy server. Each client, on its own
 * virtual thread, sends one request:
 *
 * <ul>
 *   <li>{@code CONNECT host:port} (RFC 9110, 9.3.6): a 200 once we are connected, then a tunnel
 *       both ways (what the client sent after its head goes first);</li>
 *   <li>{@code GET}, {@code HEAD} or {@code POST} with an absolute {@code http://} URI: the request
 *       goes on to that server ({@link #forward}) and its answer back, then both connections close;</li>
 *   <li>anything else: 400 (malformed), 405 (another method), 413/414 (too long), 403 (a loop
 *       back to this proxy), 504 (the target cannot be reached), 407 (see {@link ServerAuth}).</li>
 * </ul>
 *
 * It relays to any address, loopback services included, as Ncat does; {@code --allow} and
 * {@code --proxy-auth} are how to restrict it. A request head must arrive within
 * {@link #HEAD_TIMEOUT} (or {@code -i}), so idle clients cannot hold slots for ever.
 */
public final class HttpProxyServer {
    static final Duration HEAD_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> METHODS = List.of("CONNECT", "GET", "HEAD", "POST");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    /** Local ends of our own connections into this proxy: a request arriving on one is already a loop. */
    private static final Set<SocketAddress> SELF_TUNNELS = ConcurrentHashMap.newKeySet();
    private static volatile ServerAuth auth;

    private HttpProxyServer() {
    }

    /**
     * Said once at start-up, at {@code -v}: a proxy on every address, with neither {@code --allow}
     * nor {@code --proxy-auth}, relays for anyone who can reach it, to anything it can reach.
     */
    public static void warnIfOpen(Options o, ProxySpec server) {
        if (server.auth() != null || o.mode() instanceof Mode.Listen l && l.door().accessControl()) return;
        boolean loopbackOnly = false;
        if (o.target().host() != null) {
            try {
                loopbackOnly = Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns()).getFirst().isLoopbackAddress();
            } catch (Failure e) {
                return; // the listener reports it
            }
        }
        if (!loopbackOnly) {
            Diag.verbose("Warning: this HTTP proxy relays for anyone who can reach it, to any address (loopback included); "
                    + "restrict it with --allow or --proxy-auth.");
        }
    }

    /** Serves one client; returns when it is done (the caller closes the client). */
    public static void serve(NetEnd client, Options o, ProxySpec server) {
        try {
            Duration headTimeout = o.session().idleTimeout() != null ? o.session().idleTimeout() : HEAD_TIMEOUT;
            EndStreams.Input raw = EndStreams.in(client, headTimeout); // any end: a plain socket, or TLS over it
            RequestReader in = new RequestReader(raw);
            RequestHead request = null;
            try {
                request = RequestHead.read(in);
                if (request == null) return;
                if (!METHODS.contains(request.method())) throw new HttpError(405, "Method Not Allowed", "Allow: CONNECT, GET, HEAD, POST\r\n");
                ServerAuth a = auth(server);
                if (a != null && !a.admits(request)) {
                    Diag.verbose("Proxy: " + HttpHead.printable(request.target()) + " refused: no valid credentials.");
                    StringBuilder fields = new StringBuilder();
                    for (String c : a.challenges()) fields.append("Proxy-Authenticate: ").append(c).append("\r\n");
                    throw new HttpError(407, "Proxy Authentication Required", fields.toString());
                }
                if (request.method().equals("CONNECT")) connect(client, raw, in, request, o);
                else forward(client, raw, in, request, o);
            } catch (HttpError e) {
                // -v names what was refused, escaped: a hostile target must not reach the terminal raw.
                if (request != null) Diag.verbose("Proxy: " + HttpHead.printable(request.target()) + ": " + e.code + " " + e.reason + ".");
                else Diag.debug("Proxy: answered " + e.code + " " + e.reason + ".");
                reply(client, e.code + " " + e.reason, e.fields);
                lingeringClose(client, raw);
            }
        } catch (IOException e) {
            Diag.verbose("Proxy: " + IoErrors.describe(e));
        } catch (Failure e) {
            Diag.verbose("Proxy: " + e.getMessage());
        } catch (RuntimeException e) {
            // One client's request must never print a stack trace or stop the others.
            Diag.verbose("Proxy: internal error: " + e);
        }
    }

    private static ServerAuth auth(ProxySpec server) {
        String credentials = server.auth();
        if (credentials == null) return null;
        ServerAuth a = auth;
        if (a == null) {
            synchronized (HttpProxyServer.class) {
                if (auth == null) auth = new ServerAuth(credentials);
                a = auth;
            }
        }
        return a;
    }

    private static void connect(NetEnd client, EndStreams.Input raw, RequestReader in, RequestHead request, Options o) throws IOException {
        Target target = Target.ofConnect(request.target());
        // A tunnel into this proxy is allowed (Ncat's suite asks for it), but one arriving through
        // such a tunnel may not open another: no client can chain tunnels into us and take every slot.
        boolean fromSelf = SELF_TUNNELS.contains(client.remoteAddress());
        SocketChannel upstream = open(target, request, client, o, fromSelf);
        SocketAddress ours = isSelf(upstream.getRemoteAddress(), client) ? upstream.getLocalAddress() : null;
        if (ours != null) SELF_TUNNELS.add(ours);
        try (upstream) {
            Diag.verbose("Proxy: tunnel to " + HttpHead.printable(request.target()) + ".");
            reply(client, "200 Connection established", "");
            raw.timeout(null);
            ByteBuffer early = ByteBuffer.wrap(in.leftover()); // sent before our 200: the tunnel's first bytes
            while (early.hasRemaining()) upstream.write(early);
            tunnel(client, NetEnd.of(upstream));
        } finally {
            if (ours != null) SELF_TUNNELS.remove(ours);
        }
    }

    /**
     * GET, HEAD or POST: the request goes on with HTTP/1.1's origin-form, without the fields that
     * belong to the connection with the client (the hop-by-hop ones and those {@code Connection}
     * names, however many {@code Connection} fields carry them), with {@code Host} from the URI and
     * {@code Connection: close}. The server's answer comes back unchanged until it closes.
     */
    static void forward(NetEnd client, EndStreams.Input raw, RequestReader in, RequestHead request, Options o) throws IOException {
        Target target = Target.ofAbsoluteUri(request.target());
        RequestBody body = RequestBody.of(request, in);
        SocketChannel upstream = open(target, request, client, o, true);
        try (upstream) {
            Diag.verbose("Proxy: " + request.method() + " " + HttpHead.printable(request.target()) + ".");
            StringBuilder head = new StringBuilder(256);
            head.append(request.method()).append(' ').append(target.path()).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(target.authority()).append("\r\n");
            List<String> named = request.tokens("Connection");
            for (RequestHead.Field f : request.fields()) {
                String name = f.name().toLowerCase(java.util.Locale.ROOT);
                if (HOP_BY_HOP.contains(name) || named.contains(name) || name.equals("host") || name.equals("content-length")) continue;
                head.append(f.name()).append(": ").append(f.value()).append("\r\n");
            }
            if (body.contentLength() != null) head.append("Content-Length: ").append(body.contentLength()).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            OutputStream out = Channels.newOutputStream(upstream);
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            body.copy(in, out);
            out.flush();
            raw.timeout(null);
            if (o.session().idleTimeout() != null) upstream.socket().setSoTimeout(millis(o.session().idleTimeout()));
            InputStream answer = upstream.socket().getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = answer.read(buf)) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) client.write(b);
            }
        }
    }

    /**
     * The connection to the target, or the error the client gets instead: 504 when it cannot be
     * resolved or reached (as Ncat), 403 when it is this proxy and {@code refuseSelf}.
     */
    private static SocketChannel open(Target target, RequestHead request, NetEnd client, Options o, boolean refuseSelf) {
        List<InetAddress> addresses;
        try {
            addresses = Resolver.resolve(target.host(), o.target().family(), o.target().noDns());
        } catch (Failure e) {
            Diag.verbose("Proxy: " + HttpHead.printable(request.target()) + ": " + e.getMessage());
            throw new HttpError(504, "Gateway Timeout");
        }
        IOException last = null;
        for (InetAddress a : addresses) {
            InetSocketAddress remote = new InetSocketAddress(a, target.port());
            if (refuseSelf && isSelf(remote, client)) {
                Diag.verbose("Proxy: " + HttpHead.printable(request.target()) + " refused: a loop back to this proxy.");
                throw new HttpError(403, "Forbidden");
            }
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(Resolver.protocolFamily(a));
                if (o.target().connectTimeout() == null) ch.connect(remote);
                else ch.socket().connect(remote, millis(o.target().connectTimeout()));
                return ch;
            } catch (IOException e) {
                last = e;
                TcpConnector.closeQuietly(ch);
            }
        }
        Diag.verbose("Proxy: " + HttpHead.printable(request.target()) + ": " + (last == null ? "no address" : IoErrors.describe(last)));
        throw new HttpError(504, "Gateway Timeout");
    }

    /** Whether {@code address} is this proxy: its port, and an address of this host. */
    static boolean isSelf(SocketAddress address, NetEnd client) {
        try {
            if (!(address instanceof InetSocketAddress target) || !(client.localAddress() instanceof InetSocketAddress local)) return false;
            if (target.getPort() != local.getPort()) return false;
            InetAddress a = target.getAddress();
            return a.isAnyLocalAddress() || a.isLoopbackAddress() || a.equals(local.getAddress())
                    || (a instanceof java.net.Inet6Address v6 && Addresses.text(v6).startsWith("::ffff:127."))
                    || NetworkInterface.getByInetAddress(a) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static void reply(NetEnd client, String status, String fields) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(("HTTP/1.1 " + status + "\r\n" + fields + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) client.write(b);
    }

    /**
     * After an error answer: our side is shut, then what the client still sends is read and dropped
     * (at most 1 MiB, for at most 2 s) before the close. Closing with unread bytes would send a
     * reset, which can destroy our answer before the client reads it.
     */
    private static void lingeringClose(NetEnd client, EndStreams.Input in) {
        try {
            client.shutdownOutput();
            in.timeout(Duration.ofSeconds(2));
            byte[] sink = new byte[16 * 1024];
            long deadline = System.nanoTime() + 2_000_000_000L;
            int total = 0;
            int n;
            while (total < 1024 * 1024 && System.nanoTime() < deadline && (n = in.read(sink)) >= 0) total += n;
        } catch (IOException e) {
            // closed or timed out: either way we close now
        }
    }

    /**
     * Joins two sockets: each direction copies until its end of stream, then passes the
     * half-close on (shutdownOutput), so a client that finished sending still gets every reply.
     */
    static void tunnel(NetEnd a, NetEnd b) {
        Thread back = Thread.ofVirtual().name("jnc-tunnel").start(() -> copy(b, a));
        copy(a, b);
        try {
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(NetEnd from, NetEnd to) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) to.write(buf);
                buf.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // A reset on one side: end both directions, so the other copy stops too.
            TcpConnector.closeQuietly(from);
            TcpConnector.closeQuietly(to);
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
