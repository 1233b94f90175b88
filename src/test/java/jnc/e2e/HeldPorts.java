package jnc.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A block of consecutive loopback ports this test holds, so that a scan of the block touches no
 * one else's sockets (other tests run on the same machine at the same time). Open ports have a
 * listener (TCP) or a bound socket (UDP); closed ones a socket that is bound but not listening
 * (TCP) or connected elsewhere (UDP), for which the kernel refuses, and which no one else can take.
 */
final class HeldPorts implements AutoCloseable {
    final int first;
    final int last;
    private final List<NetworkChannel> sockets = new ArrayList<>();

    private HeldPorts(int first, int last) {
        this.first = first;
        this.last = last;
    }

    /**
     * Holds {@code count} consecutive ports of {@code host} (a loopback literal), those at the given
     * offsets open; UDP when {@code udp}. The block starts at a random port in 20000-29999: below the
     * ephemeral range and the benchmark ports, and tried again elsewhere if any port is taken.
     */
    static HeldPorts hold(String host, int count, boolean udp, int... openOffsets) {
        InetAddress addr = InetAddress.ofLiteral(host);
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + ThreadLocalRandom.current().nextInt(10000 - count);
            HeldPorts held = new HeldPorts(base, base + count - 1);
            try {
                for (int i = 0; i < count; i++) held.add(addr, base + i, udp, contains(openOffsets, i));
                return held;
            } catch (IOException taken) {
                held.close();
            }
        }
        fail("could not hold " + count + " consecutive ports on " + host);
        return null;
    }

    private static boolean contains(int[] xs, int x) {
        for (int v : xs) if (v == x) return true;
        return false;
    }

    private void add(InetAddress addr, int port, boolean udp, boolean open) throws IOException {
        StandardProtocolFamily family = addr instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        if (udp) {
            DatagramChannel ch = DatagramChannel.open(family);
            sockets.add(ch);
            ch.bind(new InetSocketAddress(addr, port));
            // Connected to the discard port, it takes datagrams from there only: ours get ICMP port unreachable.
            if (!open) ch.connect(new InetSocketAddress(addr, 9));
        } else if (open) {
            ServerSocketChannel ch = ServerSocketChannel.open(family);
            sockets.add(ch);
            ch.bind(new InetSocketAddress(addr, port), 50);
        } else {
            // A client socket bound but never connected: the port is ours and every connect to it is refused.
            SocketChannel ch = SocketChannel.open(family);
            sockets.add(ch);
            ch.bind(new InetSocketAddress(addr, port));
        }
    }

    /** The ports at the given offsets. */
    int port(int offset) {
        return first + offset;
    }

    /** {@code first-last}, as a scan's port argument. */
    String range() {
        return first + "-" + last;
    }

    @Override
    public void close() {
        for (NetworkChannel s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sockets.clear();
    }
}
