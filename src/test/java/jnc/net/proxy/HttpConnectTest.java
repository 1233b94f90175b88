package jnc.net.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The CONNECT request's text, and the response head read in pieces without taking the tunnel's bytes. */
class HttpConnectTest {
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void requestText() {
        assertThat(HttpConnect.request(Destination.ofName("example.org", 80), null))
                .isEqualTo("CONNECT example.org:80 HTTP/1.1\r\nHost: example.org:80\r\n\r\n");
        assertThat(HttpConnect.request(Destination.ofAddress(InetAddress.ofLiteral("::1"), 22), ProxyCredentials.basic("Aladdin:open sesame")))
                .isEqualTo("CONNECT [::1]:22 HTTP/1.1\r\nHost: [::1]:22\r\n"
                        + "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n"); // RFC 7617's own example
    }

    @Test
    void responseSplitOverManyReads() {
        HttpHead head = new HttpHead();
        String[] pieces = {"HTT", "P/1.1 2", "00 Connection est", "ablished\r", "\nProxy-agent: x\r\n", "\r", "\n"};
        for (String p : pieces) {
            assertThat(head.complete()).isFalse();
            head.feed(ascii(p));
        }
        assertThat(head.complete()).isTrue();
        assertThat(head.field("proxy-AGENT")).isEqualTo("x");
        HttpConnect.Status status = HttpConnect.Status.parse(head.startLine());
        assertThat(status.code()).isEqualTo(200);
        assertThat(status.reason()).isEqualTo("Connection established");
    }

    @Test
    void bareLineFeedsAndNoReason() {
        HttpHead head = new HttpHead();
        head.feed(ascii("\r\nHTTP/1.0 200\n\n")); // an empty line before the start line is skipped
        assertThat(head.complete()).isTrue();
        assertThat(HttpConnect.Status.parse(head.startLine())).isEqualTo(new HttpConnect.Status(200, ""));
        assertThat(head.field("Via")).isNull();
    }

    /** A server that is no HTTP proxy sends its own line and waits: we must not wait for an empty line. */
    @Test
    void aWrongStartLineFailsBeforeTheHeadEnds() {
        ScriptedWire ssh = new ScriptedWire(ascii("SSH-2.0-OpenSSH_9.6\r\n")); // and then nothing
        assertThatThrownBy(() -> HttpConnect.handshake(ssh, Destination.ofName("t", 1), null, false))
                .isInstanceOf(jnc.base.Failure.class).hasMessageContaining("not an HTTP response");
    }

    @Test
    void neededNeverReachesPastTheHead() throws Exception {
        // The tunnel's first bytes arrive in the same segment as the head: none may be taken.
        ScriptedWire proxy = new ScriptedWire(ascii("HTTP/1.1 200 OK\r\nVia: 1.1 p\r\n\r\nSSH-2.0-target\r\n"));
        HttpConnect.handshake(proxy, Destination.ofName("t", 22), null, false);
        assertThat(new String(proxy.unread(), StandardCharsets.ISO_8859_1)).isEqualTo("SSH-2.0-target\r\n");
        assertThat(proxy.sent.toString(StandardCharsets.ISO_8859_1)).startsWith("CONNECT t:22 HTTP/1.1\r\n");
    }

    @Test
    void refusalsCarryTheStatus() {
        ScriptedWire denied = new ScriptedWire(ascii("HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n"));
        assertThatThrownBy(() -> HttpConnect.handshake(denied, Destination.ofName("t", 1), null, false))
                .hasMessage("Proxy returned status code 407 (Proxy Authentication Required).");
        ScriptedWire cut = new ScriptedWire(ascii("HTTP/1.1 200 OK\r\n"));
        assertThatThrownBy(() -> HttpConnect.handshake(cut, Destination.ofName("t", 1), null, false)).isInstanceOf(java.io.EOFException.class);
    }

    /** RFC 7616, section 3.9.1: the same request answered with SHA-256 and with MD5. */
    @Test
    void digestAnswersMatchRfc7616() {
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        for (String[] alg : new String[][] {{"SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"},
                {"MD5", "8ca523f5e9506fed4657c9700eebdbec"}}) {
            AuthParams challenge = AuthParams.parse("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + alg[0]
                    + ", nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"").getFirst();
            String answer = ProxyCredentials.digest(challenge, "Mufasa:Circle of Life", "GET", "/dir/index.html", cnonce);
            assertThat(answer).contains("response=\"" + alg[1] + "\"", "qop=auth", "nc=00000001", "opaque=\"FQhe");
        }
    }

    @Test
    void digestIsPreferredAndUnknownSchemesAreSkipped() {
        var values = java.util.List.of("Basic realm=\"r\", NTLM", "Digest realm=\"r\", nonce=\"n\", qop=\"auth\"");
        assertThat(ProxyCredentials.answer(values, "user:pass", "CONNECT", "h:1")).startsWith("Digest username=\"user\"");
        assertThat(ProxyCredentials.answer(java.util.List.of("NTLM", "Basic realm=\"r\""), "a", "CONNECT", "h:1")).isEqualTo("Basic YQ==");
        assertThat(ProxyCredentials.answer(java.util.List.of("Negotiate"), "a:b", "CONNECT", "h:1")).isNull();
    }
}
