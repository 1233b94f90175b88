package jnc.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** A certificate's SHA-1 fingerprint as Ncat prints it: upper-case hex in groups of two bytes, {@code 910E B450 0A31 ...}. */
final class Fingerprint {
    private Fingerprint() {
    }

    static String sha1(X509Certificate cert) {
        try {
            return grouped(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            return "(unknown)";
        }
    }

    static String grouped(byte[] digest) {
        String hex = HexFormat.of().withUpperCase().formatHex(digest);
        StringBuilder sb = new StringBuilder(hex.length() + hex.length() / 4);
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) sb.append(' ');
            sb.append(hex, i, Math.min(hex.length(), i + 4));
        }
        return sb.toString();
    }

    /** The line Ncat prints at {@code -v}. */
    static String line(X509Certificate cert) {
        return "SHA-1 fingerprint: " + sha1(cert);
    }
}
