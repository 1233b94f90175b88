package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --allow}, {@code --deny} and their files, with clients from two loopback addresses. */
@Timeout(60)
class AccessE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    /** Connects from {@code source} (a loopback address) and returns the echo of "ping\n", or "" if closed. */
    static String pingFrom(String source, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.ofLiteral(source), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            s.setSoTimeout(20_000);
            try {
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException reset) {
                return ""; // closed at the door, possibly with a reset
            }
        }
    }

    static Proc echoServer(String... access) {
        String[] args = new String[6 + access.length];
        System.arraycopy(new String[] {"-v", "-l", "127.0.0.1", "0", "-k", "--echo"}, 0, args, 0, 6);
        System.arraycopy(access, 0, args, 6, access.length);
        return Proc.jnc(args).stdinNull().start();
    }

    @Test
    void allowLetsOnlyListedHostsIn() throws Exception {
        try (Proc server = echoServer("--allow", "127.0.0.2")) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.2", port)).isEqualTo("ping\n");
            assertThat(pingFrom("127.0.0.1", port)).isEmpty();
            server.awaitStderr("Connection from 127\\.0\\.0\\.1 \\d+ denied: not allowed\\.", T);
        }
    }

    @Test
    void denyKeepsListedHostsOutAndWinsOverAllow() throws Exception {
        try (Proc server = echoServer("--deny", "127.0.0.2", "--allow", "127.0.0.0/8")) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.1", port)).isEqualTo("ping\n");
            assertThat(pingFrom("127.0.0.2", port)).isEmpty();
        }
    }

    @Test
    void allowAndDenyFiles(@TempDir Path tmp) throws Exception {
        Path allow = Files.writeString(tmp.resolve("allow"), "# who may\n127.0.0.1-3\n");
        Path deny = Files.writeString(tmp.resolve("deny"), "127.0.0.3\n");
        try (Proc server = echoServer("--allowfile", allow.toString(), "--denyfile", deny.toString())) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.2", port)).isEqualTo("ping\n");
            assertThat(pingFrom("127.0.0.3", port)).isEmpty();
            assertThat(pingFrom("127.0.0.4", port)).isEmpty();
        }
    }

    @Test
    void withoutKeepOpenADeniedClientDoesNotUseUpTheOneSession() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--echo", "--allow", "127.0.0.2").stdinNull().start()) {
            int port = server.awaitListeningPort();
            assertThat(pingFrom("127.0.0.1", port)).isEmpty();
            assertThat(pingFrom("127.0.0.2", port)).isEqualTo("ping\n");
            assertThat(server.waitFor(T)).isZero();
        }
    }

    @Test
    void accessControlIsForListenModeOnly() {
        try (Proc p = Proc.jnc("--allow", "127.0.0.1", "127.0.0.1", "9").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: Invalid option combination: allow/deny with connect.\n");
        }
    }
}
