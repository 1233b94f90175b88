package jnc.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** The small pieces of a scan: address text as inet_ntop writes it, the window, service names. */
class ReportTest {
    private static String text(String literal) {
        return jnc.net.Addresses.text(InetAddress.ofLiteral(literal));
    }

    @Test
    void ipv6AddressesAreShortenedAsInetNtopDoes() {
        assertThat(text("::1")).isEqualTo("::1");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("2001:db8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(text("fe80:0:0:0:1:0:0:0")).isEqualTo("fe80::1:0:0:0");   // the first of two equal runs
        assertThat(text("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1"); // a single zero group stays
        assertThat(text("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(text("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void windowStaysWellBelowTheDescriptorLimit() {
        long limit = DescriptorLimit.softLimit();
        int window = DescriptorLimit.window();
        assertThat(window).isBetween(16, DescriptorLimit.MAX_WINDOW);
        if (limit > 100) assertThat((long) window).isLessThan(limit / 2 + 1);
    }

    @Test
    void serviceNamesComeFromEtcServices() {
        String[] tcp = jnc.net.Services.table("tcp");
        boolean hasSsh = java.nio.file.Files.isReadable(java.nio.file.Path.of("/etc/services"));
        assertThat(tcp[22]).isEqualTo(hasSsh ? "ssh" : null);
        assertThat(tcp[0]).isNull();
        // The single look-up reads the same entries.
        assertThat(jnc.net.Services.name(22, "tcp")).isEqualTo(hasSsh ? "ssh" : "*");
        assertThat(jnc.net.Services.name(0, "tcp")).isEqualTo("*");
    }
}
