package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, item 7: a TLS handshake that never happens is given up on after 10 s (Ncat's bound for
 * its client), on both sides, when {@code -w} does not say otherwise.
 */
@Timeout(90)
class TlsTimeoutsE2ETest {
    static final Duration T = Duration.ofSeconds(40);

    @Test
    void aTlsClientWithoutWaitGivesUpOnASilentServer() {
        String ncat = Peers.require("ncat");
        int port = Peers.freePort();
        // a plain TCP listener that accepts and never says a word (its stdin stays open, so it stays)
        try (Proc silent = Proc.sh("sleep 60 | " + ncat + " -l 127.0.0.1 " + port + " >/dev/null").start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("--ssl", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
                assertThat(client.waitFor(T)).isEqualTo(1);
                assertThat(client.stderr().strip()).isEqualTo("jnc: Failed SSL connection to 127.0.0.1:" + port + ": Connection timed out.");
            }
        }
    }

    @Test
    void aTlsListenerGivesUpOnAClientThatNeverSaysHello() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "--ssl", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket idle = new Socket()) {
                idle.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                idle.setSoTimeout((int) T.toMillis());
                InputStream in = idle.getInputStream();
                // nothing sent: after 10 s the server closes the connection
                assertThat(in.read()).isEqualTo(-1);
            }
            server.awaitStderr("Failed SSL connection from 127\\.0\\.0\\.1:\\d+: Connection timed out\\.", T);
            assertThat(server.isAlive()).isTrue();
        }
    }
}
