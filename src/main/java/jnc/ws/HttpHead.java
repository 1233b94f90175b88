package jnc.ws;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jnc.io.NetEnd;

/**
 * The head of an HTTP/1.1 request or response (RFC 9112): its first line and its header fields.
 * Read into the buffer the frames are read from later, so that bytes a peer sends right after its
 * head (a server's first frame, say) are kept, not lost.
 */
final class HttpHead {
    /** Longer heads are refused: a WebSocket handshake is a few hundred bytes. */
    static final int MAX_HEAD = 16 * 1024;

    final String startLine;
    private final List<String[]> fields;

    private HttpHead(String startLine, List<String[]> fields) {
        this.startLine = startLine;
        this.fields = fields;
    }

    /** What went wrong while reading a head; {@link #status} is the answer a server gives. */
    static final class BadHead extends IOException {
        final int status;
        /** Header lines the answer carries ({@code Sec-WebSocket-Version: 13} with a 426), each ending in CRLF. */
        final String fields;

        BadHead(int status, String message) {
            this(status, message, "");
        }

        BadHead(int status, String message, String fields) {
            super(message);
            this.status = status;
            this.fields = fields;
        }
    }

    /**
     * Reads a head from {@code under} into {@code in} (kept in read mode: what follows the head
     * stays in it). {@code looksRight} sees the bytes as they come and may refuse them early, so a
     * plain TCP client that never sends an empty line is answered at once.
     */
    static HttpHead read(NetEnd under, ByteBuffer in, Duration timeout, java.util.function.Predicate<String> looksRight) throws IOException {
        while (true) {
            int end = headEnd(in);
            if (end >= 0) {
                String text = new String(in.array(), in.arrayOffset() + in.position(), end - in.position(), StandardCharsets.ISO_8859_1);
                in.position(end + 4);
                return parse(text);
            }
            String sofar = new String(in.array(), in.arrayOffset() + in.position(), in.remaining(), StandardCharsets.ISO_8859_1);
            if (!looksRight.test(sofar)) throw new BadHead(400, "not an HTTP request");
            if (in.remaining() >= MAX_HEAD) throw new BadHead(431, "HTTP head longer than " + MAX_HEAD + " bytes");
            in.compact();
            int r;
            try {
                r = timeout == null ? under.read(in) : under.read(in, timeout);
            } catch (SocketTimeoutException e) {
                throw new BadHead(408, "no complete HTTP head within " + timeout.toMillis() + " ms");
            } finally {
                in.flip();
            }
            if (r < 0) throw new BadHead(400, "the connection ended during the HTTP head");
        }
    }

    /** Where "\r\n\r\n" starts in {@code in}'s readable bytes, or -1. */
    private static int headEnd(ByteBuffer in) {
        for (int i = in.position(); i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') return i;
        }
        return -1;
    }

    static HttpHead parse(String text) throws BadHead {
        String[] lines = text.split("\r\n", -1);
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int colon = l.indexOf(':');
            if (colon <= 0 || l.charAt(0) == ' ' || l.charAt(0) == '\t') throw new BadHead(400, "malformed header line");
            fields.add(new String[] {l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim()});
        }
        return new HttpHead(lines[0], fields);
    }

    /**
     * A peer's words (a status line, a path, a field's value) as jnc prints them: cut at 120
     * characters, then escaped by the one helper for a peer's words on a terminal, so that a hostile
     * server or client cannot clear the screen, retitle the window or reorder the line.
     */
    static String printable(String s) {
        return s == null ? "none" : jnc.base.Printable.of(s, 120);
    }

    /** All values of a field, joined with ", " as RFC 9110 5.3 allows; null when absent. */
    String field(String name) {
        String v = null;
        for (String[] f : fields) {
            if (f[0].equals(name)) v = v == null ? f[1] : v + ", " + f[1];
        }
        return v;
    }

    /** Whether the comma-separated field {@code name} holds {@code token}, ignoring case. */
    boolean hasToken(String name, String token) {
        String v = field(name);
        if (v == null) return false;
        for (String t : v.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) return true;
        }
        return false;
    }
}
