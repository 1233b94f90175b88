package jnc.echo;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.cli.Options;
import jnc.base.IoErrors;
import jnc.net.StreamListener;
import jnc.io.Counters;
import jnc.io.NetEnd;
import jnc.session.Relay;
import jnc.io.Tap;
import jnc.door.Door;
import jnc.door.Serve;

/**
 * {@code --echo}: the course's echo server as a service. Every byte that arrives goes straight back;
 * the peer's EOF is answered with ours.
 *
 * <p>One service, two ways to run it, chosen by the kind of channel the clients come on:
 * <ul>
 * <li>{@link #serve}: one client on any {@link NetEnd}, blocking, on its own (virtual) thread. It
 *     knows nothing of the transport, so every transport jnc has or gains (TCP, UDP, TLS ...) echoes
 *     through it without code of its own. Without {@code -k}, and whenever {@code -o}/{@code -x}
 *     taps are given, this is the only way.</li>
 * <li>{@link #serveAll} with a listener of stream sockets that a {@link java.nio.channels.Selector}
 *     can watch (TCP now, Unix stream sockets alike): the {@link EchoLoop} fast path, an event loop
 *     that serves thousands of clients with no thread and no buffer per client. Same bytes, same
 *     half-close, same {@code -m}, {@code --allow}/{@code --deny}, {@code -i} and {@code -v}.</li>
 * </ul>
 */
public final class EchoService {
    /** Direct, so the kernel copies straight into it (a heap buffer costs one more copy per read and write). */
    private static final int BUFFER = 4 * 1024;

    private EchoService() {
    }

    /**
     * The number of event loops of the fast path: one per core. On the 2 cores of bench/, one loop
     * spent 5-30 % less CPU per round trip than two, but a single thread gets a single thread's
     * share of a busy machine, which then caps the round trips per second.
     * {@code -Djnc.echo.loops=N} to try others, 0 for a virtual thread per client (bench/ compares them).
     */
    static final int LOOPS = Math.max(0, Integer.getInteger("jnc.echo.loops",
            Math.min(16, Runtime.getRuntime().availableProcessors())));

    /**
     * {@code --echo -k}: every client at once, until the listener is closed. The fast path when the
     * listener's clients are selectable stream sockets and no tap has to see the bytes; otherwise a
     * virtual thread per client running {@link #serve}.
     */
    public static ExitCode serveAll(StreamListener listener, Door door, Options o, Tap tap, Counters counters) {
        if (tap != Tap.NONE || LOOPS == 0) {
            Serve.each(listener, door, null, peer -> serve(peer, o.session().idleTimeout(), tap, counters));
            return ExitCode.SUCCESS;
        }
        return jnc.door.LoopAcceptor.runLoops(listener, LOOPS, "echo", () -> new EchoLoop(listener, door, o.session().idleTimeout(), counters));
    }

    /** Echoes until the peer's EOF (or {@code idle} without a byte, when not null). */
    public static ExitCode serve(NetEnd net, Duration idle, Tap tap, Counters counters) {
        // Datagram ends need room for a whole datagram, so that each one is echoed as one.
        ByteBuffer buf = ByteBuffer.allocateDirect(NetEnd.bufferFor(net, BUFFER));
        try {
            ReadableByteChannel in = net.reader(idle);
            int n;
            while ((n = in.read(buf)) >= 0) {
                buf.flip();
                tap.received(buf);
                tap.sent(buf);
                while (buf.hasRemaining()) net.write(buf);
                counters.addReceived(n);
                counters.addSent(n);
                buf.clear();
            }
            net.shutdownOutput();
            return ExitCode.SUCCESS;
        } catch (SocketTimeoutException e) {
            Diag.verbose("jnc: " + Relay.idleMessage(idle));
            return ExitCode.NETWORK;
        } catch (IOException e) {
            Diag.debug("echo: " + IoErrors.describe(e));
            return ExitCode.NETWORK;
        }
    }
}
