package jnc.e2e;

import static jnc.e2e.SslE2ETest.openssl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 14: an expired server certificate is reported as expired, not as "no trusted
 * certificate path"; and one that is itself trusted (--ssl-trustfile) is refused once expired, as
 * OpenSSL (and Ncat) refuse it. The certificates are made by openssl ca, which can date them in 2020.
 */
@Timeout(60)
class ExpiredCertificateE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /** Signs a CSR for localhost with {@code signerKey} (itself with -selfsign), valid only on 2020-01-01. */
    Path expired(Path key, Path signerCert, Path signerKey, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ca-" + name));
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("serial"), "01\n");
        Path conf = Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = x
                [ x ]
                database = %s
                serial = %s
                new_certs_dir = %s
                default_md = sha256
                policy = p
                copy_extensions = copy
                [ p ]
                commonName = supplied
                """.formatted(dir.resolve("index.txt"), dir.resolve("serial"), dir));
        Path csr = dir.resolve("req.csr");
        openssl("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Path cert = dir.resolve("cert.pem");
        if (signerCert == null) {
            openssl("ca", "-batch", "-config", conf.toString(), "-selfsign", "-keyfile", signerKey.toString(), "-in", csr.toString(),
                    "-out", cert.toString(), "-startdate", "20200101000000Z", "-enddate", "20200102000000Z");
        } else {
            openssl("ca", "-batch", "-config", conf.toString(), "-cert", signerCert.toString(), "-keyfile", signerKey.toString(),
                    "-in", csr.toString(), "-out", cert.toString(), "-startdate", "20200101000000Z", "-enddate", "20200102000000Z");
        }
        return cert;
    }

    Path key(String name) {
        Path k = tmp.resolve(name + ".key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", k.toString());
        return k;
    }

    /** jnc --ssl-verify against openssl s_server with {@code cert}, trusting {@code trust}; returns jnc's stderr. */
    String connect(Path cert, Path key, Path trust) {
        int port = Peers.freePort();
        try (Proc server = Proc.sh("sleep 30 | " + Peers.require("openssl") + " s_server -accept 127.0.0.1:" + port
                + " -cert " + cert + " -key " + key + " >/dev/null 2>&1").start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("--ssl-verify", "--ssl-trustfile", trust.toString(), "127.0.0.1", String.valueOf(port))
                    .stdinNull().start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isEqualTo(1);
                return client.stderr();
            }
        }
    }

    @Test
    void anExpiredCertificateSignedByATrustedCaIsReportedAsExpired() throws Exception {
        Path caKey = key("ca");
        Path ca = tmp.resolve("ca.pem");
        openssl("req", "-x509", "-key", caKey.toString(), "-out", ca.toString(), "-subj", "/CN=test CA", "-days", "2");
        Path leafKey = key("leaf");
        Path leaf = expired(leafKey, ca, caKey, "leaf");
        assertThat(connect(leaf, leafKey, ca))
                .matches("jnc: Failed SSL connection to 127\\.0\\.0\\.1:\\d+: certificate verify failed "
                        + "\\(the server's certificate has expired: not after 2020-01-02 00:00:00 UTC\\)\\.\\n");
    }

    @Test
    void anExpiredSelfSignedCertificateIsRefusedEvenWhenTrusted() throws Exception {
        Path k = key("self");
        Path self = expired(k, null, k, "self");
        assertThat(connect(self, k, self))
                .matches("jnc: Failed SSL connection to 127\\.0\\.0\\.1:\\d+: certificate verify failed "
                        + "\\(the server's certificate has expired: not after 2020-01-02 00:00:00 UTC\\)\\.\\n");
    }
}
