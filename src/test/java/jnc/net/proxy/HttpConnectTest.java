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
        assertThat(HttpConnect.request(Destination.ofAddress(InetAddress.ofLiteral("::1"), 22), "Aladdin:open sesame"))
                .isEqualTo("CONNECT [::1]:22 HTTP/1.1\r\nHost: [::1]:22\r\n"
                        + "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n"); // RFC 7617's own example
    }

    @Test
    void responseSplitOverManyReads() {
        HttpConnect.Response r = new HttpConnect.Response();
        String[] pieces = {"HTT", "P/1.1 2", "00 Connection est", "ablished\r", "\nProxy-agent: x\r\n", "\r", "\n"};
        for (String p : pieces) {
            assertThat(r.complete()).isFalse();
            r.feed(ascii(p));
        }
        assertThat(r.complete()).isTrue();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("Connection established");
    }

    @Test
    void bareLineFeedsAndNoReason() {
        HttpConnect.Response r = new HttpConnect.Response();
        r.feed(ascii("HTTP/1.0 200\n\n"));
        assertThat(r.complete()).isTrue();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.reason()).isEmpty();
    }

    @Test
    void neededNeverReachesPastTheHead() throws Exception {
        // The tunnel's first bytes arrive in the same segment as the head: none may be taken.
        ScriptedWire proxy = new ScriptedWire(ascii("HTTP/1.1 200 OK\r\nVia: 1.1 p\r\n\r\nSSH-2.0-target\r\n"));
        HttpConnect.handshake(proxy, Destination.ofName("t", 22), null);
        assertThat(new String(proxy.unread(), StandardCharsets.ISO_8859_1)).isEqualTo("SSH-2.0-target\r\n");
        assertThat(proxy.sent.toString(StandardCharsets.ISO_8859_1)).startsWith("CONNECT t:22 HTTP/1.1\r\n");
    }

    @Test
    void refusalsCarryTheStatus() {
        ScriptedWire denied = new ScriptedWire(ascii("HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n\r\n"));
        assertThatThrownBy(() -> HttpConnect.handshake(denied, Destination.ofName("t", 1), null))
                .hasMessage("Proxy returned status code 407 (Proxy Authentication Required).");
        ScriptedWire bad = new ScriptedWire(ascii("SSH-2.0-OpenSSH\r\n"));
        assertThatThrownBy(() -> HttpConnect.handshake(bad, Destination.ofName("t", 1), null)).hasMessageContaining("not an HTTP response");
        ScriptedWire cut = new ScriptedWire(ascii("HTTP/1.1 200 OK\r\n"));
        assertThatThrownBy(() -> HttpConnect.handshake(cut, Destination.ofName("t", 1), null)).isInstanceOf(java.io.EOFException.class);
    }
}
