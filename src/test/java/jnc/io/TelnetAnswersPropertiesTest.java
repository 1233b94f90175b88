package jnc.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@code -t} reads every byte a Telnet peer sends: whatever they are and however they are split
 * into reads, it answers with whole three-byte refusals and never throws. Checked over many random
 * cases, each from its own seed (named in a failure, so it replays), after the edge cases: no read,
 * empty reads, all-zero and all-0xFF reads, commands split at every byte.
 */
class TelnetAnswersPropertiesTest {
    private static final int CASES = 5000;
    private static final int MAX_READ = 40;
    private static final int MAX_READS = 8;
    private static final byte IAC = (byte) 255;
    private static final byte[] VERBS = {(byte) 251, (byte) 252, (byte) 253, (byte) 254};

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static List<List<byte[]>> edgeCases() {
        List<List<byte[]>> cases = new ArrayList<>();
        cases.add(List.of());
        cases.add(List.of(new byte[0]));
        for (int n : new int[] {1, 2, 3, MAX_READ}) {
            cases.add(List.of(filled(n, 0)));
            cases.add(List.of(filled(n, 0xff)));
        }
        List<byte[]> full = new ArrayList<>();
        for (int i = 0; i < MAX_READS; i++) full.add(filled(MAX_READ, 0xff));
        cases.add(full);
        // Every verb with an option, whole and split after each of its bytes.
        for (byte verb : VERBS) {
            cases.add(List.of(new byte[] {IAC, verb, 1}));
            cases.add(List.of(new byte[] {IAC}, new byte[] {verb}, new byte[] {1}));
            cases.add(List.of(new byte[] {IAC, verb}, new byte[] {IAC}));
            cases.add(List.of(new byte[] {IAC}, new byte[] {verb, IAC, verb}, new byte[] {IAC}));
        }
        return cases;
    }

    /** Up to eight reads of up to 40 bytes; most bytes are IAC or a verb, so commands (and split ones) are common. */
    private static List<byte[]> randomReads(Random r) {
        List<byte[]> reads = new ArrayList<>();
        int n = r.nextInt(MAX_READS + 1);
        for (int i = 0; i < n; i++) {
            byte[] read = new byte[r.nextInt(MAX_READ + 1)];
            for (int k = 0; k < read.length; k++) {
                int pick = r.nextInt(10); // weights as before: 3 IAC, 3 a verb, 4 any byte
                read[k] = pick < 3 ? IAC : pick < 6 ? VERBS[r.nextInt(VERBS.length)] : (byte) r.nextInt(256);
            }
            reads.add(read);
        }
        return reads;
    }

    @Test
    void answersAreWholeRefusals() {
        List<List<byte[]>> edges = edgeCases();
        for (int i = 0; i < edges.size(); i++) check(edges.get(i), "edge case " + i);
        for (int seed = 0; seed < CASES; seed++) check(randomReads(new Random(seed)), "seed " + seed);
    }

    private static void check(List<byte[]> reads, String which) {
        TelnetAnswers t = new TelnetAnswers();
        for (byte[] read : reads) {
            ByteBuffer data = ByteBuffer.wrap(read);
            ByteBuffer out;
            try {
                out = t.answers(data);
            } catch (RuntimeException e) {
                throw new AssertionError(which + ": answers threw", e);
            }
            assertThat(data.position()).as("%s: the data itself is not consumed", which).isZero();
            if (out == null) continue;
            assertThat(out.remaining() % 3).as(which).isZero();
            for (int i = out.position(); i < out.limit(); i += 3) {
                assertThat(out.get(i) & 0xff).as(which).isEqualTo(TelnetAnswers.IAC);
                assertThat(out.get(i + 1) & 0xff).as(which).isIn(TelnetAnswers.WONT, TelnetAnswers.DONT);
            }
        }
    }
}
