package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --echo}, {@code -e} and {@code -c} as real processes, and against the real ncat. */
@Timeout(120)
class ServicesE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    static Socket connect(int port) throws IOException {
        return Peers.connectLoopback(port, 20_000);
    }

    static String exchange(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        byte[] want = text.getBytes(StandardCharsets.UTF_8);
        byte[] got = s.getInputStream().readNBytes(want.length);
        return new String(got, StandardCharsets.UTF_8);
    }

    @Test
    void echoWithoutKeepOpenServesOneClientThenExits() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--echo").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket first = connect(port); Socket second = connect(port)) {
                // The second connection waits in the listen backlog: connected, but not served.
                assertThat(exchange(first, "Hello Raspi\n")).isEqualTo("Hello Raspi\n");
                second.getOutputStream().write("anyone?\n".getBytes(StandardCharsets.US_ASCII));
                first.shutdownOutput();
                assertThat(first.getInputStream().read()).isEqualTo(-1); // echo answers EOF with EOF
                assertThat(server.waitFor(T)).isZero();
                // The server is gone without having served the second client: it never gets an echo.
                assertThat(readAllOrReset(second.getInputStream())).isEmpty();
            }
            assertThat(server.stderr()).containsOnlyOnce("received!");
        }
    }

    @Test
    void echoWithKeepOpenServesTwoHundredClientsAtOnce() throws Exception {
        try (Proc server = Proc.jnc("-l", "-v", "127.0.0.1", "0", "-k", "--echo", "-m", "1000").stdinNull().start()) {
            int port = server.awaitListeningPort();
            List<Socket> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) clients.add(connect(port));
                List<Future<String>> replies = new ArrayList<>();
                for (int i = 0; i < clients.size(); i++) {
                    Socket s = clients.get(i);
                    String msg = "client " + i + " says " + "x".repeat(i) + "\n";
                    Callable<String> task = () -> exchange(s, msg);
                    replies.add(pool.submit(task));
                }
                for (int i = 0; i < replies.size(); i++) {
                    assertThat(replies.get(i).get()).isEqualTo("client " + i + " says " + "x".repeat(i) + "\n");
                }
            } finally {
                for (Socket s : clients) s.close();
            }
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void execCatEchoesAndPassesEofBothWays() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0", "-e", "/bin/cat").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket s = connect(port)) {
                assertThat(exchange(s, "through cat\n")).isEqualTo("through cat\n");
                s.shutdownOutput(); // cat reads EOF, exits, and its EOF comes back to us
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(server.waitFor(T)).isZero();
        }
    }

    @Test
    void shExecSeesTheNcatEnvironmentAndNoLeakedDescriptors() throws Exception {
        // ls in the shell's place (exec): a pipeline would race with the shell's own pipe descriptors.
        String script = "echo $NCAT_REMOTE_ADDR $NCAT_REMOTE_PORT $NCAT_LOCAL_ADDR $NCAT_LOCAL_PORT $NCAT_PROTO; exec ls /proc/self/fd";
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0", "-c", script).stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket s = connect(port)) {
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                String[] lines = reply.split("\n");
                assertThat(lines[0]).isEqualTo("127.0.0.1 " + s.getLocalPort() + " 127.0.0.1 " + port + " TCP");
                // Only stdin, stdout, stderr and the directory ls itself reads (3): no socket, no log.
                assertThat(java.util.Arrays.asList(lines).subList(1, lines.length)).containsExactly("0", "1", "2", "3");
            }
            assertThat(server.waitFor(T)).isZero();
        }
    }

    @Test
    void execWorksInConnectModeToo() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port), "-c", "tr a-z A-Z").stdinNull().start()) {
                server.awaitStderr("received!", T);
                server.write("shout please\n");
                // tr buffers its output until its input ends: the server's EOF reaches tr as EOF on
                // its stdin, and tr's answer still comes back, after our side was half-closed.
                server.closeStdin();
                server.awaitStdout("SHOUT PLEASE\n", T);
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
            }
        }
    }

    @Test
    void ncatClientAgainstJncEcho() throws Exception {
        String ncat = Peers.require("ncat");
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0", "-k", "--echo").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.cmd(ncat, "127.0.0.1", String.valueOf(port)).start()) {
                client.write("over ncat\n");
                client.awaitStdout("over ncat\n", T);
                client.closeStdin();
                assertThat(client.waitFor(T)).isZero();
            }
        }
    }

    @Test
    void jncClientAgainstNcatExec() throws Exception {
        String ncat = Peers.require("ncat");
        int port = Peers.freePort();
        try (Proc server = Proc.cmd(ncat, "-l", "127.0.0.1", String.valueOf(port), "-e", "/bin/cat").start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).start()) {
                client.write("to ncat -e cat\n");
                client.awaitStdout("to ncat -e cat\n", T);
                client.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                assertThat(client.stdout()).isEqualTo("to ncat -e cat\n");
            }
        }
    }

    @Test
    void execOfAMissingProgramIsOneLine() {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0", "-e", "/no/such/program").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket s = connect(port)) {
                assertThat(readAllOrReset(s.getInputStream())).isEmpty();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            assertThat(server.waitFor(T)).isEqualTo(2);
            assertThat(server.stderr()).contains("jnc: can't run /no/such/program").doesNotContain("Exception");
        }
    }

    /** Everything the peer sends until EOF; a reset counts as the end too. */
    static String readAllOrReset(InputStream in) {
        StringBuilder sb = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) >= 0) sb.append((char) c);
        } catch (IOException reset) {
            // a peer that went away with unread data resets the connection: nothing more arrives
        }
        return sb.toString();
    }
}
