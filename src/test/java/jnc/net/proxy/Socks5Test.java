package jnc.net.proxy;

import static jnc.net.proxy.ScriptedWire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import jnc.base.Failure;

/** SOCKS5 (RFC 1928) and its username/password method (RFC 1929), byte by byte. */
class Socks5Test {
    static final Destination V4 = Destination.ofAddress(InetAddress.ofLiteral("192.0.2.7"), 8080);

    @Test
    void greetingOffersPasswordOnlyWithCredentials() {
        assertThat(Socks5.greeting(false)).containsExactly(5, 1, 0);
        assertThat(Socks5.greeting(true)).containsExactly(5, 2, 0, 2);
    }

    @Test
    void connectRequestForEachAddressType() {
        assertThat(Socks5.connectRequest(V4)).containsExactly(5, 1, 0, 1, 192, 0, 2, 7, 0x1f, 0x90);
        Destination v6 = Destination.ofAddress(InetAddress.ofLiteral("::1"), 443);
        assertThat(Socks5.connectRequest(v6)).containsExactly(5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x01, 0xbb);
        Destination name = Destination.ofName("localhost", 22);
        assertThat(Socks5.connectRequest(name)).containsExactly(5, 1, 0, 3, 9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 0, 22);
    }

    @Test
    void rfc1929Request() {
        assertThat(Socks5.passwordRequest("joe", "pw")).containsExactly(1, 3, 'j', 'o', 'e', 2, 'p', 'w');
        assertThat(Socks5.passwordRequest("", "")).containsExactly(1, 0, 0);
    }

    @Test
    void handshakeWithoutAuthLeavesTheTargetsBytesUnread() throws Exception {
        ScriptedWire proxy = new ScriptedWire(
                bytes(5, 0),
                bytes(5, 0, 0, 1, 127, 0, 0, 1), bytes(0x9c, 0x40), // the reply split over two reads
                "hello".getBytes());
        Socks5.handshake(proxy, V4, null);
        assertThat(proxy.sent.toByteArray()).containsExactly(5, 1, 0, /**/ 5, 1, 0, 1, 192, 0, 2, 7, 0x1f, 0x90);
        assertThat(proxy.unread()).isEqualTo("hello".getBytes());
    }

    @Test
    void handshakeWithPasswordAndANameInTheReply() throws Exception {
        ScriptedWire proxy = new ScriptedWire(bytes(5, 2), bytes(1, 0), bytes(5, 0, 0, 3, 2, 'h', 'x', 0, 80), bytes('!'));
        Socks5.handshake(proxy, Destination.ofName("h", 80), "u:p");
        assertThat(proxy.sent.toByteArray()).containsExactly(5, 2, 0, 2, /**/ 1, 1, 'u', 1, 'p', /**/ 5, 1, 0, 3, 1, 'h', 0, 80);
        assertThat(proxy.unread()).containsExactly('!');
    }

    @Test
    void refusalsNameTheReason() {
        assertThatThrownBy(() -> Socks5.handshake(new ScriptedWire(bytes(5, 0), bytes(5, 5, 0, 1)), V4, null))
                .isInstanceOf(Failure.class).hasMessage("Proxy connection failed: Connection refused (SOCKS5 reply 5).");
        assertThatThrownBy(() -> Socks5.handshake(new ScriptedWire(bytes(5, 0), bytes(5, 2, 0, 1)), V4, null))
                .hasMessage("Proxy connection failed: connection not allowed by ruleset (SOCKS5 reply 2).");
        assertThatThrownBy(() -> Socks5.handshake(new ScriptedWire(bytes(5, 2), bytes(1, 1)), V4, "u:wrong"))
                .hasMessage("Proxy connection failed: authentication failed.");
        assertThatThrownBy(() -> Socks5.handshake(new ScriptedWire(bytes(5, 0xff)), V4, null))
                .hasMessageContaining("requires authentication");
        // a method we did not offer
        assertThatThrownBy(() -> Socks5.handshake(new ScriptedWire(bytes(5, 2)), V4, null))
                .hasMessageContaining("did not offer");
        assertThatThrownBy(() -> Socks5.handshake(new ScriptedWire(bytes(4, 0)), V4, null))
                .hasMessageContaining("wrong SOCKS version");
    }

    @Test
    void aProxyThatHangsUpMidReplyIsAnEofNotAHang() {
        assertThatThrownBy(() -> Socks5.handshake(new ScriptedWire(bytes(5, 0), bytes(5, 0)), V4, null))
                .isInstanceOf(java.io.EOFException.class);
    }
}
