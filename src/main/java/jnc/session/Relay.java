package jnc.session;

import jnc.io.BufferPool;
import jnc.io.Counters;
import jnc.io.CrlfEncoder;
import jnc.io.LocalEnd;
import jnc.io.NetEnd;
import jnc.io.PeerExpired;
import jnc.io.Tap;
import jnc.io.TelnetAnswers;
import jnc.sys.Splice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.cli.SessionRules;
import jnc.base.IoErrors;

/**
 * Moves bytes both ways between one local end and one network end, full duplex and binary safe,
 * with Ncat's rules for the end of a session:
 * <ul>
 *   <li>EOF on the local side shuts down the socket's sending side ({@code --no-shutdown} keeps it
 *       open) and the relay keeps receiving;</li>
 *   <li>EOF from the network closes the local sink (stdout); the session ends once the local side
 *       has also finished sending, so nothing still on its way out is cut off. A person typing at a
 *       terminal has nothing on its way, so then the session ends at once;</li>
 *   <li>{@code -q} ends the session that long after local EOF, {@code -i} after that long without
 *       any byte in either direction, {@code --send-only} at local EOF.</li>
 * </ul>
 */
public final class Relay {
    /** Big enough that a gigabyte moves in a few thousand system calls; direct, so the kernel copies straight in. */
    static final int BUFFER_SIZE = 256 * 1024;
    /**
     * What each direction starts with. A short session never needs more, and every page it
     * touches costs start-up time: the JVM zeroes a direct buffer, and a first touch is a page
     * fault (~10-15 us each on the benchmark's VM, so two full-size buffers cost ~2 ms). A read
     * that fills it grows it to {@link #BUFFER_SIZE}. It holds the largest datagram whole.
     */
    static final int FIRST_BUFFER_SIZE = BufferPool.SIZE;
    /** A first read this large means a bulk transfer: worth switching to splice. */
    static final int SPLICE_THRESHOLD = 32 * 1024;
    /**
     * Between two sockets (--forward), splice only once this much has gone one way: setting it up
     * (two descriptor look-ups, a pipe, a platform thread) costs more than copying a short exchange.
     */
    static final long SOCKET_SPLICE_AFTER = 1 << 20;

    private final SessionRules rules;
    /** Nothing reads or changes the bytes on their way (no -C, -t, -d, -o, -x): the kernel may move them. */
    private final boolean plainBytes;
    private final LocalEnd local;
    private final NetEnd net;
    private final Tap tap;
    private final Counters counters;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Object lock = new Object();
    private ExitCode result;
    private String message;
    private boolean localFinished;
    private boolean netFinished;
    private volatile boolean sendingFromTerminal;
    /**
     * The sender has read the local EOF and is on its way to saying so: set before it shuts the
     * socket's sending side down, which a peer may answer with its own close at once (ncat -k,
     * nc -N, any server that closes at EOF). The peer's EOF then needs no quiet watch: localEof
     * ends the session as soon as it sees the network finished (half the runs of
     * {@code echo hi | jnc HOST PORT} against such a peer once started that thread).
     */
    private volatile boolean localEnding;
    private volatile long lastActivity = System.nanoTime();
    /**
     * Since when the sender has been waiting in a read of the local source with nothing to read (0:
     * it is not waiting there: it is writing, splicing or sending a file). Only such a wait is
     * silence: a peer that reads slowly must never make unsent bytes look finished.
     */
    private volatile long waitingSince;
    /**
     * How long stdin may be silent once the peer has closed before the session ends, as Ncat's does at
     * the peer's close. A stdin that still flows is sent on ({@code --wait-stdin}: until its EOF).
     */
    public static final Duration QUIET_AFTER_PEER = Duration.ofMillis(500);

    public Relay(SessionRules rules, LocalEnd local, NetEnd net, Tap tap, Counters counters) {
        this.rules = rules;
        this.plainBytes = rules.plainBytes() && tap == Tap.NONE;
        this.local = local;
        this.net = net;
        this.tap = tap;
        this.counters = counters;
    }

    /**
     * Runs the session to its end and returns how it ended; errors have been printed. The calling
     * thread receives and one more thread sends, rather than two new threads while this one
     * waits: one thread fewer to start in a run that may last milliseconds.
     */
    public ExitCode run() {
        if (rules.recvOnly()) {
            localFinished = true;
        } else {
            // A forwarded session (its calling thread virtual, its source a socket) sends from a virtual
            // thread too: a platform thread per connection costs more than the connection.
            boolean virtual = Thread.currentThread().isVirtual() && local.readsOnVirtualThreads();
            (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).name("jnc-send").start(this::sendLoop);
        }
        if (rules.idleTimeout() != null) Thread.ofPlatform().daemon().name("jnc-idle").start(this::idleWatch);
        receiveLoop(); // returns at the network's EOF, or when finish() closes the network end
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(net);
        // The tap is not closed here: with -k it is every session's, and its owner closes it.
        synchronized (lock) {
            if (message != null) Diag.error(message);
            return result;
        }
    }

