package jnc.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Properties of the framing over many random cases, each run from a fixed seed (so a failure
 * names the case that reproduces it): the UTF-8 check agrees with the JDK's strict decoder, fed
 * whole or in random pieces; masking in pieces equals masking whole; and whatever a client
 * writes, a server reads back byte for byte, however the network splits it.
 */
class FramingPropertiesTest {
    private static final int CASES = 2000;

    private static boolean jdkSaysUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Bytes that hit UTF-8's edges often: ASCII, lead bytes, continuation bytes, the invalid ones. */
    private static byte[] edgyBytes(Random r, int n) {
        int[] pool = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE,
            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : pool[r.nextInt(pool.length)]);
        return b;
    }

    @Test
    void utf8CheckAgreesWithTheJdkWholeAndInPieces() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            byte[] b = r.nextBoolean() ? edgyBytes(r, r.nextInt(12))
                    : new String(r.ints(r.nextInt(8), 0, 0x10FFFF).filter(c -> c < 0xD800 || c > 0xDFFF).toArray(), 0, 0)
                            .getBytes(StandardCharsets.UTF_8);
            boolean expected = jdkSaysUtf8(b);
            assertThat(Utf8Check.valid(b, 0, b.length)).as("seed %d", seed).isEqualTo(expected);
            Utf8Check pieces = new Utf8Check();
            boolean ok = true;
            for (int i = 0; i < b.length; ) {
                int n = 1 + r.nextInt(b.length - i);
                ok &= pieces.feed(b, i, n);
                i += n;
            }
            assertThat(ok && pieces.complete()).as("seed %d in pieces", seed).isEqualTo(expected);
        }
    }

    @Test
    void maskingInPiecesEqualsMaskingWhole() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            byte[] data = new byte[r.nextInt(100)];
            r.nextBytes(data);
            int key = r.nextInt();
            ByteBuffer whole = ByteBuffer.wrap(data.clone());
            Mask.apply(whole, 0, data.length, key, 0);
            ByteBuffer pieces = ByteBuffer.allocateDirect(data.length).put(data);
            for (int i = 0; i < data.length; ) {
                int n = 1 + r.nextInt(data.length - i);
                Mask.apply(pieces, i, n, key, i);
                i += n;
            }
            byte[] got = new byte[data.length];
            pieces.get(0, got);
            assertThat(got).as("seed %d", seed).isEqualTo(whole.array());
            byte[] k = ByteBuffer.allocate(4).putInt(key).array();
            for (int i = 0; i < data.length; i++) assertThat(whole.get(i)).isEqualTo((byte) (data[i] ^ k[i & 3]));
        }
    }

    /** Key byte {@code (phase + i) % 4} over byte {@code i}: RFC 6455 5.3 spelled out, the reference for {@link Mask}. */
    private static byte[] maskedByHand(byte[] data, int key, int phase) {
        byte[] k = ByteBuffer.allocate(4).putInt(key).array();
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) out[i] = (byte) (data[i] ^ k[(phase + i) & 3]);
        return out;
    }

    private static ByteBuffer buffer(Random r, int capacity) {
        return r.nextBoolean() ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
    }

    /**
     * {@link Mask} works on whole longs and hands heap and direct buffers to loops of their own:
     * each agrees with the byte-by-byte definition at any offset, length and phase, whatever the
     * buffer's position and limit (indices are absolute; the first version read only between them),
     * and a copy leaves its source as it was.
     */
    @Test
    void maskAgreesWithTheByteByByteDefinition() {
        for (int seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            byte[] data = new byte[r.nextInt(10) == 0 ? 300 + r.nextInt(70_000) : r.nextInt(300)];
            r.nextBytes(data);
            int key = r.nextInt();
            int phase = r.nextInt(4);
            byte[] expected = maskedByHand(data, key, phase);
            int from = r.nextInt(20);
            int capacity = from + data.length + r.nextInt(20);
            ByteBuffer buf = buffer(r, capacity).put(from, data);
            buf.limit(r.nextInt(capacity + 1)).position(r.nextInt(buf.limit() + 1)); // anywhere: the indices are absolute
            Mask.apply(buf, from, data.length, key, phase);
            byte[] got = new byte[data.length];
            buf.clear().get(from, got);
            assertThat(got).as("seed %d, apply", seed).isEqualTo(expected);

            ByteBuffer src = buffer(r, capacity).put(from, data);
            int to = r.nextInt(20);
            ByteBuffer dst = buffer(r, to + data.length + r.nextInt(20));
            src.limit(r.nextInt(capacity + 1));
            Mask.copy(src, from, dst, to, data.length, key, phase);
            dst.get(to, got);
            assertThat(got).as("seed %d, copy", seed).isEqualTo(expected);
            src.clear().get(from, got);
            assertThat(got).as("seed %d, the source after a copy", seed).isEqualTo(data);
        }
    }

    @Test
    void whatAClientWritesAServerReadsBack() throws IOException {
        for (int seed = 0; seed < 150; seed++) {
            Random r = new Random(seed);
            boolean lines = r.nextBoolean();
            MemoryEnd wire = new MemoryEnd(new byte[0], 1);
            WsEnd client = new WsEnd(wire, ByteBuffer.allocate(8).flip(), true, lines, 1 << 24, seed, "the server");
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            int writes = r.nextInt(6);
            for (int i = 0; i < writes; i++) {
                byte[] chunk;
                if (lines) {
                    // text with newlines, sometimes a line longer than a fragment
                    int len = r.nextInt(10) == 0 ? WsEnd.FRAGMENT + r.nextInt(3 * WsEnd.FRAGMENT) : r.nextInt(50);
                    StringBuilder sb = new StringBuilder();
                    while (sb.length() < len) sb.append(r.nextInt(8) == 0 ? "\n" : r.nextBoolean() ? "ä" : "z");
                    chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
                } else {
                    chunk = new byte[r.nextInt(10) == 0 ? 300_000 : r.nextInt(200)];
                    r.nextBytes(chunk);
                }
                // the relay hands over direct buffers, a line-minded service heap ones: the writer
                // masks a copy, so the caller's bytes stay as they were (a broker sends them on to others)
                ByteBuffer src = r.nextBoolean() ? ByteBuffer.wrap(chunk.clone()) : ByteBuffer.allocateDirect(chunk.length).put(chunk).flip();
                client.write(src);
                assertThat(src.rewind()).as("seed %d: what was written is unchanged", seed).isEqualTo(ByteBuffer.wrap(chunk));
                sent.writeBytes(chunk);
            }
            client.shutdownOutput();
            byte[] expected = sent.toByteArray();
            if (lines && expected.length > 0 && expected[expected.length - 1] != '\n') {
                expected = java.util.Arrays.copyOf(expected, expected.length + 1); // the last line is read with its newline
                expected[expected.length - 1] = '\n';
            }
            MemoryEnd toServer = new MemoryEnd(wire.written.toByteArray(), 1 + r.nextInt(70_000));
            WsEnd server = new WsEnd(toServer, ByteBuffer.allocate(14 + r.nextInt(4096)).flip(), false, lines, 1 << 24, 1, "the client");
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = buffer(r, r.nextInt(4) == 0 ? 16 * 1024 + r.nextInt(100_000) : 1 + r.nextInt(10_000)); // big ones are read into directly
            while (server.read(buf) >= 0) {
                buf.flip();
                byte[] b = new byte[buf.remaining()];
                buf.get(b);
                got.writeBytes(b);
                buf.clear();
            }
            assertThat(got.toByteArray()).as("seed %d", seed).isEqualTo(expected);
        }
    }
}
