package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 10, item 14: lines that say what happened and where. */
@Timeout(60)
class WordingE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void aRefusedConnectionNamesHostAndPortAsNcOpenbsdDoes() {
        int port = Peers.freePort();
        BadInputE2ETest.expect(1, "^jnc: connect to 127\\.0\\.0\\.1 port " + port + " \\(tcp\\) failed: Connection refused\\.$",
                "127.0.0.1", String.valueOf(port));
        BadInputE2ETest.expect(1, "^jnc: connect to localhost \\((127\\.0\\.0\\.1|::1)\\) port " + port + " \\(tcp\\) failed: Connection refused\\.$",
                "localhost", String.valueOf(port));
    }

    @Test
    void theBindMessageNamesTheFamilyWhosePortIsTaken() throws Exception {
        // Only the IPv4 port is taken; the dual-stack socket jnc binds fails, and the line says 0.0.0.0.
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 0));
            BadInputE2ETest.expect(2, "^jnc: bind to 0\\.0\\.0\\.0:" + taken.getLocalPort() + ": Address already in use\\.$",
                    "-l", String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void aListenerStoppedWhileWaitingPrintsNoByteCounts() {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").stdinNull().start()) {
            server.awaitListeningPort();
            server.terminate();
            server.waitFor(T);
            assertThat(server.stderr()).doesNotContain("bytes sent");
        }
    }

    /**
     * Issue 10's additions stay off the default path: a plain connect and a plain listener load none
     * of their classes (the last-resort handler is the one class every run has, from the AOT cache).
     */
    @Test
    void plainRunsLoadNoneOfTheHardeningClasses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path clientLog = tmp.resolve("client.log");
        java.nio.file.Path serverLog = tmp.resolve("server.log");
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + serverLog)
                .stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + clientLog)
                    .stdinFrom(java.nio.file.Files.writeString(tmp.resolve("in"), "hi\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            }
            server.waitFor(T);
        }
        for (java.nio.file.Path log : java.util.List.of(clientLog, serverLog)) {
            assertThat(java.nio.file.Files.readString(log)).contains("jnc.Main source: shared objects file")
                    .doesNotContain("jnc.base.Printable ", "jnc.base.BoundedFile ", "jnc.exec.CommandCheck ", "jnc.net.DatagramBudget ",
                            "jnc.measure.LatencyHistogram ", "jnc.tls.SaysExpired ");
        }
    }
}
