package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10: {@code jnc -u -l -k -c cat} made a command for every sender and kept it for ever, since
 * a datagram sender never hangs up: spoofed senders took every {@code -m} place and left a process
 * each. Now a peer silent both ways for the expiry (60 s; shortened here) is forgotten, as a NAT
 * table forgets a mapping: its command ends, its place is free, and a new sender is served.
 */
@Timeout(120)
class DatagramPeerExpiryE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void silentSendersAreForgottenWithTheirCommandsAndTheirPlaces() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-u", "-l", "-k", "-m", "3", "127.0.0.1", "0", "-c", "cat")
                .env("JNC_JAVA_OPTS", "-Djnc.datagram.expiryMs=1500").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            List<DatagramSocket> senders = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    DatagramSocket s = UdpE2ETest.socket();
                    senders.add(s);
                    String hi = "hi " + i + "\n";
                    assertThat(UdpE2ETest.text(UdpE2ETest.exchange(s, port, hi.getBytes()))).isEqualTo(hi);
                }
                assertThat(children(jnc.pid())).isEqualTo(3);
                // All three fall silent: each is forgotten, and its cat ends.
                jnc.awaitStderr("(?s)(forgetting /127\\.0\\.0\\.1:\\d+: no datagram either way for 1500 ms\\..*){3}", T);
                long end = System.nanoTime() + T.toNanos();
                while (children(jnc.pid()) > 0 && System.nanoTime() < end) Proc.sleep(50);
                assertThat(children(jnc.pid())).as("commands left").isZero();
                // Their places are free: a fourth sender is served (with -m 3, it was refused for ever).
                try (DatagramSocket fourth = UdpE2ETest.socket()) {
                    assertThat(UdpE2ETest.text(UdpE2ETest.exchange(fourth, port, "four\n".getBytes()))).isEqualTo("four\n");
                }
                // A forgotten sender that speaks again is a new peer.
                assertThat(UdpE2ETest.text(UdpE2ETest.exchange(senders.get(0), port, "back\n".getBytes()))).isEqualTo("back\n");
            } finally {
                for (DatagramSocket s : senders) s.close();
            }
        }
    }

    /** The child processes of {@code pid}, from every thread's {@code children} file. */
    static int children(long pid) throws IOException {
        int n = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String kids = Files.readString(t.resolve("children")).strip();
                    if (!kids.isEmpty()) n += kids.split("\\s+").length;
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return n;
    }
}
