package jnc.door;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSetTest {
    static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void addressesCidrRangesAndWildcards() {
        HostSet set = new HostSet();
        set.addSpecs("127.0.0.1, 10.0.0.0/8,192.168.1.10-20,172.16.*.1", true);
        set.addSpecs("fe80::/10,::1", true);
        assertThat(set.contains(ip("127.0.0.1"))).isTrue();
        assertThat(set.contains(ip("127.0.0.2"))).isFalse();
        assertThat(set.contains(ip("10.200.3.4"))).isTrue();
        assertThat(set.contains(ip("11.0.0.1"))).isFalse();
        assertThat(set.contains(ip("192.168.1.15"))).isTrue();
        assertThat(set.contains(ip("192.168.1.21"))).isFalse();
        assertThat(set.contains(ip("172.16.99.1"))).isTrue();
        assertThat(set.contains(ip("172.16.99.2"))).isFalse();
        assertThat(set.contains(ip("fe80::1234"))).isTrue();
        assertThat(set.contains(ip("::1"))).isTrue();
        assertThat(set.contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void starIsEveryoneAndAFileHasCommentsAndLines(@TempDir Path tmp) throws Exception {
        HostSet all = new HostSet();
        all.addSpecs("*", true);
        assertThat(all.contains(ip("203.0.113.9"))).isTrue();

        Path f = tmp.resolve("hosts");
        Files.writeString(f, "# lab machines\n127.0.0.2   # the teacher\n\n127.0.1.0/24, ::1\n");
        HostSet fromFile = new HostSet();
        fromFile.addFile(f, true);
        assertThat(fromFile.contains(ip("127.0.0.2"))).isTrue();
        assertThat(fromFile.contains(ip("127.0.1.77"))).isTrue();
        assertThat(fromFile.contains(ip("::1"))).isTrue();
        assertThat(fromFile.contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void badSpecificationsAreUsageErrors() {
        HostSet set = new HostSet();
        assertThatThrownBy(() -> set.addSpecs("10.0.0.0/33", true)).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> set.addSpecs("10.0.0.300-400", true)).hasMessageContaining("octet");
        assertThatThrownBy(() -> set.addSpecs("somehost", true)).hasMessageContaining("disabled by -n");
    }
}
