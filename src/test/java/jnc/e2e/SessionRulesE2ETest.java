package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session's options mean the same in every listen mode: -t, -q and -i with -k (the stdin hub) as
 * without it, and TLS under --chat and --broker as under every other service, against real clients.
 */
@Timeout(120)
class SessionRulesE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void keepOpenWithTelnetAnswersEachClientsNegotiation() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-t", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            for (int i = 0; i < 2; i++) {
                try (Socket s = Peers.connectLoopback(port, 20_000)) {
                    s.getOutputStream().write(new byte[] {(byte) 255, (byte) 253, 24}); // IAC DO TERMINAL-TYPE
                    byte[] answer = s.getInputStream().readNBytes(3);
                    assertThat(answer).containsExactly((byte) 255, (byte) 252, 24); // IAC WONT TERMINAL-TYPE
                }
            }
            jnc.closeStdin();
        }
    }

    @Test
    void keepOpenWithQuitEndsTheListenerThatLongAfterStdinsEof() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-q", "1", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                jnc.awaitStderr("received!", T);
                jnc.write("bye\n");
                assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("bye\n");
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero();
            }
        }
    }

    @Test
    void quitIsRefusedWhereNothingReadsStdin() throws Exception {
        for (String service : new String[] {"--echo", "--broker", "--chat"}) {
            try (Proc p = Proc.jnc("-l", "-k", "-q", "1", "9000", service).stdinNull().start()) {
                assertThat(p.waitFor(T)).as(service).isEqualTo(2);
                assertThat(p.stderr()).startsWith("jnc: -q");
            }
        }
    }

    @Test
    void idleTimeoutWithKeepOpenCutsASilentClientWithTheRelaysWords() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-i", "1", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            jnc.awaitStderr("jnc: Idle timeout expired \\(1000 ms\\)\\.\n", T);
            jnc.closeStdin();
        }
    }

    @Test
    void chatRunsOverTlsWithNcatClients() throws Exception {
        Peers.require("ncat");
        try (Proc jnc = Proc.jnc("-v", "--chat", "--ssl", "127.0.0.1", "0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            try (Proc reader = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                reader.awaitStdout("already connected", T);
                try (Proc writer = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                    reader.awaitStdout("is connected as <user", T);
                    writer.write("hello over TLS\n");
                    reader.awaitStdout("> hello over TLS\n", T);
                    writer.closeStdin();
                }
                reader.closeStdin();
            }
        }
    }

    @Test
    void brokerRunsOverTlsWithNcatClients() throws Exception {
        Peers.require("ncat");
        try (Proc jnc = Proc.jnc("-v", "--broker", "--ssl", "127.0.0.1", "0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            try (Proc reader = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                jnc.awaitStderr("received!", T);
                try (Proc writer = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                    jnc.awaitStderr("(?s)received!.*received!", T);
                    writer.write("bytes for everyone\n");
                    reader.awaitStdout("bytes for everyone\n", T);
                    writer.closeStdin();
                }
                reader.closeStdin();
            }
        }
    }

    static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
