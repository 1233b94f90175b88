package jnc.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManager;

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

    /**
     * Ncat's answer to a listener without a certificate: a fresh key and a self-signed certificate,
     * said at {@code -v}. The key is EC P-384 unless {@code rsa}: made in a few milliseconds,
     * where RSA 2048 takes tens of milliseconds (a prime search), and its handshakes are cheaper
     * too; every TLS 1.2 and 1.3 client takes ECDSA with P-384. Not P-256: a fresh JVM's first
     * P-256 key (and signature) builds the JDK's table of generator multiples, 64 point
     * multiplications in the interpreter, which costs a listener's start-up more than the key
     * itself (see NamedGroups).
     */
    static KeyAndCert temporary(String name, boolean rsa) {
        Diag.verbose(rsa ? "Generating a temporary 2048-bit RSA key. Use --ssl-key and --ssl-cert to use a permanent one."
                : "Generating a temporary EC P-384 key. Use --ssl-key and --ssl-cert to use a permanent one.");
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
            if (rsa) {
                gen.initialize(2048);
            } else {
                gen.initialize(new java.security.spec.ECGenParameterSpec(NamedGroups.P384));
            }
            KeyPair keys = gen.generateKeyPair();
            X509Certificate cert = SelfSignedCert.create(keys, name);
            Diag.verbose(Fingerprint.line(cert));
            return new KeyAndCert(keys.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException e) {
            throw Failure.usage("cannot make a temporary certificate: " + e.getMessage());
        }
    }

    /**
     * Whether {@code key} is the private half of the certificate's public key: an RSA key's public
     * half must be the certificate's; for other keys, something signed with one must verify with
     * the other. (Comparing encodings is not possible: the halves differ.)
     */
    static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        // An RSA key in CRT form (what PKCS#8 and PKCS#1 files hold) carries its public half: comparing
        // it spares a private-key operation, tens of milliseconds while the JIT has not yet compiled BigInteger.
        if (key instanceof java.security.interfaces.RSAPrivateCrtKey rsa) {
            return cert.getPublicKey() instanceof java.security.interfaces.RSAPublicKey pub
                    && rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent());
        }
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

    /** The key manager JSSE takes, over this key and chain as they are (OneKeyManager says why not a key store). */
    KeyManager[] keyManagers() {
        return new KeyManager[] {new OneKeyManager(key, chain.toArray(new X509Certificate[0]))};
    }
}
