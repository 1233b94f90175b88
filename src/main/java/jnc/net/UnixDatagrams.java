package jnc.net;

import jnc.io.MessageEnd;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.sys.Libc;
import jnc.cli.Options;
import jnc.io.Acceptor;
import jnc.io.Admission;
import jnc.io.NetEnd;

/**
 * Unix domain datagram sockets ({@code -U -u}), which the JDK does not offer: {@code socket(2)},
 * {@code bind}, {@code connect}, {@code send}, {@code recvfrom} and {@code poll} through the FFM API.
 *
 * <p>A datagram needs a return address: as OpenBSD nc does, the client binds a socket file of its
 * own in the temporary directory (removed when it ends), so the listener can answer.
 *
 * <p>An instance is one connected end: a client, or a listener without {@code -k} that talks to its
 * first sender only. With {@code -k} the listener is a {@link UnixDatagramListener} instead.
 */
public final class UnixDatagrams implements MessageEnd {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SHUT_RDWR = 2;
    private static final short POLLIN = 1;
    static final int EINTR = 4;
    /** {@code sizeof(struct sockaddr_un)}: a 2-byte family and 108 bytes of path. */
    static final int SOCKADDR_UN = 110;

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final MethodHandle SOCKET = Libc.withErrno("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle BIND = Libc.withErrno("bind", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT));
    private static final MethodHandle CONNECT = Libc.withErrno("connect", FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT));
    private static final MethodHandle SEND = Libc.withErrno("send", FunctionDescriptor.of(LONG, INT, ValueLayout.ADDRESS, LONG, INT));
    static final MethodHandle RECVFROM = Libc.withErrno("recvfrom", FunctionDescriptor.of(LONG, INT, ValueLayout.ADDRESS, LONG, INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle POLL = Libc.withErrno("poll", FunctionDescriptor.of(INT, ValueLayout.ADDRESS, LONG, INT));
    private static final MethodHandle SHUTDOWN = Libc.withErrno("shutdown", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle CLOSE = Libc.withErrno("close", FunctionDescriptor.of(INT, INT));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(Libc.CALL_STATE);
    private final MemorySegment inBuf = arena.allocate(DatagramEnd.MAX_MESSAGE);
    private final MemorySegment outBuf = arena.allocate(DatagramEnd.MAX_MESSAGE);
    private final MemorySegment pollFd = arena.allocate(8);
    private final int fd;
    private final Path local;
    private final Path remote;
    private ByteBuffer first;
    private volatile boolean open = true;

    private UnixDatagrams(int fd, Path local, Path remote, ByteBuffer first) {
        this.fd = fd;
        this.local = local;
        this.remote = remote;
        this.first = first;
    }


    /** {@code jnc -uU [-s OWN] PATH}: bind a return address of our own (OWN with -s), connect to PATH. */
    public static UnixDatagrams connect(Options o) {
        Path target = Path.of(o.target().host());
        // -s PATH: the return address the user chose (Ncat's -U -u -s); else one of ours in the temporary directory.
        Path own = o.target().sourceAddress() != null ? Path.of(o.target().sourceAddress())
                : Path.of(System.getProperty("java.io.tmpdir"), "jnc." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Libc.CALL_STATE);
            int fd = open(st);
            try {
                check((int) BIND.invokeExact(st, fd, sockaddr(a, own), SOCKADDR_UN), st, "bind to " + own, true);
                UnixSockets.removeAtExit(own);
                check((int) CONNECT.invokeExact(st, fd, sockaddr(a, target), SOCKADDR_UN), st, target.toString(), false);
            } catch (Failure f) {
                closeFd(fd);
                UnixSockets.remove(own);
                throw f;
            }
            Diag.verbose("Connection to " + target + " succeeded!");
            return new UnixDatagrams(fd, own, target, null);
        } catch (Failure f) {
            throw f;
        } catch (Throwable t) {
            throw Failure.usage("Unix datagram socket: " + t.getMessage());
        }
    }

    /** {@code jnc -l -uU PATH}: the first sender of a datagram to PATH is the one peer. */
    public static Acceptor firstSender(Options o) {
        Path path = Path.of(o.target().host());
        return new Acceptor() {
            @Override
            public NetEnd next(Admission door) {
                return listen(path, door, this);
            }

            @Override
            public String connectionLine(SocketAddress remote, String outcome) {
                return UnixDatagrams.connectionLine(remote == null ? null : ((UnixDomainSocketAddress) remote).getPath(), outcome);
            }

            @Override
            public void close() {
                // the socket belongs to the end it made
            }
        };
    }

    /** Binds PATH, waits for the first datagram, then talks to its sender only. */
    private static UnixDatagrams listen(Path path, Admission door, Acceptor self) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Libc.CALL_STATE);
            int fd = bindListening(path);
            MemorySegment buf = a.allocate(DatagramEnd.MAX_MESSAGE);
            MemorySegment from = a.allocate(SOCKADDR_UN);
            MemorySegment fromLen = a.allocate(INT);
            long n;
            do {
                fromLen.set(INT, 0, SOCKADDR_UN);
                n = (long) RECVFROM.invokeExact(st, fd, buf, (long) buf.byteSize(), 0, from, fromLen);
            } while (n < 0 && errno(st) == EINTR);
            if (n < 0) throw Failure.network(path + ": " + strerror(errno(st)));
            ByteBuffer firstDatagram = ByteBuffer.wrap(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
            Path sender = senderOf(from, fromLen.get(INT, 0));
            if (sender != null) {
                // Answer that sender only, as a UDP listener without -k does.
                check((int) CONNECT.invokeExact(st, fd, sockaddr(a, sender), SOCKADDR_UN), st, sender.toString(), false);
            }
            door.admit(sender == null ? null : UnixDomainSocketAddress.of(sender), self); // a Unix peer has no address to judge: only the line
            return new UnixDatagrams(fd, path, sender, firstDatagram);
        } catch (Failure f) {
            throw f;
        } catch (Throwable t) {
            throw Failure.usage("Unix datagram socket: " + t.getMessage());
        }
    }