    // ---------------------------------------------------------------------------------------
    // local -> network

    private void sendLoop() {
        try {
            FileChannel file = plainBytes && net.socket() != null ? local.sourceFile() : null;
            if (file != null) {
                sendFile(file);
            } else {
                sendingFromTerminal = local.interactive();
                copyToNet(local.source());
            }
        } catch (AsynchronousCloseException e) {
            return; // the session ended while we were blocked
        } catch (IOException e) {
            finish(ExitCode.NETWORK, IoErrors.describe(e));
            return;
        }
        localEof();
    }

    /** Zero copy: the kernel sends the file's pages straight from the page cache (sendfile). */
    private void sendFile(FileChannel file) throws IOException {
        long pos = file.position();
        while (true) {
            long size = file.size();
            if (pos >= size) break;
            long n = file.transferTo(pos, size - pos, net.socket());
            if (n <= 0) {
                if (!net.isOpen()) throw new AsynchronousCloseException();
                continue;
            }
            pos += n;
            counters.addSent(n);
            lastActivity = System.nanoTime();
        }
        file.position(pos);
    }

    /** Copies until EOF; a bulk transfer from a pipe moves on to splice once it shows itself. */
    private void copyToNet(ReadableByteChannel in) throws IOException {
        ByteBuffer first = BufferPool.take();
        try {
            copyToNet(in, first);
        } finally {
            BufferPool.give(first); // this thread is done with it (a grown buffer replaced it, or the loop ended)
        }
    }

    private void copyToNet(ReadableByteChannel in, ByteBuffer first) throws IOException {
        boolean maySplice = plainBytes;
        boolean socketSource = local.readsOnVirtualThreads();
        long sentSoFar = 0;
        ByteBuffer buf = first;
        CrlfEncoder crlf = rules.crlf() ? new CrlfEncoder() : null;
        long delayNanos = rules.delay() == null ? 0 : rules.delay().toNanos();
        while (true) {
            buf.clear();
            waitingSince = System.nanoTime();
            int n = in.read(buf);
            waitingSince = 0;
            if (n < 0) return;
            if (n == 0) continue;
            buf.flip();
            ByteBuffer out = crlf == null ? buf : crlf.encode(buf);
            if (delayNanos > 0) sleepNanos(delayNanos);
            tap.sent(out);
            int len = out.remaining();
            writeFully(net, out);
            counters.addSent(len);
            lastActivity = System.nanoTime();
            buf = grownIfFilled(buf, n);
            sentSoFar += n;
            if (maySplice && (socketSource ? sentSoFar >= SOCKET_SPLICE_AFTER : n >= SPLICE_THRESHOLD)) {
                maySplice = false; // decided once: the descriptors are looked up only for bulk input
                int pipeFd = local.sourcePipeFd();
                int socketFd = pipeFd < 0 ? local.sourceSocketFd() : -1;
                int netFd = pipeFd >= 0 || socketFd >= 0 ? net.fd() : -1;
                if (netFd < 0) continue;
                if (socketFd >= 0) {
                    Diag.debug("bulk input: splicing socket to socket");
                    offCarrier(() -> new Splice().pumpFromSocket(socketFd, netFd, true, this::sent));
                    return;
                }
                Diag.debug("bulk input: splicing stdin into the socket");
                // The stdin pipe grows to 1 MiB, so each splice hands the socket as much as the
                // receiving jnc takes per wake-up (its low-water mark, see Splice). Measured with
                // `dd bs=1M | jnc` into `jnc -l > /dev/null`: 1.47-1.64 GiB/s against 0.58-0.73
                // with the writer's 64 KiB pipe (and 0.58-1.05 before the mark, when a bigger
                // pipe alone was no faster).
                Splice splice = new Splice();
                splice.growPipe(pipeFd);
                splice.pump(pipeFd, netFd, false, this::sent);
                return;
            }
        }
    }

    private void sent(long n) {
        counters.addSent(n);
        lastActivity = System.nanoTime();
    }

    private void received(long n) {
        counters.addReceived(n);
        lastActivity = System.nanoTime();
    }

