package jnc.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;

/**
 * A minimal self-signed X.509 v3 certificate, for {@code jnc -l --ssl} without {@code --ssl-cert}.
 * The JDK can parse certificates but offers no public API to make one, so it is built here in
 * DER by hand (RFC 5280, section 4.1):
 *
 * <pre>
 * Certificate ::= SEQUENCE {
 *     tbsCertificate       TBSCertificate,        -- the part that is signed
 *     signatureAlgorithm   AlgorithmIdentifier,   -- ecdsa-with-SHA384 (or -SHA256) or sha256WithRSAEncryption
 *     signatureValue       BIT STRING }           -- signature over tbsCertificate's DER
 *
 * TBSCertificate ::= SEQUENCE {
 *     version         [0] EXPLICIT INTEGER 2,     -- 2 means v3 (extensions allowed)
 *     serialNumber        INTEGER,                -- random, positive
 *     signature           AlgorithmIdentifier,    -- the same as signatureAlgorithm
 *     issuer              Name,                   -- CN=<name>; self-signed: issuer = subject
 *     validity            SEQUENCE { notBefore Time, notAfter Time },
 *     subject             Name,
 *     subjectPublicKeyInfo SubjectPublicKeyInfo,  -- exactly PublicKey.getEncoded()
 *     extensions      [3] EXPLICIT SEQUENCE OF Extension }  -- subjectAltName only
 *
 * Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value UTF8String }
 * </pre>
 */
final class SelfSignedCert {
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    private SelfSignedCert() {
    }

    /**
     * A certificate for {@code name} (a host name or an address), valid for a year, signed by
     * {@code keys}' private key, RSA or EC. RSA's AlgorithmIdentifier carries a NULL parameter,
     * ECDSA's none (RFC 5758, 3.2).
     */
    static X509Certificate create(KeyPair keys, String name) throws GeneralSecurityException {
        boolean ec = keys.getPrivate().getAlgorithm().equals("EC");
        // ECDSA's hash matches the curve's strength: SHA-384 for P-384 (and larger), SHA-256 for P-256
        boolean sha384 = ec && keys.getPublic() instanceof java.security.interfaces.ECPublicKey k && k.getParams().getOrder().bitLength() > 256;
        byte[] algorithm = ec ? Der.sequence(Der.oid(sha384 ? ECDSA_WITH_SHA384 : ECDSA_WITH_SHA256))
                : Der.sequence(Der.oid(SHA256_WITH_RSA), Der.nullValue());
        byte[] subject = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8(name))));
        ZonedDateTime now = ZonedDateTime.now();
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),
                Der.integer(new BigInteger(63, new SecureRandom())),
                algorithm,
                subject,
                Der.sequence(Der.time(now.minusMinutes(5)), Der.time(now.plusYears(1))),
                subject,
                keys.getPublic().getEncoded(),
                Der.explicit(3, Der.sequence(subjectAltName(name))));

        Signature signer = Signature.getInstance(sha384 ? "SHA384withECDSA" : ec ? "SHA256withECDSA" : "SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /**
     * Extension ::= SEQUENCE { extnID OID, extnValue OCTET STRING holding the DER of
     * GeneralNames ::= SEQUENCE OF GeneralName }, where a dNSName is {@code [2] IMPLICIT IA5String}
     * and an iPAddress {@code [7] IMPLICIT OCTET STRING}: the context tag replaces the type's own.
     */
    private static byte[] subjectAltName(String name) {
        InetAddress address = jnc.net.Resolver.literalOrNull(name);
        byte[] generalName = address != null
                ? Der.tlv(0x87, address.getAddress())
                : Der.tlv(0x82, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.octetString(Der.sequence(generalName)));
    }

}
