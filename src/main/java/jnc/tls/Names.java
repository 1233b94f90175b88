package jnc.tls;

/** Tells host names from address literals, for SNI: a server name is never an address (RFC 6066, 3). */
final class Names {
    private Names() {
    }

    static boolean isHostName(String s) {
        if (s == null || s.isEmpty() || s.indexOf(':') >= 0) return false; // IPv6 literals have colons
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return true;
        }
        return false; // digits and dots: an IPv4 address
    }
}
