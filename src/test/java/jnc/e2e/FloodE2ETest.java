package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's floods (items 3, 4): peers that send far more than the service takes must cost jnc a
 * bounded amount of memory. Each test runs jnc with a small heap ({@code JNC_JAVA_OPTS=-Xmx64m}),
 * where the unbounded queues of before ended in an OutOfMemoryError.
 */
@Timeout(120)
class FloodE2ETest {
    static final Duration T = Duration.ofSeconds(30);
    static final InetAddress LO = InetAddress.getLoopbackAddress();

    @Test
    void aUdpFloodIsDroppedAndCountedNotQueuedWithoutBound() throws Exception {
        // A service that never reads: every datagram for it waits in jnc, or is dropped.
        try (Proc server = Proc.jnc("-v", "-u", "-l", "-k", "127.0.0.1", "0", "-c", "sleep 20")
                .env("JNC_JAVA_OPTS", "-Xmx64m").stdinNull().start()) {
            int port = server.awaitListeningPort();
            List<DatagramSocket> senders = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) senders.add(new DatagramSocket(new InetSocketAddress(LO, 0)));
                byte[] big = new byte[60_000];
                // 20 senders x 300 datagrams x 60 KB = 360 MB offered, several times the heap.
                for (int round = 0; round < 300 && server.isAlive(); round++) {
                    for (DatagramSocket s : senders) s.send(new DatagramPacket(big, big.length, LO, port));
                    if (round % 20 == 0) Proc.sleep(5); // let the receive loop keep up, so the flood reaches jnc, not the kernel's drops
                }
            } finally {
                senders.forEach(DatagramSocket::close);
            }
            server.awaitStderr("Dropping datagrams: their services are behind .* dropped in all", T);
            assertThat(server.isAlive()).as("stderr: %s", server.stderr()).isTrue();
            assertThat(server.stderr()).doesNotContain("OutOfMemoryError");
            // still serving: a new sender is received
            try (DatagramSocket late = new DatagramSocket(new InetSocketAddress(LO, 0))) {
                late.send(new DatagramPacket(new byte[] {'h', 'i'}, 2, LO, port));
                server.awaitStderr("Connection from 127\\.0\\.0\\.1[: ]" + late.getLocalPort(), T);
            }
        }
    }

    /**
     * Item 4: a broker member that reads nothing is cut off (at 4 MiB behind here), and the room then
     * relays 256 MiB between two others. What the heap holds after each young collection (from the
     * JVM's own GC log) must stay small: before, every post was promoted once a member had fallen
     * behind, and the heap grew with the traffic (6.2 GB after 7 GiB).
     */
    @Test
    void aBrokerMemberCutOffLeavesNoGrowingHeapBehind(@TempDir Path tmp) throws Exception {
        Path gcLog = tmp.resolve("gc.log");
        try (Proc server = Proc.jnc("-v", "--broker", "127.0.0.1", "0")
                .env("JNC_JAVA_OPTS", "-Djnc.room.maxBehind=4194304 -Xmx1g -Xlog:gc:file=" + gcLog)
                .stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket silent = new Socket(); Socket reader = new Socket(); Socket sender = new Socket()) {
                silent.setReceiveBufferSize(4096);
                for (Socket s : List.of(silent, reader, sender)) s.connect(new InetSocketAddress(LO, port), 10_000);
                AtomicLong heard = new AtomicLong();
                Thread drain = Thread.ofPlatform().daemon().start(() -> {
                    byte[] b = new byte[1 << 16];
                    try (InputStream in = reader.getInputStream()) {
                        int n;
                        while ((n = in.read(b)) > 0) heard.addAndGet(n);
                    } catch (IOException ended) {
                        // the test is over
                    }
                });
                Thread.sleep(500); // all three in the room
                OutputStream out = sender.getOutputStream();
                byte[] chunk = new byte[1 << 16];
                long total = 256L << 20;
                for (long sent = 0; sent < total; sent += chunk.length) out.write(chunk);
                server.awaitStderr("takes too little: disconnected", T);
                long end = System.nanoTime() + T.toNanos();
                while (heard.get() < total && System.nanoTime() < end) Proc.sleep(20);
                assertThat(heard.get()).isEqualTo(total);
                drain.interrupt();
            }
        }
        long maxAfterGc = 0;
        Matcher m = Pattern.compile("Pause Young.* \\d+M->(\\d+)M\\(").matcher(Files.readString(gcLog));
        while (m.find()) {
            maxAfterGc = Math.max(maxAfterGc, Long.parseLong(m.group(1)));
        }
        // The log's bytes live in direct memory (LogMemory), so relaying 256 MiB may now allocate too
        // little heap for even one young collection (with none, the heap never outgrew its young
        // generation); the log must be there (the collector's start-up line), and no collection
        // that ran may leave 64 MiB behind.
        assertThat(Files.readString(gcLog)).as("the gc log").contains("Using Serial");
        assertThat(maxAfterGc).as("MiB the heap held after a young collection; gc log:%n%s", Files.readString(gcLog))
                .isLessThan(64);
    }

    /**
     * An OutOfMemoryError is one line, never a stack trace, and a -k listener keeps serving: a broker
     * told to wait for a silent member without limit, on a 16 MiB heap, runs out while one client
     * floods it. That client's session ends; the next client is still served.
     */
    @Test
    void anOutOfMemoryErrorIsOneLineAndTheListenerKeepsServing() throws Exception {
        try (Proc server = Proc.jnc("-v", "--broker", "127.0.0.1", "0")
                .env("JNC_JAVA_OPTS", "-Xms16m -Xmx16m -Djnc.room.maxBehind=1000000000").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket silent = new Socket(); Socket sender = new Socket()) {
                silent.setReceiveBufferSize(4096);
                for (Socket s : List.of(silent, sender)) s.connect(new InetSocketAddress(LO, port), 10_000);
                Thread.sleep(300);
                byte[] chunk = new byte[1 << 16];
                try (OutputStream out = sender.getOutputStream()) {
                    for (int i = 0; i < 1024; i++) out.write(chunk); // 64 MiB, four times the heap
                } catch (IOException reset) {
                    // the flooding session ended: expected
                }
            }
            // The door's line for a peer's session; jnc.base.LastResort's for any other thread.
            server.awaitStderr("jnc: internal error serving a peer: java\\.lang\\.OutOfMemoryError: Java heap space\\n", T);
            try (Socket next = new Socket()) {
                next.connect(new InetSocketAddress(LO, port), 10_000);
                server.awaitStderr("Connection from 127\\.0\\.0\\.1 " + next.getLocalPort() + " received!", T);
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** The launcher bounds the heap to a netcat's size (128 MiB), and JNC_JAVA_OPTS overrides it. */
    @Test
    void theLauncherBoundsTheHeapAndJncJavaOptsOverridesIt() {
        assertThat(maxHeap(null)).isEqualTo(128L << 20);
        assertThat(maxHeap("-Xmx1g")).isEqualTo(1L << 30);
    }

    static long maxHeap(String extra) {
        String opts = "-XX:+PrintFlagsFinal" + (extra == null ? "" : " " + extra);
        try (Proc p = Proc.jnc("--version").env("JNC_JAVA_OPTS", opts).stdinNull().start()) {
            assertThat(p.waitFor(T)).isZero();
            Matcher m = Pattern.compile("size_t MaxHeapSize\\s+=\\s+(\\d+)").matcher(p.stdout());
            assertThat(m.find()).as("MaxHeapSize in %s", p.stdout()).isTrue();
            return Long.parseLong(m.group(1));
        }
    }
}
