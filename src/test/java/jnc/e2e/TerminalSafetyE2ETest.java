package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import jnc.e2e.BrokerChatE2ETest.Client;

/**
 * Issue 10, item 8: a peer's words never reach the terminal as escape sequences. A hostile HTTP
 * proxy's reason phrase, a CONNECT target logged at -v, a chat line with a bidi override, a
 * chat line cut at 4,096 bytes in the middle of a character, the WebSocket handshake's and Close
 * frame's words of a hostile server or client, and the names in a hostile TLS server's certificate.
 */
@Timeout(60)
class TerminalSafetyE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void aHostileProxysReasonPhraseIsEscaped() {
        String ncat = Peers.require("ncat");
        int port = Peers.freePort();
        // The "proxy" answers every CONNECT with a 403 whose reason clears the screen and retitles the window.
        try (Proc proxy = Proc.sh("printf 'HTTP/1.1 403 \\033[2J\\033]0;pwned\\007\\r\\n\\r\\n' | " + ncat
                + " -l 127.0.0.1 " + port + " >/dev/null").start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("--proxy", "127.0.0.1:" + port, "--proxy-type", "http", "127.0.0.1", "9").stdinNull().start()) {
                assertThat(client.waitFor(T)).isEqualTo(1);
                assertThat(client.stderr()).doesNotContain("\u001b").doesNotContain("\u0007")
                        .contains("403 (\\x1b[2J\\x1b]0;pwned\\x07)");
            }
        }
    }

    @Test
    void theProxyServerLogsATargetEscaped() {
        String ncat = Peers.require("ncat");
        try (Proc server = Proc.jnc("-v", "-l", "-k", "--proxy-type", "http", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            // A target whose host is an escape sequence: resolving it fails, and -v says so.
            try (Proc client = Proc.sh("printf 'CONNECT \\033]0;pwned\\007x.invalid:80 HTTP/1.1\\r\\n\\r\\n' | " + ncat
                    + " 127.0.0.1 " + port).start()) {
                client.awaitStdout("HTTP/1.1 ", T);
            }
            server.awaitStderr("Proxy: \\\\x1b\\]0;pwned\\\\x07x\\.invalid:80", T);
            assertThat(server.stderr()).doesNotContain("\u001b").doesNotContain("\u0007");
        }
    }

    @Test
    void chatEscapesBidiOverrides() throws Exception {
        try (Proc server = Proc.jnc("--chat", "127.0.0.1", "0", "-v").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Client a = Client.connect(port)) {
                a.line();
                a.line();
                try (Client b = Client.connect(port)) {
                    a.line();
                    a.line();
                    // U+202E turns "txt.exe" into what looks like "exe.txt"; U+2066 and U+200F are of its kind.
                    b.send("invoice\u202etxt.exe \u2066isolated\u2069 \u200f\n");
                    assertThat(a.line()).isEqualTo("<user2> invoice\\u202etxt.exe \\u2066isolated\\u2069 \\u200f");
                }
            }
        }
    }

    @Test
    void chatCutsALongLineBetweenCharactersNotInsideOne() throws Exception {
        try (Proc server = Proc.jnc("--chat", "127.0.0.1", "0", "-v").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Client a = Client.connect(port)) {
                a.line();
                a.line();
                try (Client b = Client.connect(port)) {
                    a.line();
                    a.line();
                    // 4,095 ASCII bytes, then a 3-byte euro sign across the 4,096-byte cut.
                    String line = "x".repeat(4095) + "\u20ac" + "tail";
                    assertThat(line.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(4096);
                    b.send(line + "\n");
                    String first = a.line();
                    String second = a.line();
                    assertThat(first).isEqualTo("<user2> " + "x".repeat(4095));
                    assertThat(second).isEqualTo("<user2> \u20actail");
                    assertThat(first + second).doesNotContain("\ufffd");
                }
            }
        }
    }

    @Test
    void aHostileWebSocketServersRefusalIsEscaped() {
        String ncat = Peers.require("ncat");
        int port = Peers.freePort();
        try (Proc server = Proc.sh("printf 'HTTP/1.1 403 \\033[2J\\033]0;pwned\\007\\r\\n\\r\\n' | " + ncat
                + " -l 127.0.0.1 " + port + " >/dev/null").start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("--ws", "127.0.0.1", Integer.toString(port)).stdinNull().start()) {
                assertThat(client.waitFor(T)).isEqualTo(1);
                assertThat(client.stderr()).doesNotContain("\u001b").doesNotContain("\u0007")
                        .contains("refused: HTTP/1.1 403 \\x1b[2J\\x1b]0;pwned\\x07");
            }
        }
    }

    @Test
    void aWebSocketServersSubprotocolIsEscaped() {
        String py = Peers.require("python3");
        int port = Peers.freePort();
        // A server that completes the handshake with a subprotocol nobody offered, named with an escape sequence
        // inside it (at either end, the field's trimming would drop it).
        String script = String.join("\n",
                "import base64, hashlib, socket",
                Peers.pythonAcceptOne(port),
                "head = b''",
                "while b'\\r\\n\\r\\n' not in head: head += c.recv(4096)",
                "key = [l.split(b':', 1)[1].strip() for l in head.split(b'\\r\\n') if l.lower().startswith(b'sec-websocket-key:')][0]",
                "acc = base64.b64encode(hashlib.sha1(key + b'258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest())",
                "c.sendall(b'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: ' + acc"
                        + " + b'\\r\\nSec-WebSocket-Protocol: x\\x1b]0;pwned\\x07y\\r\\n\\r\\n')",
                "c.recv(4096)");
        try (Proc server = Proc.cmd(py, "-c", script).stdinNull().start()) {
            server.awaitStdout("ready", T);
            try (Proc client = Proc.jnc("--ws", "127.0.0.1", Integer.toString(port)).stdinNull().start()) {
                assertThat(client.waitFor(T)).isEqualTo(1);
                assertThat(client.stderr()).doesNotContain("\u001b").doesNotContain("\u0007")
                        .contains("a subprotocol we did not offer (x\\x1b]0;pwned\\x07y)");
            }
        }
    }

    @Test
    void aWebSocketPeersCloseReasonIsEscaped() {
        int port = Peers.freePort();
        try (Proc server = WebSocketE2ETest.pythonServer("hostile", port);
                Proc client = Proc.jnc("-v", "ws://127.0.0.1:" + port + "/").stdinNull().start()) {
            client.waitFor(T);
            assertThat(client.stderr()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
                    .contains("WebSocket closed by the server: 4002 \\x1b]0;pwned\\x07\\u202eexe.txt");
        }
    }

    @Test
    void aWebSocketListenerLogsAClientsPathAndVersionEscapedInEveryService() {
        // With the stdin hub (the listener's WsServer) and with --echo (the echo loops' own handshake).
        aWebSocketListenerLogsAClientsPathAndVersionEscaped();
        aWebSocketListenerLogsAClientsPathAndVersionEscaped("--echo");
    }

    private static void aWebSocketListenerLogsAClientsPathAndVersionEscaped(String... service) {
        String ncat = Peers.require("ncat");
        List<String> args = new ArrayList<>(List.of("-v", "-l", "-k", "--ws", "--ws-path", "/x", "127.0.0.1", "0"));
        args.addAll(List.of(service));
        try (Proc server = Proc.jnc(args.toArray(String[]::new)).stdinNull().start()) {
            int port = server.awaitListeningPort();
            String common = "Host: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n";
            try (Proc path = Proc.sh("printf 'GET /\\033]0;pwned\\007 HTTP/1.1\\r\\n" + common + "Sec-WebSocket-Version: 13\\r\\n\\r\\n' | "
                    + ncat + " 127.0.0.1 " + port).start()) {
                path.awaitStdout("HTTP/1.1 404", T);
            }
            server.awaitStderr("the path /\\\\x1b\\]0;pwned\\\\x07 is not served", T);
            try (Proc version = Proc.sh("printf 'GET /x HTTP/1.1\\r\\n" + common + "Sec-WebSocket-Version: 1\\033[2J\\r\\n\\r\\n' | "
                    + ncat + " 127.0.0.1 " + port).start()) {
                version.awaitStdout("HTTP/1.1 426", T);
            }
            server.awaitStderr("version 1\\\\x1b\\[2J", T);
            assertThat(server.stderr()).doesNotContain("\u001b").doesNotContain("\u0007");
        }
    }

    @Test
    void aHostileTlsServersCertificateNamesAreEscaped(@TempDir Path tmp) {
        String openssl = Peers.require("openssl");
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        // Subject and issuer (self-signed: the same) hold an escape sequence that retitles the window.
        try (Proc req = Proc.cmd(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=a\u001b]0;pwned\u0007b").stdinNull().start()) {
            assertThat(req.waitFor(T)).as(req.stderr()).isZero();
        }
        int port = Peers.freePort();
        try (Proc server = Proc.cmd(openssl, "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
                "-key", key.toString(), "-quiet").stdinNull().start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("-v", "--ssl", "127.0.0.1", Integer.toString(port)).start()) {
                client.awaitStderr("SSL connection to", T);
                client.closeStdin();
                client.waitFor(T);
                assertThat(client.stderr()).doesNotContain("\u001b").doesNotContain("\u0007")
                        .contains("Subject: CN=a\\x1b]0\\;pwned\\x07b").contains("Issuer: CN=a\\x1b]0\\;pwned\\x07b");
            }
        }
    }
}
