package jnc.e2e;

import static jnc.e2e.CourseE2ETest.sha256;
import static jnc.e2e.CourseE2ETest.writeRandom;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** jnc against the real ncat, OpenBSD nc and socat, in both roles. */
@Timeout(120)
class InteropE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final int SIZE = 8 << 20;

    @TempDir
    Path tmp;

    /** The peer's command that listens on the port and writes what it receives to stdout. */
    static String[] peerListener(String peer, int port) {
        String bin = Peers.require(peer);
        return switch (peer) {
            case "ncat" -> new String[] {bin, "-l", "127.0.0.1", String.valueOf(port)};
            case "nc.openbsd" -> new String[] {bin, "-l", "127.0.0.1", String.valueOf(port)};
            case "socat" -> new String[] {bin, "-u", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr", "STDOUT"};
            default -> throw new IllegalArgumentException(peer);
        };
    }

    /** The peer's command that connects to the port and sends its stdin, shutting down at EOF. */
    static String[] peerClient(String peer, int port) {
        String bin = Peers.require(peer);
        return switch (peer) {
            case "ncat" -> new String[] {bin, "127.0.0.1", String.valueOf(port)};
            case "nc.openbsd" -> new String[] {bin, "-N", "127.0.0.1", String.valueOf(port)};
            case "socat" -> new String[] {bin, "-u", "STDIN", "TCP:127.0.0.1:" + port};
            default -> throw new IllegalArgumentException(peer);
        };
    }

    @ParameterizedTest(name = "jnc sends a file to {0} -l")
    @ValueSource(strings = {"ncat", "nc.openbsd", "socat"})
    void jncClientToPeerListener(String peer) throws Exception {
        Path send = tmp.resolve("send");
        Path receive = tmp.resolve("receive");
        writeRandom(send, SIZE, 11);
        int port = Peers.freePort();
        try (Proc server = Proc.cmd(peerListener(peer, port)).stdinNull().stdoutTo(receive).start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).stdinFrom(send).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @ParameterizedTest(name = "{0} sends a file to jnc -l")
    @ValueSource(strings = {"ncat", "nc.openbsd", "socat"})
    void peerClientToJncListener(String peer) throws Exception {
        Path send = tmp.resolve("send");
        Path receive = tmp.resolve("receive");
        writeRandom(send, SIZE, 12);
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").stdinNull().stdoutTo(receive).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.cmd(peerClient(peer, port)).stdinFrom(send).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @Test
    void fullDuplexWithNcatBothFilesAtOnce() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path gotA = tmp.resolve("gotA");
        Path gotB = tmp.resolve("gotB");
        writeRandom(a, SIZE, 21);
        writeRandom(b, SIZE, 22);
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").stdinFrom(b).stdoutTo(gotA).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.cmd(peerClient("ncat", port)).stdinFrom(a).stdoutTo(gotB).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(server.waitFor(T)).as(server.stderr()).isZero();
            }
        }
        assertThat(sha256(gotA)).isEqualTo(sha256(a));
        assertThat(sha256(gotB)).isEqualTo(sha256(b));
    }

    @Test
    void chatWithNcatListener() throws Exception {
        int port = Peers.freePort();
        try (Proc server = Proc.cmd(peerListener("ncat", port)).start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("-v", "127.0.0.1", String.valueOf(port)).start()) {
                client.awaitStderr("succeeded!", T);
                Proc.talk(client, "Hello Raspi\n", server, "Hello PC :)\n", T);
                Proc.hangUpBoth(client, server, T);
            }
        }
    }
}
