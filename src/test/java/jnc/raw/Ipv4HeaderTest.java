package jnc.raw;

import static jnc.raw.Packets.LOCALHOST;
import static jnc.raw.Packets.OTHER;
import static jnc.raw.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    static final byte[] UDP = Packets.ipv4(LOCALHOST, OTHER, Protocols.UDP, 64, 0x1234, Packets.udp(40000, 53, "hi".getBytes()));

    static Ipv4Header ok(byte[] b, int off, int len) {
        Decoded<Ipv4Header> d = Ipv4Header.decode(b, off, len);
        assertThat(d).isInstanceOf(Decoded.Ok.class);
        return ((Decoded.Ok<Ipv4Header>) d).header();
    }

    static String malformed(byte[] b, int off, int len) {
        Decoded<Ipv4Header> d = Ipv4Header.decode(b, off, len);
        assertThat(d).as("decode of %d bytes at %d", len, off).isInstanceOf(Decoded.Malformed.class);
        return ((Decoded.Malformed<Ipv4Header>) d).reason();
    }

    @Test
    void decodesEveryField() throws Exception {
        Ipv4Header ip = ok(UDP, 0, UDP.length);
        assertThat(ip.headerLength()).isEqualTo(20);
        assertThat(ip.totalLength()).isEqualTo(30);
        assertThat(ip.id()).isEqualTo(0x1234);
        assertThat(ip.dontFragment()).isTrue();
        assertThat(ip.moreFragments()).isFalse();
        assertThat(ip.fragmentOffset()).isZero();
        assertThat(ip.ttl()).isEqualTo(64);
        assertThat(ip.protocol()).isEqualTo(Protocols.UDP);
        assertThat(ip.checksumOk()).isTrue();
        assertThat(ip.source()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(ip.destination()).isEqualTo(InetAddress.getByName("127.0.0.77"));
        assertThat(ip.payloadOffset()).isEqualTo(20);
        assertThat(ip.payloadLength()).isEqualTo(10);
        assertThat(ip.truncated()).isFalse();
    }

    @Test
    void offsetsAreIntoTheGivenArray() {
        byte[] shifted = Packets.concat(new byte[7], UDP);
        Ipv4Header ip = ok(shifted, 7, UDP.length);
        assertThat(ip.payloadOffset()).isEqualTo(27);
        assertThat(ip.payloadLength()).isEqualTo(10);
    }

    @Test
    void fragmentFieldsAndABadChecksum() {
        byte[] b = UDP.clone();
        Bytes.put16(b, 6, 0x2000 | 185); // MF, offset 185 * 8 = 1480
        Ipv4Header ip = ok(b, 0, b.length);
        assertThat(ip.moreFragments()).isTrue();
        assertThat(ip.dontFragment()).isFalse();
        assertThat(ip.fragmentOffset()).isEqualTo(1480);
        assertThat(ip.firstFragment()).isFalse();
        assertThat(ip.checksumOk()).isFalse();
    }

    @Test
    void headerWithOptions() {
        byte[] b = UDP.clone();
        byte[] withOptions = Packets.concat(java.util.Arrays.copyOf(b, 20), bytes(1, 1, 1, 0), java.util.Arrays.copyOfRange(b, 20, b.length));
        withOptions[0] = 0x46;
        Bytes.put16(withOptions, 2, withOptions.length);
        Ipv4Header ip = ok(withOptions, 0, withOptions.length);
        assertThat(ip.headerLength()).isEqualTo(24);
        assertThat(ip.payloadOffset()).isEqualTo(24);
        assertThat(ip.payloadLength()).isEqualTo(10);
    }

    @Test
    void totalLengthBeyondTheBytesReceivedIsTruncatedNotAnError() {
        byte[] b = UDP.clone();
        Bytes.put16(b, 2, 1500);
        Ipv4Header ip = ok(b, 0, b.length);
        assertThat(ip.truncated()).isTrue();
        assertThat(ip.payloadLength()).isEqualTo(10);
    }

    @Test
    void bytesBeyondTheTotalLengthArePaddingNotPayload() {
        byte[] padded = Packets.concat(UDP, new byte[16]); // as an Ethernet frame pads a short packet
        assertThat(ok(padded, 0, padded.length).payloadLength()).isEqualTo(10);
    }

    @Test
    void hostileHeadersAreMalformedNeverExceptions() {
        assertThat(malformed(UDP, 0, 19)).contains("needs 20 bytes, got 19");
        assertThat(malformed(new byte[0], 0, 0)).contains("got 0");
        byte[] v6 = UDP.clone();
        v6[0] = 0x65;
        assertThat(malformed(v6, 0, v6.length)).contains("not IPv4 (version 6)");
        byte[] smallIhl = UDP.clone();
        smallIhl[0] = 0x44;
        assertThat(malformed(smallIhl, 0, smallIhl.length)).contains("bad IHL 4");
        byte[] zeroIhl = UDP.clone();
        zeroIhl[0] = 0x40;
        assertThat(malformed(zeroIhl, 0, zeroIhl.length)).contains("bad IHL 0");
        byte[] bigIhl = UDP.clone();
        bigIhl[0] = 0x4f; // 60 bytes of header, 30 received
        assertThat(malformed(bigIhl, 0, bigIhl.length)).contains("IHL says 60 header bytes, only 30 received");
        byte[] shortTotal = UDP.clone();
        Bytes.put16(shortTotal, 2, 12);
        assertThat(malformed(shortTotal, 0, shortTotal.length)).contains("total length 12 is less than the header's 20");
    }

    @Test
    void lengthsOutsideTheArrayAreMalformed() {
        assertThat(malformed(UDP, 0, UDP.length + 1)).contains("no such bytes");
        assertThat(malformed(UDP, -1, 20)).contains("no such bytes");
        assertThat(malformed(UDP, 20, -5)).contains("no such bytes");
        assertThat(malformed(UDP, Integer.MAX_VALUE, 20)).contains("no such bytes");
        assertThat(malformed(UDP, 10, Integer.MAX_VALUE)).contains("no such bytes");
        assertThat(malformed(null, 0, 0)).contains("no such bytes");
    }
}
