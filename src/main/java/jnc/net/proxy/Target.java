package jnc.net.proxy;

import java.util.Locale;

/**
 * Where a request to the proxy server goes: the authority of a CONNECT ({@code host:port},
 * {@code [v6]:port}, RFC 9112 section 3.2.3) or an absolute {@code http://} URI of GET, HEAD or
 * POST (section 3.2.2). Anything else is a 400.
 *
 * @param host      host name or address, without brackets
 * @param port      1-65535
 * @param authority as written in the request, for the {@code Host} field
 * @param path      the origin-form the target server is asked for ({@code /} at least); {@code null} for CONNECT
 */
record Target(String host, int port, String authority, String path) {

    /** {@code host:port}: the port is required. */
    static Target ofConnect(String text) {
        HostPort hp = HostPort.parse(text, -1);
        if (hp == null) throw HttpError.badRequest();
        return new Target(hp.host, hp.port, text, null);
    }

    /** {@code http://host[:port][/path][?query]}; the port defaults to 80. */
    static Target ofAbsoluteUri(String uri) {
        if (uri.length() < 7 || !uri.substring(0, 7).toLowerCase(Locale.ROOT).equals("http://")) throw HttpError.badRequest();
        String rest = uri.substring(7);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) end++;
        String authority = rest.substring(0, end);
        if (authority.indexOf('@') >= 0) throw HttpError.badRequest(); // no user info to a proxy (RFC 9110, 4.2.4)
        HostPort hp = HostPort.parse(authority, 80);
        if (hp == null) throw HttpError.badRequest();
        String path = rest.substring(end);
        int hash = path.indexOf('#');
        if (hash >= 0) path = path.substring(0, hash); // a fragment is never sent
        if (path.isEmpty() || path.charAt(0) != '/') path = "/" + path;
        return new Target(hp.host, hp.port, authority, path);
    }

    private record HostPort(String host, int port) {
        /** {@code defaultPort} -1: a port must be given. */
        static HostPort parse(String text, int defaultPort) {
            String host;
            String port;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) return null;
                host = text.substring(1, close);
                String after = text.substring(close + 1);
                if (after.isEmpty()) port = null;
                else if (after.charAt(0) == ':') port = after.substring(1);
                else return null;
                if (host.indexOf(':') < 0) return null;
            } else {
                int colon = text.indexOf(':');
                if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) return null; // IPv6 without brackets
                host = colon < 0 ? text : text.substring(0, colon);
                port = colon < 0 ? null : text.substring(colon + 1);
            }
            if (host.isEmpty()) return null;
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (c <= ' ' || c >= 127 || "\"<>\\^`{|}/".indexOf(c) >= 0) return null;
            }
            int p;
            if (port == null || port.isEmpty()) {
                if (defaultPort < 0) return null;
                p = defaultPort;
            } else {
                if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
                p = Integer.parseInt(port);
            }
            return p >= 1 && p <= 65535 ? new HostPort(host, p) : null;
        }
    }
}
