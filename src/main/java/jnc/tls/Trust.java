package jnc.tls;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import jnc.base.Failure;

/** Whom a TLS client believes: anybody (Ncat's default), or certificates that chain to a trusted one ({@code --ssl-verify}). */
final class Trust {
    /** Debian's and Ubuntu's bundle of the system's trusted CAs, which Ncat uses too. */
    static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private Trust() {
    }

    /**
     * The trust managers for {@code --ssl-verify}: PKIX validation against {@code trustFile}, or
     * without one the system's bundle, or where there is none the JDK's own {@code cacerts}.
     */
    static TrustManager[] verifying(Path trustFile) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            Path file = trustFile != null ? trustFile : Files.isReadable(SYSTEM_BUNDLE) ? SYSTEM_BUNDLE : null;
            if (file == null) {
                tmf.init((KeyStore) null); // the JDK's cacerts
            } else {
                tmf.init(storeOf(Pem.certificates(file, "--ssl-trustfile")));
            }
            return tmf.getTrustManagers();
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw Failure.usage("cannot use the trusted certificates: " + e.getMessage());
        }
    }

    private static KeyStore storeOf(List<X509Certificate> certs) throws java.security.GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < certs.size(); i++) store.setCertificateEntry("ca" + i, certs.get(i));
        return store;
    }

    /**
     * Trusts every server, as Ncat does without {@code --ssl-verify}: the connection is encrypted
     * but the peer unproven. An <em>extended</em> trust manager, because JSSE wraps a plain one in
     * checks of its own (host name, algorithm constraints) that would still reject some servers.
     */
    static TrustManager[] anybody() {
        return new TrustManager[] {new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
    }
}
