package jnc.net;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jnc.base.Diag;
import jnc.sys.Libc;

/**
 * Takes the datagrams already waiting on a UDP socket without waiting for more, back to back into
 * one buffer, for a reader that keeps no message boundaries (stdout, a command's stdin). Then a
 * burst of small datagrams costs one write to stdout instead of one per datagram, and the socket
 * empties faster: the kernel drops what arrives at a full socket.
 *
 * <p>The JDK reads one datagram per call and has no "do not wait" flag on a blocking channel, so
 * this calls {@code recvfrom(..., MSG_DONTWAIT)} on the channel's descriptor (FFM). It never waits
 * and never changes the descriptor's mode, so the channel's own blocking reads are untouched.
 */
final class DatagramDrain {
    private static final int MSG_DONTWAIT = 0x40;
    private static final int ECONNREFUSED = 111;
    private static final MethodHandle RECVFROM = Libc.withErrno("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private final int fd;
    /** The one sender whose datagrams count (an unconnected listener's peer), or null for a connected socket. */
    private final InetSocketAddress peer;
    private final MemorySegment state;
    private final MemorySegment from;
    private final MemorySegment fromLength;
    /** An ICMP "port unreachable" this drain took off the socket: the next read must report it. */
    private boolean refused;

    private DatagramDrain(int fd, InetSocketAddress peer) {
        this.fd = fd;
        this.peer = peer;
        Arena arena = Arena.ofAuto();
        state = arena.allocate(Libc.CALL_STATE);
        from = arena.allocate(128);
        fromLength = arena.allocate(ValueLayout.JAVA_INT);
    }

    /** The same drain, keeping only what {@code peer} sends (an unconnected listener's first sender). */
    DatagramDrain only(InetSocketAddress peer) {
        return new DatagramDrain(fd, peer);
    }

    /**
     * Makes the drain for a listener's socket on a thread of its own, while the listener waits for its
     * first datagram: binding the C call and finding the descriptor take tens of milliseconds, and a
     * sender that starts with a burst would lose that much of it to a full socket.
     */
    static Supplier<DatagramDrain> prepare(DatagramChannel ch) {
        AtomicReference<DatagramDrain> made = new AtomicReference<>();
        Thread.ofPlatform().daemon().name("jnc-udp-prepare").start(() -> made.set(of(ch, null)));
        return made::get;
    }

    /** A drain for {@code ch}, or null when its descriptor cannot be found (then reads stay one datagram each). */
    static DatagramDrain of(DatagramChannel ch, InetSocketAddress peer) {
        try {
            int fd = NativeSockopt.fdOf(ch);
            if (fd >= 0) return new DatagramDrain(fd, peer);
        } catch (Throwable t) {
            Diag.debug("no descriptor for batched UDP reads: " + t);
        }
        return null;
    }

    /**
     * Appends waiting datagrams to {@code dst} (a direct buffer) while it has room for the largest
     * one, so none is ever cut short; returns the bytes added.
     */
    int more(ByteBuffer dst) {
        int added = 0;
        while (dst.remaining() >= DatagramEnd.MAX_MESSAGE) {
            MemorySegment room = MemorySegment.ofBuffer(dst);
            fromLength.set(ValueLayout.JAVA_INT, 0, (int) from.byteSize());
            long n;
            try {
                n = (long) RECVFROM.invokeExact(state, fd, room, room.byteSize(), MSG_DONTWAIT, from, fromLength);
            } catch (Throwable t) {
                return added;
            }
            if (n < 0) {
                if (Libc.errno(state) == ECONNREFUSED) refused = true;
                return added; // EAGAIN: nothing more waiting; anything else: the next blocking read sees it
            }
            if (peer != null && !jnc.sys.SocketFds.matches(from, peer)) continue; // someone else's: dropped
            dst.position(dst.position() + (int) n);
            added += (int) n;
        }
        return added;
    }

    /** Whether a drain consumed an ICMP refusal that the caller must still report; clears it. */
    boolean takeRefusal() {
        boolean r = refused;
        refused = false;
        return r;
    }
}
