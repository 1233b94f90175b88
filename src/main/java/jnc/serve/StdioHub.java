package jnc.serve;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.cli.Options;
import jnc.base.IoErrors;
import jnc.io.Counters;
import jnc.io.NetEnd;
import jnc.io.CrlfEncoder;
import jnc.io.Stdio;
import jnc.io.Tap;

/**
 * Ncat's {@code -l -k}: many clients at once, with standard input going to every client and
 * whatever any client sends going to standard output (each chunk whole, never interleaved).
 * EOF on stdin shuts down the sending side of every client, present and future, unless
 * {@code --no-shutdown}; the server itself keeps running until it is stopped.
 */
public final class StdioHub {
    private static final int CLIENT_BUFFER = 16 * 1024;

    private final Options options;
    private final Tap tap;
    private final Counters counters;
    private final Set<NetEnd> clients = ConcurrentHashMap.newKeySet();
    private final WritableByteChannel stdout = Stdio.get().sink();
    private final Object stdinState = new Object();
    private boolean stdinEnded;

    public StdioHub(Options options, Tap tap, Counters counters) {
        this.options = options;
        this.tap = tap;
        this.counters = counters;
    }

    public void start() {
        if (!options.recvOnly()) Thread.ofPlatform().daemon().name("jnc-stdin").start(this::broadcastStdin);
    }

    /** Serves one client until it closes; runs on the client's own virtual thread. */
    public ExitCode serve(NetEnd client) {
        synchronized (stdinState) {
            clients.add(client);
            if (stdinEnded) shutdownQuietly(client);
        }
        try {
            receive(client);
        } finally {
            clients.remove(client);
        }
        return ExitCode.SUCCESS;
    }

    private void receive(NetEnd client) {
        ByteBuffer buf = ByteBuffer.allocate(NetEnd.bufferFor(client, CLIENT_BUFFER));
        try {
            ReadableByteChannel in = client.reader(options.idleTimeout());
            while (true) {
                buf.clear();
                int n = in.read(buf);
                if (n < 0) return;
                buf.flip();
                tap.received(buf);
                if (!options.sendOnly()) {
                    synchronized (stdout) {
                        while (buf.hasRemaining()) stdout.write(buf);
                    }
                }
                counters.addReceived(n);
            }
        } catch (SocketTimeoutException e) {
            Diag.verbose("jnc: Idle timeout expired (" + options.idleTimeout().toMillis() + " ms), closing " + describe(client) + ".");
        } catch (IOException e) {
            Diag.debug(describe(client) + ": " + IoErrors.describe(e));
        }
    }

    private void broadcastStdin() {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        ReadableByteChannel in = Stdio.get().source();
        CrlfEncoder crlf = options.crlf() ? new CrlfEncoder() : null;
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
                        while (b.hasRemaining()) c.write(b);
                        counters.addSent(out.remaining());
                    } catch (IOException e) {
                        Diag.debug(describe(c) + ": " + IoErrors.describe(e));
                        clients.remove(c);
                        closeQuietly(c);
                    }
                }
                if (options.delay() != null) Thread.sleep(options.delay());
            }
        } catch (IOException e) {
            Diag.error("stdin: " + IoErrors.describe(e));
        } catch (InterruptedException e) {
            return;
        }
        synchronized (stdinState) {
            stdinEnded = true;
            if (!options.noShutdown()) clients.forEach(StdioHub::shutdownQuietly);
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
