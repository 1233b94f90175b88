package jnc.raw;

import static jnc.raw.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ICMP, TCP and UDP headers: good ones field by field, short and lying ones as Malformed. */
class TransportHeadersTest {
    static <T> T ok(Decoded<T> d) {
        assertThat(d).isInstanceOf(Decoded.Ok.class);
        return ((Decoded.Ok<T>) d).header();
    }

    static String reason(Decoded<?> d) {
        assertThat(d).isInstanceOf(Decoded.Malformed.class);
        return ((Decoded.Malformed<?>) d).reason();
    }

    // --- ICMP ------------------------------------------------------------------------------

    @Test
    void icmpEchoRequest() {
        byte[] m = IcmpHeader.echoRequest(false, 4711, 1, "ping".getBytes());
        IcmpHeader h = ok(IcmpHeader.decode(false, m, 0, m.length));
        assertThat(h.type()).isEqualTo(8);
        assertThat(h.identifier()).isEqualTo(4711);
        assertThat(h.sequence()).isEqualTo(1);
        assertThat(h.echo()).isTrue();
        assertThat(h.echoReply()).isFalse();
        assertThat(h.bodyOffset()).isEqualTo(8);
        assertThat(h.bodyLength()).isEqualTo(4);
        assertThat(h.describe()).isEqualTo("ICMP echo-request id 4711 seq 1");
    }

    @Test
    void icmpv6EchoReply() {
        byte[] m = bytes(129, 0, 0x12, 0x34, 0, 7, 0, 9);
        IcmpHeader h = ok(IcmpHeader.decode(true, m, 0, m.length));
        assertThat(h.echoReply()).isTrue();
        assertThat(h.describe()).isEqualTo("ICMPv6 echo-reply id 7 seq 9");
        // type 129 is no echo in ICMPv4
        assertThat(ok(IcmpHeader.decode(false, m, 0, m.length)).describe()).isEqualTo("ICMP type 129 code 0");
    }

    @Test
    void icmpNamesAndCodes() {
        assertThat(ok(IcmpHeader.decode(false, bytes(3, 3, 0, 0, 0, 0, 0, 0), 0, 8)).describe()).isEqualTo("ICMP dest-unreachable port-unreachable");
        assertThat(ok(IcmpHeader.decode(false, bytes(3, 0, 0, 0), 0, 4)).describe()).isEqualTo("ICMP dest-unreachable net-unreachable");
        assertThat(ok(IcmpHeader.decode(false, bytes(11, 0, 0, 0), 0, 4)).describe()).isEqualTo("ICMP time-exceeded ttl-exceeded");
        assertThat(ok(IcmpHeader.decode(false, bytes(3, 99, 0, 0), 0, 4)).describe()).isEqualTo("ICMP dest-unreachable code 99");
        assertThat(ok(IcmpHeader.decode(true, bytes(135, 0, 0, 0), 0, 4)).describe()).isEqualTo("ICMPv6 neighbor-solicitation");
        assertThat(ok(IcmpHeader.decode(true, bytes(1, 4, 0, 0), 0, 4)).describe()).isEqualTo("ICMPv6 dest-unreachable port-unreachable");
        assertThat(ok(IcmpHeader.decode(true, bytes(1, 4, 0, 0), 0, 4)).error()).isTrue();
        assertThat(ok(IcmpHeader.decode(false, bytes(0, 0, 0, 0, 0, 1, 0, 2), 0, 8)).error()).isFalse();
    }

    @Test
    void shortIcmpIsMalformedAndANonEchoWithFourBytesIsNot() {
        assertThat(reason(IcmpHeader.decode(false, bytes(8, 0, 0), 0, 3))).contains("at least 4 bytes, got 3");
        assertThat(reason(IcmpHeader.decode(false, bytes(8, 0, 0, 0, 0, 1), 0, 6))).contains("echo needs 8 bytes, got 6");
        assertThat(reason(IcmpHeader.decode(true, bytes(128, 0, 0, 0), 0, 4))).contains("ICMPv6 echo needs 8 bytes");
        IcmpHeader h = ok(IcmpHeader.decode(false, bytes(3, 1, 0, 0, 0), 0, 5));
        assertThat(h.bodyOffset()).isEqualTo(5);
        assertThat(h.bodyLength()).isZero();
        assertThat(h.identifier()).isEqualTo(-1);
        assertThat(reason(IcmpHeader.decode(false, bytes(8, 0, 0, 0), 2, 4))).contains("no such bytes");
    }

    // --- UDP -------------------------------------------------------------------------------

    @Test
    void udpDatagram() {
        byte[] b = Packets.concat(bytes(9, 9), Packets.udp(40000, 53, "query".getBytes()));
        UdpHeader h = ok(UdpHeader.decode(b, 2, b.length - 2));
        assertThat(h.sourcePort()).isEqualTo(40000);
        assertThat(h.destinationPort()).isEqualTo(53);
        assertThat(h.length()).isEqualTo(13);
        assertThat(h.payloadOffset()).isEqualTo(10);
        assertThat(h.payloadLength()).isEqualTo(5);
        assertThat(h.truncated()).isFalse();
        assertThat(h.describe()).isEqualTo("UDP 40000 -> 53 length 13");
    }

