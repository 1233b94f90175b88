package jnc.net.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * The head of an HTTP/1.x message (RFC 9112, sections 2 and 5): a start line (request line or
 * status line), header fields, and the empty line that ends them. Fed in pieces as they arrive.
 * Lines may end in CRLF or, as RFC 9112 section 2.2 allows a recipient to accept, a bare LF.
 *
 * <p>Whoever reads must not read past the head: the bytes after it belong to the tunnel.
 * {@link #needed()} says how many bytes may safely be asked for.
 */
final class HttpHead {
    private static final int MAX_HEAD = 64 * 1024;

    private final List<String> lines = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private int total;
    private boolean complete;

    /** Takes the next bytes of the head; must never be given bytes after it. */
    void feed(byte[] bytes) {
        for (byte b : bytes) {
            if (complete) throw new IllegalStateException("bytes after the head");
            if (++total > MAX_HEAD) throw Wire.failed("message head longer than 64 KiB.");
            if (b == '\n') {
                if (line.isEmpty() && !lines.isEmpty()) {
                    complete = true;
                } else if (!line.isEmpty()) { // empty lines before the start line are skipped (RFC 9112, 2.2)
                    lines.add(line.toString());
                    line.setLength(0);
                }
            } else if (b != '\r') {
                line.append((char) (b & 0xff)); // ISO-8859-1, as RFC 9110 section 5.5 reads field values
            }
        }
    }

    /**
     * The fewest bytes that could still complete the head, so a read of this many never takes a
     * byte after it: at the start of a header line one LF may end the head, elsewhere two are needed.
     */
    int needed() {
        return !lines.isEmpty() && line.isEmpty() ? 1 : 2;
    }

    boolean complete() {
        return complete;
    }

    boolean hasStartLine() {
        return !lines.isEmpty();
    }

    /** The request line or status line. */
    String startLine() {
        return lines.getFirst();
    }

    /** The value of the first header field of that name (case-insensitive), trimmed; or {@code null}. */
    String field(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String l : lines.subList(1, lines.size())) {
            if (l.toLowerCase(Locale.ROOT).startsWith(prefix)) return l.substring(prefix.length()).strip();
        }
        return null;
    }

    /** Every value of the header fields of that name (case-insensitive), trimmed, in order. */
    List<String> fields(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        List<String> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.toLowerCase(Locale.ROOT).startsWith(prefix)) out.add(l.substring(prefix.length()).strip());
        }
        return out;
    }

    static String printable(String s) {
        return jnc.base.Printable.of(s, 60);
    }
}
