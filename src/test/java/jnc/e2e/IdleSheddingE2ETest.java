package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's "never refused": when every {@code -m} place is taken, a newcomer gets the place of the
 * peer that has moved no data either way for longest, once that is over the stated idle time
 * ({@code IDLE}, README "Memory and limits"); a peer that moves data keeps its place, and with no
 * peer idle that long the newcomer is refused as before. One rule at the one door, so the event
 * loop ({@code --echo}) and the thread-per-peer services ({@code -c cat}, {@code --ssl}) alike.
 */
@Timeout(120)
class IdleSheddingE2ETest {
    static final Duration T = Duration.ofSeconds(30);
    /** A little over the door's idle time (jnc.door.Shedding.IDLE_MILLIS). */
    static final long IDLE_PLUS_MILLIS = 5_000 + 1_500;

    static Socket connect(int port) throws IOException {
        return Peers.connectLoopback(port, 30_000);
    }

    /** Everything the peer sends until its end, or what came before a reset. */
    static String readToEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0) got.append((char) b);
        } catch (SocketException e) {
            // a reset ends it too
        }
        return got.toString();
    }

    /**
     * Two peers fill {@code -m 2}: one connects and never sends a byte (stuck), one talks, reads its
     * answer and falls silent (idle, as a person or Ncat's suite's clients are). A third comes after
     * the idle time: it takes the stuck peer's place; the silent talker keeps its own.
     */
    private static void newcomerTakesTheIdlestPlace(Proc server, int port) throws Exception {
        try (Socket first = connect(port); Socket second = connect(port)) {
            server.awaitStderr("Connection from 127\\.0\\.0\\.1 \\d+ received!", T);
            assertThat(ServicesE2ETest.exchange(second, "second\n")).isEqualTo("second\n");
            Proc.sleep(IDLE_PLUS_MILLIS);
            try (Socket third = connect(port)) {
                assertThat(ServicesE2ETest.exchange(third, "third\n")).isEqualTo("third\n");
            }
            server.awaitStderr("shed: no data either way for \\d+ s and all 2 places taken", T);
            // first never spoke: its connection ends; second keeps its place and is still served.
            assertThat(readToEnd(first)).isEmpty();
            assertThat(ServicesE2ETest.exchange(second, "still here\n")).isEqualTo("still here\n");
        }
    }

    /** Ncat's -m, as its suite checks it: clients that spoke and fell silent keep their places past the idle time. */
    @Test
    void silentClientsThatSpokeKeepTheirPlaces() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "-m", "1", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket spoke = connect(port)) {
                assertThat(ServicesE2ETest.exchange(spoke, "hi\n")).isEqualTo("hi\n");
                Proc.sleep(IDLE_PLUS_MILLIS);
                try (Socket newcomer = connect(port)) {
                    newcomer.setSoTimeout(20_000);
                    assertThat(readToEnd(newcomer)).isEmpty();
                }
                server.awaitStderr("refused: connection limit \\(1\\) reached\\.", T);
                assertThat(ServicesE2ETest.exchange(spoke, "still\n")).isEqualTo("still\n");
                assertThat(server.stderr()).doesNotContain("shed:");
            }
        }
    }

    @Test
    void theEchoLoopGivesAnIdlePeersPlaceToANewcomer() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "-m", "2", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            newcomerTakesTheIdlestPlace(server, server.awaitListeningPort());
        }
    }

    @Test
    void aCommandsIdlePeerGivesItsPlaceToANewcomer() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "-m", "2", "-c", "cat", "127.0.0.1", "0").stdinNull().start()) {
            newcomerTakesTheIdlestPlace(server, server.awaitListeningPort());
        }
    }

    @Test
    void aShedPeerThatFloodedItsCommandAndNeverReadLeavesNoCommandBehind() throws Exception {
        // The soak's flood against -c cat: megabytes in, nothing read, until every buffer on the way is
        // full and no byte moves either way. Shed, its session and its cat must end like any other.
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-m", "1", "-c", "cat", "127.0.0.1", "0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            try (Socket hostile = new Socket()) {
                hostile.setReceiveBufferSize(4096);
                hostile.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 10_000);
                java.io.OutputStream out = hostile.getOutputStream();
                Thread writer = Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        while (true) out.write(chunk); // blocks for good once the buffers are full
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                });
                jnc.awaitStderr("Connection from 127\\.0\\.0\\.1 \\d+ received!", T);
                Proc.sleep(3_000 + IDLE_PLUS_MILLIS); // full, then silent for the idle time
                try (Socket s = connect(port)) {
                    assertThat(ServicesE2ETest.exchange(s, "hello\n")).isEqualTo("hello\n");
                    jnc.awaitStderr("shed: no data either way", T);
                    // the hostile's cat ends; only the newcomer's is left
                    assertThat(awaitCats(jnc, 1)).isEqualTo(1);
                }
                assertThat(awaitCats(jnc, 0)).isZero();
                hostile.setSoLinger(true, 0);
                hostile.close();
                writer.join(10_000);
            }
        }
    }

    /** The number of cat children of {@code jnc}, once it is down to {@code want} (or after 20 s). */
    private static long awaitCats(Proc jnc, long want) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long cats;
        do {
            Proc.sleep(200);
            cats = ProcessHandle.of(jnc.pid()).orElseThrow().descendants().filter(p -> p.info().command().orElse("").endsWith("cat")).count();
        } while (cats > want && System.nanoTime() < deadline);
        return cats;
    }

    @Test
    void peersThatNeverSendAreShedOneAtATimeOverTls() throws Exception {
        // Half-open and descriptor-exhaustion attackers: they connect and never send (not even a handshake).
        try (Proc server = Proc.jnc("-v", "-l", "-k", "-m", "3", "--ssl", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) silent.add(connect(port));
                Proc.sleep(IDLE_PLUS_MILLIS);
                try (Proc openssl = Proc.cmd(Peers.require("openssl"), "s_client", "-quiet", "-connect", "127.0.0.1:" + port).start()) {
                    openssl.write("over tls\n");
                    openssl.awaitStdout("over tls", T);
                }
                server.awaitStderr("shed: no data either way", T);
            } finally {
                for (Socket s : silent) s.close();
            }
        }
    }

    @Test
    void aPeerThatKeepsTalkingKeepsItsPlaceAndTheNewcomerIsRefused() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "-m", "1", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket talker = connect(port)) {
                assertThat(ServicesE2ETest.exchange(talker, "hi\n")).isEqualTo("hi\n");
                try (Socket newcomer = connect(port)) {
                    newcomer.setSoTimeout(20_000);
                    assertThat(readToEnd(newcomer)).isEmpty();
                }
                server.awaitStderr("refused: connection limit \\(1\\) reached\\.", T);
                assertThat(ServicesE2ETest.exchange(talker, "still\n")).isEqualTo("still\n");
                assertThat(server.stderr()).doesNotContain("shed:");
            }
        }
    }

    @Test
    void aPlainListenLoadsNoSheddingClass(@TempDir Path dir) throws Exception {
        // Without -k there is one peer and nothing to shed: the plain path loads none of it.
        Path log = dir.resolve("listen.log");
        try (Proc server = Proc.jnc("-l", "127.0.0.1", "0", "-v").env("JNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log).start()) {
            int port = server.awaitListeningPort();
            try (Socket s = connect(port)) {
                s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                server.awaitStdout("hi", T);
            }
            server.waitFor(T);
        }
        assertThat(Files.readString(log)).contains("jnc.door.Door ").doesNotContain("jnc.door.Shedding").doesNotContain("jnc.sys.TcpIdle");
    }
}
