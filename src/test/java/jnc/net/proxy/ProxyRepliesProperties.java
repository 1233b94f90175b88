package jnc.net.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import jnc.base.Failure;

/**
 * Whatever a hostile proxy answers, the handshakes end in one of their intended ways: success, a
 * {@link Failure} (one line, exit 1) or an {@link IOException} (the proxy closed the connection);
 * never another exception, and never a line with a control character in it.
 */
class ProxyRepliesProperties {
    static final Destination TARGET = Destination.ofAddress(InetAddress.ofLiteral("192.0.2.7"), 8080);

    @Provide
    Arbitrary<List<byte[]>> replies() {
        Arbitrary<byte[]> piece = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        // Some replies that start well, so the parsers get past their first check.
        Arbitrary<byte[]> likely = Arbitraries.of(
                new byte[] {5, 0}, new byte[] {5, 2}, new byte[] {1, 0}, new byte[] {5, 0, 0, 3}, new byte[] {0, 90},
                "HTTP/1.1 200 OK\r\n".getBytes(), "HTTP/1.0 403 ".getBytes(), "\r\n".getBytes(), "\n".getBytes());
        return Arbitraries.oneOf(piece, likely).list().ofMaxSize(12);
    }

    @Property(tries = 500)
    void socks5(@ForAll("replies") List<byte[]> reply) {
        survives(() -> Socks5.handshake(wire(reply), TARGET, "user:pass"));
        survives(() -> Socks5.handshake(wire(reply), Destination.ofName("example.org", 443), null));
    }

    @Property(tries = 500)
    void socks4(@ForAll("replies") List<byte[]> reply) {
        survives(() -> Socks4.handshake(wire(reply), TARGET, "joe"));
    }

    @Property(tries = 500)
    void httpConnect(@ForAll("replies") List<byte[]> reply) {
        survives(() -> HttpConnect.handshake(wire(reply), TARGET, null));
    }

    @Property(tries = 300)
    void httpHeadsOfAnyLengthStayBounded(@ForAll("replies") List<byte[]> reply) {
        survives(() -> HttpConnect.readHead(wire(reply), line -> { }));
    }

    interface Handshake {
        void run() throws IOException;
    }

    static void survives(Handshake h) {
        try {
            h.run();
        } catch (Failure f) {
            assertThat(f.getMessage()).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]"); // a tab may stay
        } catch (IOException closed) {
            // the proxy closed the connection mid-reply: reported by the caller in one line
        }
    }

    static ScriptedWire wire(List<byte[]> pieces) {
        return new ScriptedWire(new ArrayList<>(pieces).toArray(new byte[0][]));
    }
}
