package jnc.scan;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

import jnc.sys.Libc;

/**
 * The few Linux socket calls a TCP scan needs, called directly through the FFM API: socket,
 * connect, close, getsockopt, getsockname, bind, setsockopt and epoll. Each returns what the C call
 * returns; after a -1, {@link #errno()} says why.
 *
 * <p>Why not {@code SocketChannel}: a closed port answers a connect with an exception, and the JDK
 * closes the channel after it, so every port costs a new socket, a channel object and a stack
 * trace. Here a socket whose connect was refused is simply connected again to the next port (Linux
 * allows it), and a refusal is a number. Measured on 65,535 loopback ports: about twice as fast.
 *
 * <p>Binding a C function costs a few milliseconds at start-up, so each group is bound when first
 * needed: a loopback scan, where every answer comes back inside connect(), never binds epoll.
 */
final class LinuxSockets implements AutoCloseable {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_ERROR = 4;
    static final int EINTR = 4;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int EISCONN = 106;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EALREADY = 114;
    static final int EINPROGRESS = 115;
    private static final int EPOLL_CLOEXEC = 02000000;
    private static final int EPOLL_CTL_ADD = 1;
    static final int EPOLLOUT = 4;
    /** struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16). */
    static final int EPOLL_EVENT_SIZE = arch().equals("amd64") || arch().equals("x86_64") ? 12 : 16;
    private static final int EPOLL_DATA_OFFSET = EPOLL_EVENT_SIZE == 12 ? 4 : 8;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;

