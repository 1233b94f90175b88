package jnc.raw;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet6Address;
import java.net.InetAddress;

import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.sys.Libc;

/**
 * A raw socket ({@code socket(AF_INET or AF_INET6, SOCK_RAW, protocol)}) through the FFM API: the
 * JDK has none. The kernel hands it a copy of every packet of its protocol that arrives, and sends
 * what it is given with an IP header of its own in front. Opening one needs root or CAP_NET_RAW.
 *
 * <p>Linux, 64-bit (the {@code msghdr}, {@code cmsghdr} and {@code sockaddr} layouts below). One
 * thread uses a socket at a time: its buffers live in a confined arena.
 */
final class RawSocket implements AutoCloseable {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_RECVPKTINFO = 49;
    private static final int IPV6_PKTINFO = 50;
    private static final int IPV6_RECVHOPLIMIT = 51;
    private static final int IPV6_HOPLIMIT = 52;
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int SOL_RAW = 255;
    private static final int ICMP_FILTER = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int ICMP6_FILTER = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_ATTACH_FILTER = 26;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SO_RXQ_OVFL = 40;
    private static final int SO_TIMESTAMPNS = 35; // also SCM_TIMESTAMPNS, the ancillary data's type
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_TRUNC = 0x20;
    private static final short POLLIN = 1;
    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    /** The largest IP packet; loopback's MTU is 64 KiB, so anything smaller could cut packets. */
    static final int MAX_PACKET = 65536;

