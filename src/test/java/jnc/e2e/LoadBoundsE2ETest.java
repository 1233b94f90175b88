package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 10, item 6: {@code --load} keeps a histogram, not every sample, and honours {@code -w}. */
@Timeout(120)
class LoadBoundsE2ETest {
    static final Duration T = Duration.ofSeconds(60);

    @Test
    void aLongRunFitsInATinyHeap() {
        // 50 connections for 6 s make some 500,000 round trips: as a list of samples that outgrew a
        // 12 MiB heap (OutOfMemoryError); as a histogram it is 32 KiB.
        try (Proc server = Proc.jnc("-v", "-l", "-k", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc load = Proc.jnc("--load", "50", "--duration", "6s", "127.0.0.1", String.valueOf(port))
                    .env("JNC_JAVA_OPTS", "-Xms12m -Xmx12m").stdinNull().start()) {
                assertThat(load.waitFor(T)).as(load.stderr()).isZero();
                Matcher rt = MeasureE2ETest.ROUND_TRIPS.matcher(load.stdout());
                assertThat(rt.find()).as(load.stdout()).isTrue();
                assertThat(Long.parseLong(rt.group(1))).isPositive();
                assertThat(MeasureE2ETest.LATENCY.matcher(load.stdout()).find()).as(load.stdout()).isTrue();
            }
        }
    }

    @Test
    void waitBoundsTheConnectToAServerWhoseAcceptQueueIsFull() throws Exception {
        // A server that never accepts, with a backlog of one: once the queue is full the kernel
        // drops further SYNs, and a connect without a bound waits about two minutes.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 500);
                    } catch (java.io.IOException timedOut) {
                        // the queue is full already
                    }
                    fillers.add(s);
                }
                try (Proc load = Proc.jnc("--load", "3", "-w", "1s", "--duration", "1s", "127.0.0.1",
                        String.valueOf(full.getLocalPort())).stdinNull().start()) {
                    assertThat(load.waitFor(Duration.ofSeconds(30))).isEqualTo(1);
                    assertThat(load.stderr()).contains("connect: Connection timed out.");
                }
            } finally {
                for (Socket s : fillers) s.close();
            }
        }
    }
}