    /** {@code jnc -l -k -uU PATH}: bind PATH and hear every sender; {@link DatagramSenders} makes them peers. */
    public static DatagramListener listenForMany(Options o) {
        Path path = Path.of(o.target().host());
        try {
            return new UnixDatagramListener(bindListening(path), path);
        } catch (Failure f) {
            throw f;
        } catch (Throwable t) {
            throw Failure.usage("Unix datagram socket: " + t.getMessage());
        }
    }

    /** A datagram socket bound to {@code path}, which is removed when jnc ends. */
    private static int bindListening(Path path) throws Throwable {
        UnixSockets.refuseStaleDatagram(path);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Libc.CALL_STATE);
            int fd = open(st);
            try {
                check((int) BIND.invokeExact(st, fd, sockaddr(a, path), SOCKADDR_UN), st, "bind to " + path, true);
            } catch (Failure f) {
                closeFd(fd);
                throw f;
            }
            UnixSockets.removeAtExit(path);
            Diag.verbose("Listening on " + path);
            return fd;
        }
    }

    /**
     * The path a sender bound, from the address {@code recvfrom} filled in; null when it bound none
     * (the address is the family alone). Linux's abstract addresses (a name starting with a NUL byte,
     * no file) count as none too: the JDK's Unix socket addresses cannot hold them.
     */
    static Path senderOf(MemorySegment sa, int len) {
        if (len <= 2 || sa.get(ValueLayout.JAVA_BYTE, 2) == 0) return null;
        return Path.of(pathOf(sa, len));
    }

    /** The {@code -v} line for a datagram sender: its path, as it is all we know of it. */
    static String connectionLine(Path sender, String outcome) {
        if (sender == null) return "Connection from an unnamed socket " + outcome + " (it cannot be answered)";
        return "Connection from " + sender + " " + outcome;
    }

    private static int open(MemorySegment st) throws Throwable {
        int fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw Failure.usage("socket(AF_UNIX, SOCK_DGRAM): " + strerror(errno(st)));
        return fd;
    }

    static MemorySegment sockaddr(Arena a, Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= SOCKADDR_UN - 2) throw Failure.usage(path + ": the path is too long for a Unix socket (at most 107 bytes).");
        MemorySegment sa = a.allocate(SOCKADDR_UN);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, sa, ValueLayout.JAVA_BYTE, 2, p.length);
        return sa;
    }

    private static String pathOf(MemorySegment sa, int len) {
        byte[] b = sa.asSlice(2, len - 2).toArray(ValueLayout.JAVA_BYTE);
        int end = 0;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static void check(int rc, MemorySegment st, String what, boolean usage) {
        if (rc == 0) return;
        String msg = what + ": " + strerror(errno(st));
        throw usage ? Failure.usage(msg) : Failure.network(msg);
    }

    static int errno(MemorySegment st) {
        return Libc.errno(st);
    }

    /** The C library's words for an errno, as a sentence. */
    static String strerror(int errno) {
        return Libc.strerror(errno) + ".";
    }

    private static void closeFd(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(Arena.ofAuto().allocate(Libc.CALL_STATE), fd);
        } catch (Throwable ignored) {
            // closing is all we wanted
        }
    }

    // --- native memory for the bytes: a direct buffer's own, else a copy -----------------------

    /**
     * Where a datagram for {@code dst} is received: straight into {@code dst} when it is a direct
     * buffer (the relay's and the -k receive loop's are), else into {@code spare}; never more than
     * {@code dst} has room for. {@link #landed} then moves it into place.
     */
    static MemorySegment landing(ByteBuffer dst, MemorySegment spare) {
        return dst.isDirect() ? MemorySegment.ofBuffer(dst) : spare.asSlice(0, Math.min(spare.byteSize(), dst.remaining()));
    }

    /** Accounts for {@code n} bytes received at {@code into} (from {@link #landing}) in {@code dst}. */
    static void landed(ByteBuffer dst, MemorySegment into, long n) {
        if (dst.isDirect()) {
            dst.position(dst.position() + (int) n);
        } else {
            dst.put(into.asSlice(0, n).asByteBuffer());
        }
    }

    /** The remaining bytes of {@code datagram} in native memory: its own when direct, else copied into {@code spare}. */
    static MemorySegment outgoing(ByteBuffer datagram, MemorySegment spare) {
        if (datagram.isDirect()) return MemorySegment.ofBuffer(datagram);
        MemorySegment copy = spare.asSlice(0, datagram.remaining());
        copy.asByteBuffer().put(datagram.duplicate());
        return copy;
    }

    // --- NetEnd ------------------------------------------------------------------------------

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return receive(dst, -1);
    }

    private int receive(ByteBuffer dst, long timeoutMillis) throws IOException {
        if (first != null) {
            int n = DatagramEnd.take(first, dst);
            if (!first.hasRemaining()) first = null;
            return n;
        }
        try {
            while (true) {
                if (!open) throw new ClosedChannelException();
                if (timeoutMillis >= 0) {
                    pollFd.set(INT, 0, fd);
                    pollFd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                    pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                    int r = (int) POLL.invokeExact(state, pollFd, 1L, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
                    if (r == 0) throw new SocketTimeoutException("idle");
                    if (r < 0 && errno(state) == EINTR) continue;
                }
                MemorySegment into = landing(dst, inBuf);
                long n = (long) RECVFROM.invokeExact(state, fd, into, into.byteSize(), 0, MemorySegment.NULL, MemorySegment.NULL);
                if (n < 0) {
                    if (errno(state) == EINTR) continue;
                    if (!open) throw new ClosedChannelException();
                    throw new IOException(strerror(errno(state)));
                }
                if (n == 0 && !open) throw new ClosedChannelException();
                landed(dst, into, n);
                return (int) n;
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        return DatagramEnd.sendInPieces(src, this::sendOne);
    }

    private int sendOne(ByteBuffer datagram) throws IOException {
        int len = datagram.remaining();
        MemorySegment out = outgoing(datagram, outBuf);
        try {
            while (true) {
                long n = (long) SEND.invokeExact(state, fd, out, (long) len, 0);
                if (n >= 0) return (int) n;
                if (errno(state) != EINTR) throw new IOException(strerror(errno(state)));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote == null ? null : UnixDomainSocketAddress.of(remote);
    }

    @Override
    public SocketAddress localAddress() {
        return UnixDomainSocketAddress.of(local);
    }

    @Override
    public int read(ByteBuffer dst, Duration idle) throws IOException {
        return receive(dst, NetEnd.timeoutMillis(idle));
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() {
        if (!open) return;
        open = false;
        shutdownAndClose(fd);
        UnixSockets.remove(local); // our return address, or the listener's socket file
    }

    /** Closes a socket, waking a thread blocked in {@code recvfrom} on it: {@code close} alone would not. */
    static void shutdownAndClose(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) SHUTDOWN.invokeExact(a.allocate(Libc.CALL_STATE), fd, SHUT_RDWR);
        } catch (Throwable ignored) {
            // closing anyway
        }
        closeFd(fd);
    }
}
