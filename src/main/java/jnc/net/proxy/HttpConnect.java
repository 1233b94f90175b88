package jnc.net.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.base.Printable;

/**
 * HTTP's CONNECT method (RFC 9110, section 9.3.6): the proxy opens a TCP connection to the
 * authority named in the request and, after a 2xx response, relays bytes both ways.
 *
 * <pre>
 *   CONNECT example.com:80 HTTP/1.1
 *   Host: example.com:80
 *   Proxy-Authorization: Digest username=...      (the second time, see below)
 *
 *   HTTP/1.1 200 Connection established
 *   (headers, then an empty line; the tunnel starts right after it)
 * </pre>
 *
 * As Ncat, the first request carries no credentials. A 407 names the schemes the proxy takes
 * ({@code Proxy-Authenticate}); with {@code --proxy-auth} the request is made again, on a new
 * connection (the proxy may close after a 407), answering the strongest challenge we know:
 * Digest (RFC 7616) before Basic (RFC 7617), see {@link ProxyCredentials}.
 */
final class HttpConnect {
    private HttpConnect() {
    }

    /**
     * Sends the request ({@code authorization}: a {@code Proxy-Authorization} value, or {@code null})
     * and reads the answer: {@code null} when the tunnel is open, the 407's head when
     * {@code mayRetry} and the proxy wants credentials; any other answer is a failure.
     */
    static HttpHead handshake(Wire wire, Destination target, String authorization, boolean mayRetry) throws IOException {
        wire.send(request(target, authorization).getBytes(StandardCharsets.UTF_8));
        // The status line is checked as soon as it is in: a server that is no HTTP proxy may send
        // a line of its own and then wait for us forever.
        HttpHead head = readHead(wire, Status::parse);
        Status status = Status.parse(head.startLine());
        if (Diag.debugging()) Diag.debug("Proxy returned status code " + status.code() + ".");
        if (status.code() == 407 && mayRetry) return head;
        if (status.code() / 100 != 2) {
            throw Failure.network("Proxy returned status code " + status.code()
                    + (status.reason().isEmpty() ? "" : " (" + Printable.of(status.reason()) + ")") + ".");
        }
        return null;
    }

    /**
     * Reads a message head, never asking for more than could still belong to it: the bytes after
     * it are the tunnel's, and must stay in the socket for the relay.
     */
    static HttpHead readHead(Wire wire, Consumer<String> checkStartLine) throws IOException {
        HttpHead head = new HttpHead();
        boolean checked = false;
        while (!head.complete()) {
            head.feed(wire.receiveSome(head.needed()));
            if (!checked && head.hasStartLine()) {
                checkStartLine.accept(head.startLine());
                checked = true;
            }
        }
        return head;
    }

    /** The request, ending in the empty line. */
    static String request(Destination target, String authorization) {
        String authority = target.authority();
        StringBuilder r = new StringBuilder(128);
        r.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
        r.append("Host: ").append(authority).append("\r\n"); // HTTP/1.1 wants it (RFC 9112, 3.2)
        if (authorization != null) r.append("Proxy-Authorization: ").append(authorization).append("\r\n");
        return r.append("\r\n").toString();
    }

    /** The status line's code and reason phrase. */
    record Status(int code, String reason) {
        /** {@code HTTP/1.1 200 Connection established}: version, three-digit code, optional reason. */
        static Status parse(String line) {
            if (!line.startsWith("HTTP/")) throw Wire.failed("not an HTTP response: \"" + HttpHead.printable(line) + "\".");
            int sp = line.indexOf(' ');
            if (sp < 0 || line.length() < sp + 4) throw Wire.failed("bad status line \"" + HttpHead.printable(line) + "\".");
            String code = line.substring(sp + 1, sp + 4);
            if (!code.chars().allMatch(c -> c >= '0' && c <= '9') || (line.length() > sp + 4 && line.charAt(sp + 4) != ' ')) {
                throw Wire.failed("bad status line \"" + HttpHead.printable(line) + "\".");
            }
            return new Status(Integer.parseInt(code), line.length() > sp + 5 ? line.substring(sp + 5).strip() : "");
        }
    }
}
