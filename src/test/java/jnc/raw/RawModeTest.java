package jnc.raw;

import static jnc.raw.Packets.LOCALHOST;
import static jnc.raw.Packets.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import jnc.base.Failure;
import jnc.cli.ArgParser;
import jnc.cli.Options;

/** Which socket {@code --raw} opens, and which packets its address filter keeps; no socket is opened. */
class RawModeTest {
    static Options parse(String... args) throws Exception {
        return ((ArgParser.Run) ArgParser.parse(args)).options();
    }

    static RawMode.Target target(String... args) throws Exception {
        Options o = parse(args);
        return RawMode.target(o, (jnc.cli.Mode.Raw) o.mode());
    }

    @Test
    void familyAndProtocol() throws Exception {
        assertThat(target("--raw")).isEqualTo(new RawMode.Target(false, 1, java.util.List.of()));
        assertThat(target("--raw", "-6")).isEqualTo(new RawMode.Target(true, 58, java.util.List.of()));
        assertThat(target("--raw", "--raw-proto", "icmp6")).isEqualTo(new RawMode.Target(true, 58, java.util.List.of()));
        assertThat(target("--raw", "--raw-proto", "udp", "-6").v6()).isTrue();
        assertThat(target("--raw", "--raw-proto", "tcp").protocol()).isEqualTo(6);
        RawMode.Target v6 = target("--raw", "::1");
        assertThat(v6.v6()).isTrue();
        assertThat(v6.protocol()).isEqualTo(58);
        assertThat(v6.filter()).containsExactly(InetAddress.getByName("::1"));
        RawMode.Target v4 = target("--raw", "--raw-proto", "17", "127.0.0.77");
        assertThat(v4).isEqualTo(new RawMode.Target(false, 17, java.util.List.of(InetAddress.getByName("127.0.0.77"))));
    }

    @Test
    void icmp6WithMinusFourIsAUsageError() {
        assertThatThrownBy(() -> target("--raw", "--raw-proto", "icmp6", "-4"))
                .isInstanceOf(Failure.class).hasMessageContaining("does not go with -4");
        assertThatThrownBy(() -> target("--raw", "-4", "::1"))
                .isInstanceOf(Failure.class).hasMessageContaining("no IPv4 address");
    }

    @Test
    void theFilterKeepsPacketsFromOrToTheAddress() throws Exception {
        RawMode.Target t = target("--raw", "--raw-proto", "udp", "127.0.0.77");
        byte[] toIt = Packets.ipv4(LOCALHOST, OTHER, Protocols.UDP, 64, 1, Packets.udp(1, 2, new byte[0]));
        byte[] fromIt = Packets.ipv4(OTHER, LOCALHOST, Protocols.UDP, 64, 1, Packets.udp(1, 2, new byte[0]));
        byte[] neither = Packets.ipv4(LOCALHOST, LOCALHOST, Protocols.UDP, 64, 1, Packets.udp(1, 2, new byte[0]));
        assertThat(Capture.format(t, toIt, received(toIt.length))).startsWith("IPv4 127.0.0.1 -> 127.0.0.77");
        assertThat(Capture.format(t, fromIt, received(fromIt.length))).startsWith("IPv4 127.0.0.77 -> 127.0.0.1");
        assertThat(Capture.format(t, neither, received(neither.length))).isNull();
        assertThat(Capture.format(t, neither, received(12))).as("malformed: no address to match").isNull();
        RawMode.Target all = target("--raw", "--raw-proto", "udp");
        assertThat(Capture.format(all, neither, received(neither.length))).startsWith("IPv4 127.0.0.1 -> 127.0.0.1");
        assertThat(Capture.format(all, neither, received(12))).startsWith("IPv4 malformed");
    }

    @Test
    void ipv6FilterUsesTheAddressesFromTheSocket() throws Exception {
        RawMode.Target t = target("--raw", "::1");
        byte[] m = IcmpHeader.echoRequest(true, 1, 1, new byte[0]);
        InetAddress lo = InetAddress.getByName("::1");
        InetAddress other = InetAddress.getByName("2001:db8::1");
        assertThat(Capture.format(t, m, new RawSocket.Received(m.length, false, lo, other, 64, -1))).startsWith("IPv6 ::1 -> 2001:db8::1 proto ICMPv6");
        assertThat(Capture.format(t, m, new RawSocket.Received(m.length, false, other, lo, 64, -1))).isNotNull();
        assertThat(Capture.format(t, m, new RawSocket.Received(m.length, false, other, null, 64, -1))).isNull();
    }

    private static RawSocket.Received received(int length) {
        return new RawSocket.Received(length, false, null, null, -1, -1);
    }
}
