package jnc.tls;

import java.security.GeneralSecurityException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Key and certificate files are read by hand-written PEM and DER code: whatever a file holds, it
 * fails with the intended exceptions only (IllegalArgumentException, which Pem turns into one
 * usage line, or the key factory's GeneralSecurityException).
 */
class PemDerProperties {
    @Provide
    Arbitrary<byte[]> der() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        // Valid outer shapes with random insides, so the readers get past the first element.
        Arbitrary<byte[]> shaped = raw.map(inside -> Der.sequence(Der.integer(0), Der.sequence(inside), Der.octetString(inside)));
        Arbitrary<byte[]> lengths = Arbitraries.of(
                new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0x30, (byte) 0x80}, new byte[] {0x30}, new byte[] {});
        return Arbitraries.oneOf(raw, shaped, lengths);
    }

    @net.jqwik.api.Example
    void aLengthNearTheIntLimitIsTruncatedDerNotAnOverflow() {
        byte[] der = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Der.read(der))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("truncated DER");
    }

    @Property(tries = 1000)
    void derReadsFailOnlyAsIntended(@ForAll("der") byte[] der) {
        try {
            Der.Element e = Der.read(der);
            for (Der.Element child : e.children()) {
                child.value();
                if (child.tag() == Der.OID) child.oid();
                if ((child.tag() & 0x20) != 0) child.children();
            }
        } catch (IllegalArgumentException intended) {
            // one usage line: "not a valid private key (...)"
        }
    }

    @Property(tries = 500)
    void pkcs8FailsOnlyAsIntended(@ForAll("der") byte[] der) {
        try {
            Pem.pkcs8(der);
        } catch (IllegalArgumentException | GeneralSecurityException intended) {
            // one usage line
        }
    }

    @Property(tries = 500)
    void pemBlocksFailOnlyAsIntended(@ForAll String text, @ForAll("der") byte[] body) {
        String pem = text + "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(body)
                + (body.length % 2 == 0 ? "\n-----END PRIVATE KEY-----\n" : "") + text;
        try {
            for (Pem.Block b : Pem.blocks(pem)) Pem.pkcs8(b.der());
        } catch (IllegalArgumentException | GeneralSecurityException intended) {
            // one usage line
        }
    }
}
