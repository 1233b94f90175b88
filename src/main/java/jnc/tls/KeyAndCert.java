package jnc.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

import jnc.base.Diag;
import jnc.base.Failure;

/** Our private key and the certificate chain that goes with it: what a TLS server (or a client with {@code --ssl-cert}) presents. */
record KeyAndCert(PrivateKey key, List<X509Certificate> chain) {

    /** {@code --ssl-cert} and {@code --ssl-key}; a key that does not belong to the certificate is a usage error. */
    static KeyAndCert load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = Pem.certificates(certFile, "--ssl-cert");
        PrivateKey key = Pem.privateKey(keyFile, "--ssl-key");
        if (!belongTogether(key, chain.getFirst())) {
            throw Failure.usage("--ssl-key " + keyFile + " does not match the certificate in --ssl-cert " + certFile + ".");
        }
        return new KeyAndCert(key, chain);
    }

    /** Ncat's answer to a listener without a certificate: a fresh key and a self-signed certificate, said at {@code -v}. */
    static KeyAndCert temporary(String name) {
        Diag.verbose("Generating a temporary 2048-bit RSA key. Use --ssl-key and --ssl-cert to use a permanent one.");
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair keys = gen.generateKeyPair();
            X509Certificate cert = SelfSignedCert.create(keys, name);
            Diag.verbose(Fingerprint.line(cert));
            return new KeyAndCert(keys.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException e) {
            throw Failure.usage("cannot make a temporary certificate: " + e.getMessage());
        }
    }

    /**
     * Whether {@code key} is the private half of the certificate's public key: something signed
     * with one must verify with the other. (Comparing encodings is not possible: the halves differ.)
     */
    static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) return true; // RSASSA-PSS and the like: the handshake will tell
        try {
            byte[] probe = "jnc key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // an RSA key with an EC certificate, say
        }
    }

    /** The key managers JSSE takes, over an in-memory key store that holds just this entry. */
    KeyManager[] keyManagers() {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("jnc", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return kmf.getKeyManagers();
        } catch (Exception e) {
            throw Failure.usage("cannot use the key and certificate: " + e.getMessage());
        }
    }
}
