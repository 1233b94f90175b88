package jnc.e2e;

import static jnc.e2e.CourseE2ETest.sha256;
import static jnc.e2e.CourseE2ETest.writeRandom;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jnc through real proxies: Dante (SOCKS4, SOCKS5), tinyproxy (HTTP CONNECT) and Ncat's own HTTP
 * proxy (with Basic authentication). Each test starts its own proxy on 127.0.0.1 and a free port,
 * with a configuration in the test's temporary directory, and stops it at the end.
 */
@Timeout(120)
class ProxyE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------------------------------
    // The proxies

    /** Dante's SOCKS server (v4 and v5, no authentication), in the foreground. */
    Proc dante(int port) throws IOException {
        String danted = Peers.require("danted");
        Path conf = tmp.resolve("danted.conf");
        Files.writeString(conf, """
                logoutput: %s
                internal: 127.0.0.1 port = %d
                external: 127.0.0.1
                clientmethod: none
                socksmethod: none
                user.privileged: root
                user.unprivileged: nobody
                client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }
                socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }
                """.formatted(tmp.resolve("danted.log"), port));
        // Without -D it stays in the foreground; -N 1: one process of each kind is enough here.
        Proc p = Proc.cmd(danted, "-f", conf.toString(), "-N", "1", "-p", tmp.resolve("danted.pid").toString()).stdinNull().start();
        Peers.awaitListening(port);
        return p;
    }

    /** tinyproxy, an HTTP proxy. With no ConnectPort line it allows CONNECT to any port. */
    Proc tinyproxy(int port) throws IOException {
        String tinyproxy = Peers.require("tinyproxy");
        Path conf = tmp.resolve("tinyproxy.conf");
        Files.writeString(conf, """
                Port %d
                Listen 127.0.0.1
                Allow 127.0.0.1
                Timeout 60
                LogFile "%s"
                LogLevel Connect
                PidFile "%s"
                """.formatted(port, tinyproxyLog(), tmp.resolve("tinyproxy.pid")));
        Proc p = Proc.cmd(tinyproxy, "-d", "-c", conf.toString()).stdinNull().start();
        Peers.awaitListening(port);
        return p;
    }

    Path tinyproxyLog() {
        return tmp.resolve("tinyproxy.log");
    }

    /** Ncat as an HTTP proxy server that asks for {@code credentials}, serving any number of clients. */
    static Proc ncatHttpProxy(int port, String credentials) {
        String ncat = Peers.require("ncat");
        Proc p = Proc.cmd(ncat, "-l", "-k", "--proxy-type", "http", "--proxy-auth", credentials, "127.0.0.1", String.valueOf(port)).stdinNull().start();
        Peers.awaitListening(port);
        return p;
    }

    /** The target: ncat listening on 127.0.0.1, its stdin and stdout ours. */
    static Proc target(int port) {
        Proc p = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(port)).start();
        Peers.awaitListening(port);
        return p;
    }

    static String[] jncArgs(List<String> proxyArgs, String host, int port) {
        List<String> all = new ArrayList<>();
        all.add("-v");
        all.addAll(proxyArgs);
        all.add(host);
        all.add(String.valueOf(port));
        return all.toArray(String[]::new);
    }

    /**
     * A conversation with the target through the proxy: a line each way, then both sides end
     * (jnc's stdin first, as a user's Ctrl-D) and both processes exit by themselves.
     */
    static Proc converse(List<String> proxyArgs, String host) {
        int port = Peers.freePort();
        try (Proc target = target(port); Proc client = Proc.jnc(jncArgs(proxyArgs, host, port)).start()) {
            client.awaitStderr("Connection to " + host + " " + port + " port \\[tcp/\\S+\\] succeeded!", T);
            Proc.talk(client, "hello through the proxy\n", target, "hello back\n", T);
            client.closeStdin();
            target.closeStdin();
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(target.waitFor(T)).as(target.stderr()).isZero();
            assertThat(target.stdout()).isEqualTo("hello through the proxy\n");
            assertThat(client.stdout()).isEqualTo("hello back\n");
            return client;
        }
    }

    /** jnc must fail with {@code code} and exactly one stderr line matching {@code regex}. */
    static void expectFailure(int code, String regex, String... args) {
        try (Proc p = Proc.jnc(args).stdinNull().start()) {
            int rc = p.waitFor(T);
            String err = p.stderr();
            assertThat(err.strip().lines().count()).as("one line: %s", err).isEqualTo(1);
            assertThat(err).startsWith("jnc: ").containsPattern(regex);
            assertThat(rc).as(err).isEqualTo(code);
            assertThat(p.stdout()).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Through each proxy

    @Test
    void socks5ThroughDante() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = dante(proxyPort)) {
            Proc client = converse(List.of("--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks5"), "127.0.0.1");
            assertThat(client.stderr()).contains("Connected to proxy 127.0.0.1:" + proxyPort).contains("No authentication needed.");
        }
    }

    @Test
    void socks4ThroughDante() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = dante(proxyPort)) {
            Proc client = converse(List.of("--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks4", "--proxy-auth", "joe"), "127.0.0.1");
            assertThat(client.stderr()).contains("Connected to proxy 127.0.0.1:" + proxyPort);
        }
    }

    @Test
    void socks5RemoteDnsSendsTheNameToDante() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = dante(proxyPort)) {
            Proc client = converse(List.of("--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks5", "--proxy-dns", "remote"), "localhost");
            assertThat(client.stderr()).contains("Host localhost will be resolved by the proxy.");
        }
    }

    @Test
    void httpConnectThroughTinyproxy() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = tinyproxy(proxyPort)) {
            // no --proxy-type: Ncat's default is http
            converse(List.of("--proxy", "127.0.0.1:" + proxyPort), "127.0.0.1");
        }
    }

    /** The proxy's own log shows what it was asked for: the name (remote) or the address resolved here (local). */
    @Test
    void proxyDnsDecidesWhatTinyproxyIsAskedFor() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = tinyproxy(proxyPort)) {
            Proc remote = converse(List.of("--proxy", "127.0.0.1:" + proxyPort), "localhost");
            assertThat(remote.stderr()).contains("Host localhost will be resolved by the proxy.");
            assertThat(Files.readString(tinyproxyLog())).containsPattern("CONNECT localhost:\\d+ HTTP/1.1");

            Proc local = converse(List.of("-4", "--proxy", "127.0.0.1:" + proxyPort, "--proxy-dns", "local"), "localhost");
            assertThat(local.stderr()).contains("Host localhost locally resolved to 127.0.0.1.");
            assertThat(Files.readString(tinyproxyLog())).containsPattern("CONNECT 127.0.0.1:\\d+ HTTP/1.1");
        }
    }

    @Test
    void ncatHttpProxyWithRightAndWrongCredentials() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = ncatHttpProxy(proxyPort, "alice:s3cret")) {
            converse(List.of("--proxy", "127.0.0.1:" + proxyPort, "--proxy-auth", "alice:s3cret"), "127.0.0.1");
            int port = Peers.freePort();
            try (Proc target = target(port)) {
                expectFailure(1, "^jnc: Proxy returned status code 407 \\(Proxy Authentication Required\\)\\.$",
                        "--proxy", "127.0.0.1:" + proxyPort, "--proxy-auth", "alice:wrong", "127.0.0.1", String.valueOf(port));
                expectFailure(1, "status code 407",
                        "--proxy", "127.0.0.1:" + proxyPort, "127.0.0.1", String.valueOf(port));
            }
        }
    }

    /** The credentials may come from the environment, as with Ncat, keeping them out of the process list. */
    @Test
    void credentialsFromNcatProxyAuth() throws Exception {
        int proxyPort = Peers.freePort();
        int port = Peers.freePort();
        try (Proc proxy = ncatHttpProxy(proxyPort, "bob:pw"); Proc target = target(port);
                Proc client = Proc.jnc("--proxy", "127.0.0.1:" + proxyPort, "127.0.0.1", String.valueOf(port)).env("NCAT_PROXY_AUTH", "bob:pw").start()) {
            client.write("via env\n");
            target.awaitStdout("via env\n", T);
            client.closeStdin();
            target.closeStdin();
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            assertThat(target.waitFor(T)).isZero();
        }
    }

    /** An IPv6 proxy address is written in brackets, as Ncat requires. */
    @Test
    void ipv6ProxyAddressInBrackets() {
        int proxyPort = Peers.freePort();
        String ncat = Peers.require("ncat");
        try (Proc proxy = Proc.cmd(ncat, "-l", "-k", "--proxy-type", "http", "::1", String.valueOf(proxyPort)).stdinNull().start()) {
            Peers.awaitListening(proxyPort);
            Proc client = converse(List.of("--proxy", "[::1]:" + proxyPort), "127.0.0.1");
            assertThat(client.stderr()).contains("Connected to proxy [::1]:" + proxyPort);
        }
    }

    @Test
    void eightMibByteExactThroughSocks5() throws Exception {
        Path send = tmp.resolve("send");
        Path receive = tmp.resolve("receive");
        writeRandom(send, 8 << 20, 51);
        int proxyPort = Peers.freePort();
        int port = Peers.freePort();
        try (Proc proxy = dante(proxyPort);
                Proc target = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(port)).stdinNull().stdoutTo(receive).start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks5", "127.0.0.1", String.valueOf(port))
                    .stdinFrom(send).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(target.waitFor(T)).as(target.stderr()).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    // ---------------------------------------------------------------------------------------
    // jnc as the proxy: -l --proxy-type http

    /** {@code jnc -v -l --proxy-type http [extra] 127.0.0.1 0}, returning once it listens. */
    static Proc jncProxy(String... extra) {
        List<String> args = new ArrayList<>(List.of("-v", "-l", "--proxy-type", "http"));
        args.addAll(List.of(extra));
        args.add("127.0.0.1");
        args.add("0");
        return Proc.jnc(args.toArray(String[]::new)).stdinNull().start();
    }

    @Test
    void ncatThroughJncProxy() {
        int port = Peers.freePort();
        try (Proc proxy = jncProxy()) {
            int proxyPort = proxy.awaitListeningPort();
            try (Proc target = target(port);
                    Proc client = Proc.cmd(Peers.require("ncat"), "--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "http",
                            "127.0.0.1", String.valueOf(port)).start()) {
                Proc.talk(client, "ncat via jnc\n", target, "jnc via ncat\n", T);
                client.closeStdin();
                target.closeStdin();
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(target.waitFor(T)).as(target.stderr()).isZero();
            }
            proxy.awaitStderr("Proxy: tunnel to 127.0.0.1:" + port, T);
        }
    }

    /** Ncat asks without credentials, gets our 407 and its Basic challenge, and asks again with them. */
    @Test
    void jncProxyAsksForCredentials() {
        try (Proc proxy = jncProxy("--proxy-auth", "alice:s3cret")) {
            int proxyPort = proxy.awaitListeningPort();
            int port = Peers.freePort();
            try (Proc target = target(port);
                    Proc client = Proc.cmd(Peers.require("ncat"), "--proxy", "127.0.0.1:" + proxyPort, "--proxy-auth", "alice:s3cret",
                            "127.0.0.1", String.valueOf(port)).start()) {
                client.write("with the password\n");
                target.awaitStdout("with the password\n", T);
                client.closeStdin();
                target.closeStdin();
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                assertThat(target.waitFor(T)).isZero();
            }
            int other = Peers.freePort();
            try (Proc target = target(other)) {
                expectFailure(1, "^jnc: Proxy returned status code 407 \\(Proxy Authentication Required\\)\\.$",
                        "--proxy", "127.0.0.1:" + proxyPort, "--proxy-auth", "alice:guess", "127.0.0.1", String.valueOf(other));
            }
        }
    }

    @Test
    void eightMibByteExactThroughJncProxy() throws Exception {
        Path send = tmp.resolve("send");
        Path receive = tmp.resolve("receive");
        writeRandom(send, 8 << 20, 52);
        int port = Peers.freePort();
        try (Proc proxy = jncProxy()) {
            int proxyPort = proxy.awaitListeningPort();
            try (Proc target = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(port)).stdinNull().stdoutTo(receive).start()) {
                Peers.awaitListening(port);
                try (Proc client = Proc.jnc("--proxy", "127.0.0.1:" + proxyPort, "127.0.0.1", String.valueOf(port)).stdinFrom(send).start()) {
                    assertThat(client.waitFor(T)).as(client.stderr()).isZero();
                    assertThat(target.waitFor(T)).as(target.stderr()).isZero();
                }
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @Test
    void jncProxyAnswersWhatItCannotDo() throws Exception {
        try (Proc proxy = jncProxy()) {
            int proxyPort = proxy.awaitListeningPort();
            assertThat(ask(proxyPort, "PUT http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 405 ");
            assertThat(ask(proxyPort, "CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            int nobody = Peers.freePort();
            assertThat(ask(proxyPort, "CONNECT 127.0.0.1:" + nobody + " HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 504 "); // as Ncat
        }
    }

    /** Sends a request to the proxy and returns its whole answer (it closes after a refusal). */
    static String ask(int port, String request) throws IOException {
        try (java.net.Socket s = Peers.connectLoopback(port, 10_000)) {
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Refusals: one line, exit 1

    @Test
    void noProxyListening() {
        int nobody = Peers.freePort();
        expectFailure(1, "^jnc: Proxy connection failed: Connection refused\\.$",
                "--proxy", "127.0.0.1:" + nobody, "--proxy-type", "socks5", "127.0.0.1", "9");
    }

    /** A proxy that accepts and never answers: {@code -w} bounds the handshake as it bounds the connect. */
    @Test
    void silentProxyTimesOutWithW() {
        int proxyPort = Peers.freePort();
        try (Proc silent = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(proxyPort)).start()) {
            Peers.awaitListening(proxyPort);
            expectFailure(1, "^jnc: Proxy connection failed: Connection timed out\\.$",
                    "-w", "1", "--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks5", "127.0.0.1", "9");
        }
    }

    @Test
    void socks5TargetRefusedByDante() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = dante(proxyPort)) {
            expectFailure(1, "^jnc: Proxy connection failed: Connection refused \\(SOCKS5 reply 5\\)\\.$",
                    "--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks5", "127.0.0.1", String.valueOf(Peers.freePort()));
        }
    }

    /** Dante does not speak SOCKS4a, so a name sent for it to resolve is refused. */
    @Test
    void socks4aNameRefusedByDante() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = dante(proxyPort)) {
            expectFailure(1, "^jnc: Proxy connection failed: request rejected or failed \\(SOCKS4 reply 91\\)\\.$",
                    "--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks4", "localhost", String.valueOf(Peers.freePort()));
        }
    }

    @Test
    void httpTargetRefusedByTinyproxy() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = tinyproxy(proxyPort)) {
            expectFailure(1, "^jnc: Proxy returned status code 5\\d\\d( \\(.*\\))?\\.$",
                    "--proxy", "127.0.0.1:" + proxyPort, "127.0.0.1", String.valueOf(Peers.freePort()));
        }
    }

    @Test
    void proxyDnsNoneTakesAddressesOnly() throws Exception {
        int proxyPort = Peers.freePort();
        try (Proc proxy = dante(proxyPort)) {
            expectFailure(2, "^jnc: Failed to resolve host localhost locally",
                    "--proxy", "127.0.0.1:" + proxyPort, "--proxy-type", "socks5", "--proxy-dns", "none", "localhost", "9");
        }
    }

    @Test
    void badOptionValuesExit2() {
        expectFailure(2, "Invalid proxy type \"socks6\"", "--proxy", "127.0.0.1", "--proxy-type", "socks6", "127.0.0.1", "9");
        expectFailure(2, "Invalid proxy port number", "--proxy", "127.0.0.1:http", "127.0.0.1", "9");
        expectFailure(2, "Invalid option combination: --proxy and -l\\.", "--proxy", "127.0.0.1", "-l", "9");
        expectFailure(2, "does not go with -u", "--proxy", "127.0.0.1", "-u", "127.0.0.1", "9");
    }
}
