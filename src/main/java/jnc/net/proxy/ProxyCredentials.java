package jnc.net.proxy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The proxy client's answer to a 407: a {@code Proxy-Authorization} value for the strongest
 * challenge it knows, from {@code --proxy-auth user:pass}. Digest (RFC 7616) comes before Basic
 * (RFC 7617), as in Ncat, because it never sends the password: SHA-256, then MD5, with
 * {@code qop=auth} (a fresh {@code cnonce}, {@code nc=00000001}) when the proxy offers it, else
 * RFC 2069's form. Schemes without parameters (NTLM, Negotiate) are skipped. A {@code --proxy-auth}
 * without a colon is a user with an empty password; Basic sends it as it was given, as Ncat does.
 */
final class ProxyCredentials {
    private ProxyCredentials() {
    }

    /** The answer to the challenges, or {@code null} when none is one we can answer. */
    static String answer(List<String> challengeValues, String auth, String method, String uri) {
        AuthParams digest = null;
        int digestRank = 0;
        boolean basic = false;
        for (String value : challengeValues) {
            for (AuthParams c : AuthParams.parse(value)) {
                if (c.scheme().equals("basic")) basic = true;
                if (!c.scheme().equals("digest") || c.param("nonce") == null) continue;
                String algorithm = Digest.jdkAlgorithm(c.param("algorithm"));
                int rank = algorithm == null ? 0 : algorithm.equals("SHA-256") ? 2 : 1;
                if (rank > digestRank) {
                    digest = c;
                    digestRank = rank;
                }
            }
        }
        if (digest != null) return digest(digest, auth, method, uri, cnonce());
        if (basic) return basic(auth);
        return null;
    }

    static String basic(String auth) {
        return "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8));
    }

    static String digest(AuthParams challenge, String auth, String method, String uri, String cnonce) {
        int colon = auth.indexOf(':');
        String user = colon < 0 ? auth : auth.substring(0, colon);
        String password = colon < 0 ? "" : auth.substring(colon + 1);
        String realm = challenge.param("realm") == null ? "" : challenge.param("realm");
        String nonce = challenge.param("nonce");
        String algorithmParam = challenge.param("algorithm");
        String algorithm = Digest.jdkAlgorithm(algorithmParam);
        boolean qopAuth = false;
        if (challenge.param("qop") != null) {
            for (String q : challenge.param("qop").split(",")) qopAuth |= q.strip().equalsIgnoreCase("auth");
        }
        String nc = "00000001";
        String qop = qopAuth ? "auth" : null;
        String response = Digest.response(algorithm, user, realm, password, method, uri, nonce, qop, nc, cnonce);
        StringBuilder b = new StringBuilder("Digest ");
        b.append("username=").append(Digest.quote(user));
        b.append(", realm=").append(Digest.quote(realm));
        b.append(", nonce=").append(Digest.quote(nonce));
        b.append(", uri=").append(Digest.quote(uri));
        if (qopAuth) b.append(", qop=auth, nc=").append(nc).append(", cnonce=").append(Digest.quote(cnonce));
        b.append(", response=").append(Digest.quote(response));
        if (challenge.param("opaque") != null) b.append(", opaque=").append(Digest.quote(challenge.param("opaque")));
        if (algorithmParam != null) b.append(", algorithm=").append(algorithmParam);
        return b.toString();
    }

    private static String cnonce() {
        byte[] r = new byte[16];
        new SecureRandom().nextBytes(r);
        return HexFormat.of().formatHex(r);
    }
}
