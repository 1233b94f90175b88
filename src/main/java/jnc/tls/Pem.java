package jnc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jnc.base.Failure;
import jnc.base.IoErrors;

/**
 * PEM files as OpenSSL writes them: base64 DER between {@code -----BEGIN X-----} and
 * {@code -----END X-----}, any text around the blocks ignored.
 *
 * <p>Private keys come in three shapes: PKCS#8 ({@code PRIVATE KEY}, what {@code openssl req
 * -newkey} and {@code genpkey} write), and the older algorithm-specific ones, PKCS#1
 * ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). The JDK reads only PKCS#8, so the
 * older two are wrapped into a PKCS#8 envelope, which just names the algorithm around them.
 */
final class Pem {
    static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...) and its decoded bytes. */
    record Block(String label, byte[] der) {
    }

    private Pem() {
    }

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) return out;
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) return out;
            String label = text.substring(begin + 11, labelEnd);
            String endLine = "-----END " + label + "-----";
            int end = text.indexOf(endLine, labelEnd);
            if (end < 0) throw new IllegalArgumentException("no " + endLine + " line");
            String body = text.substring(labelEnd + 5, end);
            out.add(new Block(label, Base64.getMimeDecoder().decode(body)));
            at = end + endLine.length();
        }
    }

    /** The blocks of a file; a file that cannot be read or has no PEM block is a usage error, as Ncat treats it. */
    static List<Block> read(Path file, String option) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw Failure.usage(option + " " + file + ": " + IoErrors.describe(e));
        }
        try {
            List<Block> blocks = blocks(text);
            if (blocks.isEmpty()) throw Failure.usage(option + " " + file + ": no PEM data in the file.");
            return blocks;
        } catch (IllegalArgumentException e) {
            throw Failure.usage(option + " " + file + ": not a valid PEM file (" + e.getMessage() + ").");
        }
    }

    /** Every {@code CERTIFICATE} block of the file, in order (a chain: the server's own first). */
    static List<X509Certificate> certificates(Path file, String option) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : read(file, option)) {
                if (!b.label().equals("CERTIFICATE") && !b.label().equals("TRUSTED CERTIFICATE")) continue;
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
            }
        } catch (GeneralSecurityException e) {
            throw Failure.usage(option + " " + file + ": not a valid certificate (" + e.getMessage() + ").");
        }
        if (certs.isEmpty()) throw Failure.usage(option + " " + file + ": no certificate in the file.");
        return certs;
    }

    /** The first private key of the file. */
    static PrivateKey privateKey(Path file, String option) {
        for (Block b : read(file, option)) {
            try {
                switch (b.label()) {
                    case "PRIVATE KEY": return pkcs8(b.der());
                    case "RSA PRIVATE KEY": return pkcs8(wrap(Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()), b.der()));
                    case "EC PRIVATE KEY": return pkcs8(wrap(Der.sequence(Der.oid(EC_PUBLIC_KEY), curveOf(b.der())), b.der()));
                    case "ENCRYPTED PRIVATE KEY":
                        throw Failure.usage(option + " " + file + ": the key is encrypted; jnc reads unencrypted keys only (openssl pkey -in KEY -out PLAIN).");
                    default:
                        // EC PARAMETERS, certificates and the like may share the file
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw Failure.usage(option + " " + file + ": not a valid private key (" + e.getMessage() + ").");
            }
        }
        throw Failure.usage(option + " " + file + ": no private key in the file.");
    }

    /**
     * PrivateKeyInfo (RFC 5208): SEQUENCE { version INTEGER 0, algorithm AlgorithmIdentifier,
     * privateKey OCTET STRING holding the algorithm's own key structure }.
     */
    static byte[] wrap(byte[] algorithmIdentifier, byte[] algorithmKey) {
        return Der.sequence(Der.integer(0), algorithmIdentifier, Der.octetString(algorithmKey));
    }

    /**
     * SEC1's ECPrivateKey is SEQUENCE { version 1, privateKey OCTET STRING, [0] curve OID, [1] public key };
     * the curve's OID, an element of its own, becomes the AlgorithmIdentifier's parameter.
     */
    private static byte[] curveOf(byte[] sec1) {
        for (Der.Element e : Der.read(sec1).children()) {
            if (e.tag() == 0xa0) return e.value();
        }
        throw new IllegalArgumentException("the EC key does not name its curve");
    }

    /** Reads PKCS#8, with the key factory of the algorithm its AlgorithmIdentifier names. */
    static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        List<Der.Element> fields = Der.read(der).children();
        if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE || fields.get(1).children().isEmpty()) {
            throw new IllegalArgumentException("not PKCS#8");
        }
        String oid = fields.get(1).children().getFirst().oid();
        String algorithm = switch (oid) {
            case RSA_ENCRYPTION -> "RSA";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            case EC_PUBLIC_KEY -> "EC";
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + oid);
        };
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