    @Test
    void udpLengthFieldsThatLie() {
        byte[] b = Packets.udp(1, 2, "abc".getBytes());
        Bytes.put16(b, 4, 4000); // longer than what arrived
        UdpHeader h = ok(UdpHeader.decode(b, 0, b.length));
        assertThat(h.truncated()).isTrue();
        assertThat(h.payloadLength()).isEqualTo(3);
        assertThat(h.describe()).endsWith("(truncated)");
        Bytes.put16(b, 4, 5); // shorter than the header itself
        assertThat(reason(UdpHeader.decode(b, 0, b.length))).contains("UDP length 5 is less than its 8-byte header");
        Bytes.put16(b, 4, 9); // shorter than what arrived: the rest is not data
        assertThat(ok(UdpHeader.decode(b, 0, b.length)).payloadLength()).isEqualTo(1);
        assertThat(reason(UdpHeader.decode(b, 0, 7))).contains("needs 8 bytes, got 7");
    }

    // --- TCP -------------------------------------------------------------------------------

    static final byte[] SYN_OPTIONS = bytes(2, 4, 0xff, 0xd7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7);

    @Test
    void tcpSynWithOptions() {
        byte[] b = Packets.tcp(40000, 8080, 0xfffffff0L, 0, TcpHeader.SYN, 65495, SYN_OPTIONS, new byte[0]);
        TcpHeader h = ok(TcpHeader.decode(b, 0, b.length));
        assertThat(h.sequence()).isEqualTo(0xfffffff0L);
        assertThat(h.headerLength()).isEqualTo(40);
        assertThat(h.flagNames()).isEqualTo("SYN");
        assertThat(h.options()).containsExactly("mss 65495", "sackOK", "TS val 1 ecr 0", "nop", "wscale 7");
        assertThat(h.payloadLength()).isZero();
        assertThat(h.describe()).isEqualTo("TCP 40000 -> 8080 [SYN] seq 4294967280 win 65495 options [mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7] length 0");
    }

    @Test
    void tcpDataWithAck() {
        byte[] b = Packets.tcp(8080, 40000, 1, 2, TcpHeader.PSH | TcpHeader.ACK, 512, new byte[0], "hello".getBytes());
        TcpHeader h = ok(TcpHeader.decode(b, 0, b.length));
        assertThat(h.describe()).isEqualTo("TCP 8080 -> 40000 [PSH,ACK] seq 1 ack 2 win 512 length 5");
        assertThat(h.payloadOffset()).isEqualTo(20);
        assertThat(ok(TcpHeader.decode(Packets.tcp(1, 2, 0, 0, 0xff, 0, new byte[0], new byte[0]), 0, 20)).flagNames())
                .isEqualTo("FIN,SYN,RST,PSH,ACK,URG,ECE,CWR");
        assertThat(ok(TcpHeader.decode(Packets.tcp(1, 2, 0, 0, 0, 0, new byte[0], new byte[0]), 0, 20)).flagNames()).isEqualTo("none");
    }

    @Test
    void tcpHostileHeaders() {
        byte[] b = Packets.tcp(1, 2, 0, 0, TcpHeader.SYN, 0, SYN_OPTIONS, new byte[0]);
        assertThat(reason(TcpHeader.decode(b, 0, 19))).contains("needs 20 bytes, got 19");
        assertThat(reason(TcpHeader.decode(b, 0, 39))).contains("data offset says 40 header bytes, only 39 received");
        byte[] small = b.clone();
        small[12] = 0x40;
        assertThat(reason(TcpHeader.decode(small, 0, small.length))).contains("bad data offset 4");
        byte[] huge = b.clone();
        huge[12] = (byte) 0xf0;
        assertThat(reason(TcpHeader.decode(huge, 0, huge.length))).contains("data offset says 60");
    }

    @Test
    void tcpOptionsThatLieEndTheListWithANote() {
        assertThat(TcpHeader.options(bytes(2, 0, 0, 0), 0, 4)).containsExactly("bad option 2 (length 0)");
        assertThat(TcpHeader.options(bytes(1, 2, 1, 0), 0, 4)).containsExactly("nop", "bad option 2 (length 1)");
        assertThat(TcpHeader.options(bytes(1, 1, 1, 8), 0, 4)).containsExactly("nop", "nop", "nop", "bad option 8 (no length)");
        assertThat(TcpHeader.options(bytes(8, 10, 0, 0), 0, 4)).containsExactly("bad option 8 (length 10)");
        assertThat(TcpHeader.options(bytes(2, 3, 1, 0), 0, 4)).containsExactly("mss (length 3)");
        assertThat(TcpHeader.options(bytes(0, 2, 4, 1), 0, 4)).isEmpty(); // end of list, then padding
        assertThat(TcpHeader.options(bytes(99, 4, 1, 2), 0, 4)).containsExactly("option 99 length 4");
        assertThat(TcpHeader.options(bytes(5, 10, 0, 0, 0, 1, 0, 0, 0, 2), 0, 10)).containsExactly("sack 1");
    }
}
