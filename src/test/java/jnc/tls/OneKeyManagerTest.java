package jnc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;

class OneKeyManagerTest {
    private static OneKeyManager managerFor(String algorithm) throws Exception {
        KeyPair keys = algorithm.equals("RSA") ? SelfSignedCertTest.rsa() : KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        X509Certificate cert = algorithm.equals("Ed25519") ? null : SelfSignedCert.create(keys, "localhost");
        return new OneKeyManager(keys.getPrivate(), cert == null ? new X509Certificate[0] : new X509Certificate[] {cert});
    }

    @Test
    void theKeyIsOfferedOnlyForItsOwnType() throws Exception {
        OneKeyManager rsa = managerFor("RSA");
        assertThat(rsa.chooseEngineServerAlias("RSA", null, null)).isEqualTo("jnc");
        assertThat(rsa.chooseEngineServerAlias("EC", null, null)).isNull();
        assertThat(rsa.chooseEngineServerAlias("RSASSA-PSS", null, null)).isNull(); // an rsaEncryption key is no RSASSA-PSS key
        assertThat(rsa.chooseEngineClientAlias(new String[] {"EC", "RSA"}, null, null)).isEqualTo("jnc");
        assertThat(rsa.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isNull();

        OneKeyManager ec = managerFor("EC");
        assertThat(ec.chooseEngineServerAlias("EC", null, null)).isEqualTo("jnc");
        assertThat(ec.chooseEngineServerAlias("EC_EC", null, null)).isEqualTo("jnc"); // TLS 1.2: key type, then the certificate's signer
        assertThat(ec.chooseEngineServerAlias("RSA", null, null)).isNull();

        assertThat(managerFor("Ed25519").fits("EdDSA")).isTrue();
    }

    @Test
    void itHandsOutTheKeyAndTheChainUnderItsAliasOnly() throws Exception {
        OneKeyManager m = managerFor("EC");
        assertThat(m.getPrivateKey("jnc")).isNotNull();
        assertThat(m.getCertificateChain("jnc")).hasSize(1);
        assertThat(m.getPrivateKey("other")).isNull();
        assertThat(m.getCertificateChain("other")).isNull();
        assertThat(m.getServerAliases("EC", null)).containsExactly("jnc");
        assertThat(m.getClientAliases("RSA", null)).isNull();
    }
}
