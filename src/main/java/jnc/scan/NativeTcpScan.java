package jnc.scan;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import jnc.net.SourceAddress;
import jnc.base.Failure;

/**
 * A TCP scan with Linux's own calls (see {@link LinuxSockets}), the fast path for {@code -z}.
 *
 * <p>Each probe is a non-blocking connect. On loopback the kernel has already answered by the time
 * connect() returns, and a second connect() on the same socket reports it: 0 (open) or
 * ECONNREFUSED. A refused socket is back in its first state and is used again for the next port,
 * so a closed port costs two system calls; nc spends eight (socket, three fcntl, connect, select,
 * getsockopt, close). A probe still unanswered waits in epoll until its deadline.
 */
final class NativeTcpScan extends ScanLoop {
    private static final class SocketPending extends Pending {
        final int fd;
        final int slot;

        SocketPending(int index, int address, int fd, int slot) {
            super(index, address);
            this.fd = fd;
            this.slot = slot;
        }
    }

    private final LinuxSockets os = new LinuxSockets();
    private final LinuxSockets.SocketAddressBuffer[] remote;
    private final LinuxSockets.SocketAddressBuffer[] local; // null entries: let the kernel choose
    private final InetSocketAddress[] localShown;
    /** Per address of the host, a socket whose last connect was refused, ready for the next port; -1 when none. */
    private final int[] spare;
    private final SocketPending[] slots;
    private final int[] freeSlots;
    private int freeCount;
    private int epoll = -1;
    private MemorySegment events;

    private NativeTcpScan(List<InetAddress> targets, int[] ports, long waitNanos, int window, Report report, SourceAddress source,
                          IntSupplier nextIndex) {
        super(targets, ports, waitNanos, 1, window, report, nextIndex);
        remote = new LinuxSockets.SocketAddressBuffer[targets.size()];
        local = new LinuxSockets.SocketAddressBuffer[targets.size()];
        localShown = new InetSocketAddress[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            remote[i] = os.new SocketAddressBuffer(targets.get(i), 0);
            InetSocketAddress l = source.local(targets.get(i));
            if (l != null) {
                local[i] = os.new SocketAddressBuffer(l.getAddress(), l.getPort());
                localShown[i] = l;
            }
        }
        spare = new int[targets.size()];
        Arrays.fill(spare, -1);
        slots = new SocketPending[Math.max(1, window)];
        freeSlots = new int[slots.length];
        for (int i = 0; i < slots.length; i++) freeSlots[i] = slots.length - 1 - i;
        freeCount = slots.length;
    }