    private static final MethodHandle SOCKET = Libc.withErrno("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Libc.withErrno("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVMSG = Libc.withErrno("recvmsg", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = Libc.withErrno("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    private static final MethodHandle POLL = Libc.withErrno("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = Libc.withErrno("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    /** {@code struct msghdr}: where recvmsg puts the sender's address, the data and the ancillary data. */
    private static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("msg_name"), ValueLayout.JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS.withName("msg_iov"), ValueLayout.JAVA_LONG.withName("msg_iovlen"),
            ValueLayout.ADDRESS.withName("msg_control"), ValueLayout.JAVA_LONG.withName("msg_controllen"),
            ValueLayout.JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));
    private static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("iov_base"), ValueLayout.JAVA_LONG.withName("iov_len"));
    private static final long NAMELEN = offset(MSGHDR, "msg_namelen");
    private static final long CONTROLLEN = offset(MSGHDR, "msg_controllen");
    private static final long FLAGS = offset(MSGHDR, "msg_flags");
    /** {@code struct cmsghdr}: a size_t length, then level and type, then the data, 8-byte aligned. */
    private static final int CMSG_HEADER = 16;
    private static final int SOCKADDR_SIZE = 128; // sockaddr_storage

    private final int fd;
    final boolean v6;
    final int protocol;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = arena.allocate(Libc.CALL_STATE);
    private final MemorySegment data = arena.allocate(MAX_PACKET, 8);
    private final MemorySegment name = arena.allocate(SOCKADDR_SIZE, 8);
    private final MemorySegment control = arena.allocate(256, 8);
    private final MemorySegment msg = arena.allocate(MSGHDR);
    private final MemorySegment iov = arena.allocate(IOVEC);
    private final MemorySegment pollFd = arena.allocate(8, 4);
    private final MemorySegment intValue = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment outgoing = arena.allocate(MAX_PACKET, 8);
    private final MemorySegment to = arena.allocate(SOCKADDR_SIZE, 8);
    /** Packets the kernel dropped for want of room in our receive buffer (SO_RXQ_OVFL), so far. */
    private long dropped;

    /**
     * One received packet: {@code length} bytes copied into the caller's array; the destination and
     * hop limit for IPv6 (else null and -1), and when the kernel took it in, in nanoseconds since
     * the epoch, if {@link #timestampArrivals()} asked for it (else -1).
     */
    record Received(int length, boolean truncated, InetAddress source, InetAddress destination, int hopLimit,
            long arrivalEpochNanos) {
    }


    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    private RawSocket(int fd, boolean v6, int protocol) {
        this.fd = fd;
        this.v6 = v6;
        this.protocol = protocol;
        iov.set(ValueLayout.ADDRESS, 0, data);
        iov.set(ValueLayout.JAVA_LONG, 8, MAX_PACKET);
    }

    /**
     * Opens a raw socket for one IP protocol. Without the privilege it fails with exit code 2 and the
     * message every user of ping has met; other errors (an unsupported protocol) also exit 2.
     */
    static RawSocket open(boolean v6, int protocol) {
        MemorySegment state = Arena.ofAuto().allocate(Libc.CALL_STATE);
        int fd;
        try {
            linkDowncalls(state);
            fd = (int) SOCKET.invokeExact(state, v6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, protocol);
        } catch (Throwable t) {
            throw new Failure(ExitCode.USAGE, "socket: " + t);
        }
        if (fd < 0) {
            int errno = Libc.errno(state);
            String why = "socket(" + (v6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW, " + protocol + "): " + strerror(errno);
            if (errno == EPERM || errno == EACCES) throw new Failure(ExitCode.USAGE, "raw sockets need root or CAP_NET_RAW (" + why + ").");
            throw new Failure(ExitCode.USAGE, why + ".");
        }
        RawSocket s = new RawSocket(fd, v6, protocol);
        if (v6) {
            // The kernel keeps the IPv6 header to itself; ask for the destination and hop limit instead.
            try {
                s.setInt(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
                s.setInt(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
            } catch (Failure f) {
                s.close();
                throw f;
            }
        }
        return s;
    }

    /**
     * The first call through a downcall handle links it, which takes milliseconds. Pay that before
     * the socket exists (on descriptor -1: EBADF, no harm), not between socket() and its buffer and
     * filter settings while a busy host's packets pile up, nor inside ping's first round trip.
     */
    private static void linkDowncalls(MemorySegment state) throws Throwable {
        int i = (int) SETSOCKOPT.invokeExact(state, -1, SOL_SOCKET, SO_RCVBUF, state, 4);
        long n = (long) SENDTO.invokeExact(state, -1, state, 0L, 0, MemorySegment.NULL, 0);
        n = (long) RECVMSG.invokeExact(state, -1, MemorySegment.NULL, MSG_DONTWAIT);
        i = (int) POLL.invokeExact(state, MemorySegment.NULL, 0L, 0);
    }

    /** The kernel's words for an errno value, as perror prints them. */
    static String strerror(int errno) {
        return Libc.strerror(errno);
    }

    private int errno() {
        return Libc.errno(state);
    }

    void setInt(int level, int option, int value) {
        intValue.set(ValueLayout.JAVA_INT, 0, value);
        setOption(level, option, intValue, 4);
    }

    private void setOption(int level, int option, MemorySegment value, int size) {
        int r;
        try {
            r = (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, size);
        } catch (Throwable t) {
            throw new Failure(ExitCode.USAGE, "setsockopt: " + t);
        }
        if (r != 0) throw new Failure(ExitCode.USAGE, "setsockopt(" + level + ", " + option + "): " + strerror(errno()) + ".");
    }

    /**
     * Prepares the socket for capturing: a receive buffer of {@code bytes} (as root beyond the
     * system's rmem_max, with SO_RCVBUFFORCE), and a count of the packets dropped when it is full.
     */
    void prepareForCapture(int bytes) {
        try {
            setInt(SOL_SOCKET, SO_RCVBUFFORCE, bytes);
        } catch (Failure notPermitted) {
            setInt(SOL_SOCKET, SO_RCVBUF, bytes); // CAP_NET_RAW without CAP_NET_ADMIN: capped by rmem_max
        }
        setInt(SOL_SOCKET, SO_RXQ_OVFL, 1);
    }

    /**
     * Asks the kernel to stamp each packet with the time it arrived (SO_TIMESTAMPNS, as ping does):
     * round trips then do not include the time this process took to get round to reading them.
     */
    void timestampArrivals() {
        setInt(SOL_SOCKET, SO_TIMESTAMPNS, 1);
    }

    /** Packets the kernel dropped because the receive buffer was full, as of the last packet received. */
    long dropped() {
        return dropped;
    }

    /** Attaches a classic BPF program: the kernel runs it on each packet and queues only those it keeps. */
    void attachFilter(java.util.List<SocketFilter.Instruction> program) {
        MemorySegment code = arena.allocate(8L * program.size(), 8);
        for (int i = 0; i < program.size(); i++) {
            SocketFilter.Instruction in = program.get(i);
            code.set(ValueLayout.JAVA_SHORT, 8L * i, (short) in.code());
            code.set(ValueLayout.JAVA_BYTE, 8L * i + 2, (byte) in.jt());
            code.set(ValueLayout.JAVA_BYTE, 8L * i + 3, (byte) in.jf());
            code.set(ValueLayout.JAVA_INT, 8L * i + 4, in.k());
        }
        MemorySegment fprog = arena.allocate(16, 8); // struct sock_fprog { u16 len; struct sock_filter *filter; }
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.size());
        fprog.set(ValueLayout.ADDRESS, 8, code);
        setOption(SOL_SOCKET, SO_ATTACH_FILTER, fprog, 16);
    }

    /** The TTL (IPv4) or hop limit (IPv6) of packets sent. */
    void setTtl(int ttl) {
        if (v6) setInt(IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl);
        else setInt(IPPROTO_IP, IP_TTL, ttl);
    }

    /**
     * Lets only the given ICMP or ICMPv6 types through to this socket (it sees every ICMP message
     * the host receives otherwise). Both kernel filters are bitmaps with a set bit meaning "drop".
     */
    void passOnlyIcmpTypes(int... types) {
        if (v6) {
            MemorySegment filter = arena.allocate(32, 4);
            for (int i = 0; i < 8; i++) filter.setAtIndex(ValueLayout.JAVA_INT, i, -1);
            for (int t : types) {
                int word = filter.getAtIndex(ValueLayout.JAVA_INT, t >>> 5);
                filter.setAtIndex(ValueLayout.JAVA_INT, t >>> 5, word & ~(1 << (t & 31)));
            }
            setOption(IPPROTO_ICMPV6, ICMP6_FILTER, filter, 32);
        } else {
            int mask = -1;
            for (int t : types) if (t < 32) mask &= ~(1 << t);
            setInt(SOL_RAW, ICMP_FILTER, mask);
        }
    }

    /** Waits up to {@code millis} (at least 0) for a packet; false on timeout or an interrupted wait. */
    boolean awaitPacket(int millis) {
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int r;
        try {
            r = (int) POLL.invokeExact(state, pollFd, 1L, Math.max(0, millis));
        } catch (Throwable t) {
            throw Failure.network("poll: " + t);
        }
        if (r < 0 && errno() != EINTR) throw Failure.network("poll: " + strerror(errno()) + ".");
        return r > 0;
    }

    /**
     * Takes one waiting packet into {@code into} (at least {@link #MAX_PACKET} long), or returns null
     * if none is waiting. Never blocks.
     */
    Received receive(byte[] into) {
        msg.fill((byte) 0);
        msg.set(ValueLayout.ADDRESS, 0, name);
        msg.set(ValueLayout.JAVA_INT, NAMELEN, SOCKADDR_SIZE);
        msg.set(ValueLayout.ADDRESS, offset(MSGHDR, "msg_iov"), iov);
        msg.set(ValueLayout.JAVA_LONG, offset(MSGHDR, "msg_iovlen"), 1L);
        msg.set(ValueLayout.ADDRESS, offset(MSGHDR, "msg_control"), control);
        msg.set(ValueLayout.JAVA_LONG, CONTROLLEN, control.byteSize());
        long n;
        try {
            n = (long) RECVMSG.invokeExact(state, fd, msg, MSG_DONTWAIT);
        } catch (Throwable t) {
            throw Failure.network("recvmsg: " + t);
        }
        if (n < 0) {
            int e = errno();
            if (e == EAGAIN || e == EINTR) return null;
            throw Failure.network("recvmsg: " + strerror(e) + ".");
        }
        int len = (int) Math.min(n, into.length);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, into, 0, len);
        boolean truncated = (msg.get(ValueLayout.JAVA_INT, FLAGS) & MSG_TRUNC) != 0;
        InetAddress source = sockaddrAddress(name, msg.get(ValueLayout.JAVA_INT, NAMELEN));
        InetAddress destination = null;
        int hopLimit = -1;
        long arrival = -1;
        // Walk the ancillary data: IPV6_PKTINFO holds the destination, IPV6_HOPLIMIT the hop limit,
        // SO_RXQ_OVFL the count of packets dropped so far.
        long total = msg.get(ValueLayout.JAVA_LONG, CONTROLLEN);
        long at = 0;
        while (at + CMSG_HEADER <= total) {
            long cmsgLen = control.get(ValueLayout.JAVA_LONG, at);
            int level = control.get(ValueLayout.JAVA_INT, at + 8);
            int type = control.get(ValueLayout.JAVA_INT, at + 12);
            if (cmsgLen < CMSG_HEADER || at + cmsgLen > total) break;
            if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO && cmsgLen >= CMSG_HEADER + 16) {
                destination = address(control, at + CMSG_HEADER, 16, 0);
            } else if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT && cmsgLen >= CMSG_HEADER + 4) {
                hopLimit = control.get(ValueLayout.JAVA_INT, at + CMSG_HEADER);
            } else if (level == SOL_SOCKET && type == SO_TIMESTAMPNS && cmsgLen >= CMSG_HEADER + 16) {
                arrival = control.get(ValueLayout.JAVA_LONG, at + CMSG_HEADER) * 1_000_000_000L
                        + control.get(ValueLayout.JAVA_LONG, at + CMSG_HEADER + 8); // struct timespec
            } else if (level == SOL_SOCKET && type == SO_RXQ_OVFL && cmsgLen >= CMSG_HEADER + 4) {
                dropped = Integer.toUnsignedLong(control.get(ValueLayout.JAVA_INT, at + CMSG_HEADER));
            }
            at += (cmsgLen + 7) & ~7L;
        }
        return new Received(len, truncated, source, destination, hopLimit, arrival);
    }

    /** Sends one packet (for IPv4 and IPv6 alike without an IP header: the kernel adds it). */
    void send(byte[] packet, InetAddress destination) {
        if (packet.length > MAX_PACKET) throw new IllegalArgumentException("packet of " + packet.length + " bytes");
        MemorySegment.copy(packet, 0, outgoing, ValueLayout.JAVA_BYTE, 0, packet.length);
        int addrLen = sockaddr(to, destination);
        long n;
        try {
            n = (long) SENDTO.invokeExact(state, fd, outgoing, (long) packet.length, 0, to, addrLen);
        } catch (Throwable t) {
            throw Failure.network("sendto: " + t);
        }
        if (n < 0) throw Failure.network("sendto " + jnc.net.Addresses.text(destination) + ": " + strerror(errno()) + ".");
    }

    /** Fills a sockaddr_in or sockaddr_in6 (port 0: raw sockets have no ports) and returns its size. */
    private static int sockaddr(MemorySegment sa, InetAddress a) {
        sa.fill((byte) 0);
        byte[] bytes = a.getAddress();
        if (a instanceof Inet6Address v6) {
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
            MemorySegment.copy(bytes, 0, sa, ValueLayout.JAVA_BYTE, 8, 16);
            sa.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
            return 28;
        }
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        MemorySegment.copy(bytes, 0, sa, ValueLayout.JAVA_BYTE, 4, 4);
        return 16;
    }

    private static InetAddress sockaddrAddress(MemorySegment sa, int len) {
        short family = sa.get(ValueLayout.JAVA_SHORT, 0);
        if (family == AF_INET && len >= 8) return address(sa, 4, 4, 0);
        if (family == AF_INET6 && len >= 28) return address(sa, 8, 16, sa.get(ValueLayout.JAVA_INT, 24));
        return null;
    }

    private static InetAddress address(MemorySegment seg, long off, int len, int scope) {
        byte[] b = new byte[len];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, off, b, 0, len);
        try {
            return scope != 0 ? Inet6Address.getByAddress(null, b, scope) : InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            // nothing to report at the end
        }
        arena.close();
    }
}
