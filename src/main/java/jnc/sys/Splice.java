package jnc.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;


/**
 * Linux's {@code splice(2)} through the FFM API: moves bytes between a pipe and a socket (or
 * {@code /dev/null}) inside the kernel, as page references, without copying them through user space.
 * This is why {@code dd | jnc HOST PORT} and {@code jnc -l PORT | gunzip} beat the C netcats, which
 * copy every byte into a buffer and out again.
 *
 * <p>Loaded only when a transfer turns out to be bulk (see {@code jnc.session.Relay}), so that a short
 * {@code echo hi | jnc} never pays for linking native code.
 */
public final class Splice {
    private static final int SPLICE_F_MOVE = 1;
    private static final int SPLICE_F_MORE = 4;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final short POLLIN = 1;
    private static final short POLLOUT = 4;
    /** The most one call moves; also the size we ask for our own pipes (the unprivileged maximum). */
    public static final int CHUNK = 1 << 20;

    private static final MethodHandle SPLICE = Libc.withErrno("splice", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT));
    private static final MethodHandle PIPE2 = Libc.withErrno("pipe2", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle FCNTL = Libc.withErrno("fcntl", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle POLL = Libc.withErrno("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = Libc.withErrno("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETSOCKOPT = Libc.withErrno("getsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle CLOSE = Libc.withErrno("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = arena.allocate(Libc.CALL_STATE);
    private final MemorySegment pollFd = arena.allocate(8);
    /** For {@link #lowWater}: one value and one length, reused by every call. */
    private final MemorySegment optValue = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment optLength = arena.allocate(ValueLayout.JAVA_INT);
    /** Set when the source is a TCP socket (see {@link #pumpFromSocket}). */
    private LowWater lowWater;


    /** Callback for each chunk moved, for counters and idle tracking. */
    public interface Progress {
        void moved(long bytes);
    }

    /**
     * Moves everything from {@code in} to {@code out} until EOF on {@code in}. One of them must be a
     * pipe, unless {@code viaPipe}, in which case an own pipe sits in between.
     */
    public long pump(int in, int out, boolean viaPipe, Progress progress) throws IOException {
        if (!viaPipe) return direct(in, out, progress);
        int[] p = pipe();
        try {
            long total = 0;
            while (true) {
                long n = read(in, p[1]);
                if (n == 0) return total;
                long left = n;
                while (left > 0) left -= spliceOnce(p[0], out, left, false);
                total += n;
                progress.moved(n);
            }
        } finally {
            close(p[0]);
            close(p[1]);
        }
    }

    /** As {@link #pump}, from a TCP socket: wakes up for big pieces while a stream flows. */
    public long pumpFromSocket(int socket, int out, boolean viaPipe, Progress progress) throws IOException {
        lowWater = new LowWater(socket);
        return pump(socket, out, viaPipe, progress);
    }

    private long read(int in, int out) throws IOException {
        if (lowWater != null) lowWater.beforeRead();
        long n = spliceOnce(in, out, CHUNK, true);
        if (lowWater != null) lowWater.afterRead(n);
        return n;
    }

    private long direct(int in, int out, Progress progress) throws IOException {
        long total = 0;
        while (true) {
            long n = read(in, out);
            if (n == 0) return total;
            total += n;
            progress.moved(n);
        }
    }

    /** One splice call, retried on EINTR and, for a non-blocking descriptor, after poll. */
    private long spliceOnce(int in, int out, long len, boolean reading) throws IOException {
        while (true) {
            long n;
            try {
                // "More is coming" only while filling our own pipe. Into a socket it corks the last
                // segment (as MSG_MORE does) until more comes: a forwarded reply's tail would wait.
                int flags = reading ? SPLICE_F_MOVE | SPLICE_F_MORE : SPLICE_F_MOVE;
                n = (long) SPLICE.invokeExact(state, in, MemorySegment.NULL, out, MemorySegment.NULL, len, flags);
            } catch (Throwable t) {
                throw new IOException("splice: " + t, t);
            }
            if (n >= 0) return n;
            int errno = Libc.errno(state);
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                // JDK sockets may be in non-blocking mode: wait until the side that stalled is ready.
                ready(reading ? in : out, reading ? POLLIN : POLLOUT, 1000);
                ready(out, POLLOUT, 1000);
                continue;
            }
            throw new IOException(Libc.strerror(errno));
        }
    }

    /**
     * The socket's low-water mark ({@code SO_RCVLOWAT}) while a stream flows. The kernel then wakes
     * the reader when {@link #MARK} bytes wait, not at every segment: fewer wake-ups, so the reader
     * is less often pulled onto the writer's core, and bigger splices. Measured (4 GiB file, jnc to
     * jnc, 5 alternating runs): 1.05–1.59 GiB/s without, 1.70–1.82 with (BENCHMARKS.md).
     *
     * <p>With the mark set the kernel does not wake a reader for less than the mark, so a short
     * tail after a burst (a request after its upload, with the sender waiting for the answer)
     * would wait for EOF. So the mark is set only after a read of at least {@link #MARK}, and a
     * marked read first polls: when the mark is not reached within {@link #TAIL_WAIT_MS}, it goes
     * back to 1 byte and the read takes what is there.
     */
    private final class LowWater {
        static final int MARK = 512 * 1024;
        static final int TAIL_WAIT_MS = 20;
        private static final int SOL_SOCKET = 1;
        private static final int SO_RCVLOWAT = 18;
        private static final int SO_RCVBUF = 8;
        /** Below this a mark saves too few wake-ups to be worth it. */
        static final int MIN_MARK = 64 * 1024;
        private final int fd;
        private final MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
        private final MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
        private boolean marked;

        LowWater(int fd) {
            this.fd = fd;
        }

        void beforeRead() throws IOException {
            if (marked && !ready(fd, POLLIN, TAIL_WAIT_MS)) {
                set(1);
                marked = false;
            }
        }

        void afterRead(long n) {
            if (marked || n < MARK) return;
            // At most a quarter of the receive buffer: Linux clamps the TCP window to a mark the
            // buffer cannot hold twice, and the sender then stops short of it (a 20 ms stall each time).
            int mark = Math.min(MARK, receiveBuffer() / 4);
            if (mark >= MIN_MARK) marked = set(mark);
        }

        private int receiveBuffer() {
            length.set(ValueLayout.JAVA_INT, 0, 4);
            try {
                int r = (int) GETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVBUF, value, length);
                return r == 0 ? value.get(ValueLayout.JAVA_INT, 0) : 0;
            } catch (Throwable t) {
                return 0;
            }
        }

        private boolean set(int bytes) {
            value.set(ValueLayout.JAVA_INT, 0, bytes);
            try {
                return (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVLOWAT, value, 4) == 0;
            } catch (Throwable t) {
                return false;
            }
        }
    }

    /**
     * Whether {@code fd} is ready for {@code events} within {@code millis}: for a socket with a
     * low-water mark, readable means that much waits (or EOF). Interrupted polls are retried.
     */
    private boolean ready(int fd, short events, int millis) throws IOException {
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, events);
        pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        try {
            int r;
            do {
                r = (int) POLL.invokeExact(state, pollFd, 1L, millis);
            } while (r < 0 && Libc.errno(state) == EINTR);
            if (r < 0) throw new IOException("poll failed");
            return r > 0;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("poll: " + t, t);
        }
    }

    private int[] pipe() throws IOException {
        MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
        try {
            if ((int) PIPE2.invokeExact(state, fds, 0) != 0) throw new IOException("pipe2: " + Libc.strerror(Libc.errno(state)));
            int[] p = {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
            growPipe(p[1]); // measured: 1.6 GiB/s with a 1 MiB pipe, 1.0 with the default 64 KiB
            return p;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("pipe2: " + t, t);
        }
    }

    /** Asks for a 1 MiB pipe buffer: sixteen times fewer system calls than the default 64 KiB. */
    public void growPipe(int fd) {
        try {
            int r = (int) FCNTL.invokeExact(state, fd, F_SETPIPE_SZ, CHUNK);
            if (r < 0) jnc.base.Diag.debug("F_SETPIPE_SZ on fd " + fd + ": " + Libc.strerror(Libc.errno(state)));
        } catch (Throwable t) {
            jnc.base.Diag.debug("F_SETPIPE_SZ: " + t);
        }
    }

    /** What {@link #now} returns when the move would have to wait. */
    public static final long AGAIN = -2;
    private static final int SPLICE_F_NONBLOCK = 2;

    /**
     * One splice that never waits, for an event loop whose sockets are non-blocking: the bytes moved,
     * 0 at EOF on {@code in}, or {@link #AGAIN} when {@code in} has nothing or {@code out} takes nothing now.
     */
    public long now(int in, int out, long len) throws IOException {
        while (true) {
            long n;
            try {
                n = (long) SPLICE.invokeExact(state, in, MemorySegment.NULL, out, MemorySegment.NULL, len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            } catch (Throwable t) {
                throw new IOException("splice: " + t, t);
            }
            if (n >= 0) return n;
            int errno = Libc.errno(state);
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return AGAIN;
            throw new IOException(Libc.strerror(errno));
        }
    }

    /**
     * Sets {@code fd}'s low-water mark ({@code SO_RCVLOWAT}) for an event loop's bulk stream (see
     * {@link LowWater}): to the mark when {@code on} (at most a quarter of the receive buffer, and not
     * at all when that is too small to be worth it), else back to 1 byte, which also wakes a reader
     * for what already waits. Whether the mark is on now.
     */
    public boolean lowWater(int fd, boolean on) {
        if (!on) {
            setRcvLowat(fd, 1);
            return false;
        }
        optLength.set(ValueLayout.JAVA_INT, 0, 4);
        int buffer;
        try {
            buffer = (int) GETSOCKOPT.invokeExact(state, fd, LowWater.SOL_SOCKET, LowWater.SO_RCVBUF, optValue, optLength) == 0
                    ? optValue.get(ValueLayout.JAVA_INT, 0) : 0;
        } catch (Throwable t) {
            buffer = 0;
        }
        int mark = Math.min(LowWater.MARK, buffer / 4);
        return mark >= LowWater.MIN_MARK && setRcvLowat(fd, mark);
    }

    private boolean setRcvLowat(int fd, int bytes) {
        optValue.set(ValueLayout.JAVA_INT, 0, bytes);
        try {
            return (int) SETSOCKOPT.invokeExact(state, fd, LowWater.SOL_SOCKET, LowWater.SO_RCVLOWAT, optValue, 4) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The size of a read that shows a stream worth a low-water mark. */
    public static final int LOW_WATER_AFTER = LowWater.MARK;

    /** A pipe of 1 MiB for {@link #now}, {@code [read end, write end]}; give it back with {@link #closePipe}. */
    public int[] newPipe() throws IOException {
        return pipe();
    }

    public void closePipe(int[] p) {
        close(p[0]);
        close(p[1]);
    }

    private void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            // our own pipe; nothing to report
        }
    }
}