    /**
     * Scans on {@code threads} threads, each with its own sockets and share of the window: the
     * calling thread takes the ports from the lowest up, helpers from the highest down, until they
     * meet. The work is the kernel's, done in the thread that makes the call, so idle cores help.
     */
    static void run(List<InetAddress> targets, int[] ports, long waitNanos, int window, Report report, SourceAddress source, int threads)
            throws IOException {
        int n = Math.max(1, Math.min(threads, ports.length));
        int share = Math.max(1, window / n);
        PortClaims claims = new PortClaims(ports.length);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread[] helpers = new Thread[n - 1];
        for (int t = 0; t < helpers.length; t++) {
            helpers[t] = Thread.ofPlatform().name("jnc-scan-" + (t + 1)).start(() -> {
                try {
                    new NativeTcpScan(targets, ports, waitNanos, share, report, source, claims::fromTop).run();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } catch (IOException e) {
                    failure.compareAndSet(null, new java.io.UncheckedIOException(e));
                }
            });
        }
        try {
            new NativeTcpScan(targets, ports, waitNanos, share, report, source, claims::fromBottom).run();
        } finally {
            for (Thread h : helpers) {
                try {
                    h.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (failure.get() != null) throw failure.get();
    }

    @Override
    Pending launch(int index, int address) {
        int fd = spare[address];
        spare[address] = -1;
        if (fd < 0) fd = newSocket(address);
        LinuxSockets.SocketAddressBuffer to = remote[address];
        to.port(ports[index]);
        int err = connect(fd, to);
        if (err == LinuxSockets.EINPROGRESS) err = connect(fd, to); // has loopback answered already?
        if (err == 0 || err == LinuxSockets.EISCONN) {
            settle(index, address, connected(fd, to));
            os.close(fd);
        } else if (err == LinuxSockets.ECONNREFUSED) {
            spare[address] = fd;
            settle(index, address, Outcome.REFUSED);
        } else if (err == LinuxSockets.EALREADY || err == LinuxSockets.EINPROGRESS || err == LinuxSockets.EINTR) {
            return watch(index, address, fd);
        } else if (err == LinuxSockets.EADDRNOTAVAIL || err == LinuxSockets.EADDRINUSE) {
            // No local port left for the connection: this machine's trouble, not the port's.
            os.close(fd);
            throw Failure.network("connect to port " + ports[index] + ": " + LinuxSockets.describe(err) + ".");
        } else {
            os.close(fd);
            settle(index, address, failed(err));
        }
        return null;
    }

    /** connect()'s errno, or 0 when it succeeded. */
    private int connect(int fd, LinuxSockets.SocketAddressBuffer to) {
        return os.connect(fd, to) == 0 ? 0 : os.errno();
    }

    private int newSocket(int address) {
        int fd = os.socket(remote[address].family);
        if (fd < 0) {
            throw Failure.network("cannot open a socket: " + LinuxSockets.describe(os.errno()) + ".");
        }
        if (local[address] != null && os.bind(fd, local[address]) != 0) {
            int err = os.errno();
            os.close(fd);
            InetSocketAddress l = localShown[address];
            throw Failure.usage("bind to source " + SourceAddress.shown(l) + ": " + LinuxSockets.describe(err) + ".");
        }
        return fd;
    }

    /**
     * A connect from 127.0.0.1:P to 127.0.0.1:P meets itself (TCP's simultaneous open) when the
     * kernel happens to pick the scanned port as our own ephemeral port; that is us, not a listener.
     */
    private Outcome connected(int fd, LinuxSockets.SocketAddressBuffer to) {
        return os.boundTo(fd, to) ? Outcome.REFUSED : Outcome.OPEN;
    }

    private static Outcome failed(int errno) {
        if (errno == LinuxSockets.ECONNREFUSED) return Outcome.REFUSED;
        if (errno == LinuxSockets.ETIMEDOUT) return Outcome.TIMED_OUT;
        return new Outcome(false, LinuxSockets.describe(errno));
    }

    private Pending watch(int index, int address, int fd) {
        if (epoll < 0) {
            epoll = os.epollCreate();
            if (epoll < 0) throw Failure.network("epoll: " + LinuxSockets.describe(os.errno()) + ".");
            events = os.epollEvents(Math.min(slots.length, 1024));
        }
        int slot = freeSlots[--freeCount];
        SocketPending p = new SocketPending(index, address, fd, slot);
        slots[slot] = p;
        // EPOLLOUT: writable once connected; errors (refused, unreachable) are reported anyway.
        if (os.epollAdd(epoll, fd, LinuxSockets.EPOLLOUT, slot) != 0) {
            int err = os.errno();
            release(p);
            throw Failure.network("epoll: " + LinuxSockets.describe(err) + ".");
        }
        return p;
    }

    @Override
    void await(long millis) {
        int n = os.epollWait(epoll, events, millis == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, millis));
        if (n < 0) {
            if (os.errno() == LinuxSockets.EINTR) return;
            throw Failure.network("epoll_wait: " + LinuxSockets.describe(os.errno()) + ".");
        }
        for (int i = 0; i < n; i++) {
            SocketPending p = slots[LinuxSockets.eventTag(events, i)];
            if (p == null || p.done) continue;
            int err = os.socketError(p.fd);
            finish(p, err == 0 ? connected(p.fd, remoteWithPort(p)) : failed(err));
        }
    }

    private LinuxSockets.SocketAddressBuffer remoteWithPort(SocketPending p) {
        LinuxSockets.SocketAddressBuffer to = remote[p.address];
        to.port(ports[p.index]);
        return to;
    }

    @Override
    Outcome expired(Pending p, boolean last) {
        return Outcome.TIMED_OUT;
    }

    @Override
    void release(Pending p) {
        SocketPending s = (SocketPending) p;
        os.close(s.fd); // also takes it out of epoll
        slots[s.slot] = null;
        freeSlots[freeCount++] = s.slot;
    }

    @Override
    void closeAll() {
        for (int fd : spare) if (fd >= 0) os.close(fd);
        for (SocketPending p : slots) if (p != null) os.close(p.fd);
        if (epoll >= 0) os.close(epoll);
        os.close();
    }
}
