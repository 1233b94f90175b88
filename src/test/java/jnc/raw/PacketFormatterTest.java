package jnc.raw;

import static jnc.raw.Packets.LOCALHOST;
import static jnc.raw.Packets.OTHER;
import static jnc.raw.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PacketFormatterTest {
    static final byte[] ECHO = Packets.ipv4(LOCALHOST, LOCALHOST, Protocols.ICMP, 64, 1000,
            IcmpHeader.echoRequest(false, 4711, 1, "0123456789abcdefXY".getBytes(StandardCharsets.US_ASCII)));

    @Test
    void icmpEchoRequest() {
        assertThat(PacketFormatter.ipv4(ECHO, ECHO.length)).isEqualTo("""
                IPv4 127.0.0.1 -> 127.0.0.1 proto ICMP len 46 ttl 64 id 1000 DF
                  ICMP echo-request id 4711 seq 1
                  0000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|
                  0010  58 59                                             |XY|

                """);
    }

    @Test
    void udpDatagramWithPayload() {
        byte[] p = Packets.ipv4(LOCALHOST, OTHER, Protocols.UDP, 1, 7, Packets.udp(40000, 5353, "hello\n".getBytes()));
        assertThat(PacketFormatter.ipv4(p, p.length)).isEqualTo("""
                IPv4 127.0.0.1 -> 127.0.0.77 proto UDP len 34 ttl 1 id 7 DF
                  UDP 40000 -> 5353 length 14
                  0000  68 65 6c 6c 6f 0a                                 |hello.|

                """);
    }

    @Test
    void tcpSegment() {
        byte[] p = Packets.ipv4(OTHER, LOCALHOST, Protocols.TCP, 64, 1,
                Packets.tcp(80, 40000, 100, 200, TcpHeader.ACK | TcpHeader.FIN, 1024, new byte[0], new byte[0]));
        assertThat(PacketFormatter.ipv4(p, p.length)).isEqualTo("""
                IPv4 127.0.0.77 -> 127.0.0.1 proto TCP len 40 ttl 64 id 1 DF
                  TCP 80 -> 40000 [FIN,ACK] seq 100 ack 200 win 1024 length 0

                """);
    }

    @Test
    void icmpErrorNamesThePacketItIsAbout() {
        byte[] offending = Packets.ipv4(LOCALHOST, OTHER, Protocols.UDP, 64, 9, Packets.udp(40000, 9, "x".getBytes()));
        byte[] icmp = Packets.concat(bytes(3, 3, 0, 0, 0, 0, 0, 0), offending);
        Bytes.put16(icmp, 2, Checksum.of(icmp, 0, icmp.length));
        byte[] p = Packets.ipv4(OTHER, LOCALHOST, Protocols.ICMP, 64, 2, icmp);
        assertThat(PacketFormatter.ipv4(p, p.length))
                .contains("  ICMP dest-unreachable port-unreachable\n  about: IPv4 127.0.0.1:40000 -> 127.0.0.77:9 proto UDP\n  0000  45 00");
    }

    @Test
    void problemsAreShownNotHidden() {
        byte[] bad = ECHO.clone();
        bad[10] ^= 0x55; // header checksum
        bad[ECHO.length - 1] ^= 0x55; // changes the ICMP data, so its checksum no longer fits either
        assertThat(PacketFormatter.ipv4(bad, bad.length))
                .contains("DF bad-header-checksum\n").contains("seq 1 bad-checksum\n");
        byte[] truncated = java.util.Arrays.copyOf(ECHO, 30);
        assertThat(PacketFormatter.ipv4(truncated, truncated.length))
                .startsWith("IPv4 127.0.0.1 -> 127.0.0.1 proto ICMP len 46 ttl 64 id 1000 DF (truncated: 30 of 46 bytes)\n");
        assertThat(PacketFormatter.ipv4(truncated, 12))
                .startsWith("IPv4 malformed (12 bytes): IPv4 header needs 20 bytes, got 12\n  0000  45 00 00 2e 03 e8 40 00  40 01 ");
    }

    @Test
    void fragmentsAfterTheFirstHaveNoTransportHeader() {
        byte[] p = ECHO.clone();
        Bytes.put16(p, 6, 1); // offset 8 bytes
        assertThat(PacketFormatter.ipv4(p, p.length)).contains("frag-offset 8").contains("  fragment: no ICMP header\n");
    }

    @Test
    void malformedTransportShowsTheReasonAndTheBytes() {
        byte[] p = Packets.ipv4(LOCALHOST, OTHER, Protocols.TCP, 64, 1, bytes(0, 80, 0, 81, 1, 2));
        assertThat(PacketFormatter.ipv4(p, p.length)).endsWith("""
                  TCP malformed: TCP header needs 20 bytes, got 6
                  0000  00 50 00 51 01 02                                 |.P.Q..|

                """);
    }

    @Test
    void ipv6PayloadWithAddressesFromTheSocket() throws Exception {
        byte[] m = IcmpHeader.echoRequest(true, 1, 2, new byte[] {'a'});
        InetAddress lo = InetAddress.getByName("::1");
        assertThat(PacketFormatter.ipv6(m, m.length, Protocols.ICMPV6, lo, lo, 64)).isEqualTo("""
                IPv6 ::1 -> ::1 proto ICMPv6 len 9 hlim 64 (no IPv6 header from the kernel)
                  ICMPv6 echo-request id 1 seq 2
                  0000  61                                                |a|

                """);
        assertThat(PacketFormatter.ipv6(m, m.length, Protocols.ICMPV6, lo, null, -1))
                .startsWith("IPv6 ::1 -> ? proto ICMPv6 len 9 (no IPv6 header");
    }

    @Test
    void unknownProtocolsAreDumped() {
        byte[] p = Packets.ipv4(LOCALHOST, OTHER, 47, 64, 1, bytes(1, 2, 3));
        assertThat(PacketFormatter.ipv4(p, p.length)).contains("proto GRE").contains("  0000  01 02 03 ");
        p[9] = (byte) 253;
        Bytes.put16(p, 10, 0);
        assertThat(PacketFormatter.ipv4(p, p.length)).contains("proto 253");
    }

    /** Every prefix of good packets, and random bytes, in every protocol: text, never an exception. */
    @Test
    void neverThrowsOnShortOrRandomBytes() {
        List<byte[]> good = List.of(ECHO,
                Packets.ipv4(LOCALHOST, OTHER, Protocols.UDP, 64, 1, Packets.udp(1, 2, "data".getBytes())),
                Packets.ipv4(LOCALHOST, OTHER, Protocols.TCP, 64, 1, Packets.tcp(1, 2, 3, 4, 2, 5, TransportHeadersTest.SYN_OPTIONS, "d".getBytes())));
        for (byte[] p : good) {
            for (int n = 0; n <= p.length; n++) {
                int len = n;
                assertThatCode(() -> PacketFormatter.ipv4(p, len)).doesNotThrowAnyException();
                for (int proto : new int[] {Protocols.ICMPV6, Protocols.TCP, Protocols.UDP, 0}) {
                    assertThatCode(() -> PacketFormatter.ipv6(p, len, proto, null, null, -1)).doesNotThrowAnyException();
                }
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] p = new byte[random.nextInt(80)];
            random.nextBytes(p);
            if (p.length > 0 && random.nextBoolean()) p[0] = (byte) (0x40 | (p[0] & 0x0f)); // mostly "IPv4"
            if (p.length > 9) p[9] = (byte) new int[] {1, 6, 17, 58, 47}[random.nextInt(5)];
            int len = p.length;
            assertThatCode(() -> PacketFormatter.ipv4(p, len)).as("packet %s", java.util.HexFormat.of().formatHex(p)).doesNotThrowAnyException();
            assertThatCode(() -> PacketFormatter.ipv6(p, len, p.length > 9 ? p[9] : 58, null, null, -1)).doesNotThrowAnyException();
        }
        // A length beyond the array is the caller's mistake, still no exception.
        assertThatCode(() -> PacketFormatter.ipv4(ECHO, ECHO.length + 100)).doesNotThrowAnyException();
        assertThatCode(() -> PacketFormatter.ipv6(ECHO, ECHO.length + 100, 6, null, null, -1)).doesNotThrowAnyException();
    }
}
