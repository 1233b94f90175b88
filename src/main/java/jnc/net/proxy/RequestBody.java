package jnc.net.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/**
 * The body of a request the proxy server forwards (RFC 9112, section 6): none, {@code Content-Length}
 * bytes (streamed; a client that sends fewer and closes has its bytes forwarded as they are, as
 * Ncat does), or chunked. A chunked body is decoded and forwarded with a {@code Content-Length},
 * because an HTTP/1.0 server cannot read chunks; it is held to do so, at most {@link #MAX_CHUNKED}
 * bytes (more: 413).
 */
final class RequestBody {
    static final int MAX_CHUNKED = 1024 * 1024;

    private final long length;        // -1: none
    private final byte[] decoded;     // the decoded chunked body, or null

    private RequestBody(long length, byte[] decoded) {
        this.length = length;
        this.decoded = decoded;
    }

    /** The framing the head declares; reads a chunked body whole. */
    static RequestBody of(RequestHead head, RequestReader in) throws IOException {
        List<String> codings = head.tokens("Transfer-Encoding");
        if (!codings.isEmpty()) {
            // A Content-Length beside it is ignored (RFC 9112, 6.3); chunked must come last.
            if (!codings.getLast().equals("chunked")) throw new HttpError(501, "Not Implemented");
            return new RequestBody(-1, dechunk(in));
        }
        List<String> lengths = head.values("Content-Length");
        if (lengths.isEmpty()) return new RequestBody(-1, null);
        String first = lengths.getFirst().strip();
        for (String l : lengths) {
            if (!l.strip().equals(first)) throw HttpError.badRequest(); // conflicting lengths: request smuggling
        }
        if (first.isEmpty() || first.length() > 18 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) throw HttpError.badRequest();
        return new RequestBody(Long.parseLong(first), null);
    }

    /** The {@code Content-Length} to send on, or {@code null} for a request without a body. */
    String contentLength() {
        if (decoded != null) return String.valueOf(decoded.length);
        return length < 0 ? null : String.valueOf(length);
    }

    /** Sends the body on: at most its length, fewer if the client stops. */
    void copy(RequestReader in, OutputStream out) throws IOException {
        if (decoded != null) {
            out.write(decoded);
            return;
        }
        byte[] buf = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, (int) Math.min(buf.length, left));
            if (n < 0) break;
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static byte[] dechunk(RequestReader in) throws IOException {
        HttpError tooLarge = new HttpError(413, "Request Entity Too Large");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = in.readLine(1024, HttpError.badRequest());
            if (sizeLine == null) throw HttpError.badRequest();
            int semi = sizeLine.indexOf(';'); // chunk extensions are ignored
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
            if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) throw HttpError.badRequest();
            long size = Long.parseLong(hex, 16);
            if (size == 0) break;
            if (body.size() + size > MAX_CHUNKED) throw tooLarge;
            byte[] buf = new byte[(int) size];
            int got = 0;
            while (got < size) {
                byte[] part = new byte[(int) size - got];
                int n = in.read(part, part.length);
                if (n < 0) throw HttpError.badRequest();
                System.arraycopy(part, 0, buf, got, n);
                got += n;
            }
            body.write(buf);
            String crlf = in.readLine(2, HttpError.badRequest());
            if (crlf == null || !crlf.isEmpty()) throw HttpError.badRequest();
        }
        // Trailer fields up to the empty line; a client that closes right after "0" CRLF is taken as done.
        int trailer = 0;
        while (true) {
            String line = in.readLine(8 * 1024, tooLarge);
            if (line == null || line.isEmpty()) break;
            trailer += line.length();
            if (trailer > 8 * 1024) throw tooLarge;
        }
        return body.toByteArray();
    }
}