    private void localEof() {
        localEnding = true;
        Diag.debug("EOF on stdin");
        if (!rules.noShutdown()) {
            try {
                net.shutdownOutput();
            } catch (IOException e) {
                Diag.debug("shutdown: " + IoErrors.describe(e));
            }
        }
        if (rules.sendOnly()) {
            finish(ExitCode.SUCCESS, null);
            return;
        }
        Duration q = quitAfterLocalEof();
        if (q != null && !q.isNegative()) {
            if (q.isZero()) {
                finish(ExitCode.SUCCESS, null);
            } else {
                Thread.ofPlatform().daemon().name("jnc-quit").start(() -> {
                    sleepNanos(q.toNanos());
                    finish(ExitCode.SUCCESS, null);
                });
            }
        }
        synchronized (lock) {
            localFinished = true;
            if (netFinished) finish(ExitCode.SUCCESS, null);
        }
    }

    /**
     * How long the session lasts after local EOF: {@code -q}, or {@code null} to wait for the
     * network's EOF. Datagrams have no EOF, so that wait would be forever: as Ncat does, a UDP
     * client ends at EOF on stdin, and so does a command's session when the command ends ({@code -q}
     * waits for late replies first); a UDP listener's stdin/stdout session keeps receiving.
     */
    private Duration quitAfterLocalEof() {
        Duration q = rules.quitAfterEof();
        boolean datagrams = net.maxMessage() > 0;
        if (q == null && datagrams && rules.stdinEofEndsDatagrams()) return Duration.ZERO;
        return q;
    }

    // ---------------------------------------------------------------------------------------
    // network -> local

    private void receiveLoop() {
        ByteBuffer first = NetEnd.bufferFor(net, FIRST_BUFFER_SIZE) == BufferPool.SIZE
                ? BufferPool.take() : ByteBuffer.allocateDirect(NetEnd.bufferFor(net, FIRST_BUFFER_SIZE));
        try {
            receiveLoop(first);
        } finally {
            BufferPool.give(first);
        }
    }

    private void receiveLoop(ByteBuffer first) {
        ByteBuffer buf = first;
        WritableByteChannel sink = rules.sendOnly() ? null : local.sink();
        // Plain bytes into a sink: the kernel may move them (splice), and several datagrams may come
        // in one read, since nobody needs to see them one by one (-o and -x do).
        boolean batch = sink != null && plainBytes;
        boolean maySplice = batch;
        boolean socketSink = local.readsOnVirtualThreads(); // its sink is then that socket too
        long receivedSoFar = 0;
        TelnetAnswers telnet = rules.telnet() ? new TelnetAnswers() : null;
        while (true) {
            buf.clear();
            int n;
            try {
                n = batch ? net.readStream(buf) : net.read(buf);
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                // The other side ended the session first and closed the socket under this read (-q 0
                // at stdin's EOF, say): nothing to report, and no class to load for it. Asking
                // instanceof PeerExpired here loaded that datagram class in a plain run (caught under
                // load by StartupClassesE2ETest).
                if (ended()) return;
                if (e instanceof PeerExpired) { // not a catch clause: the verifier would load the class on every run
                    // A datagram sender forgotten for silence: its command ends too, and that is no error.
                    Diag.verbose("jnc: " + e.getMessage());
                    finish(ExitCode.NETWORK, null);
                    return;
                }
                finish(ExitCode.NETWORK, IoErrors.describe(e));
                return;
            }
            if (n < 0) break;
            if (n == 0) continue;
            buf.flip();
            if (telnet != null && !answer(telnet, buf)) return;
            tap.received(buf);
            if (sink != null) {
                try {
                    writeFully(sink, buf);
                } catch (IOException e) {
                    if (local.sinkClosesEarly()) {
                        // The command closed its stdin, or ended having written its answer (-e "echo
                        // abc"): what it says still goes out, as with Ncat; what arrives now has no
                        // reader and is dropped.
                        Diag.debug("the command's stdin: " + IoErrors.describe(e));
                        sink = null;
                    } else {
                        // Whoever read our stdout went away (a closed pipe): what arrives now would be lost.
                        Diag.verbose("jnc: stdout: " + IoErrors.describe(e));
                        finish(ExitCode.NETWORK, null);
                        return;
                    }
                }
            }
            counters.addReceived(n);
            lastActivity = System.nanoTime();
            buf = grownIfFilled(buf, n);
            receivedSoFar += n;
            if (maySplice && (socketSink ? receivedSoFar >= SOCKET_SPLICE_AFTER : n >= SPLICE_THRESHOLD)) {
                maySplice = false;
                int sinkFd = local.sinkSpliceFd();
                int netFd = sinkFd >= 0 ? net.fd() : -1;
                if (netFd < 0) continue;
                Diag.debug("bulk input: splicing the socket into stdout");
                try {
                    offCarrier(() -> new Splice().pumpFromSocket(netFd, sinkFd, local.sinkNeedsPipe(), this::received));
                } catch (IOException e) {
                    if (done.getCount() == 0) return;
                    finish(ExitCode.NETWORK, IoErrors.describe(e));
                    return;
                }
                break;
            }
        }
        netEof();
    }

