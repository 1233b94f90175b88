package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jnc's WebSocket against real peers: Python's websockets (python3-websockets) and Node's ws
 * (node-ws), each as client and as server, text and binary, 16 MiB checked by SHA-256; and jnc
 * against itself over TLS, through a proxy, with the services.
 */
@Timeout(120)
class WebSocketE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    private static final Path PEERS = Proc.HOME.resolve("src/test/resources/ws");

    @TempDir
    Path tmp;

    /** Debian's python3, which has python3-websockets (a python3 earlier on the PATH may not). */
    static String python() {
        String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : Peers.require("python3");
        requireModule(Proc.cmd(py, "-c", "import websockets"), "python3-websockets");
        return py;
    }

    static String node() {
        String node = Peers.require("node");
        requireModule(Proc.cmd(node, "-e", "require('ws')").env("NODE_PATH", "/usr/share/nodejs"), "node-ws");
        return node;
    }

    private static void requireModule(Proc.Builder probe, String pkg) {
        try (Proc p = probe.stdinNull().start()) {
            if (p.waitFor(T) == 0) return;
        }
        String msg = pkg + " is not installed (.ci/run installs it with apt-get)";
        if (System.getenv("CI") != null) fail(msg);
        assumeTrue(false, msg);
    }

    static Proc pythonServer(String mode, int port) {
        Proc p = Proc.cmd(python(), PEERS.resolve("peer.py").toString(), mode, Integer.toString(port)).stdinNull().start();
        p.awaitStdout("ready", T);
        return p;
    }

    private static Proc nodeServer(int port) {
        Proc p = Proc.cmd(node(), PEERS.resolve("peer.js").toString(), "server", Integer.toString(port))
                .env("NODE_PATH", "/usr/share/nodejs").stdinNull().start();
        p.awaitStdout("ready", T);
        return p;
    }

    private Path randomFile(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path f = tmp.resolve("random-" + size);
        Files.write(f, data);
        return f;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /**
     * jnc as the client: lines go out as text messages and come back as lines; stdin's EOF sends a
     * Close, and the close code shows at -v. (stdin ends only after the echo: a Close ends both
     * directions, and an echo server does not send what it has not echoed yet.)
     */
    private void jncClientSendsLines(Proc server, int port) throws Exception {
        try (Proc jnc = Proc.jnc("-v", "ws://127.0.0.1:" + port + "/any/path?q=1").start()) {
            jnc.write("hello\nzwei: äöü €\n");
            jnc.awaitStdout("zwei: äöü €\n", T);
            jnc.closeStdin();
            assertThat(jnc.waitFor(T)).isZero();
            assertThat(jnc.stdout()).isEqualTo("hello\nzwei: äöü €\n");
            assertThat(jnc.stderr()).contains("WebSocket closed by the server: 1000");
        }
    }

    /** jnc --binary as the client: 16 MiB out as binary messages, the echo back byte for byte. */
    private void jncClientSends16MiB(int port) throws Exception {
        Path f = randomFile(16 << 20);
        Path out = tmp.resolve("echoed");
        try (Proc jnc = Proc.jnc("--ws", "--binary", "127.0.0.1", Integer.toString(port)).stdoutTo(out).start()) {
            Files.copy(f, jnc.stdin());
            jnc.stdin().flush();
            awaitSize(out, 16 << 20);
            jnc.closeStdin();
            assertThat(jnc.waitFor(T)).isZero();
        }
        assertThat(sha256(Files.readAllBytes(out))).isEqualTo(sha256(Files.readAllBytes(f)));
    }

    private static void awaitSize(Path f, long size) throws IOException {
        long end = System.nanoTime() + T.toNanos();
        while (Files.size(f) < size) {
            if (System.nanoTime() > end) fail(f + " has " + Files.size(f) + " bytes, not " + size + ", after " + T);
            Proc.sleep(20);
        }
    }

    @Test
    void jncClientAgainstPythonWebsockets() throws Exception {
        int port = Peers.freePort();
        try (Proc server = pythonServer("server", port)) {
            jncClientSendsLines(server, port);
            jncClientSends16MiB(port);
        }
    }

    @Test
    void jncClientAgainstNodeWs() throws Exception {
        int port = Peers.freePort();
        try (Proc server = nodeServer(port)) {
            jncClientSendsLines(server, port);
            jncClientSends16MiB(port);
        }
    }

    @Test
    void handshakeHeadersSubprotocolAndThePeersCloseCode() throws Exception {
        int port = Peers.freePort();
        try (Proc server = pythonServer("headers", port);
             Proc jnc = Proc.jnc("-v", "-H", "X-Test: from jnc", "--ws-protocol", "chat.v1", "--ws", "--ws-path", "/room/1",
                     "127.0.0.1", Integer.toString(port)).start()) {
            // stdin stays open: the server's Close ends the session
            assertThat(jnc.waitFor(T)).isZero();
            assertThat(jnc.stdout()).isEqualTo("from jnc|chat.v1|/room/1\n");
            assertThat(jnc.stderr()).contains("subprotocol chat.v1").contains("WebSocket closed by the server: 4001 bye");
        }
    }

    /** The peer clients against {@code jnc -l -k --ws --echo} (text) and {@code --binary} (16 MiB). */
    private void peerClientsAgainstJncEcho(String... client) throws Exception {
        try (Proc text = Proc.jnc("-v", "-l", "-k", "--ws", "--echo", "127.0.0.1", "0").stdinNull().start();
             Proc binary = Proc.jnc("-v", "-l", "-k", "--ws", "--binary", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            int textPort = text.awaitListeningPort();
            int binaryPort = binary.awaitListeningPort();
            String[] cmd = java.util.Arrays.copyOf(client, client.length + 2);
            cmd[client.length] = "ws://127.0.0.1:" + textPort + "/";
            cmd[client.length + 1] = "text";
            try (Proc c = Proc.cmd(cmd).env("NODE_PATH", "/usr/share/nodejs").stdinNull().start()) {
                assertThat(c.waitFor(T)).as(c.stderr()).isZero();
                assertThat(c.stdout()).contains("hello from ").contains("zwei: äöü €").doesNotContain("(binary)").contains("closed 1000");
            }
            Path f = randomFile(16 << 20);
            String[] bin = java.util.Arrays.copyOf(client, client.length + 3);
            bin[client.length] = "ws://127.0.0.1:" + binaryPort + "/";
            bin[client.length + 1] = "binary";
            bin[client.length + 2] = f.toString();
            try (Proc c = Proc.cmd(bin).env("NODE_PATH", "/usr/share/nodejs").stdinNull().start()) {
                assertThat(c.waitFor(T)).as(c.stderr()).isZero();
                assertThat(c.stdout()).startsWith(sha256(Files.readAllBytes(f)) + " " + (16 << 20)).contains("closed 1000");
            }
        }
    }

    @Test
    void pythonClientAgainstJncServer() throws Exception {
        peerClientsAgainstJncEcho(python(), PEERS.resolve("peer.py").toString(), "client");
    }

    @Test
    void nodeClientAgainstJncServer() throws Exception {
        peerClientsAgainstJncEcho(node(), PEERS.resolve("peer.js").toString(), "client");
    }

    @Test
    void aPlainTcpClientGetsHttp400() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "--ws", "--echo", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(reply).startsWith("HTTP/1.1 400 Bad Request\r\n");
            }
        }
    }

    @Test
    void stdioBothWaysAndTheCloseAtStdinEof() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "--ws", "127.0.0.1", "0").start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-v", "--ws", "127.0.0.1", Integer.toString(port)).start()) {
                client.write("from the client\n");
                server.awaitStdout("from the client\n", T);
                server.write("from the server\n");
                client.awaitStdout("from the server\n", T);
                client.closeStdin(); // a Close frame; the server answers it and both end
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
                assertThat(server.stderr()).contains("WebSocket closed by the client: 1000");
            }
        }
    }

    @Test
    void execOverWebSocketOverTls() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "--ssl", "--ws", "-c", "while read -r l; do echo \"$l\" | tr a-z A-Z; done", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("wss://127.0.0.1:" + port + "/").start()) {
                client.write("one\ntwo\n");
                client.awaitStdout("ONE\nTWO\n", T);
                client.closeStdin();
                assertThat(client.waitFor(T)).isZero();
                assertThat(client.stdout()).isEqualTo("ONE\nTWO\n");
            }
        }
    }

    @Test
    void chatAndBrokerOverWebSocket() throws Exception {
        try (Proc chat = Proc.jnc("-v", "--chat", "--ws", "127.0.0.1", "0").stdinNull().start();
             Proc broker = Proc.jnc("-vv", "--broker", "--ws", "127.0.0.1", "0").stdinNull().start()) {
            String chatPort = Integer.toString(chat.awaitListeningPort());
            String brokerPort = Integer.toString(broker.awaitListeningPort());
            try (Proc a = Proc.jnc("--ws", "127.0.0.1", chatPort).start()) {
                a.awaitStdout("already connected: nobody", T);
                try (Proc b = Proc.jnc("--ws", "127.0.0.1", chatPort).start()) {
                    b.awaitStdout("is connected as <user2>", T);
                    a.awaitStdout("is connected as <user2>", T);
                    a.write("hi <b>\u001b[2J\n");
                    b.awaitStdout("<user1> hi <b>\\x1b[2J\n", T);
                }
            }
            try (Proc a = Proc.jnc("--ws", "127.0.0.1", brokerPort).start()) {
                broker.awaitStderr("joined as member 1", T);
                try (Proc b = Proc.jnc("--ws", "127.0.0.1", brokerPort).start()) {
                    broker.awaitStderr("joined as member 2", T); // handshake done, in the room
                    a.write("to everyone else\n");
                    b.awaitStdout("to everyone else\n", T);
                }
            }
        }
    }

    @Test
    void throughAnHttpProxy() throws Exception {
        int port = Peers.freePort();
        try (Proc server = pythonServer("server", port);
             Proc proxy = Proc.jnc("-v", "-l", "--proxy-type", "http", "127.0.0.1", "0").stdinNull().start()) {
            int proxyPort = proxy.awaitListeningPort();
            try (Proc jnc = Proc.jnc("--proxy", "127.0.0.1:" + proxyPort, "ws://127.0.0.1:" + port + "/").start()) {
                jnc.write("via the proxy\n");
                jnc.awaitStdout("via the proxy\n", T);
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero();
                assertThat(jnc.stdout()).isEqualTo("via the proxy\n");
            }
        }
    }

    @Test
    void aRefusedHandshakeIsOneLineAndExitCode1() throws Exception {
        int port = Peers.freePort();
        // an HTTP server that reads the request's head and answers 404
        String server = "import socket\n"
                + Peers.pythonAcceptOne(port) + "\n"
                + "head = b''\n"
                + "while b'\\r\\n\\r\\n' not in head: head += c.recv(4096)\n"
                + "c.sendall(b'HTTP/1.1 404 Not Found\\r\\nContent-Length: 0\\r\\n\\r\\n'); c.close()\n";
        try (Proc http = Proc.cmd(python(), "-c", server).stdinNull().start()) {
            http.awaitStdout("ready", T);
            try (Proc jnc = Proc.jnc("ws://127.0.0.1:" + port + "/nope").stdinNull().start()) {
                assertThat(jnc.waitFor(T)).isEqualTo(1);
                assertThat(jnc.stderr()).isEqualTo("jnc: WebSocket handshake refused: HTTP/1.1 404 Not Found\n");
            }
        }
    }

    @Test
    void pingsTheSessionLogAndTheIdleTimeout() throws Exception {
        Path log = tmp.resolve("session.log");
        try (Proc server = Proc.jnc("-vv", "-l", "--ws", "127.0.0.1", "0").start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--ping-interval", "100ms", "-o", log.toString(), "--ws", "127.0.0.1", Integer.toString(port)).start()) {
                server.awaitStderr("a ping from the client, answered", T);
                client.write("logged line\n");
                server.awaitStdout("logged line\n", T);
                server.write("an answer\n");
                client.awaitStdout("an answer\n", T);
                client.closeStdin();
                assertThat(client.waitFor(T)).isZero();
            }
            assertThat(server.waitFor(T)).isZero();
        }
        assertThat(Files.readString(log)).contains("logged line\n").contains("an answer\n");
        // -i: a server that says nothing ends the client's session
        try (Proc server = Proc.jnc("-v", "-l", "--ws", "127.0.0.1", "0").start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-i", "1s", "--ws", "127.0.0.1", Integer.toString(port)).start()) {
                assertThat(client.waitFor(T)).isEqualTo(1);
                assertThat(client.stderr()).isEqualTo("jnc: Idle timeout expired (1000 ms).\n");
            }
        }
    }

    @Test
    void aPlainRunLoadsNoWebSocketClass() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            Path log = tmp.resolve("classes");
            try (Proc jnc = Proc.jnc("127.0.0.1", Integer.toString(port)).env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + log).stdinNull().start()) {
                assertThat(jnc.waitFor(T)).isZero();
            }
            String loaded = Files.readString(log);
            assertThat(loaded).contains("jnc.Main").doesNotContain("jnc.ws.").doesNotContain("jnc.cli.WsOptions");
        }
    }
}
