package jnc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;

class SelfSignedCertTest {
    static KeyPair rsa() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair();
    }

    @Test
    void theJdkParsesItAsAVersion3CertificateSignedByItsOwnKey() throws Exception {
        KeyPair keys = rsa();
        X509Certificate cert = SelfSignedCert.create(keys, "localhost");
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getSerialNumber().signum()).isPositive();
        cert.verify(keys.getPublic()); // throws unless the signature is right
        cert.checkValidity(new Date());
        assertThat(cert.getNotAfter()).isAfter(new Date(System.currentTimeMillis() + 300L * 24 * 3600 * 1000));
        assertThat(KeyAndCert.belongTogether(keys.getPrivate(), cert)).isTrue();
    }

    @Test
    void anEcP256KeyGivesAnEcdsaSignedCertificate() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair keys = gen.generateKeyPair();
        X509Certificate cert = SelfSignedCert.create(keys, "localhost");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        cert.verify(keys.getPublic());
        assertThat(KeyAndCert.belongTogether(keys.getPrivate(), cert)).isTrue();
        assertThat(KeyAndCert.belongTogether(rsa().getPrivate(), cert)).isFalse();
    }

    @Test
    void itsSubjectAltNameIsADnsNameOrAnAddress() throws Exception {
        KeyPair keys = rsa();
        // getSubjectAlternativeNames: type 2 is dNSName, 7 iPAddress
        assertThat(SelfSignedCert.create(keys, "localhost").getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"));
        assertThat(SelfSignedCert.create(keys, "127.0.0.1").getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        assertThat(SelfSignedCert.create(keys, "::1").getSubjectAlternativeNames()).containsExactly(List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void aKeyFromAnotherPairDoesNotBelongToTheCertificate() throws Exception {
        X509Certificate cert = SelfSignedCert.create(rsa(), "localhost");
        assertThat(KeyAndCert.belongTogether(rsa().getPrivate(), cert)).isFalse();
        assertThat(KeyAndCert.belongTogether(KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate(), cert)).isFalse();
    }

    @Test
    void ecAndEdwardsKeysAreCheckedToo() throws Exception {
        for (String algorithm : new String[] {"EC", "Ed25519"}) {
            KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            X509Certificate rsaCert = SelfSignedCert.create(rsa(), "localhost");
            assertThat(KeyAndCert.belongTogether(pair.getPrivate(), rsaCert)).as(algorithm).isFalse();
        }
    }

    @Test
    void fingerprintsAreGroupedByTwoBytes() {
        byte[] digest = new byte[20];
        for (int i = 0; i < digest.length; i++) digest[i] = (byte) (0x10 * i + 0x0e);
        assertThat(Fingerprint.grouped(digest)).isEqualTo("0E1E 2E3E 4E5E 6E7E 8E9E AEBE CEDE EEFE 0E1E 2E3E");
    }
}
