package jnc.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Key and certificate files are read by hand-written PEM and DER code: whatever a file holds, it
 * fails with the intended exceptions only (IllegalArgumentException, which Pem turns into one
 * usage line, or the key factory's GeneralSecurityException). Checked over many random inputs,
 * each from its own seed (named in a failure, so it replays), after the edge cases: empty,
 * all-zero and all-0xFF bodies, lengths at the int limit, an indefinite length, a lone tag.
 */
class PemDerPropertiesTest {
    private static final int DER_CASES = 5000;
    private static final int KEY_CASES = 3000;
    private static final int MAX_DER = 200;
    /** Lengths that broke hand-written DER readers elsewhere: near and past the int limit, indefinite, missing. */
    private static final byte[][] LENGTHS = {
        {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {0x30, (byte) 0x80}, {0x30}, {}};

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A valid outer shape with the given insides, so the readers get past the first element. */
    private static byte[] shaped(byte[] inside) {
        return Der.sequence(Der.integer(0), Der.sequence(inside), Der.octetString(inside));
    }

    private static List<byte[]> edgeDer() {
        List<byte[]> cases = new ArrayList<>(Arrays.asList(LENGTHS));
        for (int n : new int[] {0, 1, MAX_DER}) {
            for (byte[] inside : new byte[][] {filled(n, 0), filled(n, 0xff)}) {
                cases.add(inside);
                cases.add(shaped(inside));
            }
        }
        return cases;
    }

    /** Random bytes (up to 200), the same inside a valid outer shape, or one of the troublesome lengths. */
    private static byte[] randomDer(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> randomBytes(r);
            case 1 -> shaped(randomBytes(r));
            default -> LENGTHS[r.nextInt(LENGTHS.length)];
        };
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(MAX_DER + 1)];
        r.nextBytes(b);
        return b;
    }

    /** Up to 20 characters around a PEM block: ASCII often (dashes, line ends), any char else. */
    private static String randomText(Random r) {
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(21);
        for (int i = 0; i < len; i++) {
            sb.append(switch (r.nextInt(4)) {
                case 0 -> (char) r.nextInt(0x10000);
                case 1 -> "-\n\r =".charAt(r.nextInt(5));
                default -> (char) r.nextInt(0x80);
            });
        }
        return sb.toString();
    }

    interface Check {
        void run() throws Exception;
    }

    /** Runs one case; anything but an assertion's own failure is reported with the case that made it. */
    private static void named(String which, byte[] input, Check c) {
        try {
            c.run();
        } catch (Exception | AssertionError e) {
            throw new AssertionError(which + ": " + Arrays.toString(input), e);
        }
    }

    @Test
    void aLengthNearTheIntLimitIsTruncatedDerNotAnOverflow() {
        byte[] der = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
        assertThatThrownBy(() -> Der.read(der)).isInstanceOf(IllegalArgumentException.class).hasMessage("truncated DER");
    }

    @Test
    void derReadsFailOnlyAsIntended() {
        List<byte[]> edges = edgeDer();
        for (int i = 0; i < edges.size(); i++) derRead(edges.get(i), "edge case " + i);
        for (int seed = 0; seed < DER_CASES; seed++) derRead(randomDer(new Random(seed)), "seed " + seed);
    }

    private static void derRead(byte[] der, String which) {
        named(which, der, () -> {
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
        });
    }

    @Test
    void pkcs8FailsOnlyAsIntended() {
        List<byte[]> edges = edgeDer();
        for (int i = 0; i < edges.size(); i++) pkcs8(edges.get(i), "edge case " + i);
        for (int seed = 0; seed < KEY_CASES; seed++) pkcs8(randomDer(new Random(seed)), "seed " + seed);
    }

    private static void pkcs8(byte[] der, String which) {
        named(which, der, () -> {
            try {
                Pem.pkcs8(der);
            } catch (IllegalArgumentException | GeneralSecurityException intended) {
                // one usage line
            }
        });
    }

    @Test
    void pemBlocksFailOnlyAsIntended() {
        List<byte[]> edges = edgeDer();
        for (int i = 0; i < edges.size(); i++) {
            pemBlocks("", edges.get(i), "edge case " + i);
            pemBlocks("-----END PRIVATE KEY-----\n", edges.get(i), "edge case " + i + " after an END line");
        }
        for (int seed = 0; seed < KEY_CASES; seed++) {
            Random r = new Random(seed);
            pemBlocks(randomText(r), randomDer(r), "seed " + seed);
        }
    }

    /** The body between text; an odd-length body leaves its END line out, so some blocks never end. */
    private static void pemBlocks(String text, byte[] body, String which) {
        String pem = text + "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(body)
                + (body.length % 2 == 0 ? "\n-----END PRIVATE KEY-----\n" : "") + text;
        named(which, body, () -> {
            try {
                for (Pem.Block b : Pem.blocks(pem)) Pem.pkcs8(b.der());
            } catch (IllegalArgumentException | GeneralSecurityException intended) {
                // one usage line
            }
        });
    }
}
