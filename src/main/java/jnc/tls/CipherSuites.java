package jnc.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jnc.base.Failure;

/**
 * {@code --ssl-ciphers}: Ncat takes an OpenSSL cipher string, the JDK wants suite names. Names are
 * translated ({@code ECDHE-RSA-AES128-GCM-SHA256} is {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256});
 * JSSE names and TLS 1.3 names ({@code TLS_AES_128_GCM_SHA256}) are taken as they are. OpenSSL's
 * keywords and operators ({@code ALL}, {@code HIGH}, {@code !aNULL}, {@code @STRENGTH}) have no JSSE
 * meaning; they are skipped, and a list of nothing else keeps the JDK's defaults, which already
 * exclude what Ncat's default string excludes (anonymous, null, export, RC4, MD5 suites).
 */
final class CipherSuites {
    private CipherSuites() {
    }

    /** The suites to enable, in the order given, or {@code null} for the JDK's defaults. */
    static String[] select(String spec, String[] supported) {
        Set<String> known = Set.of(supported);
        List<String> named = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String item : spec.split("[:, ]+")) {
            if (item.isEmpty() || isKeywordOrOperator(item)) continue;
            String jsse = item.startsWith("TLS_") || item.startsWith("SSL_") ? item : fromOpenSsl(item);
            if (jsse != null && known.contains(jsse)) {
                if (!named.contains(jsse)) named.add(jsse);
            } else {
                unknown.add(item);
            }
        }
        if (named.isEmpty() && !unknown.isEmpty()) {
            throw Failure.usage("--ssl-ciphers: no cipher suite this JDK supports in \"" + spec + "\" (unknown: " + String.join(", ", unknown) + ").");
        }
        if (!unknown.isEmpty()) jnc.base.Diag.debug("--ssl-ciphers: skipping unknown " + String.join(", ", unknown));
        return named.isEmpty() ? null : named.toArray(new String[0]);
    }

    /** {@code ALL}, {@code HIGH}, {@code !aNULL}, {@code -RC4}, {@code +kRSA}, {@code @STRENGTH}, {@code DEFAULT}: upper case words without dashes, or operators. */
    static boolean isKeywordOrOperator(String item) {
        char c = item.charAt(0);
        if (c == '!' || c == '-' || c == '+' || c == '@') return true;
        return item.indexOf('-') < 0 && !item.startsWith("TLS_") && !item.startsWith("SSL_");
    }

    /**
     * An OpenSSL TLS 1.2 suite name in JSSE spelling: {@code [KX-[AUTH-]]CIPHER[-MODE]-MAC}, where
     * no key exchange means plain RSA, ciphers without GCM or CHACHA20 are CBC, and {@code SHA} is SHA-1.
     * Returns {@code null} when the name does not fit that shape.
     */
    static String fromOpenSsl(String name) {
        List<String> parts = new ArrayList<>(Arrays.asList(name.toUpperCase(java.util.Locale.ROOT).split("-")));
        String kx = "RSA";
        if (parts.size() > 2 && (parts.getFirst().equals("ECDHE") || parts.getFirst().equals("DHE"))) {
            kx = parts.removeFirst();
            String auth = parts.getFirst();
            if (auth.equals("RSA") || auth.equals("ECDSA") || auth.equals("DSS")) {
                kx += "_" + parts.removeFirst();
            } else {
                kx += "_RSA"; // OpenSSL's "DHE-AES128-..." does not exist; be lenient
            }
        }
        if (parts.size() < 2) return null;
        String cipher = parts.removeFirst();
        String bulk;
        if (cipher.equals("CHACHA20") && parts.getFirst().equals("POLY1305")) {
            return "TLS_" + kx + "_WITH_CHACHA20_POLY1305_SHA256";
        } else if (cipher.matches("AES(128|256)")) {
            bulk = "AES_" + cipher.substring(3);
        } else {
            return null;
        }
        String mode = "CBC";
        if (parts.getFirst().equals("GCM")) mode = parts.removeFirst();
        if (parts.size() != 1) return null;
        return "TLS_" + kx + "_WITH_" + bulk + "_" + mode + "_" + parts.getFirst();
    }

    /**
     * The JDK's default suites with the AES-128-GCM ones first (TLS 1.3's mandatory
     * TLS_AES_128_GCM_SHA256, then TLS 1.2's ECDHE ones), the rest in the JDK's order. AES-128
     * takes 10 rounds where AES-256 takes 14: JSSE moves about a tenth more bytes per CPU second
     * (BENCHMARKS.md, "TLS"), and both are secure; BoringSSL and Go order them so too.
     */
    static String[] aes128First(String[] suites) {
        String[] out = new String[suites.length];
        int n = 0;
        for (String s : suites) if (s.contains("_AES_128_GCM_")) out[n++] = s;
        for (String s : suites) if (!s.contains("_AES_128_GCM_")) out[n++] = s;
        return out;
    }
}
