package jnc.serve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.base.IoErrors;
import jnc.cli.Options;
import jnc.cli.Target;
import jnc.door.Door;
import jnc.door.LoopAcceptor;
import jnc.io.Counters;
import jnc.io.Tap;
import jnc.net.Resolver;
import jnc.net.Services;
import jnc.net.SourceAddress;
import jnc.net.StreamListener;
import jnc.net.TcpConnector;
import jnc.net.Tuning;
import jnc.session.Relay;
import jnc.sys.SocketFds;
import jnc.sys.Splice;

/**
 * The fast path of {@code jnc -l -k PORT --forward HOST:PORT} between plain sockets: one thread per
 * core with a {@link Selector} (epoll) accepts, connects to the target without waiting, and moves the
 * bytes both ways, as socat's and Netty's proxies do, instead of a virtual thread per client and one
 * more per direction ({@link Forward}).
 *
 * <p>Why: a forwarded connection that lives a millisecond paid more for its threads than for its
 * bytes. Each blocking step of a virtual thread (the connect, every read that finds nothing) parks
 * it, re-arms its descriptor in the JDK's poller and unparks it on a carrier: several thread
 * switches per step. Here a step is one system call and a share of one {@code epoll_wait}.
 *
 * <p>Memory: every pair reads into the loop's one buffer and writes it out at once. When the
 * receiver takes only part of it, that buffer becomes the direction's {@link ForwardPair.Way#unsent}
 * (no copy), the loop takes another, and the sender is not read again until the rest is gone: at most
 * {@link #BUFFER} per direction, 2 × {@link #BUFFER} per client, the rest waits in the sockets.
 *
 * <p>The same rules as the relay: EOF on either side is passed on as a half-close and the session
 * ends when both ways are closed; {@code -i} ends a pair that moved no byte for that long with the
 * relay's message; a failure ends that pair (one line); {@code -m}, {@code --allow}/{@code --deny}
 * and the {@code -v} lines through the same {@link Door}.
 */
public final class ForwardLoop implements Runnable {
    /**
     * The loop's read buffer, and the most one direction keeps for a slow receiver (README, "Memory").
     * A bulk direction moves on to splice after {@link #SPLICE_AFTER} anyway, so a bigger one would
     * only cost memory per slow client.
     */
    static final int BUFFER = 64 * 1024;
    /**
     * A way turns to splice once it has moved this much, as the relay's do (Relay.SOCKET_SPLICE_AFTER):
     * a short connection never pays for the descriptor look-ups and the pipe.
     */
    static final long SPLICE_AFTER = 1 << 20;
    /** Reads per wake-up while a socket keeps filling the buffer, so one bulk client does not starve the others. */
    private static final int READS_PER_WAKE = 4;
    /** Buffers kept for reuse after a slow receiver is done with them. */
    private static final int SPARES = 4;
    /** The number of loops: one per core ({@code -Djnc.forward.loops=N}). */
    static final int LOOPS = Math.max(1, Integer.getInteger("jnc.forward.loops",
            Math.min(16, Runtime.getRuntime().availableProcessors())));

    private final Selector selector;
    private final StreamListener listener;
    private final LoopAcceptor acceptor;
    private final LoopAcceptor.Clients onClient = this::start;
    private final Door door;
    private final Counters counters;
    private final Options target;
    private final InetSocketAddress remote;
    private final SourceAddress source;
    private final Duration idle;
    private final long idleNanos;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private final ArrayDeque<ByteBuffer> spares = new ArrayDeque<>();
    private ForwardPair oldest;
    private ForwardPair newest;
    /** Whether bulk ways get a low-water mark ({@code -Djnc.forward.lowWater=false}: never, for bench/ A/B runs). */
    static final boolean LOW_WATER = !"false".equals(System.getProperty("jnc.forward.lowWater"));
    /** The ways whose sockets have a low-water mark up (see {@link #lowWater}). */
    private final ArrayList<ForwardPair.Way> marked = new ArrayList<>();
    /** How long a marked socket may go without a read before its mark comes down. */
    private static final long TAIL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Made when the first way turns bulk; its native memory is confined to this loop's thread. */
    private Splice splice;
    private final Consumer<SelectionKey> onReady = this::ready;

    private ForwardLoop(StreamListener listener, Door door, Options o, InetAddress address, Counters counters) throws IOException {
        this.selector = Selector.open();
        this.listener = listener;
        this.door = door;
        this.counters = counters;
        this.target = o.forwarding();
        this.remote = new InetSocketAddress(address, target.target().port());
        this.source = SourceAddress.of(target);
        this.idle = o.session().idleTimeout();
        this.idleNanos = idle == null ? 0 : Math.max(1, idle.toNanos());
        this.acceptor = new LoopAcceptor(listener, door, selector);
    }

