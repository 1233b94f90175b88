package jnc.raw;

import static jnc.raw.Packets.LOCALHOST;
import static jnc.raw.Packets.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The BPF program, run by a small interpreter of its three instructions, as the kernel would run it. */
class SocketFilterTest {
    /** Runs the program on a packet whose network header starts at {@code net}; returns the bytes to keep. */
    static int run(List<SocketFilter.Instruction> program, byte[] packet, int net) {
        int a = 0;
        for (int pc = 0; pc < program.size(); pc++) {
            SocketFilter.Instruction in = program.get(pc);
            assertThat(in.jt()).isBetween(0, 255);
            assertThat(in.jf()).isBetween(0, 255);
            switch (in.code()) {
                case SocketFilter.LD_W_ABS -> {
                    int at = in.k() - SocketFilter.SKF_NET_OFF + net;
                    if (at + 4 > packet.length) return 0; // the kernel drops on an out-of-bounds load
                    a = (int) Bytes.u32(packet, at);
                }
                case SocketFilter.JEQ_K -> pc += a == in.k() ? in.jt() : in.jf();
                case SocketFilter.RET_K -> {
                    return in.k();
                }
                default -> throw new AssertionError("unknown instruction " + in);
            }
        }
        throw new AssertionError("fell off the end");
    }

    @Test
    void ipv4KeepsPacketsFromOrToTheAddress() throws Exception {
        var program = SocketFilter.fromOrTo(List.of(InetAddress.getByName("127.0.0.77")));
        byte[] toIt = Packets.ipv4(LOCALHOST, OTHER, Protocols.UDP, 64, 1, Packets.udp(1, 2, new byte[0]));
        byte[] fromIt = Packets.ipv4(OTHER, LOCALHOST, Protocols.UDP, 64, 1, Packets.udp(1, 2, new byte[0]));
        byte[] neither = Packets.ipv4(LOCALHOST, LOCALHOST, Protocols.UDP, 64, 1, Packets.udp(1, 2, new byte[0]));
        assertThat(run(program, toIt, 0)).isEqualTo(SocketFilter.KEEP_ALL);
        assertThat(run(program, fromIt, 0)).isEqualTo(SocketFilter.KEEP_ALL);
        assertThat(run(program, neither, 0)).isZero();
        assertThat(run(program, new byte[10], 0)).as("too short to hold addresses").isZero();
    }

    @Test
    void severalAddresses() throws Exception {
        var program = SocketFilter.fromOrTo(List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("127.0.0.77")));
        byte[] toSecond = Packets.ipv4(LOCALHOST, OTHER, Protocols.UDP, 64, 1, new byte[0]);
        assertThat(run(program, toSecond, 0)).isEqualTo(SocketFilter.KEEP_ALL);
        assertThat(run(program, Packets.ipv4(LOCALHOST, LOCALHOST, 17, 64, 1, new byte[0]), 0)).isZero();
    }

    @Test
    void ipv6ComparesAllFourWords() throws Exception {
        InetAddress a = InetAddress.getByName("2001:db8::1");
        var program = SocketFilter.fromOrTo(List.of(a, InetAddress.getByName("::1")));
        assertThat(run(program, ipv6(InetAddress.getByName("fe80::9"), a), 0)).isEqualTo(SocketFilter.KEEP_ALL);
        assertThat(run(program, ipv6(a, InetAddress.getByName("fe80::9")), 0)).isEqualTo(SocketFilter.KEEP_ALL);
        assertThat(run(program, ipv6(InetAddress.getByName("::1"), InetAddress.getByName("::1")), 0)).isEqualTo(SocketFilter.KEEP_ALL);
        // differs in the last word only, or in the first only
        assertThat(run(program, ipv6(InetAddress.getByName("2001:db8::2"), InetAddress.getByName("::2")), 0)).isZero();
        assertThat(run(program, ipv6(InetAddress.getByName("2001:db9::1"), InetAddress.getByName("1::1")), 0)).isZero();
    }

    @Test
    void manyAddressesStayWithinTheEightBitJumps() throws Exception {
        List<InetAddress> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) many.add(InetAddress.getByName("2001:db8::" + Integer.toHexString(i)));
        var program = SocketFilter.fromOrTo(many);
        assertThat(program).hasSize(2 * SocketFilter.MAX_ADDRESSES * 8 + 2);
        assertThat(run(program, ipv6(InetAddress.getByName("::1"), InetAddress.getByName("2001:db8::8")), 0)).isEqualTo(SocketFilter.KEEP_ALL);
    }

    /** An IPv6 header: version, lengths, next header, hop limit, then the two addresses at 8 and 24. */
    private static byte[] ipv6(InetAddress src, InetAddress dst) {
        byte[] h = new byte[40];
        h[0] = 0x60;
        h[6] = 58;
        h[7] = 64;
        System.arraycopy(src.getAddress(), 0, h, 8, 16);
        System.arraycopy(dst.getAddress(), 0, h, 24, 16);
        return h;
    }
}
