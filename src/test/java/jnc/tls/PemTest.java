package jnc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jnc.base.Failure;

class PemTest {
    @TempDir
    Path tmp;

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static KeyPair keys(String algorithm) throws Exception {
        return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void blocksAreFoundAmongOtherText() {
        List<Pem.Block> blocks = Pem.blocks("Bag Attributes\n" + pem("CERTIFICATE", new byte[] {1, 2, 3}) + "junk\n" + pem("PRIVATE KEY", new byte[] {4}));
        assertThat(blocks).extracting(Pem.Block::label).containsExactly("CERTIFICATE", "PRIVATE KEY");
        assertThat(blocks.getFirst().der()).containsExactly(1, 2, 3);
    }

    @Test
    void pkcs8KeysOfEachKindReadBack() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            PrivateKey key = keys(algorithm).getPrivate();
            PrivateKey read = Pem.privateKey(write(algorithm + ".pem", pem("PRIVATE KEY", key.getEncoded())), "--ssl-key");
            assertThat(read.getAlgorithm()).isEqualTo(key.getAlgorithm());
            assertThat(read.getEncoded()).isEqualTo(key.getEncoded());
        }
    }

    @Test
    void anRsaPrivateKeyBlockIsPkcs1InsideAPkcs8Envelope() throws Exception {
        PrivateKey key = keys("RSA").getPrivate();
        // PKCS#8's third field, the OCTET STRING, holds the PKCS#1 RSAPrivateKey.
        byte[] pkcs1 = Der.read(key.getEncoded()).children().get(2).value();
        PrivateKey read = Pem.privateKey(write("rsa.pem", pem("RSA PRIVATE KEY", pkcs1)), "--ssl-key");
        assertThat(read.getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void anEcPrivateKeyBlockGivesItsCurveToTheEnvelope() throws Exception {
        KeyPair pair = keys("EC");
        // SEC1 ECPrivateKey with the curve named in [0], as `openssl ecparam -genkey` writes it.
        byte[] secret = Der.read(Der.read(pair.getPrivate().getEncoded()).children().get(2).value()).children().get(1).value();
        byte[] sec1 = Der.sequence(Der.integer(1), Der.octetString(secret), Der.explicit(0, Der.oid("1.2.840.10045.3.1.7")));
        PrivateKey read = Pem.privateKey(write("ec.pem", pem("EC PARAMETERS", Der.oid("1.2.840.10045.3.1.7")) + pem("EC PRIVATE KEY", sec1)), "--ssl-key");
        assertThat(read.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) read).getS()).isEqualTo(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS());
    }

    @Test
    void certificatesReadInOrder() throws Exception {
        X509Certificate a = SelfSignedCert.create(keys("RSA"), "a.example");
        X509Certificate b = SelfSignedCert.create(keys("RSA"), "b.example");
        List<X509Certificate> read = Pem.certificates(write("chain.pem", pem("CERTIFICATE", a.getEncoded()) + pem("CERTIFICATE", b.getEncoded())), "--ssl-cert");
        assertThat(read).containsExactly(a, b);
    }

    @Test
    void unusableFilesAreUsageErrorsThatNameTheOptionAndFile() throws Exception {
        Path missing = tmp.resolve("missing.pem");
        assertThatThrownBy(() -> Pem.privateKey(missing, "--ssl-key")).isInstanceOf(Failure.class)
                .hasMessageContaining("--ssl-key " + missing).hasMessageContaining("No such file");
        Path text = write("text.pem", "not a key\n");
        assertThatThrownBy(() -> Pem.privateKey(text, "--ssl-key")).hasMessageContaining("no PEM data");
        Path cert = write("cert.pem", pem("CERTIFICATE", SelfSignedCert.create(keys("RSA"), "x").getEncoded()));
        assertThatThrownBy(() -> Pem.privateKey(cert, "--ssl-key")).hasMessageContaining("no private key");
        Path encrypted = write("enc.pem", pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0}));
        assertThatThrownBy(() -> Pem.privateKey(encrypted, "--ssl-key")).hasMessageContaining("encrypted");
        Path garbage = write("garbage.pem", pem("PRIVATE KEY", new byte[] {0x30, 3, 2, 1, 0}));
        assertThatThrownBy(() -> Pem.privateKey(garbage, "--ssl-key")).hasMessageContaining("not a valid private key");
        for (Path p : List.of(missing, text, cert, encrypted, garbage)) {
            try {
                Pem.privateKey(p, "--ssl-key");
            } catch (Failure f) {
                assertThat(f.exitCode).isEqualTo(jnc.base.ExitCode.USAGE);
            }
        }
    }
}
