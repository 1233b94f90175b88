package jnc.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the file descriptor behind a JDK channel, which the JDK keeps private: the one socket among
 * our descriptors whose type, own address and (when connected) peer address are the channel's, asked
 * of the kernel with {@code getsockname}/{@code getpeername}. Newest descriptors are tried first, as
 * a channel just opened or accepted usually holds one of the highest numbers. Used to hand a bulk
 * transfer to splice and for the socket options the JDK lacks; any doubt gives -1.
 *
 * <p>It reads no kernel table: an earlier version parsed {@code /proc/net/tcp}, which costs
 * milliseconds once a machine holds a few thousand sockets (TIME_WAITs included), per lookup.
 */
public final class SocketFds {
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int ADDR_MAX = 128;

    private SocketFds() {
    }

    /** The descriptor of {@code ch}, or -1 when it cannot be told. */
    public static int of(NetworkChannel ch) {
        try {
            if (!(ch.getLocalAddress() instanceof InetSocketAddress local)) return -1;
            SocketAddress peer = ch instanceof SocketChannel sc ? sc.getRemoteAddress() : null;
            InetSocketAddress remote = peer instanceof InetSocketAddress r ? r : null;
            int type = ch instanceof DatagramChannel ? SOCK_DGRAM : SOCK_STREAM;
            int[] fds = descriptors();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment addr = arena.allocate(ADDR_MAX);
                MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
                MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
                for (int i = fds.length - 1; i >= 0; i--) {
                    int fd = fds[i];
                    len.set(ValueLayout.JAVA_INT, 0, 4);
                    if ((int) Calls.GETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_TYPE, value, len) != 0) continue;
                    if (value.get(ValueLayout.JAVA_INT, 0) != type) continue;
                    len.set(ValueLayout.JAVA_INT, 0, ADDR_MAX);
                    if ((int) Calls.GETSOCKNAME.invokeExact(fd, addr, len) != 0 || !matches(addr, local)) continue;
                    if (remote == null) return fd;
                    len.set(ValueLayout.JAVA_INT, 0, ADDR_MAX);
                    if ((int) Calls.GETPEERNAME.invokeExact(fd, addr, len) == 0 && matches(addr, remote)) return fd;
                }
            }
        } catch (Throwable t) {
            jnc.base.Diag.debug("no socket descriptor: " + t);
        }
        return -1;
    }

    /**
     * The descriptors of many connected stream sockets at once, in one pass over our descriptors
     * (one lookup each would read the table once per socket): for each of {@code peers}, its
     * descriptor, or -1 when none was found.
     */
    public static int[] ofConnected(List<SocketChannel> peers) {
        int[] found = new int[peers.size()];
        Arrays.fill(found, -1);
        Map<List<InetSocketAddress>, Integer> wanted = new HashMap<>();
        for (int i = 0; i < peers.size(); i++) {
            try {
                if (peers.get(i).getLocalAddress() instanceof InetSocketAddress l && peers.get(i).getRemoteAddress() instanceof InetSocketAddress r) {
                    wanted.put(List.of(l, r), i);
                }
            } catch (IOException e) {
                // closed meanwhile: not found
            }
        }
        if (wanted.isEmpty()) return found;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment local = arena.allocate(ADDR_MAX);
            MemorySegment remote = arena.allocate(ADDR_MAX);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            int[] fds = descriptors();
            for (int f = fds.length - 1; f >= 0 && !wanted.isEmpty(); f--) {
                int fd = fds[f];
                len.set(ValueLayout.JAVA_INT, 0, ADDR_MAX);
                if ((int) Calls.GETPEERNAME.invokeExact(fd, remote, len) != 0) continue;
                len.set(ValueLayout.JAVA_INT, 0, ADDR_MAX);
                if ((int) Calls.GETSOCKNAME.invokeExact(fd, local, len) != 0) continue;
                InetSocketAddress l = decode(local);
                InetSocketAddress r = decode(remote);
                if (l == null || r == null) continue;
                Integer i = wanted.remove(List.of(l, r));
                if (i != null) found[i] = fd;
            }
        } catch (Throwable t) {
            jnc.base.Diag.debug("no socket descriptors: " + t);
        }
        return found;
    }

    /** A {@code sockaddr_in}/{@code sockaddr_in6} as a Java address (an IPv4-mapped one as IPv4, as the JDK reports it); null for others. */
    public static InetSocketAddress decode(MemorySegment sa) throws java.net.UnknownHostException {
        int family = sa.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(sa.get(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
        byte[] addr;
        if (family == 2) addr = sa.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
        else if (family == 10) addr = sa.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
        else return null;
        return new InetSocketAddress(java.net.InetAddress.getByAddress(addr), port);
    }

    /** Our open descriptors above stderr, ascending. */
    private static int[] descriptors() throws IOException {
        int[] fds = new int[64];
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : dir) {
                int fd = Integer.parseInt(p.getFileName().toString());
                if (fd < 3) continue;
                if (n == fds.length) fds = Arrays.copyOf(fds, n * 2);
                fds[n++] = fd;
            }
        }
        fds = Arrays.copyOf(fds, n);
        Arrays.sort(fds);
        return fds;
    }

    /** Compares a {@code sockaddr_in}/{@code sockaddr_in6} with a Java address (port, then address bytes). */
    public static boolean matches(MemorySegment sa, InetSocketAddress want) {
        int family = sa.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(sa.get(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2));
        if (port != want.getPort()) return false;
        byte[] wanted = want.getAddress().getAddress();
        byte[] got;
        if (family == 2) {
            got = sa.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
        } else if (family == 10) {
            got = sa.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
            if (wanted.length == 4) return Arrays.equals(got, 12, 16, wanted, 0, 4) || isZero(got);
        } else {
            return false;
        }
        return Arrays.equals(got, wanted) || (want.getAddress().isAnyLocalAddress() && isZero(got));
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    /** Bound on first use: a run that never splices never links them. */
    private static final class Calls {
        static final MethodHandle GETSOCKOPT = Libc.plain("getsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        static final MethodHandle GETSOCKNAME = Libc.plain("getsockname", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        static final MethodHandle GETPEERNAME = Libc.plain("getpeername", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    }
}
