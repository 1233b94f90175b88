package jnc.tls;

/**
 * The key-exchange groups a client offers, in its order of preference. JSSE's ClientHello carries
 * a key share for the first group of each kind it offers: X25519 and, by the JDK's order, P-256.
 * In a fresh JVM the first P-256 key costs far more than any other: the JDK builds its table of
 * multiples of the P-256 generator (64 point multiplications, in the interpreter) before it uses
 * it, 40-60 ms of a TLS client's start-up. P-384 keys are made without such a table.
 *
 * <p>So the client offers the JDK's groups with P-384 ahead of P-256: the shares it sends are X25519
 * and P-384. Every group is still offered; a server that takes neither asks for its own with a
 * HelloRetryRequest (one round trip more, TLS 1.3's usual way, which OpenSSL's clients rely on:
 * they send an X25519 share alone). Nearly every server takes X25519. A
 * {@code -Djdk.tls.namedGroups} the user gives (JNC_JAVA_OPTS) is left as it is.
 */
final class NamedGroups {
    static final String P256 = "secp256r1";
    static final String P384 = "secp384r1";

    private NamedGroups() {
    }

    /** {@code groups} with P-384 moved to just before P-256, where both are there; otherwise as they are. */
    static String[] p384BeforeP256(String[] groups) {
        int p256 = indexOf(groups, P256);
        int p384 = indexOf(groups, P384);
        if (p256 < 0 || p384 < 0 || p384 < p256) return groups;
        String[] out = new String[groups.length];
        int n = 0;
        for (int i = 0; i < groups.length; i++) {
            if (i == p256) out[n++] = P384;
            if (i != p384) out[n++] = groups[i];
        }
        return out;
    }

    private static int indexOf(String[] groups, String name) {
        for (int i = 0; i < groups.length; i++) if (groups[i].equalsIgnoreCase(name)) return i;
        return -1;
    }
}
