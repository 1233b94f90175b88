package jnc.net.proxy;

import java.io.IOException;
import java.io.InputStream;

/**
 * The client's bytes as the proxy server reads them: lines of the request head, each bounded, then
 * the body. Buffered, so what the client sent after the head (a tunnel's first bytes, a body) is
 * kept and handed on, never lost.
 */
final class RequestReader {
    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int end;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /**
     * One line without its CR LF (a bare LF ends a line too, RFC 9112 section 2.2), read as
     * ISO-8859-1; {@code null} at end of stream before any byte of it. A line longer than
     * {@code max} bytes is {@code tooLong}, thrown as soon as the limit is passed: nothing more is
     * read or kept.
     */
    String readLine(int max, HttpError tooLong) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (pos == end && !fill()) {
                if (line.isEmpty()) return null;
                throw new java.io.EOFException("the client closed the connection in the middle of its request");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                return line.toString();
            }
            if (line.length() >= max) throw tooLong;
            line.append((char) (b & 0xff));
        }
    }

    /** Up to {@code max} bytes into {@code into}: buffered ones first; -1 at end of stream. */
    int read(byte[] into, int max) throws IOException {
        if (pos == end && !fill()) return -1;
        int n = Math.min(max, end - pos);
        System.arraycopy(buf, pos, into, 0, n);
        pos += n;
        return n;
    }

    /** The bytes read from the socket but not yet taken. */
    byte[] leftover() {
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        pos = 0;
        end = n;
        return true;
    }
}
