package jnc.net.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jnc.Diag;
import jnc.Failure;

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
        Response response = new Response();
        // Never ask for more than could still belong to the header: the bytes after it are the
        // target's, and must stay in the socket for the relay.
        while (!response.complete()) response.feed(wire.receiveSome(response.needed()));
        if (Diag.debugging()) Diag.debug("Proxy returned status code " + response.statusCode() + ".");
        if (response.statusCode() / 100 != 2) {
            throw Failure.network("Proxy returned status code " + response.statusCode()
                    + (response.reason().isEmpty() ? "" : " (" + response.reason() + ")") + ".");
        }
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

    /**
     * The proxy's response head, fed in pieces as they arrive: the status line and the header
     * fields up to the empty line. Lines may end in CRLF or, as RFC 9112 section 2.2 allows a
     * recipient to accept, a bare LF. The header fields are not needed and are skipped.
     */
    static final class Response {
        private static final int MAX_HEAD = 64 * 1024;

        private final StringBuilder statusLine = new StringBuilder();
        private boolean inStatusLine = true;
        private int lineLength;    // bytes seen on the current line, CR not counted
        private int total;
        private boolean complete;
        private int statusCode;
        private String reason;

        /** Takes bytes of the response; must not be given bytes after the head (see {@link #needed()}). */
        void feed(byte[] bytes) {
            for (byte b : bytes) {
                if (complete) throw new IllegalStateException("bytes after the response head");
                if (++total > MAX_HEAD) throw malformed("response head longer than 64 KiB");
                if (b == '\n') {
                    if (inStatusLine) {
                        parseStatusLine();
                        inStatusLine = false;
                    } else if (lineLength == 0) {
                        complete = true;
                    }
                    lineLength = 0;
                } else if (b != '\r') {
                    lineLength++;
                    if (inStatusLine) statusLine.append((char) (b & 0xff));
                }
            }
        }

        /**
         * The fewest bytes that could still complete the head, so a read of this many never takes
         * a byte of the tunnel: at the start of a line one LF may end it, elsewhere two are needed.
         */
        int needed() {
            return !inStatusLine && lineLength == 0 ? 1 : 2;
        }

        boolean complete() {
            return complete;
        }

        int statusCode() {
            return statusCode;
        }

        /** The reason phrase, such as "Proxy Authentication Required"; may be empty. */
        String reason() {
            return reason;
        }

        /** {@code HTTP/1.1 200 Connection established}: version, three-digit code, optional reason. */
        private void parseStatusLine() {
            String line = statusLine.toString();
            if (!line.startsWith("HTTP/")) throw malformed("not an HTTP response: \"" + printable(line) + "\"");
            int sp = line.indexOf(' ');
            if (sp < 0 || line.length() < sp + 4) throw malformed("bad status line \"" + printable(line) + "\"");
            String code = line.substring(sp + 1, sp + 4);
            if (!code.chars().allMatch(c -> c >= '0' && c <= '9') || (line.length() > sp + 4 && line.charAt(sp + 4) != ' ')) {
                throw malformed("bad status line \"" + printable(line) + "\"");
            }
            statusCode = Integer.parseInt(code);
            reason = line.length() > sp + 5 ? line.substring(sp + 5).strip() : "";
        }

        private static String printable(String s) {
            String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
            return cut.replaceAll("[^\\x20-\\x7e]", "?");
        }

        private static Failure malformed(String why) {
            return Failure.network("Proxy connection failed: " + why + ".");
        }
    }
}
