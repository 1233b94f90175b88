package jnc.net.proxy;

import static jnc.net.proxy.ScriptedWire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** SOCKS4 and SOCKS4a requests and replies, byte by byte. */
class Socks4Test {
    @Test
    void requestWithAnAddressAndUserId() {
        Destination d = Destination.ofAddress(InetAddress.ofLiteral("192.0.2.7"), 25);
        assertThat(Socks4.connectRequest(d, "joe")).containsExactly(4, 1, 0, 25, 192, 0, 2, 7, 'j', 'o', 'e', 0);
        assertThat(Socks4.connectRequest(d, null)).containsExactly(4, 1, 0, 25, 192, 0, 2, 7, 0);
    }

    @Test
    void socks4aSendsTheNameAfterTheUserId() {
        Destination d = Destination.ofName("mail", 0x1234);
        assertThat(Socks4.connectRequest(d, "")).containsExactly(4, 1, 0x12, 0x34, 0, 0, 0, 1, 0, 'm', 'a', 'i', 'l', 0);
    }

    @Test
    void noIpv6() {
        Destination d = Destination.ofAddress(InetAddress.ofLiteral("::1"), 25);
        assertThatThrownBy(() -> Socks4.connectRequest(d, "")).hasMessageContaining("IPv6");
    }

    @Test
    void grantedReplyLeavesTheRestUnread() throws Exception {
        ScriptedWire proxy = new ScriptedWire(bytes(0, 90, 0, 0), bytes(0, 0, 0, 0, 'x'));
        Socks4.handshake(proxy, Destination.ofAddress(InetAddress.ofLiteral("127.0.0.1"), 7), "");
        assertThat(proxy.unread()).containsExactly('x');
    }

    @Test
    void rejections() {
        assertThatThrownBy(() -> Socks4.checkReply(bytes(0, 91, 0, 0, 0, 0, 0, 0)))
                .hasMessage("Proxy connection failed: request rejected or failed (SOCKS4 reply 91).");
        assertThatThrownBy(() -> Socks4.checkReply(bytes(0, 93, 0, 0, 0, 0, 0, 0))).hasMessageContaining("identd");
    }
}
