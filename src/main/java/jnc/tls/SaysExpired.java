package jnc.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's verifying trust manager, with one thing added to its refusals: when the server's chain
 * holds an expired (or not yet valid) certificate, the failure says so, and such a chain is refused
 * even when the JDK would pass it. PKIX path building skips an
 * expired certificate and reports only "unable to find valid certification path", which sent users
 * looking for a missing CA.
 */
final class SaysExpired extends X509ExtendedTrustManager {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    private final X509ExtendedTrustManager inner;

    SaysExpired(X509ExtendedTrustManager inner) {
        this.inner = inner;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            inner.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
        inDates(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            inner.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
        inDates(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            inner.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
        inDates(chain);
    }

    /**
     * PKIX does not look at the dates of a certificate that is itself trusted (a self-signed server
     * certificate given with --ssl-trustfile): OpenSSL, and so Ncat, refuse it once expired, and so does jnc.
     */
    private static void inDates(X509Certificate[] chain) throws CertificateException {
        CertificateException outOfDates = explained(chain, null);
        if (outOfDates != null) throw outOfDates;
    }

    /** The refusal, or one naming the certificate of the chain that is out of its dates. */
    static CertificateException explained(X509Certificate[] chain, CertificateException refusal) {
        for (int i = 0; chain != null && i < chain.length; i++) {
            String whose = i == 0 ? "the server's certificate" : "a certificate of the server's chain";
            try {
                chain[i].checkValidity();
            } catch (CertificateExpiredException e) {
                CertificateExpiredException said = new CertificateExpiredException(
                        whose + " has expired: not after " + WHEN.format(chain[i].getNotAfter().toInstant().atOffset(ZoneOffset.UTC)));
                if (refusal != null) said.initCause(refusal);
                return said;
            } catch (CertificateNotYetValidException e) {
                CertificateNotYetValidException said = new CertificateNotYetValidException(
                        whose + " is not valid yet: not before " + WHEN.format(chain[i].getNotBefore().toInstant().atOffset(ZoneOffset.UTC)));
                if (refusal != null) said.initCause(refusal);
                return said;
            }
        }
        return refusal;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        inner.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        inner.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        inner.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return inner.getAcceptedIssuers();
    }
}
