package jnc.net.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import jnc.base.Failure;

/**
 * Whatever a hostile proxy answers, the handshakes end in one of their intended ways: success, a
 * {@link Failure} (one line, exit 1) or an {@link IOException} (the proxy closed the connection);
 * never another exception, and never a line with a control character in it. Checked over many
 * random replies, each from its own seed (named in a failure, so it replays), after the edge cases:
 * no reply, one-byte, all-zero and all-0xFF pieces, each good start alone and followed by junk.
 */
class ProxyRepliesPropertiesTest {
    static final Destination TARGET = Destination.ofAddress(InetAddress.ofLiteral("192.0.2.7"), 8080);
    private static final int CASES = 3000;
    private static final int MAX_PIECE = 64;
    private static final int MAX_PIECES = 12;
    /** Replies that start well, so the parsers get past their first check. */
    private static final byte[][] LIKELY = {new byte[] {5, 0}, new byte[] {5, 2}, new byte[] {1, 0}, new byte[] {5, 0, 0, 3},
        new byte[] {0, 90}, "HTTP/1.1 200 OK\r\n".getBytes(), "HTTP/1.0 403 ".getBytes(), "\r\n".getBytes(), "\n".getBytes()};

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** The pieces are never empty: a read of nothing would be a closed connection, which the wire says itself. */
    private static List<List<byte[]>> edgeCases() {
        List<List<byte[]>> cases = new ArrayList<>();
        cases.add(List.of());
        for (int n : new int[] {1, MAX_PIECE}) {
            cases.add(List.of(filled(n, 0)));
            cases.add(List.of(filled(n, 0xff)));
        }
        List<byte[]> zeros = new ArrayList<>();
        List<byte[]> ones = new ArrayList<>();
        List<byte[]> lineEnds = new ArrayList<>();
        for (int i = 0; i < MAX_PIECES; i++) {
            zeros.add(filled(MAX_PIECE, 0));
            ones.add(filled(MAX_PIECE, 0xff));
            lineEnds.add("\r\n".getBytes());
        }
        cases.add(zeros);
        cases.add(ones);
        cases.add(lineEnds);
        for (byte[] start : LIKELY) {
            cases.add(List.of(start));
            cases.add(List.of(start, filled(MAX_PIECE, 0)));
            cases.add(List.of(start, filled(MAX_PIECE, 0xff)));
        }
        return cases;
    }

    /** Up to twelve pieces, each random bytes (1 to 64) or one of the good starts. */
    private static List<byte[]> randomReply(Random r) {
        List<byte[]> pieces = new ArrayList<>();
        int n = r.nextInt(MAX_PIECES + 1);
        for (int i = 0; i < n; i++) {
            if (r.nextBoolean()) {
                byte[] piece = new byte[1 + r.nextInt(MAX_PIECE)];
                r.nextBytes(piece);
                pieces.add(piece);
            } else {
                pieces.add(LIKELY[r.nextInt(LIKELY.length)]);
            }
        }
        return pieces;
    }

    interface Property {
        void check(List<byte[]> reply);
    }

    private static void forAllReplies(int cases, Property p) {
        List<List<byte[]>> edges = edgeCases();
        for (int i = 0; i < edges.size(); i++) checkOne(p, edges.get(i), "edge case " + i);
        for (int seed = 0; seed < cases; seed++) checkOne(p, randomReply(new Random(seed)), "seed " + seed);
    }

    private static void checkOne(Property p, List<byte[]> reply, String which) {
        try {
            p.check(reply);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(which + ": " + reply.stream().map(Arrays::toString).toList(), e);
        }
    }

    @Test
    void socks5() {
        forAllReplies(CASES, reply -> {
            survives(() -> Socks5.handshake(wire(reply), TARGET, "user:pass"));
            survives(() -> Socks5.handshake(wire(reply), Destination.ofName("example.org", 443), null));
        });
    }

    @Test
    void socks4() {
        forAllReplies(CASES, reply -> survives(() -> Socks4.handshake(wire(reply), TARGET, "joe")));
    }

    @Test
    void httpConnect() {
        forAllReplies(CASES, reply -> survives(() -> HttpConnect.handshake(wire(reply), TARGET, null, false)));
    }

    @Test
    void httpHeadsOfAnyLengthStayBounded() {
        forAllReplies(CASES, reply -> survives(() -> HttpConnect.readHead(wire(reply), line -> { })));
    }

    interface Handshake {
        void run() throws IOException;
    }

    static void survives(Handshake h) {
        try {
            h.run();
        } catch (Failure f) {
            assertThat(f.getMessage()).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]"); // a tab may stay
        } catch (IOException closed) {
            // the proxy closed the connection mid-reply: reported by the caller in one line
        }
    }

    static ScriptedWire wire(List<byte[]> pieces) {
        return new ScriptedWire(new ArrayList<>(pieces).toArray(new byte[0][]));
    }
}
