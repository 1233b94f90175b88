package jnc.raw;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic BPF program (the one tcpdump compiles, {@code SO_ATTACH_FILTER}) that lets the kernel
 * drop packets neither from nor to the given addresses before they reach the raw socket. A raw
 * socket gets a copy of every packet of its protocol: without this, a busy loopback (a benchmark
 * next door) fills its receive buffer and the kernel drops the packets we want along with the rest.
 *
 * <p>The loads are relative to the network header ({@code SKF_NET_OFF}), so the same program works
 * for IPv6 sockets, whose data starts after the IPv6 header. Pure: instructions out, no native code.
 */
final class SocketFilter {
    /** One instruction: {@code struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }}. */
    record Instruction(int code, int jt, int jf, int k) {
    }

    static final int LD_W_ABS = 0x20;  // A = 32-bit word at k, network byte order
    static final int JEQ_K = 0x15;     // if A == k skip jt instructions, else jf
    static final int RET_K = 0x06;     // keep k bytes of the packet (0: drop it)
    /** Loads at {@code SKF_NET_OFF + n} read byte n of the network (IP) header. */
    static final int SKF_NET_OFF = -0x100000;
    static final int KEEP_ALL = 0x40000;
    /** Jumps are 8 bits; this many addresses keeps every jump in range. */
    static final int MAX_ADDRESSES = 8;

    private SocketFilter() {
    }

    /** Keeps packets whose source or destination is one of {@code addresses} (all of one family). */
    static List<Instruction> fromOrTo(List<InetAddress> addresses) {
        List<InetAddress> some = addresses.subList(0, Math.min(MAX_ADDRESSES, addresses.size()));
        boolean v6 = some.getFirst() instanceof Inet6Address;
        int[] fields = v6 ? new int[] {8, 24} : new int[] {12, 16}; // source, destination
        int words = v6 ? 4 : 1;
        // Each address is tried as: load word, compare; the last word's match jumps to "keep".
        // Jumps are relative, so the program is built first with its length known:
        // per field and address 2 * words instructions, then "drop", then "keep".
        int total = fields.length * some.size() * 2 * words + 2;
        int keep = total - 1;
        List<Instruction> program = new ArrayList<>(total);
        for (int field : fields) {
            for (InetAddress a : some) {
                byte[] b = a.getAddress();
                int nextAddress = program.size() + 2 * words; // where the next address's test starts
                for (int w = 0; w < words; w++) {
                    program.add(new Instruction(LD_W_ABS, 0, 0, SKF_NET_OFF + field + 4 * w));
                    int here = program.size(); // index of the jump; offsets count from the next one
                    boolean last = w == words - 1;
                    int onMatch = last ? keep - here - 1 : 0;
                    int onMiss = nextAddress - here - 1;
                    program.add(new Instruction(JEQ_K, onMatch, onMiss, (int) Bytes.u32(b, 4 * w)));
                }
            }
        }
        program.add(new Instruction(RET_K, 0, 0, 0));
        program.add(new Instruction(RET_K, 0, 0, KEEP_ALL));
        return program;
    }
}
