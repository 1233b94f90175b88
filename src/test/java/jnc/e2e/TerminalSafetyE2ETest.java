package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jnc.e2e.BrokerChatE2ETest.Client;

/**
 * Issue 10, item 8: a peer's words never reach the terminal as escape sequences. A hostile HTTP
 * proxy's reason phrase, a CONNECT target logged at -v, a chat line with a bidi override, and a
 * chat line cut at 4,096 bytes in the middle of a character.
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
}
