package jnc.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's one-time set-up that a TLS client's handshake needs after its ClientHello, done on a
 * second thread while the first sets up JSSE. Nothing here is computed twice: it initialises
 * classes (the X.509 parser's tables, the key factories, the ciphers), links the JDK's own
 * pattern-switch call sites that the handshake goes through and spins the method handles that
 * their first link needs, all of which the main thread would otherwise do in turn, in the
 * interpreter. A key that a call needs is a fixed public one (no key generation, no randomness).
 */
final class HandshakeWarmup implements Runnable {
    /** A self-signed EC P-256 certificate with the usual extensions (key identifiers, basic constraints): parsed, never trusted. */
    private static final String CERT = "MIIBbjCCARWgAwIBAgIUbs2qlKyTmeP9XX7I/8R3Cx3dJhkwCgYIKoZIzj0EAwIwDDEKMAgGA1UEAwwBdzAgFw0yNjEyMDUwNzA2MzlaGA8y"
            + "MTI2MTExMTA3MDYzOVowDDEKMAgGA1UEAwwBdzBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBvangCs2Yx4MFTZywI8avHphv8WzjeKCrvefg2Z"
            + "EchGxi0m42nTXR+V5EJnCzQfLSmNge3Y0emjsMuQW29JU26jUzBRMB0GA1UdDgQWBBR5aPOIq2KtDMyB5G+tbYmMFr4N5jAfBgNVHSMEGDAWgBR5"
            + "aPOIq2KtDMyB5G+tbYmMFr4N5jAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIDbLsrlj+BpvMKm78BWVe6xV0wIOKdOXECsiyvty"
            + "PAU1AiBvKPWgPYvrpvtCsF3zWtWUSQEppAZb5oMPIlnzab6amg==";

    private HandshakeWarmup() {
    }

    /** Starts the warm-up on a daemon thread; a failure there is the handshake's to meet again, so it is dropped. */
    static void start() {
        Thread t = new Thread(new HandshakeWarmup(), "jnc-tls-warmup");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try {
            warm();
        } catch (GeneralSecurityException | RuntimeException ignored) {
            // the handshake does the same work itself and reports what fails
        }
    }

    static void warm() throws GeneralSecurityException {
        // First what needs no provider (the main thread is loading them meanwhile): the first link
        // of a pattern switch spins method handles that the JDK's own switches reuse.
        kindOf("");
        // The server's X25519 share: its key factory (and its switch), then the agreement.
        KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
        KeyAgreement.getInstance("XDH");
        // The key schedule and the records.
        KDF.getInstance("HKDF-SHA256");
        KDF.getInstance("HKDF-SHA384");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        mac.doFinal(new byte[1]);
        MessageDigest.getInstance("SHA-384");
        SecretKeySpec aes = new SecretKeySpec(new byte[16], "AES");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, new byte[12]));
        byte[] sealed = gcm.doFinal(new byte[1]);
        gcm.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, new byte[12]));
        gcm.doFinal(sealed);
        // The server's certificate and its signature.
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(CERT)));
        PublicKey rsa = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(BigInteger.ONE.shiftLeft(2047).setBit(0), BigInteger.valueOf(65537)));
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initVerify(rsa);
        Signature.getInstance("SHA256withECDSA");
        KeyPairGenerator.getInstance("EC").initialize(new ECGenParameterSpec("secp384r1"));
    }

    /** A switch over a type as the JDK's algorithm constraints make one over a key: its first link spins method handles that every later one reuses. */
    private static int kindOf(Object key) {
        return switch (key) {
            case ECKey ec -> 1;
            default -> 0;
        };
    }
}