    /** A splice that may block for long. */
    private interface Pump {
        long run() throws IOException;
    }

    /**
     * Runs a splice on a platform thread when called on a virtual one (a listener's peer, --forward):
     * a native call pins its carrier, and two pinned carriers would stall every other peer.
     */
    private static void offCarrier(Pump pump) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            pump.run();
            return;
        }
        IOException[] failed = new IOException[1];
        Thread t = Thread.ofPlatform().daemon().name("jnc-splice").start(() -> {
            try {
                pump.run();
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.nio.channels.ClosedByInterruptException();
        }
        if (failed[0] != null) throw failed[0];
    }

    /** {@code -t}: sends the answers {@code buf} calls for; false when the network failed (the session is over). */
    private boolean answer(TelnetAnswers telnet, ByteBuffer buf) {
        ByteBuffer reply = telnet.answers(buf);
        if (reply == null) return true;
        try {
            writeFully(net, reply);
            return true;
        } catch (IOException e) {
            finish(ExitCode.NETWORK, IoErrors.describe(e));
            return false;
        }
    }

    private void netEof() {
        Diag.debug("EOF from the network");
        local.closeSink();
        synchronized (lock) {
            netFinished = true;
            // A terminal has nothing in flight: the person at it would otherwise wait for a key press.
            // An end that cannot send after the peer's EOF (WebSocket after a Close) has nowhere to send it.
            if (localFinished || sendingFromTerminal || !net.sendsAfterEof()) {
                finish(ExitCode.SUCCESS, null);
                return;
            }
            if (localEnding) return; // localEof is under way: its last step sees netFinished and ends the session
        }
        if (local.endsWhenQuiet() && !rules.waitStdin()) Thread.ofPlatform().daemon().name("jnc-quiet").start(new QuietWatch());
    }

    /**
     * A named class, not {@code this::quietWatch}: whether a plain session needs it depends on which
     * EOF comes first, so training may miss it, and a lambda the cache lacks is spun at run time.
     */
    private final class QuietWatch implements Runnable {
        @Override
        public void run() {
            quietWatch();
        }
    }

    /**
     * After the peer's EOF: the session ends once the sender has waited {@link #QUIET_AFTER_PEER} for
     * stdin with nothing to read. While it writes (or splices, or sends a file) it is never silent.
     */
    private void quietWatch() {
        long limit = QUIET_AFTER_PEER.toNanos();
        while (done.getCount() > 0) {
            long since = waitingSince;
            long quiet = since == 0 ? 0 : System.nanoTime() - since;
            if (quiet >= limit) {
                Diag.debug("the peer has closed and stdin is silent: ending the session");
                finish(ExitCode.SUCCESS, null);
                return;
            }
            sleepNanos(limit - quiet);
        }
    }

    // ---------------------------------------------------------------------------------------

    private void idleWatch() {
        long limit = rules.idleTimeout().toNanos();
        while (done.getCount() > 0) {
            long idle = System.nanoTime() - lastActivity;
            if (idle >= limit) {
                finish(ExitCode.NETWORK, idleMessage(rules.idleTimeout()));
                return;
            }
            sleepNanos(limit - idle);
        }
    }

    /** What {@code -i} says when it ends a session, the same in every mode. */
    public static String idleMessage(Duration idle) {
        return "Idle timeout expired (" + idle.toMillis() + " ms).";
    }

    /** Ends the session (the first call decides how) and wakes the receiving thread if it still waits. */
    /** Whether {@link #finish} has run: the session's result is decided. */
    private boolean ended() {
        synchronized (lock) {
            return result != null;
        }
    }

    private void finish(ExitCode code, String msg) {
        synchronized (lock) {
            if (result != null) return;
            result = code;
            message = msg;
        }
        done.countDown();
        closeQuietly(net);
        if (code != ExitCode.SUCCESS) local.abort();
    }

    /** {@code buf}, or a full-size buffer once a read of {@code n} bytes has filled it: bulk is coming. */
    private static ByteBuffer grownIfFilled(ByteBuffer buf, int n) {
        return n == buf.capacity() && n < BUFFER_SIZE ? ByteBuffer.allocateDirect(BUFFER_SIZE) : buf;
    }

    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the session is over either way
        }
    }
}
