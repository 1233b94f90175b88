package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10: in {@code --chat} and {@code --broker}, a member that reads slowly must not starve the
 * members that read. A flooder fills the room, a member reads a trickle (512 bytes every 500 ms,
 * from a small socket buffer), and a well-behaved pair does round trips: one says a line, the other
 * must hear it. Before, the room held every sender back for the trickling member as long as its
 * socket took something every 5 s, so the pair's first line never arrived (not in 11 minutes). Now the pair goes
 * through, and the trickling member, whose queue fills, is disconnected with a {@code -v} line.
 */
class RoomFairnessE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    @ParameterizedTest
    @ValueSource(strings = {"--chat", "--broker"})
    @Timeout(150)
    void aSlowReaderDoesNotStarveAPairThatReads(String mode) throws Exception {
        try (Proc server = Proc.jnc("-v", mode, "127.0.0.1", "0").stdinNull().start();
             Socket slow = new Socket(); Socket flooder = new Socket(); Socket a = new Socket(); Socket b = new Socket()) {
            int port = server.awaitListeningPort();
            slow.setReceiveBufferSize(4096);
            for (Socket s : new Socket[] {slow, flooder, a, b}) s.connect(new InetSocketAddress(LO, port), 10_000);
            b.setSoTimeout(30_000);
            Thread trickle = Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[512];
                try (InputStream in = slow.getInputStream()) {
                    while (in.read(buf) > 0) Thread.sleep(500);
                } catch (IOException | InterruptedException ended) {
                    // disconnected, or the test is over
                }
            });
            Thread flood = Thread.ofPlatform().daemon().start(() -> {
                byte[] chunk = new byte[1 << 16];
                Arrays.fill(chunk, (byte) 'x');
                for (int i = 1023; i < chunk.length; i += 1024) chunk[i] = '\n'; // chat lines of 1 KiB
                try (OutputStream out = flooder.getOutputStream()) {
                    while (true) out.write(chunk);
                } catch (IOException ended) {
                    // the test is over
                }
            });
            Thread drainFlooder = Thread.ofPlatform().daemon().start(() -> drain(flooder));
            Thread drainA = Thread.ofPlatform().daemon().start(() -> drain(a)); // the pair reads what it is sent
            Proc.sleep(1000); // the flood is under way, the slow member behind

            OutputStream says = a.getOutputStream();
            InputStream hears = b.getInputStream();
            byte[] buf = new byte[1 << 16];
            StringBuilder heard = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String line = "ping " + i + "\n";
                says.write(line.getBytes(StandardCharsets.US_ASCII));
                long deadline = System.nanoTime() + 30_000_000_000L; // a line not heard by then was held back
                while (heard.indexOf(line) < 0) {
                    int n;
                    try {
                        if (System.nanoTime() > deadline) throw new SocketTimeoutException();
                        n = hears.read(buf);
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("round trip " + i + " of the pair did not arrive within 30 s", e);
                    }
                    assertThat(n).as("the reading member's connection ended at round trip %d", i).isPositive();
                    heard.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    if (heard.length() > 1 << 16) heard.delete(0, heard.length() - 64);
                }
            }
            server.awaitStderr("\\(127\\.0\\.0\\.1:" + slow.getLocalPort() + "\\) takes too little: disconnected, \\d+ bytes behind", T);
            trickle.interrupt();
            flood.interrupt();
            drainFlooder.interrupt();
            drainA.interrupt();
        }
    }

    private static void drain(Socket s) {
        byte[] b = new byte[1 << 16];
        try (InputStream in = s.getInputStream()) {
            while (in.read(b) > 0) {
                // the flooder reads what the others say: only the slow member is slow
            }
        } catch (IOException ended) {
            // the test is over
        }
    }
}
