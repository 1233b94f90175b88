package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import jnc.base.Failure;
import jnc.sys.Libc;

/**
 * The few socket options the JDK does not offer on channels (the unicast TTL), set with
 * {@code setsockopt(2)} through the FFM API. The JDK keeps a channel's descriptor private, so we
 * find it the way {@code lsof} would: among our own socket descriptors, the one whose
 * {@code getsockname(2)} and socket type match the channel's bound address.
 */
final class NativeSockopt {
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_V6ONLY = 26;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;

    private static final MethodHandle SETSOCKOPT = Libc.plain("setsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Libc.plain("getsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle GETSOCKNAME = Libc.plain("getsockname",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private NativeSockopt() {
    }

    /** Sets the unicast TTL (IPv4) and hop limit (IPv6) of {@code ch}, binding it first if it is not bound yet. */
    static void setTtl(NetworkChannel ch, int ttl) {
        try {
            if (ch.getLocalAddress() == null) throw Failure.usage("--ttl: the socket is not bound yet.");
            int fd = fdOf(ch);
            if (fd < 0) throw Failure.usage("--ttl: cannot find the socket's descriptor.");
            boolean v6 = ((InetSocketAddress) ch.getLocalAddress()).getAddress() instanceof java.net.Inet6Address;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
                value.set(ValueLayout.JAVA_INT, 0, ttl);
                // On an IPv6 socket IP_TTL still governs IPv4 (mapped) peers, so set both there.
                int rc = (int) SETSOCKOPT.invokeExact(fd, IPPROTO_IP, IP_TTL, value, 4);
                if (v6) rc = Math.min(rc, (int) SETSOCKOPT.invokeExact(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, value, 4));
                if (rc != 0 && !v6) throw Failure.usage("--ttl: the system refused the value " + ttl + ".");
            }
        } catch (IOException e) {
            throw Failure.usage("--ttl: " + IoErrors.describe(e));
        } catch (Failure f) {
            throw f;
        } catch (Throwable t) {
            throw Failure.usage("--ttl: " + t.getMessage());
        }
    }

    /**
     * Sets {@code IPV6_V6ONLY} on an IPv6 channel that is not bound yet (it only counts before the
     * bind): {@code -6} then listens on IPv6 alone, as Ncat does, and an IPv4 client is refused by
     * the kernel instead of accepted and closed. False when it could not be done; the caller then
     * turns IPv4 clients away itself.
     */
    static boolean setV6Only(NetworkChannel unbound) {
        try {
            int fd = unboundFdOf(unbound instanceof DatagramChannel ? SOCK_DGRAM : SOCK_STREAM);
            if (fd < 0) return false;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
                value.set(ValueLayout.JAVA_INT, 0, 1);
                return (int) SETSOCKOPT.invokeExact(fd, IPPROTO_IPV6, IPV6_V6ONLY, value, 4) == 0;
            }
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * The descriptor of our newest IPv6 socket of that type that is neither bound nor listening
     * ({@code [::]:0}): the channel just opened, since jnc opens its listener before any other socket.
     */
    private static int unboundFdOf(int type) throws Throwable {
        int found = -1;
        try (Arena arena = Arena.ofConfined(); DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            MemorySegment addr = arena.allocate(128);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            for (Path p : fds) {
                String link;
                try {
                    link = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    continue;
                }
                if (!link.startsWith("socket:")) continue;
                int fd = Integer.parseInt(p.getFileName().toString());
                len.set(ValueLayout.JAVA_INT, 0, 4);
                if ((int) GETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_TYPE, value, len) != 0 || value.get(ValueLayout.JAVA_INT, 0) != type) continue;
                len.set(ValueLayout.JAVA_INT, 0, 4);
                if ((int) GETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_ACCEPTCONN, value, len) != 0 || value.get(ValueLayout.JAVA_INT, 0) != 0) continue;
                len.set(ValueLayout.JAVA_INT, 0, 128);
                if ((int) GETSOCKNAME.invokeExact(fd, addr, len) != 0) continue;
                if (addr.get(ValueLayout.JAVA_SHORT, 0) == 10 && jnc.sys.SocketFds.matches(addr, new InetSocketAddress(java.net.Inet6Address.ofLiteral("::"), 0))) {
                    found = Math.max(found, fd);
                }
            }
        }
        return found;
    }

    /** Reads back an int option (for tests and -vv). */
    static int getInt(NetworkChannel ch, int level, int name) throws Throwable {
        int fd = fdOf(ch);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 4);
            int rc = (int) GETSOCKOPT.invokeExact(fd, level, name, value, len);
            return rc == 0 ? value.get(ValueLayout.JAVA_INT, 0) : -1;
        }
    }

    static int ttlOf(NetworkChannel ch) throws Throwable {
        return getInt(ch, IPPROTO_IP, IP_TTL);
    }

    /** Our descriptor for the bound channel {@code ch}, or -1. */
    static int fdOf(NetworkChannel ch) {
        return jnc.sys.SocketFds.of(ch);
    }
}
