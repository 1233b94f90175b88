package jnc.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The framing of {@code --code}'s messages, what a peer (or a prober) sends before any proof:
 * random bodies either decode into the items asked for or fail with an IOException, never another
 * exception; what we encode decodes back. And the codes it makes.
 */
class ProofFramingPropertiesTest {
    @Test
    void randomBodiesDecodeOrFailWithOneIoException() {
        for (int seed = 0; seed < 3000; seed++) {
            Random r = new Random(seed);
            byte[] body = new byte[r.nextInt(64)];
            r.nextBytes(body);
            int count = 1 + r.nextInt(7);
            try {
                List<byte[]> items = Proof.decode(ByteBuffer.wrap(body), count);
                assertThat(items).as("seed %d", seed).hasSize(count);
            } catch (IOException expected) {
                assertThat(expected.getMessage()).as("seed %d", seed).contains("--code");
            }
        }
    }

    @Test
    void whatIsEncodedDecodesBack() throws IOException {
        Random r = new Random(42);
        for (int round = 0; round < 200; round++) {
            int count = 1 + r.nextInt(7);
            byte[][] items = new byte[count][];
            for (int i = 0; i < count; i++) {
                items[i] = new byte[r.nextInt(Proof.MAX_MESSAGE / 8)];
                r.nextBytes(items[i]);
            }
            ByteBuffer wire = ByteBuffer.wrap(Proof.encode(List.of(items)));
            int size = Short.toUnsignedInt(wire.getShort());
            assertThat(size).isEqualTo(wire.remaining());
            List<byte[]> back = Proof.decode(wire, count);
            for (int i = 0; i < count; i++) assertThat(back.get(i)).isEqualTo(items[i]);
        }
    }

    @Test
    void codesAreANumberAndTwoWordsAndVary() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String code = Codes.make(random);
            assertThat(code).matches("[0-9]{1,3}-[a-z]+-[a-z]+");
            seen.add(code);
        }
        assertThat(seen.size()).isGreaterThan(45);
        assertThat(Words.ENGLISH).hasSize(256).doesNotHaveDuplicates();
        assertThat(Words.GERMAN).hasSize(256).doesNotHaveDuplicates();
        assertThat(Codes.normalize(" 7-Apfel-TISCH\n")).isEqualTo("7-apfel-tisch");
    }
}
