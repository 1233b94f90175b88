package jnc.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class AddressesTest {
    static String t(String literal) {
        return Addresses.text(InetAddress.ofLiteral(literal));
    }

    @Test
    void ipv6InItsShortForm() {
        assertThat(t("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(t("::")).isEqualTo("::");
        assertThat(t("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(t("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1"); // one zero group stays
        assertThat(t("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(t("2001:DB8::ABCD")).isEqualTo("2001:db8::abcd");
        assertThat(t("0:0:1:0:0:0:1:0")).isEqualTo("0:0:1::1:0"); // the longer run wins
    }

    @Test
    void ipv4AsIs() {
        assertThat(t("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(t("::ffff:10.0.0.66")).isEqualTo("10.0.0.66"); // the JDK maps these to IPv4
    }
}