    /** The core calls, bound on first use of this class. */
    private static final class Core {
        static final MethodHandle SOCKET = Libc.withErrno("socket", FunctionDescriptor.of(INT, INT, INT, INT));
        static final MethodHandle CONNECT = Libc.withErrno("connect", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT));
        static final MethodHandle CLOSE = Libc.plain("close", FunctionDescriptor.of(INT, INT));
    }

    /** For sockets that connected: whose address is theirs. */
    private static final class Names {
        static final MethodHandle GETSOCKNAME = Libc.withErrno("getsockname", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    }

    /** For probes that have to wait (a host that is not loopback), and their answers. */
    private static final class Epoll {
        static final MethodHandle GETSOCKOPT = Libc.withErrno("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        static final MethodHandle CREATE = Libc.withErrno("epoll_create1", FunctionDescriptor.of(INT, INT));
        static final MethodHandle CTL = Libc.withErrno("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, ValueLayout.ADDRESS));
        static final MethodHandle WAIT = Libc.withErrno("epoll_wait", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT, INT));
    }

    /** For -s and -p. */
    private static final class Binding {
        static final MethodHandle SETSOCKOPT = Libc.withErrno("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, ValueLayout.ADDRESS, INT));
        static final MethodHandle BIND = Libc.withErrno("bind", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT));
    }

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = arena.allocate(Libc.CALL_STATE);
    private final MemorySegment intValue = arena.allocate(INT);
    private final MemorySegment length = arena.allocate(INT);
    private final MemorySegment localName = arena.allocate(28);
    private final MemorySegment oneEvent = arena.allocate(16, 8);

    /** Whether this JVM can make these calls: Linux on x86-64 or AArch64. */
    static boolean usable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = arch();
        return os.equals("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    private static String arch() {
        return System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    }

    int errno() {
        return Libc.errno(state);
    }

    /** A non-blocking TCP socket of the family. */
    int socket(int family) {
        try {
            return (int) Core.SOCKET.invokeExact(state, family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int connect(int fd, SocketAddressBuffer to) {
        try {
            return (int) Core.CONNECT.invokeExact(state, fd, to.segment, to.length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void close(int fd) {
        try {
            int ignored = (int) Core.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The socket's pending error (0 when none), or the errno of getsockopt itself. */
    int socketError(int fd) {
        try {
            length.set(INT, 0, 4);
            int r = (int) Epoll.GETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_ERROR, intValue, length);
            return r == 0 ? intValue.get(INT, 0) : errno();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether the socket's own address is {@code to}: a connect that met itself. */
    boolean boundTo(int fd, SocketAddressBuffer to) {
        try {
            length.set(INT, 0, (int) localName.byteSize());
            int r = (int) Names.GETSOCKNAME.invokeExact(state, fd, localName, length);
            return r == 0 && to.sameEndpoint(localName);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** SO_REUSEADDR then bind, for -s/-p; 0 or -1. */
    int bind(int fd, SocketAddressBuffer local) {
        try {
            intValue.set(INT, 0, 1);
            int r = (int) Binding.SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_REUSEADDR, intValue, 4);
            if (r != 0) return r;
            return (int) Binding.BIND.invokeExact(state, fd, local.segment, local.length);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    int epollCreate() {
        try {
            return (int) Epoll.CREATE.invokeExact(state, EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Watches {@code fd} for {@code events}, tagged with {@code tag}. */
    int epollAdd(int epfd, int fd, int events, int tag) {
        try {
            oneEvent.fill((byte) 0);
            oneEvent.set(INT, 0, events);
            oneEvent.set(ValueLayout.JAVA_INT_UNALIGNED, EPOLL_DATA_OFFSET, tag);
            return (int) Epoll.CTL.invokeExact(state, epfd, EPOLL_CTL_ADD, fd, oneEvent);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Room for {@code n} events of {@link #epollWait}. */
    MemorySegment epollEvents(int n) {
        return arena.allocate((long) n * EPOLL_EVENT_SIZE, 8);
    }

    int epollWait(int epfd, MemorySegment events, int timeoutMillis) {
        try {
            return (int) Epoll.WAIT.invokeExact(state, epfd, events, (int) (events.byteSize() / EPOLL_EVENT_SIZE), timeoutMillis);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The tag of the i-th event epoll_wait returned. */
    static int eventTag(MemorySegment events, int i) {
        return events.get(ValueLayout.JAVA_INT_UNALIGNED, (long) i * EPOLL_EVENT_SIZE + EPOLL_DATA_OFFSET);
    }

    /** The C library's text for an errno, as nc prints it ("No route to host"). */
    static String describe(int errno) {
        if (errno == ECONNREFUSED) return "Connection refused";
        if (errno == ETIMEDOUT) return "Connection timed out";
        return Libc.strerror(errno);
    }

    /** A buffer for one {@code sockaddr_in} or {@code sockaddr_in6}, its port changed per probe. */
    final class SocketAddressBuffer {
        final MemorySegment segment;
        final int length;
        final int family;

        SocketAddressBuffer(InetAddress address, int port) {
            byte[] raw = address.getAddress();
            family = address instanceof Inet6Address ? AF_INET6 : AF_INET;
            length = family == AF_INET6 ? 28 : 16;
            segment = arena.allocate(length, 4);
            segment.set(SHORT, 0, (short) family); // sa_family is in host order
            if (family == AF_INET6) {
                MemorySegment.copy(raw, 0, segment, ValueLayout.JAVA_BYTE, 8, 16);
                if (address instanceof Inet6Address six) segment.set(INT, 24, six.getScopeId());
            } else {
                MemorySegment.copy(raw, 0, segment, ValueLayout.JAVA_BYTE, 4, 4);
            }
            port(port);
        }

        /** Sets the port, in network order. */
        void port(int port) {
            segment.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >>> 8));
            segment.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
        }

        /** Same family, port and address as the sockaddr in {@code other}. */
        boolean sameEndpoint(MemorySegment other) {
            if (other.get(SHORT, 0) != (short) family) return false;
            if (other.get(SHORT, 2) != segment.get(SHORT, 2)) return false;
            long from = family == AF_INET6 ? 8 : 4;
            long size = family == AF_INET6 ? 16 : 4;
            return MemorySegment.mismatch(segment, from, from + size, other, from, from + size) == -1;
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
