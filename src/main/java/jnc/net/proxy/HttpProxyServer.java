package jnc.net.proxy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Options;
import jnc.base.IoErrors;
import jnc.net.TcpConnector;

/**
 * {@code jnc -l --proxy-type http}: an HTTP proxy that serves CONNECT (RFC 9110, section 9.3.6),
 * the other end of {@link HttpConnect}. Each client, on its own virtual thread:
 *
 * <ol>
 *   <li>sends {@code CONNECT host:port HTTP/1.1} and its header fields;</li>
 *   <li>with {@code --proxy-auth}, must carry {@code Proxy-Authorization: Basic <user:pass in base64>}
 *       (RFC 7617), else gets 407 and a {@code Proxy-Authenticate} challenge;</li>
 *   <li>gets 200 once we are connected to the target (502 or 504 if we cannot be),</li>
 *   <li>and from then on the two sockets are joined: a tunnel, until both sides have finished.</li>
 * </ol>
 *
 * Ncat's server also forwards plain requests ({@code GET http://...}); this one answers them 405.
 */
public final class HttpProxyServer {
    private HttpProxyServer() {
    }

    /** Serves one client; returns when its tunnel is done (the caller closes the client). */
    public static void serve(SocketChannel client, Options o) {
        try {
            ChannelWire wire = new ChannelWire(client, o.idleTimeout());
            HttpHead head = HttpConnect.readHead(wire, line -> { });
            String[] request = head.startLine().split(" ");
            if (request.length != 3 || !request[2].startsWith("HTTP/")) {
                reply(client, "400 Bad Request", "");
                return;
            }
            if (!request[0].equals("CONNECT")) {
                reply(client, "405 Method Not Allowed", "Allow: CONNECT\r\n");
                return;
            }
            String auth = o.proxy().auth();
            if (auth != null && !authorized(head.field("Proxy-Authorization"), auth)) {
                Diag.verbose("Proxy: " + request[1] + " refused: no valid credentials.");
                reply(client, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"jnc\"\r\n");
                return;
            }
            Authority target = Authority.parse(request[1]);
            if (target == null) {
                reply(client, "400 Bad Request", "");
                return;
            }
            SocketChannel upstream;
            try {
                upstream = TcpConnector.open(o, target.host(), target.port());
            } catch (SocketTimeoutException e) {
                reply(client, "504 Gateway Timeout", "");
                return;
            } catch (IOException | Failure e) {
                Diag.verbose("Proxy: " + request[1] + ": " + (e instanceof IOException io ? IoErrors.describe(io) : e.getMessage()));
                reply(client, "502 Bad Gateway", "");
                return;
            }
            wire.finish();
            try (upstream) {
                Diag.verbose("Proxy: tunnel to " + request[1] + ".");
                reply(client, "200 Connection established", "");
                tunnel(client, upstream);
            }
        } catch (IOException e) {
            Diag.verbose("Proxy: " + IoErrors.describe(e));
        }
    }

    /** Whether the client's {@code Proxy-Authorization} carries exactly our {@code user:pass}. */
    static boolean authorized(String header, String credentials) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        String expected = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        // Constant time, so the time to answer tells nothing about how much of a guess was right.
        return java.security.MessageDigest.isEqual(
                header.substring(6).strip().getBytes(StandardCharsets.ISO_8859_1), expected.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code host:port} or {@code [v6]:port}, the authority-form of a CONNECT request (RFC 9112, 3.2.3). */
    record Authority(String host, int port) {
        static Authority parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1 || text.length() - colon > 6) return null;
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            else if (host.indexOf(':') >= 0) return null; // IPv6 without brackets is ambiguous
            String port = text.substring(colon + 1);
            if (host.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
            int p = Integer.parseInt(port);
            return p >= 1 && p <= 65535 ? new Authority(host, p) : null;
        }
    }

    private static void reply(SocketChannel client, String status, String fields) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(("HTTP/1.1 " + status + "\r\n" + fields + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) client.write(b);
    }

    /**
     * Joins two sockets: each direction copies until its end of stream, then passes the
     * half-close on (shutdownOutput), so a client that finished sending still gets every reply.
     */
    static void tunnel(SocketChannel a, SocketChannel b) {
        Thread back = Thread.ofVirtual().name("jnc-tunnel").start(() -> copy(b, a));
        copy(a, b);
        try {
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(SocketChannel from, SocketChannel to) {
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
}