    /**
     * The target's one address when this loop can serve the options, or {@code null}: then
     * {@link Forward} serves each client on its own threads. The loop moves plain bytes between two
     * plain TCP sockets and connects to an address without asking a resolver (a slow DNS answer
     * would stall every client of the loop); a tap (-o/-x), TLS, a proxy, -w, -q and --no-shutdown
     * take the threads.
     */
    public static InetAddress fits(Options o, Tap tap) {
        if (!o.keepOpen() || tap != Tap.NONE || o.tls() != null || o.ws() != null || o.proxy() != null) return null;
        Options forwarding = o.forwarding();
        Target t = forwarding.target();
        // (-q does not go with --forward: the parser refuses it.)
        if (t.connectTimeout() != null || o.session().noShutdown()) return null;
        if (!Resolver.isLiteral(t.host())) return null;
        try {
            List<InetAddress> addresses = Resolver.resolve(t.host(), t.family(), t.noDns());
            SourceAddress.of(forwarding);
            return addresses.size() == 1 ? addresses.getFirst() : null;
        } catch (Failure f) {
            return null; // the threads say it, per client, as before
        }
    }

    /** Serves every client of {@code listener} until it is closed, on {@link #LOOPS} loops. */
    public static ExitCode serveAll(StreamListener listener, Door door, Options o, InetAddress address, Counters counters) {
        return LoopAcceptor.runLoops(listener, LOOPS, "forward", () -> new ForwardLoop(listener, door, o, address, counters));
    }

