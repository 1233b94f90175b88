package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jnc.ws.Frames;

/**
 * Autobahn-style cases against the two ways {@code jnc -l -k --ws --echo} serves: the selector
 * loop (jnc.ws.WsEchoLoop) and, with {@code -i}, a virtual thread per client over jnc.ws.WsEnd.
 * Raw frames over a socket, so each case says exactly which bytes the server sees.
 */
@Timeout(60)
class WsEchoAutobahnE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    /** A raw WebSocket client: sends frames, reads the server's (unmasked) frames. */
    private static final class Raw implements AutoCloseable {
        final Socket s;
        final OutputStream out;
        final DataInputStream in;

        Raw(int port) throws IOException {
            s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.setSoTimeout(20_000);
            out = s.getOutputStream();
            in = new DataInputStream(s.getInputStream());
            out.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }

        static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) throw new EOFException(b.toString(StandardCharsets.ISO_8859_1));
                b.write(c);
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        /** The next frame: opcode and fin in [0], payload after. */
        record Frame(int op, boolean fin, byte[] payload) {
            String text() {
                return new String(payload, StandardCharsets.UTF_8);
            }

            int closeCode() {
                return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF) : 1005;
            }
        }

        Frame next() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertThat(b1 & 0x80).as("a server never masks").isZero();
            long len = b1 & 0x7F;
            if (len == 126) len = in.readUnsignedShort();
            else if (len == 127) len = in.readLong();
            byte[] p = new byte[(int) len];
            in.readFully(p);
            return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, p);
        }

        /** A whole message: fragments joined, control frames between them skipped (pongs) or returned (close). */
        Frame message() throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int op = -1;
            while (true) {
                Frame f = next();
                if (f.op() == 8) return f;
                if (f.op() >= 8) continue;
                if (op < 0) op = f.op();
                all.writeBytes(f.payload());
                if (f.fin()) return new Frame(op, true, all.toByteArray());
            }
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    /** The loop, or with {@code -i} a thread per client; {@code --ws-max-msg 100000} for the 1009 case. */
    private static Proc server(String way) {
        return way.equals("loop") ? Proc.jnc("-v", "-l", "-k", "--ws", "--echo", "--ws-max-msg", "100000", "127.0.0.1", "0").stdinNull().start()
                : Proc.jnc("-v", "-l", "-k", "--ws", "--echo", "--ws-max-msg", "100000", "-i", "60s", "127.0.0.1", "0").stdinNull().start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"loop", "thread"})
    void fragmentsPingsAndTheCloseHandshake(String way) throws Exception {
        try (Proc server = server(way); Raw c = new Raw(server.awaitListeningPort())) {
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
            c.out.write(new Frames()
                    .masked(true, 1, "hello")
                    .masked(false, 1, new byte[] {'a', euro[0]})
                    .masked(true, 9, "ping")
                    .masked(false, 0, new byte[] {euro[1]})
                    .masked(true, 0, new byte[] {euro[2], 'b'})
                    .masked(true, 2, new byte[] {0, 1, 2, (byte) 0xFF})
                    .bytes());
            Raw.Frame pong = null;
            Raw.Frame first = c.message();
            assertThat(first.text()).isEqualTo("hello");
            // the pong comes before the end of the fragmented message, or between its echoed pieces
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            while (true) {
                Raw.Frame f = c.next();
                if (f.op() == 10) {
                    pong = f;
                    continue;
                }
                text.writeBytes(f.payload());
                if (f.fin()) break;
            }
            assertThat(pong).isNotNull();
            assertThat(pong.text()).isEqualTo("ping");
            assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("a€b");
            Raw.Frame bin = c.message();
            assertThat(bin.op()).isEqualTo(2);
            assertThat(bin.payload()).containsExactly(0, 1, 2, 0xFF);
            c.out.write(new Frames().close(1000).bytes());
            Raw.Frame close = c.message();
            assertThat(close.op()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(c.in.read()).isEqualTo(-1); // and the server closes the connection
        }
    }

    /**
     * A binary message bigger than the loop's buffer comes back as one message, echoed in pieces,
     * one of them a whole buffer (65,536 bytes: a 64-bit length). A thread per client (with
     * {@code --binary}) echoes it as the messages its reads make; the bytes are the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"loop", "thread"})
    void aBigMessageComesBack(String way) throws Exception {
        byte[] big = new byte[99_000];
        new java.util.Random(7).nextBytes(big);
        try (Proc server = way.equals("loop") ? server(way)
                : Proc.jnc("-v", "-l", "-k", "--ws", "--binary", "--echo", "-i", "60s", "127.0.0.1", "0").stdinNull().start();
             Raw c = new Raw(server.awaitListeningPort())) {
            c.out.write(new Frames().masked(true, 2, big).bytes());
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int messages = 0;
            while (got.size() < big.length) {
                got.writeBytes(c.message().payload());
                messages++;
            }
            assertThat(got.toByteArray()).isEqualTo(big);
            if (way.equals("loop")) assertThat(messages).isEqualTo(1);
        }
    }

    private static void closedWith(String way, byte[] frames, int code) throws Exception {
        try (Proc server = server(way); Raw c = new Raw(server.awaitListeningPort())) {
            c.out.write(frames);
            Raw.Frame f = c.message();
            while (f.op() != 8) f = c.message(); // echoes of what came before the broken frame
            assertThat(f.closeCode()).isEqualTo(code);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"loop", "thread"})
    void brokenFramesAreClosedWithTheirCodes(String way) throws Exception {
        closedWith(way, new Frames().masked(true, 1, new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF}).bytes(), 1007);
        closedWith(way, new Frames().frame(true, 0, 1, "x".getBytes(), null).bytes(), 1002);
        closedWith(way, new Frames().masked(true, 1, "fine").frame(true, 2, 1, "x".getBytes(), 5).bytes(), 1002);
        closedWith(way, new Frames().masked(true, 0, "x").bytes(), 1002);
        closedWith(way, new Frames().masked(true, 9, new byte[126]).bytes(), 1002);
        closedWith(way, new Frames().close(1005).bytes(), 1002);
        closedWith(way, new Frames().masked(false, 2, new byte[60_000]).masked(true, 0, new byte[60_000]).bytes(), 1009);
    }

    @ParameterizedTest
    @ValueSource(strings = {"loop", "thread"})
    void aPlainClientGets400(String way) throws Exception {
        try (Proc server = server(way); Socket s = new Socket(InetAddress.getLoopbackAddress(), server.awaitListeningPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    /**
     * Out of descriptors, a failed accept leaves the client in the backlog and the listener ready:
     * the WebSocket echo loop accepted again at once, for ever (68,842 error lines in 1.5 s, a core
     * spinning). Accepting now pauses briefly after an error (the plain echo loop's rule, now shared),
     * and once the burst is gone a client is served again.
     */
    @org.junit.jupiter.api.Test
    void runningOutOfDescriptorsPausesAcceptingAndServesOnAfterwards() throws Exception {
        try (Proc server = Proc.sh("ulimit -n 80; exec " + Proc.LAUNCHER + " -v -l -k --ws --echo -m 1000 127.0.0.1 0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            java.util.List<Socket> burst = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 150; i++) {
                    try {
                        burst.add(new Socket(InetAddress.getLoopbackAddress(), port));
                    } catch (IOException e) {
                        break; // the backlog is full: enough of a burst
                    }
                }
                Proc.sleep(1500);
            } finally {
                for (Socket b : burst) b.close();
            }
            long errors = server.stderr().lines().filter(l -> l.contains("Too many open files")).count();
            assertThat(errors).as("accept errors while out of descriptors").isPositive().isLessThan(1000);
            long end = System.nanoTime() + T.toNanos();
            String echoed = null;
            while (echoed == null && System.nanoTime() < end) {
                try (Raw c = new Raw(port)) {
                    c.out.write(new Frames().masked(true, 1, "after the burst").bytes());
                    echoed = c.message().text();
                } catch (IOException e) {
                    Proc.sleep(200);
                }
            }
            assertThat(echoed).isEqualTo("after the burst");
        }
    }
}
