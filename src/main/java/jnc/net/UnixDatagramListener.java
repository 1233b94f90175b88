package jnc.net;

import static jnc.net.UnixDatagrams.EINTR;
import static jnc.net.UnixDatagrams.INT;
import static jnc.net.UnixDatagrams.LONG;
import static jnc.net.UnixDatagrams.SOCKADDR_UN;
import static jnc.net.UnixDatagrams.errno;
import static jnc.net.UnixDatagrams.strerror;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;

import jnc.sys.Libc;

/**
 * {@code jnc -l -k -uU PATH}: the listener's datagram socket, unconnected, so that it hears every
 * sender ({@code recvfrom} tells who) and answers each with {@code sendto}.
 *
 * <p>A send blocks while the receiver's queue is full (Linux keeps only a few datagrams per Unix
 * socket): unlike UDP, a Unix datagram is not dropped on the way. A slow reader holds up only the
 * peer thread that sends to it, since every send has its own native memory.
 */
final class UnixDatagramListener implements DatagramListener {
    /** Bound here, not in {@link UnixDatagrams}: only a listener with {@code -k} sends to an address. */
    private static final MethodHandle SENDTO = Libc.withErrno("sendto",
            FunctionDescriptor.of(LONG, INT, ValueLayout.ADDRESS, LONG, INT, ValueLayout.ADDRESS, INT));

    private final int fd;
    private final Path path;
    // The receive loop's memory: one thread receives.
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment state = arena.allocate(Libc.CALL_STATE);
    private final MemorySegment inBuf = arena.allocate(DatagramEnd.MAX_MESSAGE);
    private final MemorySegment from = arena.allocate(SOCKADDR_UN);
    private final MemorySegment fromLen = arena.allocate(INT);
    private volatile boolean open = true;

    UnixDatagramListener(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        try {
            while (true) {
                if (!open) throw new ClosedChannelException();
                fromLen.set(INT, 0, SOCKADDR_UN);
                MemorySegment into = UnixDatagrams.landing(dst, inBuf);
                long n = (long) UnixDatagrams.RECVFROM.invokeExact(state, fd, into, into.byteSize(), 0, from, fromLen);
                if (n < 0) {
                    if (errno(state) == EINTR) continue;
                    if (!open) throw new ClosedChannelException();
                    throw new IOException(strerror(errno(state)));
                }
                if (n == 0 && !open) throw new ClosedChannelException(); // woken by close's shutdown
                UnixDatagrams.landed(dst, into, n);
                Path sender = UnixDatagrams.senderOf(from, fromLen.get(INT, 0));
                return sender == null ? null : UnixDomainSocketAddress.of(sender);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public int send(ByteBuffer datagram, SocketAddress to) throws IOException {
        Path target = ((UnixDomainSocketAddress) to).getPath();
        int len = datagram.remaining();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(Libc.CALL_STATE);
            MemorySegment buf = UnixDatagrams.outgoing(datagram, datagram.isDirect() ? null : a.allocate(Math.max(1, len)));
            MemorySegment sa = UnixDatagrams.sockaddr(a, target);
            while (true) {
                long n = (long) SENDTO.invokeExact(st, fd, buf, (long) len, 0, sa, SOCKADDR_UN);
                if (n >= 0) {
                    datagram.position(datagram.position() + (int) n);
                    return (int) n;
                }
                // A sender that has gone: its file is gone (ENOENT) or nobody reads it (ECONNREFUSED).
                if (errno(st) != EINTR) throw new IOException(target + ": " + strerror(errno(st)));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t);
        }
    }

    @Override
    public SocketAddress localAddress() {
        return UnixDomainSocketAddress.of(path);
    }

    /** A Unix sender has a name of its own (its socket file): the line shows it, not the listener's path. */
    @Override
    public String connectionLine(SocketAddress sender, String outcome) {
        return UnixDatagrams.connectionLine(sender == null ? null : ((UnixDomainSocketAddress) sender).getPath(), outcome);
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        UnixDatagrams.shutdownAndClose(fd);
        UnixSockets.remove(path);
    }
}
