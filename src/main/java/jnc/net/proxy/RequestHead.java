package jnc.net.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's head as the proxy server reads it (RFC 9112, sections 3 and 5): the request line,
 * then header fields up to the empty line. A field's value may go on over lines that begin with a
 * space or tab (obsolete line folding, section 5.2): they are joined with one space, so nothing
 * written on a continuation line is overlooked.
 *
 * <p>Bounds, so no client can make the server hold more: a request line of at most 8 KiB (longer:
 * 414), a head of at most 64 KiB in all (longer: 413, as Ncat answers).
 */
record RequestHead(String method, String target, String version, List<Field> fields) {
    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEAD = 64 * 1024;

    record Field(String name, String value) {
    }

    /** Reads a head; {@code null} when the client closed before sending anything. */
    static RequestHead read(RequestReader in) throws IOException {
        HttpError uriTooLong = new HttpError(414, "URI Too Long");
        HttpError tooLarge = new HttpError(413, "Request Entity Too Large");
        String line;
        do { // empty lines before the request line are skipped (RFC 9112, 2.2)
            line = in.readLine(MAX_REQUEST_LINE, uriTooLong);
            if (line == null) return null;
        } while (line.isEmpty());
        int total = line.length();
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !isToken(parts[0]) || parts[1].isEmpty()
                || !parts[2].matches("HTTP/[0-9]\\.[0-9]")) {
            throw HttpError.badRequest();
        }
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        String currentName = null;
        while (true) {
            String l = in.readLine(MAX_HEAD - total, tooLarge);
            if (l == null) throw new java.io.EOFException("the client closed the connection in the middle of its request");
            total += l.length() + 2;
            if (total > MAX_HEAD) throw tooLarge;
            if (l.isEmpty()) break;
            char first = l.charAt(0);
            if (first == ' ' || first == '\t') {
                if (current == null) throw HttpError.badRequest(); // a continuation of nothing
                String more = l.strip();
                if (!more.isEmpty()) {
                    if (!current.isEmpty()) current.append(' ');
                    current.append(more);
                }
                continue;
            }
            if (current != null) fields.add(new Field(currentName, current.toString()));
            int colon = l.indexOf(':');
            if (colon <= 0 || !isToken(l.substring(0, colon))) throw HttpError.badRequest();
            currentName = l.substring(0, colon);
            current = new StringBuilder(l.substring(colon + 1).strip());
        }
        if (current != null) fields.add(new Field(currentName, current.toString()));
        return new RequestHead(parts[0], parts[1], parts[2], List.copyOf(fields));
    }

    /** Every value of the fields of that name (case-insensitive), in order. */
    List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) out.add(f.value);
        }
        return out;
    }

    /** The first value of that name, or {@code null}. */
    String value(String name) {
        for (Field f : fields) {
            if (f.name.equalsIgnoreCase(name)) return f.value;
        }
        return null;
    }

    /** The comma-separated tokens of every field of that name, lower-cased ({@code Connection: a, b} twice is one list). */
    List<String> tokens(String name) {
        List<String> out = new ArrayList<>();
        for (String v : values(name)) {
            for (String t : v.split(",")) {
                String s = t.strip();
                if (!s.isEmpty()) out.add(s.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** RFC 9110's token: visible ASCII except the separators. */
    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) return false;
        }
        return true;
    }
}
