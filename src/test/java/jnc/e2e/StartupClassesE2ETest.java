package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up rules as a test (scripts call netcats in loops): a plain connect and a plain listen
 * load no class of an optional feature (TLS, proxies, the terminal line editor, the forwarder), nor
 * the JDK's regex or Formatter, which cost milliseconds the first time they are used.
 */
@Timeout(120)
class StartupClassesE2ETest {
    static final Duration T = Duration.ofSeconds(30);
    static final List<String> FORBIDDEN = List.of(
            "jnc.tls.", "jnc.net.proxy.", "org.jline.", "jnc.serve.Forward", "javax.net.ssl.", "jnc.code.", "org.bouncycastle.",
            "java.util.regex.Pattern ", "java.util.Formatter ",
            // issue 10's datagram expiry and room: named only where -u -k, --chat and --broker run
            "jnc.io.PeerExpired ", "jnc.net.DatagramSenders ", "jnc.broker.");

    static List<String> forbiddenIn(Path log) throws Exception {
        return Files.readAllLines(log).stream()
                .filter(l -> FORBIDDEN.stream().anyMatch(l::contains) || spunAtRunTime(l))
                .toList();
    }

    /**
     * A lambda or method handle made at start-up instead of coming from the AOT cache: each costs
     * milliseconds (an uncaught-exception handler written as a method reference cost ~8 ms of CPU).
     */
    static boolean spunAtRunTime(String line) {
        return (line.contains("$$Lambda") || line.contains("LambdaForm$")) && !line.contains("shared objects file");
    }

    @Test
    void aPlainConnectLoadsNoOptionalFeature(@TempDir Path dir) throws Exception {
        connectOnce(dir.resolve("connect.log"), "hi\n");
    }

    /** Scripts' usual {@code nc -w 1 -q 0 HOST PORT}: the time options' parser once opened the jar. */
    @Test
    void aConnectWithScriptsTimeoutsLoadsNothingFromTheJar(@TempDir Path dir) throws Exception {
        connectOnce(dir.resolve("connect-w-q.log"), "hi\n", "-w", "10", "-q", "0");
    }

    /** {@code -C}, as scripts speak HTTP or SMTP by hand: its encoder once came from the jar. */
    @Test
    void aConnectWithCrlfLoadsNothingFromTheJar(@TempDir Path dir) throws Exception {
        connectOnce(dir.resolve("connect-crlf.log"), "hi\r\n", "-C");
    }

    private static void connectOnce(Path log, String received, String... options) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Proc jnc = Proc.jnc(concat(options, "127.0.0.1", String.valueOf(server.getLocalPort())))
                     .env("JNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log).start()) {
            jnc.write("hi\n");
            jnc.closeStdin();
            try (Socket s = server.accept()) {
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(received);
            }
            assertThat(jnc.waitFor(T)).isZero();
        }
        assertThat(Files.readString(log)).contains("jnc.Main");
        assertThat(forbiddenIn(log)).isEmpty();
        assertThat(fromTheJar(log)).isEmpty();
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /**
     * jnc's classes a run loaded from the jar rather than the AOT cache: each opens the jar, some
     * milliseconds. (Main's instanceof on the modes once loaded Mode$Raw and five more from it.)
     */
    static List<String> fromTheJar(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains(" jnc.") && l.contains("source: file:")).toList();
    }

    /**
     * A client this machine refuses tries again for a moment (a listener started beside it may not be
     * up yet), then says so: neither the retry nor the error's words open the jar (they once did).
     */
    @Test
    void aRefusedConnectLoadsNothingFromTheJar(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("refused.log");
        try (Proc jnc = Proc.jnc("127.0.0.1", String.valueOf(Peers.freePort())).stdinNull()
                .env("JNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log).start()) {
            assertThat(jnc.waitFor(T)).isEqualTo(1);
            assertThat(jnc.stderr()).contains("Connection refused");
        }
        assertThat(Files.readString(log)).contains("jnc.net.LoopbackRetry source: shared objects file");
        assertThat(forbiddenIn(log)).isEmpty();
        assertThat(fromTheJar(log)).isEmpty();
    }

    @Test
    void aPlainListenLoadsNoOptionalFeature(@TempDir Path dir) throws Exception {
        Path log = listenOnce(dir.resolve("listen.log"), true);
        assertThat(Files.readString(log)).contains("jnc.door.Door");
        assertThat(forbiddenIn(log)).isEmpty();
        assertThat(fromTheJar(log)).isEmpty();
    }

    /**
     * The other order of the two EOFs: the peer closes while stdin stays open, so the session ends
     * by the quiet rule. (CI once caught the quiet watch spun as a lambda when the peer's EOF won the
     * race against /dev/null's.)
     */
    @Test
    void aPlainListenWhosePeerClosesFirstLoadsNoOptionalFeature(@TempDir Path dir) throws Exception {
        Path log = listenOnce(dir.resolve("listen-peer-first.log"), false);
        assertThat(forbiddenIn(log)).isEmpty();
        // the quiet watch that then ends the session comes from the cache too (it once opened the jar)
        assertThat(Files.readString(log)).contains("jnc.session.Relay$QuietWatch source: shared objects file");
        assertThat(fromTheJar(log)).isEmpty();
    }

    /** {@code jnc -v -l} with one client that says hello and closes; stdin /dev/null or an open pipe. Returns the class-load log. */
    private static Path listenOnce(Path log, boolean stdinNull) throws Exception {
        Proc.Builder b = Proc.jnc("-v", "-l", "127.0.0.1", "0").env("JNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        try (Proc jnc = (stdinNull ? b.stdinNull() : b).start()) {
            int port = jnc.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            }
            assertThat(jnc.waitFor(T)).isZero();
            assertThat(jnc.stdout()).isEqualTo("hello\n");
        }
        return log;
    }

    /**
     * A service's run (here the HTTP proxy server) takes the cache trained on the services: its port
     * is taken and its first client served with no class of jnc loaded from the jar (opening the jar
     * and defining classes from it cost tens of milliseconds under load, before the first answer).
     */
    @Test
    void aServiceLoadsItsClassesFromTheServeCache(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("proxy.log");
        try (Proc jnc = Proc.jnc("-v", "-l", "--proxy-type", "http", "127.0.0.1", "0").stdinNull()
                     .env("JNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log).start()) {
            int port = jnc.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                int closed = Peers.freePort(); // nothing listens there: the proxy answers 504
                s.getOutputStream().write(("GET http://127.0.0.1:" + closed + "/ HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 504");
            }
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).anyMatch(l -> l.contains("jnc.net.proxy.HttpProxyServer source: shared objects file"));
        assertThat(lines.stream().filter(l -> l.contains(" jnc.") && l.contains("source: file:")).toList()).isEmpty();
    }
}
