package jnc.raw;

import static jnc.raw.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void rfc1071Example() {
        // RFC 1071, section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
        assertThat(Checksum.of(bytes(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7), 0, 8)).isEqualTo(0x220d);
    }

    @Test
    void ipv4HeaderExample() {
        byte[] h = bytes(0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
                0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7);
        assertThat(Checksum.of(h, 0, h.length)).isEqualTo(0xb861);
        Bytes.put16(h, 10, 0xb861);
        assertThat(Checksum.verifies(h, 0, h.length)).isTrue();
        h[15] ^= 1;
        assertThat(Checksum.verifies(h, 0, h.length)).isFalse();
    }

    @Test
    void oddLengthPadsTheLastByteWithZero() {
        assertThat(Checksum.of(bytes(0x12, 0x34, 0x56), 0, 3)).isEqualTo(Checksum.of(bytes(0x12, 0x34, 0x56, 0x00), 0, 4));
    }

    @Test
    void carriesAreFoldedBackIn() {
        // ffff + ffff + 0001 = 1ffff; folded: ffff + 1 = 10000; again: 0 + 1 = 1; complement fffe.
        assertThat(Checksum.of(bytes(0xff, 0xff, 0xff, 0xff, 0x00, 0x01), 0, 6)).isEqualTo(0xfffe);
        assertThat(Checksum.of(new byte[0], 0, 0)).isEqualTo(0xffff);
    }

    @Test
    void echoRequestCarriesAValidChecksum() {
        byte[] m = IcmpHeader.echoRequest(false, 4711, 1, "abc".getBytes());
        assertThat(m).startsWith(8, 0);
        assertThat(Checksum.verifies(m, 0, m.length)).isTrue();
        assertThat(Bytes.u16(m, 4)).isEqualTo(4711);
        assertThat(Bytes.u16(m, 6)).isEqualTo(1);
    }

    @Test
    void icmpv6EchoRequestLeavesTheChecksumToTheKernel() {
        byte[] m = IcmpHeader.echoRequest(true, 0xffff, 65535, new byte[0]);
        assertThat(m).containsExactly(128, 0, 0, 0, 0xff, 0xff, 0xff, 0xff);
    }
}
