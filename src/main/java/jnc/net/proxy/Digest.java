package jnc.net.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * HTTP Digest authentication's arithmetic (RFC 7616, section 3.4.1), shared by the proxy client and
 * the proxy server. Algorithms {@code MD5} (the default, and all Ncat knows) and {@code SHA-256};
 * the {@code -sess} variants are not supported.
 *
 * <pre>
 *   HA1 = H(user ":" realm ":" password)        HA2 = H(method ":" uri)
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)     with qop=auth
 *   response = H(HA1 ":" nonce ":" HA2)                               without qop (RFC 2069)
 * </pre>
 */
final class Digest {
    private Digest() {
    }

    /** The JDK's name of a Digest algorithm parameter, or {@code null} if we do not support it. */
    static String jdkAlgorithm(String param) {
        if (param == null) return "MD5";
        return switch (param.toUpperCase(Locale.ROOT)) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> null;
        };
    }

    static String hash(String jdkAlgorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jdkAlgorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // MD5 and SHA-256 are in every JDK
        }
    }

    /** The {@code response} value; {@code qop} {@code null} means the RFC 2069 form. */
    static String response(String jdkAlgorithm, String user, String realm, String password, String method, String uri,
            String nonce, String qop, String nc, String cnonce) {
        String ha1 = hash(jdkAlgorithm, user + ":" + realm + ":" + password);
        String ha2 = hash(jdkAlgorithm, method + ":" + uri);
        String tail = qop == null ? nonce + ":" + ha2 : nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2;
        return hash(jdkAlgorithm, ha1 + ":" + tail);
    }

    /** A quoted-string's content: backslash before {@code "} and {@code \}. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
