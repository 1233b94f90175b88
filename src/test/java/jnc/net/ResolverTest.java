package jnc.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** Literals are told from names by their characters first; the answers are those of {@code InetAddress.ofLiteral}. */
class ResolverTest {
    @Test
    void ipv4LiteralsInEveryFormTheJdkAccepts() {
        for (String s : new String[] {"127.0.0.1", "127.1", "10.0.0.99", "0.0.0.0", "2130706433"}) {
            assertThat(Resolver.literalOrNull(s)).as(s).isInstanceOf(Inet4Address.class).isEqualTo(InetAddress.ofLiteral(s));
        }
    }

    @Test
    void ipv6Literals() {
        for (String s : new String[] {"::1", "::", "2001:db8::1", "fe80::1%1"}) {
            assertThat(Resolver.literalOrNull(s)).as(s).isEqualTo(InetAddress.ofLiteral(s));
        }
        assertThat(Resolver.literalOrNull("::1")).isInstanceOf(Inet6Address.class);
        assertThat(Resolver.literalOrNull("::ffff:10.0.0.66")).isEqualTo(InetAddress.ofLiteral("10.0.0.66"));
    }

    @Test
    void namesAndNonsenseAreNotLiterals() {
        for (String s : new String[] {"localhost", "example.org", "1.2.3.4.5", "256.1.1.1", "1..2", "", ":::", "12:x::1", "10.0.0.1a"}) {
            assertThat(Resolver.literalOrNull(s)).as(s).isNull();
        }
        assertThat(Resolver.isLiteral("[::1]")).isTrue();
        assertThat(Resolver.isLiteral("localhost")).isFalse();
    }
}
