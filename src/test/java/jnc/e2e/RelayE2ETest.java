package jnc.e2e;

import static jnc.e2e.CourseE2ETest.sha256;
import static jnc.e2e.CourseE2ETest.writeRandom;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Half-close rules, {@code -k}, {@code -m}, logging and timing options, with real processes. */
@Timeout(120)
class RelayE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    static Proc listener(String... extra) {
        List<String> args = new ArrayList<>(List.of("-v", "-l", "127.0.0.1", "0"));
        args.addAll(0, List.of(extra));
        return Proc.jnc(args.toArray(String[]::new)).start();
    }

    /**
     * A bulk transfer makes the listener splice with a low-water mark (the kernel wakes it for big
     * pieces only). A short message after the burst, with the sender still connected and waiting
     * for an answer, must be taken all the same, not only at EOF. The marked path runs when stdout
     * is /dev/null (our own 1 MiB pipe in between), so what was taken is read from the counters
     * that -v prints at SIGTERM.
     */
    @Test
    @Timeout(60)
    void aShortTailAfterABurstIsTakenWithoutWaitingForEof() throws Exception {
        int bulk = 32 << 20;
        try (Proc server = Proc.jnc("-vv", "-l", "127.0.0.1", "0").stdoutTo(Path.of("/dev/null")).start();
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.awaitListeningPort())) {
            byte[] data = new byte[bulk];
            java.util.Arrays.fill(data, (byte) 'a');
            client.getOutputStream().write(data);
            client.getOutputStream().write("TAIL\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            Proc.sleep(3000); // the tail waits at most 20 ms once the burst is through
            server.terminate();
            server.waitFor(Duration.ofSeconds(10));
            assertThat(server.stderr()).contains("splicing the socket into stdout")
                    .contains("0 bytes sent, " + (bulk + 5) + " bytes received");
        }
    }

    /** The case where Ncat loses data: the receiving client has nothing to say and hangs up its side at once. */
    @Test
    void serverSendsAFileToAClientThatHalfClosesFirst() throws Exception {
        Path send = tmp.resolve("send.file");
        Path receive = tmp.resolve("receive.file");
        writeRandom(send, 32 << 20, 7);
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").stdinFrom(send).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).stdinNull().stdoutTo(receive).start()) {
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @Test
    void sendOnlyIgnoresWhatComesBackAndQuitsAtEof() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--send-only", "127.0.0.1", String.valueOf(port)).start()) {
                server.awaitStderr("received!", T);
                server.write("from server\n");
                client.write("from client\n");
                server.awaitStdout("from client\n", T);
                client.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                assertThat(client.stdout()).isEmpty();
                server.closeStdin();
                assertThat(server.waitFor(T)).isZero();
            }
        }
    }

    @Test
    void recvOnlyNeverSends() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--recv-only", "127.0.0.1", String.valueOf(port)).start()) {
                server.awaitStderr("received!", T);
                client.write("this must not be sent\n");
                server.write("to client\n");
                client.awaitStdout("to client\n", T);
                server.closeStdin(); // server's EOF: the client's receiving side ends, and so does it
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
                assertThat(server.stdout()).isEmpty();
            }
        }
    }

    @Test
    void noShutdownKeepsTheSendingSideOpenAfterStdinEof() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--no-shutdown", "127.0.0.1", String.valueOf(port)).start()) {
                client.write("hello\n");
                client.closeStdin();
                server.awaitStdout("hello\n", T);
                // No FIN was sent, so the server still has a live client to talk to.
                server.write("still there?\n");
                client.awaitStdout("still there?\n", T);
                assertThat(server.isAlive()).isTrue();
                server.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
            }
        }
    }

    @Test
    void plainClientShutsDownOnStdinEofAndTheServerSeesIt() throws Exception {
        try (Proc server = listener(); Socket probe = new Socket()) {
            int port = server.awaitListeningPort();
            probe.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            probe.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
            probe.shutdownOutput();
            server.awaitStdout("x\n", T);
            server.write("reply after your EOF\n");
            server.closeStdin();
            probe.setSoTimeout(10_000);
            assertThat(new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("reply after your EOF\n");
            assertThat(server.waitFor(T)).isZero();
        }
    }

    @Test
    void keepOpenServesManyClientsAtOnce() throws Exception {
        try (Proc server = listener("-k")) {
            int port = server.awaitListeningPort();
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    s.setSoTimeout(10_000);
                    clients.add(s);
                }
                for (int i = 0; i < clients.size(); i++) {
                    clients.get(i).getOutputStream().write(("client " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                for (int i = 0; i < clients.size(); i++) server.awaitStdout("client " + i + "\n", T);
                // Wait until all five are registered, then broadcast one line from stdin to all.
                server.awaitStderr("(?s)(received!.*){5}", T);
                server.write("to everyone\n");
                for (Socket s : clients) assertThat(readLine(s.getInputStream())).isEqualTo("to everyone");
                // One leaves; the server keeps serving the rest and new ones.
                clients.getFirst().close();
                try (Socket late = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    late.getOutputStream().write("late\n".getBytes(StandardCharsets.US_ASCII));
                    server.awaitStdout("late\n", T);
                }
                assertThat(server.isAlive()).isTrue();
            } finally {
                for (Socket s : clients) s.close();
            }
        }
    }

    @Test
    void maxConnsRefusesTheClientOverTheCap() throws Exception {
        try (Proc server = listener("-k", "-m", "1")) {
            int port = server.awaitListeningPort();
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
                server.awaitStderr("received!", T);
                try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    second.setSoTimeout(10_000);
                    assertThat(second.getInputStream().read()).isEqualTo(-1); // closed at once
                    server.awaitStderr("refused: connection limit \\(1\\) reached", T);
                }
                first.getOutputStream().write("first still served\n".getBytes(StandardCharsets.US_ASCII));
                server.awaitStdout("first still served\n", T);
            }
        }
    }

    @Test
    void outputAndHexDumpRecordBothDirections() throws Exception {
        Path log = tmp.resolve("session.log");
        Path hex = tmp.resolve("session.hex");
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-o", log.toString(), "-x", hex.toString(), "127.0.0.1", String.valueOf(port)).start()) {
                client.write("Hello\n");
                server.awaitStdout("Hello\n", T);
                server.write("World\n");
                client.awaitStdout("World\n", T);
                client.closeStdin();
                server.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                server.waitFor(T);
            }
        }
        assertThat(Files.readString(log)).isEqualTo("Hello\nWorld\n");
        assertThat(Files.readString(hex)).isEqualTo("""
                > 00000000  48 65 6c 6c 6f 0a                                 |Hello.|
                < 00000000  57 6f 72 6c 64 0a                                 |World.|
                """);
        // --append-output adds to the log instead of replacing it.
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--append-output", "-o", log.toString(), "127.0.0.1", String.valueOf(port)).start()) {
                client.write("again\n");
                server.awaitStdout("again\n", T);
                client.closeStdin();
                server.closeStdin();
                assertThat(client.waitFor(T)).isZero();
            }
        }
        assertThat(Files.readString(log)).isEqualTo("Hello\nWorld\nagain\n");
    }

    @Test
    void crlfTurnsLineFeedsIntoCrLf() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-C", "127.0.0.1", String.valueOf(port)).start()) {
                client.write("GET / HTTP/1.0\n\nalready\r\n");
                client.closeStdin();
                server.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
                assertThat(server.stdout()).isEqualTo("GET / HTTP/1.0\r\n\r\nalready\r\n");
            }
        }
    }

    @Test
    void quitAfterEofEndsTheSessionEvenIfThePeerStaysSilent() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-q", "0", "127.0.0.1", String.valueOf(port)).start()) {
                client.write("bye\n");
                client.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                server.awaitStdout("bye\n", T);
            }
        }
    }

    @Test
    void idleTimeoutEndsASilentSession() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-i", "300ms", "127.0.0.1", String.valueOf(port)).start()) {
                assertThat(client.waitFor(T)).isEqualTo(1);
                assertThat(client.stderr()).isEqualTo("jnc: Idle timeout expired (300 ms).\n");
            }
        }
    }

    @Test
    void delayStillDeliversEverything() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-d", "10ms", "127.0.0.1", String.valueOf(port)).start()) {
                for (int i = 0; i < 5; i++) client.write("line " + i + "\n");
                client.closeStdin();
                server.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
                assertThat(server.stdout()).isEqualTo("line 0\nline 1\nline 2\nline 3\nline 4\n");
            }
        }
    }

    @Test
    void sigtermEndsCleanlyAndPrintsTheCountersAtVerbose() throws Exception {
        try (Proc server = listener()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-v", "127.0.0.1", String.valueOf(port)).start()) {
                client.write("12345");
                server.awaitStdout("12345", T);
                client.terminate();
                client.waitFor(T);
                assertThat(client.stderr()).contains("5 bytes sent, 0 bytes received in").doesNotContain("Exception");
            }
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') sb.append((char) c);
        return sb.toString();
    }
}
