package jnc.cli;

import java.util.Locale;

/**
 * {@code --proxy}, {@code --proxy-type}, {@code --proxy-auth} and {@code --proxy-dns}, checked.
 * Only built when {@code --proxy} is on the command line, so a plain run never loads it.
 *
 * @param host the proxy's host name or address, without brackets; {@code null} when jnc is the
 *             proxy ({@code -l --proxy-type http})
 * @param port the proxy's port: as given, or the protocol's well-known one (0 when jnc is the proxy)
 * @param type the protocol spoken to the proxy
 * @param auth {@code user:pass} (HTTP, SOCKS5) or a user id (SOCKS4), or {@code null}
 * @param dns  where the target's host name is resolved
 */
public record ProxySpec(String host, int port, Type type, String auth, Dns dns) {

    /** The proxy protocols of Ncat's connect mode, with their well-known ports. */
    public enum Type {
        HTTP(3128), SOCKS4(1080), SOCKS5(1080);

        public final int defaultPort;

        Type(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    /**
     * Ncat's {@code --proxy-dns}: who turns the target's host name into an address. An address
     * literal is always sent as an address; these only decide what happens to a name.
     */
    public enum Dns {
        /** Resolved here; a name that does not resolve is an error. */
        LOCAL,
        /** Sent to the proxy as a name (Ncat's default). */
        REMOTE,
        /** Resolved here if possible, else sent to the proxy as a name. */
        BOTH,
        /** Never resolved: only address literals may be targets. */
        NONE;

        public boolean local() {
            return this == LOCAL || this == BOTH;
        }

        public boolean remote() {
            return this == REMOTE || this == BOTH;
        }
    }

    /** Parses the option values; {@code type}, {@code auth} and {@code dns} may be {@code null} (defaults). */
    public static ProxySpec parse(String address, String type, String auth, String dns) throws UsageException {
        Type t = parseType(type);
        Dns d = parseDns(dns);
        // HTTP takes any string, as Ncat: Basic sends it as given, Digest reads "a" as user a, empty password.
        if (auth != null && t == Type.SOCKS5 && auth.indexOf(':') < 0) {
            // Ncat says so only once the proxy asks; we say it before anything is sent.
            throw new UsageException("Invalid --proxy-auth \"" + auth + "\": socks5 needs user:password.");
        }
        if (t == Type.SOCKS5 && auth != null) {
            // RFC 1929 gives each a one-byte length.
            int colon = auth.indexOf(':');
            if (utf8Length(auth.substring(0, colon)) > 255 || utf8Length(auth.substring(colon + 1)) > 255) {
                throw new UsageException("--proxy-auth: a SOCKS5 user name and password are at most 255 bytes each.");
            }
        }

        String host = address;
        int port = t.defaultPort;
        if (address.startsWith("[")) {
            // [2001:db8::1]:8080 - the brackets keep the address's colons apart from the port's.
            int close = address.indexOf(']');
            if (close < 0) throw new UsageException("Invalid proxy IPv6 address \"" + address + "\".");
            host = address.substring(1, close);
            String rest = address.substring(close + 1);
            if (rest.startsWith(":")) {
                port = parsePort(rest.substring(1), address);
            } else if (!rest.isEmpty()) {
                throw new UsageException("Invalid proxy address \"" + address + "\".");
            }
        } else {
            // As in Ncat: one colon separates the port; several make an IPv6 address without a port.
            int colon = address.indexOf(':');
            if (colon >= 0 && address.indexOf(':', colon + 1) < 0) {
                host = address.substring(0, colon);
                port = parsePort(address.substring(colon + 1), address);
            }
        }
        if (host.isEmpty()) throw new UsageException("Invalid proxy address \"" + address + "\": no host.");
        return new ProxySpec(host, port, t, auth, d);
    }

    /** {@code -l --proxy-type http [--proxy-auth user:pass]}: jnc is the proxy. Ncat's server speaks HTTP only, so does ours. */
    public static ProxySpec server(String type, String auth) throws UsageException {
        if (parseType(type) != Type.HTTP) {
            throw new UsageException("Invalid proxy type \"" + type + "\"; the proxy server (-l --proxy-type) only supports \"http\".");
        }
        if (auth != null && auth.indexOf(':') < 0) throw new UsageException("Invalid --proxy-auth \"" + auth + "\": http needs user:password.");
        return new ProxySpec(null, 0, Type.HTTP, auth, Dns.REMOTE);
    }

    /** Whether jnc is the proxy rather than a client of one. */
    public boolean server() {
        return host == null;
    }

    private static Type parseType(String type) throws UsageException {
        if (type == null) return Type.HTTP; // Ncat's default
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "http" -> Type.HTTP;
            case "socks4", "4" -> Type.SOCKS4;
            case "socks5", "5" -> Type.SOCKS5;
            default -> throw new UsageException("Invalid proxy type \"" + type + "\" (http, socks4 or socks5).");
        };
    }

    private static Dns parseDns(String dns) throws UsageException {
        if (dns == null) return Dns.REMOTE; // Ncat's default
        return switch (dns.toLowerCase(Locale.ROOT)) {
            case "local" -> Dns.LOCAL;
            case "remote" -> Dns.REMOTE;
            case "both" -> Dns.BOTH;
            case "none" -> Dns.NONE;
            default -> throw new UsageException("Invalid proxy DNS type \"" + dns + "\" (local, remote, both or none).");
        };
    }

    private static int parsePort(String text, String address) throws UsageException {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) == 0 || Integer.parseInt(text) > 65535) {
            throw new UsageException("Invalid proxy port number \"" + text + "\" in \"" + address + "\".");
        }
        return Integer.parseInt(text);
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** The proxy as people write it: {@code 127.0.0.1:1080}, {@code [::1]:3128}. */
    public String display() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