    @Override
    public void run() {
        try {
            while (listener.channel().isOpen()) {
                selector.select(onReady, timeoutMillis());
                long now = System.nanoTime();
                if (idleNanos > 0) dropIdle(now);
                if (!marked.isEmpty()) lowerMarks(now);
                acceptor.resumeIfDue(now);
            }
        } catch (IOException e) {
            Diag.error("forward: " + IoErrors.describe(e));
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** How long select may wait: until the least active pair's idle time is up, or for ever (0). */
    private long timeoutMillis() {
        long wait = Long.MAX_VALUE;
        long now = System.nanoTime();
        if (oldest != null) wait = oldest.lastActive + idleNanos - now;
        wait = Math.min(wait, acceptor.nanosToResume(now));
        if (!marked.isEmpty()) wait = Math.min(wait, TAIL_WAIT_NANOS);
        if (wait == Long.MAX_VALUE) return 0;
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
    }

    private void ready(SelectionKey key) {
        if (acceptor.owns(key)) {
            acceptor.acceptSome(onClient);
            return;
        }
        ForwardPair p = (ForwardPair) key.attachment();
        if (p.closed) return;
        try {
            if (p.connecting) {
                connected(p);
            } else {
                SocketChannel ch = (SocketChannel) key.channel();
                int ready = key.readyOps();
                // Writing first: the bytes a slow receiver left are older than what is waiting to be read.
                if ((ready & SelectionKey.OP_WRITE) != 0) flush(p, ch == p.client ? p.down : p.up);
                if (!p.closed && (ready & SelectionKey.OP_READ) != 0) pump(p, ch == p.client ? p.up : p.down);
            }
            if (!p.closed) interests(p);
        } catch (IOException e) {
            fail(p, IoErrors.describe(e));
        } catch (CancelledKeyException e) {
            close(p);
        } catch (RuntimeException | Error e) {
            // One pair's trouble (no memory for its buffer, say), one line, as a session thread's: the loop serves on.
            fail(p, "internal error serving a peer: " + e);
        }
    }

    /** The target's connect has completed (or failed): from now on bytes flow both ways. */
    private void connected(ForwardPair p) throws IOException {
        try {
            if (!p.target.finishConnect()) return;
            Tuning.applyAfterBind(p.target, target.tuning());
        } catch (IOException e) {
            // The relay's words for a refused target: "connect to 127.0.0.1 port 9 (tcp) failed: ...".
            Diag.verbose("jnc: " + TcpConnector.failedLine(target.target().host(), remote.getAddress(), remote.getPort()) + IoErrors.describe(e));
            close(p);
            return;
        }
        if (Diag.verbose()) Diag.verbose(Services.connectedLine(target.target().host(), remote.getPort(), "tcp"));
        p.connecting = false;
        touch(p);
        // The client has usually sent its first bytes by now: read them without another wait.
        pump(p, p.up);
    }

    /** Reads what {@code w}'s sender has and writes it on at once; keeps what the receiver would not take. */
    private void pump(ForwardPair p, ForwardPair.Way w) throws IOException {
        if (!w.spliceTried && w.moved >= SPLICE_AFTER) toSplice(w);
        if (w.pipe != null) {
            splicePump(p, w);
            return;
        }
        for (int i = 0; i < READS_PER_WAKE && w.unsent == null && !w.eof; i++) {
            ByteBuffer buf = buffer;
            buf.clear();
            int n = w.from.read(buf);
            if (n < 0) {
                w.eof = true;
                passEof(p, w);
                return;
            }
            if (n == 0) return;
            buf.flip();
            w.to.write(buf);
            count(w == p.up, n - buf.remaining());
            w.moved += n;
            touch(p);
            if (buf.hasRemaining()) {
                // The receiver is slower: this buffer is now the direction's, the loop takes another
                // (taken first: should there be no memory for it, the loop's buffer stays the loop's).
                ByteBuffer next = spares.isEmpty() ? ByteBuffer.allocateDirect(BUFFER) : spares.pop();
                w.unsent = buf;
                buffer = next;
                return;
            }
            if (n < buf.capacity()) return; // the socket is most likely empty now
        }
    }

    /**
     * A way that has moved {@link #SPLICE_AFTER} turns to splice: from then on the kernel moves its
     * bytes from socket to pipe to socket as page references, never through this process. Looking
     * up the two descriptors costs more than a short connection moves, hence only for bulk.
     */
    private void toSplice(ForwardPair.Way w) {
        w.spliceTried = true; // decided once: a Unix socket, say, has no descriptor to find
        w.fromFd = SocketFds.of(w.from);
        w.toFd = w.fromFd < 0 ? -1 : SocketFds.of(w.to);
        if (w.toFd < 0) return;
        try {
            if (splice == null) splice = new Splice();
            w.pipe = splice.newPipe();
            Diag.debug("bulk: splicing a forwarded connection");
        } catch (IOException e) {
            Diag.debug("forward: no pipe for splice: " + IoErrors.describe(e));
        }
    }

    /** As {@link #pump}, through the way's pipe; what the receiver does not take waits in the pipe. */
    private void splicePump(ForwardPair p, ForwardPair.Way w) throws IOException {
        for (int i = 0; i < READS_PER_WAKE && w.inPipe == 0 && !w.eof; i++) {
            long n = splice.now(w.fromFd, w.pipe[1], Splice.CHUNK);
            if (n == Splice.AGAIN) return;
            if (n == 0) {
                w.eof = true;
                passEof(p, w);
                return;
            }
            w.inPipe = n;
            if (LOW_WATER && (n >= Splice.LOW_WATER_AFTER || w.marked)) lowWater(w, n);
            drain(p, w);
        }
    }

    /**
     * A bulk stream's socket wakes the loop only once {@code Splice.LOW_WATER_AFTER} bytes wait
     * (SO_RCVLOWAT), as the relay's splice does: fewer wake-ups and bigger splices. A tail shorter
     * than the mark would then wait for more that may never come, so a mark that has seen no read for
     * {@link #TAIL_WAIT_NANOS} is taken down again (which also wakes the loop for what waits).
     */
    private void lowWater(ForwardPair.Way w, long n) {
        w.lastRead = System.nanoTime();
        if (w.marked || n < Splice.LOW_WATER_AFTER) return;
        w.marked = splice.lowWater(w.fromFd, true);
        if (w.marked) marked.add(w);
    }

    /** Takes down the marks of the ways that have read nothing for a while (or are closed). */
    private void lowerMarks(long now) {
        for (int i = marked.size() - 1; i >= 0; i--) {
            ForwardPair.Way w = marked.get(i);
            boolean open = w.from.isOpen();
            if (open && now - w.lastRead < TAIL_WAIT_NANOS) continue;
            if (open) splice.lowWater(w.fromFd, false);
            w.marked = false;
            marked.remove(i);
        }
    }

    /** Moves what waits in the way's pipe on to its receiver, as much as it takes now. */
    private void drain(ForwardPair p, ForwardPair.Way w) throws IOException {
        while (w.inPipe > 0) {
            long m = splice.now(w.pipe[0], w.toFd, w.inPipe);
            if (m == Splice.AGAIN || m == 0) return;
            w.inPipe -= m;
            count(w == p.up, m);
            touch(p);
        }
    }

    /** Writes more of what {@code w}'s receiver would not take before. */
    private void flush(ForwardPair p, ForwardPair.Way w) throws IOException {
        if (w.pipe != null) {
            drain(p, w);
        } else if (w.unsent != null) {
            int sent = w.to.write(w.unsent);
            count(w == p.up, sent);
            if (sent > 0) touch(p);
            if (w.unsent.hasRemaining()) return;
            if (spares.size() < SPARES) spares.push(w.unsent);
            w.unsent = null;
        }
        if (w.eof && !w.holds()) passEof(p, w);
    }

    /** {@code w}'s sender said EOF: once all it sent is written, the receiver hears it (half-close). */
    private void passEof(ForwardPair p, ForwardPair.Way w) throws IOException {
        if (w.holds() || w.done) return;
        w.to.shutdownOutput();
        w.done = true;
        if (p.finished()) close(p);
    }

    private void count(boolean up, long n) {
        // As the relay counts: bytes from the client were received, bytes to it were sent.
        if (up) counters.addReceived(n);
        else counters.addSent(n);
    }

    private void interests(ForwardPair p) {
        interest(p.clientKey, p.interestOf(p.client));
        interest(p.targetKey, p.interestOf(p.target));
    }

    private static void interest(SelectionKey key, int ops) {
        if (key.interestOps() != ops) key.interestOps(ops);
    }

    /** A client the door admitted (already non-blocking, without Nagle): connects to the target for it. */
    private void start(SocketChannel client) {
        SocketChannel t = null;
        ForwardPair p = null;
        try {
            t = SocketChannel.open(Resolver.protocolFamily(remote.getAddress()));
            source.bind(t, remote.getAddress());
            Tuning.apply(t, target.tuning());
            t.configureBlocking(false);
            // A forwarder adds no wait of its own: a short segment leaves now, not after an ACK (Nagle).
            noDelay(t);
            if (Diag.debugging()) Diag.debug("connecting to " + remote.getAddress().getHostAddress() + " port " + remote.getPort());
            t.connect(remote);
            p = new ForwardPair(client, t);
            p.clientKey = client.register(selector, 0, p);
            p.targetKey = t.register(selector, SelectionKey.OP_CONNECT, p);
            // To a loopback (or often a nearby) target the handshake is over before connect returns,
            // though it says "in progress": finishing it here saves a turn through the selector (an
            // epoll_ctl and an epoll_wait per client). Otherwise OP_CONNECT stays registered as before.
            connected(p);
            if (!p.closed) interests(p);
        } catch (IOException e) {
            if (p == null) {
                Diag.verbose("jnc: " + TcpConnector.failedLine(target.target().host(), remote.getAddress(), remote.getPort()) + IoErrors.describe(e));
                TcpConnector.closeQuietly(t);
                TcpConnector.closeQuietly(client);
                door.release();
            } else {
                fail(p, IoErrors.describe(e));
            }
        } catch (RuntimeException | Error e) {
            // -s that cannot be bound (a Failure) is said as the threads say it; anything else is one line too.
            if (e instanceof Failure f) Diag.verbose("jnc: " + f.getMessage());
            else Diag.error("internal error serving a peer: " + e);
            if (p != null) {
                close(p);
            } else {
                TcpConnector.closeQuietly(t);
                TcpConnector.closeQuietly(client);
                door.release();
            }
        }
    }

    private static void noDelay(SocketChannel ch) throws IOException {
        // Unix stream sockets have no Nagle, and no such option.
        if (ch.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    /** A pair's failure ends it with one line, as the relay's session does. */
    private void fail(ForwardPair p, String message) {
        if (p.closed) return;
        Diag.error(message);
        close(p);
    }

    private void close(ForwardPair p) {
        if (p.closed) return;
        p.closed = true;
        untouch(p);
        for (ForwardPair.Way w : new ForwardPair.Way[] {p.up, p.down}) {
            if (w.unsent != null && spares.size() < SPARES) spares.push(w.unsent);
            w.unsent = null;
            if (w.pipe != null) splice.closePipe(w.pipe);
            w.pipe = null;
        }
        TcpConnector.closeQuietly(p.client); // also cancels the keys
        TcpConnector.closeQuietly(p.target);
        door.release();
    }

    // -i: the pairs, least recently active first; a pair that moves bytes goes to the end, so only
    // the first can have been idle too long. The links live in the pairs: no node per pair.

    private void touch(ForwardPair p) {
        if (idleNanos == 0) return;
        p.lastActive = System.nanoTime();
        if (p == newest) return;
        untouch(p);
        p.older = newest;
        p.newer = null;
        if (newest != null) newest.newer = p;
        newest = p;
        if (oldest == null) oldest = p;
    }

    private void untouch(ForwardPair p) {
        if (p.older != null) p.older.newer = p.newer;
        else if (oldest == p) oldest = p.newer;
        else return; // not in the list
        if (p.newer != null) p.newer.older = p.older;
        else newest = p.older;
        p.older = p.newer = null;
    }

    /** Ends every pair that has moved no byte for the idle time, with the relay's message. */
    private void dropIdle(long now) {
        ForwardPair p;
        while ((p = oldest) != null && now - p.lastActive >= idleNanos) {
            Diag.error(Relay.idleMessage(idle));
            close(p);
        }
    }
}
