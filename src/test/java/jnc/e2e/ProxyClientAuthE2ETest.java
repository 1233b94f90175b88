package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jnc as the client of an HTTP proxy that wants credentials, as Ncat's client does it: the first
 * request carries none, the 407's challenges are answered on a new connection, Digest before
 * Basic. Against Ncat's proxy server (which offers both), and against an {@code ncat -l -k} that
 * plays the proxy, its stdout showing each request and its stdin giving our answers.
 */
@Timeout(120)
class ProxyClientAuthE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void digestThroughNcatsProxyServer() {
        int proxyPort = Peers.freePort();
        int port = Peers.freePort();
        try (Proc proxy = ProxyE2ETest.ncatHttpProxy(proxyPort, "alice:s3cret");
                Proc target = ProxyE2ETest.target(port);
                Proc client = Proc.jnc("-v", "--proxy", "127.0.0.1:" + proxyPort, "--proxy-auth", "alice:s3cret", "127.0.0.1", String.valueOf(port)).start()) {
            client.awaitStderr("answering with Digest", T);
            client.write("digest through ncat\n");
            target.awaitStdout("digest through ncat\n", T);
            client.closeStdin();
            target.closeStdin();
            assertThat(client.waitFor(T)).as(client.stderr()).isZero();
        }
    }

    /** A scripted proxy: ncat -l -k prints what each connection sends, and sends what we write to it. */
    static Proc scriptedProxy(int port) {
        Proc p = Proc.cmd(Peers.require("ncat"), "-l", "-k", "127.0.0.1", String.valueOf(port)).start();
        Peers.awaitListening(port);
        return p;
    }

    @Test
    void firstAskWithoutCredentialsThenPreferDigest() {
        int port = Peers.freePort();
        try (Proc proxy = scriptedProxy(port);
                Proc client = Proc.jnc("--proxy", "127.0.0.1:" + port, "--proxy-auth", "user:pass", "127.0.0.1", "9").start()) {
            proxy.awaitStdout("CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n", T);
            assertThat(proxy.stdout()).doesNotContain("Proxy-Authorization");
            proxy.write("HTTP/1.0 407 Authentication Required\r\nProxy-Authenticate: Basic realm=\"r\", NTLM, "
                    + "Digest realm=\"r\", nonce=\"0123456789abcdef\", qop=\"auth\", opaque=\"abcd\"\r\n\r\n");
            proxy.awaitStdout("Proxy-Authorization: Digest username=\"user\", realm=\"r\", nonce=\"0123456789abcdef\", uri=\"127.0.0.1:9\", qop=auth, nc=00000001, cnonce=\"", T);
            assertThat(proxy.stdout()).contains("opaque=\"abcd\"").doesNotContain("Basic ");
        }
    }

    /** Ncat takes {@code --proxy-auth a} and {@code --proxy-auth ""} for HTTP, and Basic sends them as given. */
    @Test
    void anyAuthStringIsSentAsBasic() {
        for (String auth : new String[] {"a", "a:", ":a", "user:~~~~~"}) {
            int port = Peers.freePort();
            try (Proc proxy = scriptedProxy(port);
                    Proc client = Proc.jnc("--proxy", "127.0.0.1:" + port, "--proxy-type", "http", "--proxy-auth", auth, "127.0.0.1", "9").start()) {
                proxy.awaitStdout("\r\n\r\n", T);
                proxy.write("HTTP/1.0 407 Auth\r\nProxy-Authenticate: Basic realm=\"Ncat\"\r\n\r\n");
                String b64 = Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8));
                proxy.awaitStdout("Proxy-Authorization: Basic " + b64 + "\r\n", T);
            }
        }
        int port = Peers.freePort();
        try (Proc proxy = scriptedProxy(port);
                Proc client = Proc.jnc("--proxy", "127.0.0.1:" + port, "--proxy-auth", "", "127.0.0.1", "9").start()) {
            proxy.awaitStdout("CONNECT 127.0.0.1:9", T); // accepted, not a usage error
        }
    }
}
