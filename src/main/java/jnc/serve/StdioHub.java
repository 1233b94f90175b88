package jnc.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.cli.SessionRules;
import jnc.base.IoErrors;
import jnc.io.Counters;
import jnc.io.Service;
import jnc.io.TelnetAnswers;
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
    /** Each client; with {@code -i}, as {@link Idle} hands it over, watched (silence both ways ends it). */
    private final Set<NetEnd> clients = ConcurrentHashMap.newKeySet();
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
    }

    /** Serves one client until it closes; runs on the client's own virtual thread. */
    @Override
    public ExitCode serve(NetEnd client) {
        synchronized (stdinState) {
            clients.add(client);
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
        try {
            while (true) {
                buf.clear();
                int n = client.read(buf);
                if (n < 0) return ExitCode.SUCCESS;
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
                for (NetEnd c : clients) {
                    ByteBuffer b = out.duplicate();
                    try {
                        synchronized (c) {
                            while (b.hasRemaining()) c.write(b);
                        }
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
            if (!rules.noShutdown()) clients.forEach(StdioHub::shutdownQuietly);
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
