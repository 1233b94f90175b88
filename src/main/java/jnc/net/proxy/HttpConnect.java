package jnc.net.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

import jnc.base.Diag;
import jnc.base.Failure;

/**
 * HTTP's CONNECT method (RFC 9110, section 9.3.6): the proxy opens a TCP connection to the
 * authority named in the request and, after a 2xx response, relays bytes both ways.
 *
 * <pre>
 *   CONNECT example.com:80 HTTP/1.1
 *   Host: example.com:80
 *   Proxy-Authorization: Basic dXNlcjpwYXNz      (with --proxy-auth; RFC 7617)
 *
 *   HTTP/1.1 200 Connection established
 *   (headers, then an empty line; the tunnel starts right after it)
 * </pre>
 *
 * Credentials are sent with the first request ("preemptively", as curl does). Ncat first asks
 * without them and, on a 407, asks again on a new connection with Basic or Digest; jnc does Basic only.
 */
final class HttpConnect {
    private HttpConnect() {
    }

    static void handshake(Wire wire, Destination target, String auth) throws IOException {
        wire.send(request(target, auth).getBytes(StandardCharsets.UTF_8));
        // The status line is checked as soon as it is in: a server that is no HTTP proxy may send
        // a line of its own and then wait for us forever.
        Status status = Status.parse(readHead(wire, Status::parse).startLine());
        if (Diag.debugging()) Diag.debug("Proxy returned status code " + status.code() + ".");
        if (status.code() / 100 != 2) {
            throw Failure.network("Proxy returned status code " + status.code()
                    + (status.reason().isEmpty() ? "" : " (" + status.reason() + ")") + ".");
        }
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
    static String request(Destination target, String auth) {
        String authority = target.authority();
        StringBuilder r = new StringBuilder(128);
        r.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
        r.append("Host: ").append(authority).append("\r\n"); // HTTP/1.1 wants it (RFC 9112, 3.2)
        if (auth != null) {
            String token = Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8));
            r.append("Proxy-Authorization: Basic ").append(token).append("\r\n");
        }
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
