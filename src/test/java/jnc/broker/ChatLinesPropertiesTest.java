package jnc.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jnc.base.Printable;

/**
 * What one chat client sends, as any bytes in any reads, becomes lines the others can print safely:
 * valid UTF-8, each line with its sender's name, no control character but tab, no bidi control.
 * Checked over many random cases, each from its own seed (named in a failure, so it replays), after
 * the edge cases: no read, empty reads, all-zero and all-0xFF reads, the longest reads.
 */
class ChatLinesPropertiesTest {
    private static final int CASES = 3000;
    private static final int MAX_READ = 300;
    private static final int MAX_READS = 6;
    /** Characters at the edges of what ChatLines must clean: controls, line ends, bidi controls, the range's ends. */
    private static final char[] EDGY = {0, '\t', '\n', '\r', 0x1b, ' ', 'a', 0x7f, 0x80, 0x9f, 0xa0, 0xad, 0x200b, 0x200e,
        0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0x2100};
    private static final String[] REPEATED = {"\u20ac", "x", "\u202e"};

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] longRead(String s) {
        return s.repeat(2000).getBytes(StandardCharsets.UTF_8);
    }

    private static List<List<byte[]>> edgeCases() {
        List<List<byte[]>> cases = new ArrayList<>();
        cases.add(List.of());
        cases.add(List.of(new byte[0]));
        cases.add(List.of(new byte[0], new byte[0], new byte[0], new byte[0], new byte[0], new byte[0]));
        for (int n : new int[] {1, MAX_READ}) {
            cases.add(List.of(filled(n, 0)));
            cases.add(List.of(filled(n, 0xff)));
            cases.add(List.of(filled(n, '\n')));
        }
        cases.add(List.of(filled(MAX_READ, 0), filled(MAX_READ, 0xff), filled(MAX_READ, 0), filled(MAX_READ, 0xff),
                filled(MAX_READ, 0), filled(MAX_READ, 0xff)));
        for (String s : REPEATED) cases.add(List.of(longRead(s)));
        cases.add(List.of(longRead("\u20ac"), longRead("x"), longRead("\u202e"), longRead("\u20ac"), longRead("x"), longRead("\u202e")));
        cases.add(List.of(new String(EDGY).getBytes(StandardCharsets.UTF_8)));
        return cases;
    }

    /** Up to six reads, each text (U+0000..U+2100, often an edge character), raw bytes, or a long run of one character. */
    private static List<byte[]> randomReads(Random r) {
        List<byte[]> reads = new ArrayList<>();
        int n = r.nextInt(MAX_READS + 1);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    StringBuilder sb = new StringBuilder();
                    int len = r.nextInt(MAX_READ + 1);
                    for (int k = 0; k < len; k++) sb.append(r.nextInt(4) == 0 ? EDGY[r.nextInt(EDGY.length)] : (char) r.nextInt(0x2101));
                    reads.add(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
                case 1 -> {
                    byte[] raw = new byte[r.nextInt(MAX_READ + 1)];
                    r.nextBytes(raw);
                    reads.add(raw);
                }
                default -> reads.add(longRead(REPEATED[r.nextInt(REPEATED.length)]));
            }
        }
        return reads;
    }

    @Test
    void everyLineIsNamedPrintableUtf8() throws Exception {
        List<List<byte[]>> edges = edgeCases();
        for (int i = 0; i < edges.size(); i++) check(edges.get(i), "edge case " + i);
        for (int seed = 0; seed < CASES; seed++) check(randomReads(new Random(seed)), "seed " + seed);
    }

    private static void check(List<byte[]> reads, String which) throws Exception {
        ChatLines lines = new ChatLines(7);
        StringBuilder all = new StringBuilder();
        for (byte[] read : reads) {
            lines.take(read, 0, read.length);
            if (lines.hasOutput()) all.append(strictUtf8(lines.drain(), which));
        }
        lines.finish();
        if (lines.hasOutput()) all.append(strictUtf8(lines.drain(), which));
        String out = all.toString();
        if (out.isEmpty()) return;
        assertThat(out).as(which).endsWith("\n");
        for (String line : out.substring(0, out.length() - 1).split("\n", -1)) {
            assertThat(line).as(which).startsWith("<user7> ");
            // One assertion per line, not per character: the long reads make many characters.
            int bad = line.chars().filter(c -> c != '\t' && Printable.unsafe((char) c)).findFirst().orElse(-1);
            assertThat(bad).as("%s: U+%04X in %s", which, bad, line).isEqualTo(-1);
        }
    }

    private static String strictUtf8(byte[] b, String which) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError(which + ": the chat output is not valid UTF-8", e);
        }
    }
}
