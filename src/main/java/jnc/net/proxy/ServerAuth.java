package jnc.net.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the proxy server asks of clients when {@code --proxy-auth user:pass} is given: Basic
 * (RFC 7617) or Digest (RFC 7616, MD5 or SHA-256, with or without {@code qop=auth}). A 407 offers
 * both, as Ncat's server does.
 *
 * <p>A Digest nonce is the time it was made and an HMAC of that time under a key drawn at
 * start-up: the server keeps no state per nonce, cannot be made to hold any, and a nonce is good
 * for {@link #NONCE_LIFETIME_MS} only. Like Ncat's, it does not remember nonces already used, so a
 * captured request can be replayed within that time; Digest still keeps the password off the wire.
 * Every comparison of a secret takes constant time.
 */
final class ServerAuth {
    static final String REALM = "jnc";
    static final long NONCE_LIFETIME_MS = 5 * 60_000;

    private final String credentials;
    private final String user;
    private final String password;
    private final byte[] key = new byte[32];

    ServerAuth(String credentials) {
        this.credentials = credentials;
        int colon = credentials.indexOf(':');
        this.user = credentials.substring(0, colon);
        this.password = credentials.substring(colon + 1);
        new SecureRandom().nextBytes(key);
    }

    /** The {@code Proxy-Authenticate} values of a 407. */
    List<String> challenges() {
        String nonce = nonce(System.currentTimeMillis());
        return List.of(
                "Basic realm=\"" + REALM + "\"",
                "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm=MD5",
                "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm=SHA-256");
    }

    /** Whether one of the request's {@code Proxy-Authorization} values carries our credentials. */
    boolean admits(RequestHead request) {
        for (String value : request.values("Proxy-Authorization")) {
            List<AuthParams> parsed = AuthParams.parse(value);
            if (parsed.size() != 1) continue; // "Basic xyz extra" or garbage: refused
            AuthParams a = parsed.getFirst();
            if (a.scheme().equals("basic") && a.token68() != null && basicMatches(a.token68())) return true;
            if (a.scheme().equals("digest") && a.token68() == null && digestMatches(a, request)) return true;
        }
        return false;
    }

    private boolean basicMatches(String token) {
        String expected = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.ISO_8859_1), expected.getBytes(StandardCharsets.ISO_8859_1));
    }

    private boolean digestMatches(AuthParams a, RequestHead request) {
        String algorithm = Digest.jdkAlgorithm(a.param("algorithm"));
        String username = a.param("username");
        String realm = a.param("realm");
        String nonce = a.param("nonce");
        String uri = a.param("uri");
        String response = a.param("response");
        String qop = a.param("qop");
        if (algorithm == null || username == null || realm == null || nonce == null || uri == null || response == null) return false;
        if (qop != null && (!qop.equals("auth") || a.param("nc") == null || a.param("cnonce") == null)) return false;
        // The uri must be this request's target, so a response cannot be moved to another target.
        if (!realm.equals(REALM) || !uri.equals(request.target()) || !nonceValid(nonce)) return false;
        String expected = Digest.response(algorithm, user, REALM, password, request.method(), uri, nonce, qop, a.param("nc"), a.param("cnonce"));
        boolean userOk = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8), user.getBytes(StandardCharsets.UTF_8));
        boolean responseOk = MessageDigest.isEqual(response.getBytes(StandardCharsets.ISO_8859_1), expected.getBytes(StandardCharsets.ISO_8859_1));
        return userOk & responseOk;
    }

    String nonce(long millis) {
        ByteBuffer b = ByteBuffer.allocate(8 + 16);
        b.putLong(millis).put(mac(millis), 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    boolean nonceValid(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != 24) return false;
        ByteBuffer b = ByteBuffer.wrap(raw);
        long millis = b.getLong();
        byte[] tag = new byte[16];
        b.get(tag);
        long age = System.currentTimeMillis() - millis;
        return MessageDigest.isEqual(tag, java.util.Arrays.copyOf(mac(millis), 16)) && age >= 0 && age <= NONCE_LIFETIME_MS;
    }

    private byte[] mac(long millis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(ByteBuffer.allocate(8).putLong(millis).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e); // HmacSHA256 is in every JDK
        }
    }
}
