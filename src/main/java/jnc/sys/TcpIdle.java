package jnc.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * How long a stuck TCP connection has moved no data, from the kernel's {@code TCP_INFO}: the time
 * since data last came in ({@code tcpi_last_data_recv}) and since data last went out
 * ({@code tcpi_last_data_sent}), whichever is shorter. Only a peer that looks stuck counts: one that
 * has never sent a byte (half-open, a slot held by a bare connect), or one that does not take what
 * we send (bytes wait in our send queue, unsent or unacknowledged). A client that spoke, read every
 * answer and fell silent is idle, not stuck: it keeps its place, as under Ncat's {@code -m} (Ncat's
 * suite holds ten such clients for longer than the idle time). Loaded only when a full {@code -k}
 * door looks for a place to free.
 */
public final class TcpIdle {
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_INFO = 11;
    /** struct tcp_info up to tcpi_notsent_bytes (Linux 4.6 on; the kernel fills what we ask for). */
    private static final int INFO_SIZE = 148;
    private static final long UNACKED = 24;
    private static final long LAST_DATA_SENT = 44;
    private static final long LAST_DATA_RECV = 52;
    private static final long BYTES_RECEIVED = 128;
    private static final long NOTSENT_BYTES = 144;
    private static final MethodHandle GETSOCKOPT = Libc.plain("getsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private static final MethodHandle GETPEERNAME = Libc.plain("getpeername", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle CONNECT = Libc.plain("connect", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private TcpIdle() {
    }

    /**
     * Resets the connection on {@code fd} (RST to the peer) without closing the descriptor, which
     * belongs to a JDK channel: {@code connect} with {@code AF_UNSPEC} disconnects a TCP socket, and
     * every thread blocked on it wakes with "connection reset", as at a reset from the peer. Only if
     * {@code fd} is still connected to {@code peer} (the channel may have been closed and the number
     * reused). Returns whether it was reset.
     */
    public static boolean reset(int fd, java.net.InetSocketAddress peer) {
        if (fd < 0) return false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(128);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 128);
            if ((int) GETPEERNAME.invokeExact(fd, addr, len) != 0 || !peer.equals(SocketFds.decode(addr))) return false;
            MemorySegment unspec = arena.allocate(16); // a sockaddr of family AF_UNSPEC (0)
            return (int) CONNECT.invokeExact(fd, unspec, 16) == 0;
        } catch (Throwable t) {
            jnc.base.Diag.debug("reset: " + t);
            return false;
        }
    }

    /**
     * Milliseconds without data either way on TCP socket {@code fd} when its peer looks stuck; -1 when
     * it does not, or when the kernel cannot tell (not TCP).
     */
    public static long millis(int fd) {
        if (fd < 0) return -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(INFO_SIZE, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, INFO_SIZE);
            if ((int) GETSOCKOPT.invokeExact(fd, IPPROTO_TCP, TCP_INFO, info, len) != 0) return -1;
            if (len.get(ValueLayout.JAVA_INT, 0) < INFO_SIZE) return -1;
            boolean neverSpoke = info.get(ValueLayout.JAVA_LONG, BYTES_RECEIVED) == 0;
            boolean notTaking = info.get(ValueLayout.JAVA_INT, NOTSENT_BYTES) != 0 || info.get(ValueLayout.JAVA_INT, UNACKED) != 0;
            if (!neverSpoke && !notTaking) return -1;
            long sent = Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, LAST_DATA_SENT));
            long recv = Integer.toUnsignedLong(info.get(ValueLayout.JAVA_INT, LAST_DATA_RECV));
            return Math.min(sent, recv);
        } catch (Throwable t) {
            jnc.base.Diag.debug("no TCP_INFO: " + t);
            return -1;
        }
    }
}
