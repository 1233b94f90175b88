package jnc.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.cli.SessionRules;
import jnc.base.IoErrors;
import jnc.io.Counters;
import jnc.io.Service;
import jnc.io.TelnetAnswers;
import jnc.session.Relay;
import jnc.io.NetEnd;
import jnc.io.PeerExpired;
import jnc.io.CrlfEncoder;
import jnc.io.Stdio;
import jnc.io.Tap;

/**
 * Ncat's {@code -l -k}: many clients at once, with standard input going to every client and
 * whatever any client sends going to standard output (each chunk whole, never interleaved).
 * EOF on stdin shuts down the sending side of every client, present and future, unless
 * {@code --no-shutdown}; the server itself keeps running until it is stopped.
 */
public final class StdioHub implements Service {
    private static final int CLIENT_BUFFER = 16 * 1024;

    private final SessionRules rules;
    private final Tap tap;
    private final Counters counters;
    /** Each client, with when a byte last went either way, for {@code -i}: silence both ways ends it. */
    private final Map<NetEnd, Activity> clients = new ConcurrentHashMap<>();
    private final WritableByteChannel stdout = Stdio.get().sink();
    private final Object stdinState = new Object();
    private boolean stdinEnded;
    /** What {@code -q} runs that long after stdin's EOF: the end of the listener. */
    private final Runnable quit;

    public StdioHub(SessionRules rules, Tap tap, Counters counters, Runnable quit) {
        this.rules = rules;
        this.tap = tap;
        this.counters = counters;
        this.quit = quit;
    }

    public void start() {
        if (!rules.recvOnly()) Thread.ofPlatform().daemon().name("jnc-stdin").start(this::broadcastStdin);
        if (rules.idleTimeout() != null) Thread.ofPlatform().daemon().name("jnc-idle").start(this::idleWatch);
    }

    /** When a byte last went to or came from one client; set by the idle watch when it closed the client for {@code -i}. */
    private static final class Activity {
        volatile long last = System.nanoTime();
        volatile boolean idled;
    }

    /**
     * {@code -i}: closes each client that has been silent both ways for that long, which ends its
     * blocked read. A watch rather than a read timeout: that works the same for every end (TCP,
     * Unix sockets, TLS), and a blocked read does not pin a virtual thread's carrier as poll(2) would.
     */
    private void idleWatch() {
        long limit = rules.idleTimeout().toNanos();
        while (true) {
            long now = System.nanoTime();
            long next = limit;
            for (Map.Entry<NetEnd, Activity> e : clients.entrySet()) {
                Activity a = e.getValue();
                long quiet = now - a.last;
                if (quiet >= limit) {
                    a.idled = true;
                    closeQuietly(e.getKey());
                } else {
                    next = Math.min(next, limit - quiet);
                }
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.max(next, 1_000_000)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Serves one client until it closes; runs on the client's own virtual thread. */
    @Override
    public ExitCode serve(NetEnd client) {
        synchronized (stdinState) {
            clients.put(client, new Activity());
            if (stdinEnded) shutdownQuietly(client);
        }
        try {
            return receive(client);
        } finally {
            clients.remove(client);
        }
    }

    private ExitCode receive(NetEnd client) {
        ByteBuffer buf = ByteBuffer.allocate(NetEnd.bufferFor(client, CLIENT_BUFFER));
        TelnetAnswers telnet = rules.telnet() ? new TelnetAnswers() : null;
        Activity activity = clients.get(client);
        try {
            while (true) {
                buf.clear();
                int n = client.read(buf);
                if (n < 0) return ExitCode.SUCCESS;
                activity.last = System.nanoTime();
                buf.flip();
                if (telnet != null) answer(client, telnet.answers(buf));
                tap.received(buf);
                if (!rules.sendOnly()) {
                    synchronized (stdout) {
                        while (buf.hasRemaining()) stdout.write(buf);
                    }
                }
                counters.addReceived(n);
            }
        } catch (IOException e) {
            if (e instanceof PeerExpired) { // a datagram sender forgotten for silence (no catch clause: see Relay)
                Diag.verbose("jnc: " + e.getMessage());
            } else if (activity.idled) {
                Diag.verbose("jnc: " + Relay.idleMessage(rules.idleTimeout()));
            } else {
                Diag.debug(describe(client) + ": " + IoErrors.describe(e));
            }
            return ExitCode.NETWORK;
        }
    }

    /** {@code -t}: the answers to a client's Telnet negotiation, written between stdin's chunks. */
    private static void answer(NetEnd client, ByteBuffer reply) throws IOException {
        if (reply == null) return;
        synchronized (client) {
            while (reply.hasRemaining()) client.write(reply);
        }
    }

    private void broadcastStdin() {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        ReadableByteChannel in = Stdio.get().source();
        CrlfEncoder crlf = rules.crlf() ? new CrlfEncoder() : null;
        try {
            while (true) {
                buf.clear();
                int n = in.read(buf);
                if (n < 0) break;
                buf.flip();
                ByteBuffer out = crlf == null ? buf : crlf.encode(buf);
                tap.sent(out);
                for (Map.Entry<NetEnd, Activity> e : clients.entrySet()) {
                    NetEnd c = e.getKey();
                    ByteBuffer b = out.duplicate();
                    try {
                        synchronized (c) {
                            while (b.hasRemaining()) c.write(b);
                        }
                        e.getValue().last = System.nanoTime();
                        counters.addSent(out.remaining());
                    } catch (IOException x) {
                        Diag.debug(describe(c) + ": " + IoErrors.describe(x));
                        clients.remove(c);
                        closeQuietly(c);
                    }
                }
                if (rules.delay() != null) Thread.sleep(rules.delay());
            }
        } catch (IOException e) {
            Diag.error("stdin: " + IoErrors.describe(e));
        } catch (InterruptedException e) {
            return;
        }
        synchronized (stdinState) {
            stdinEnded = true;
            if (!rules.noShutdown()) clients.keySet().forEach(StdioHub::shutdownQuietly);
        }
        Duration q = rules.quitAfterEof();
        if (q != null && !q.isNegative()) {
            try {
                Thread.sleep(q);
            } catch (InterruptedException e) {
                return;
            }
            quit.run();
        }
    }

    private static void closeQuietly(NetEnd c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void shutdownQuietly(NetEnd c) {
        try {
            c.shutdownOutput();
        } catch (IOException ignored) {
            // the client is gone already
        }
    }

    private static String describe(NetEnd c) {
        return c.remoteAddress() == null ? "client" : String.valueOf(c.remoteAddress());
    }
}
