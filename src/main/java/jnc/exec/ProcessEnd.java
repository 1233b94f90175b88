package jnc.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jnc.base.Failure;
import jnc.cli.LocalSide;
import jnc.cli.Transport;
import jnc.base.IoErrors;
import jnc.io.LocalEnd;
import jnc.io.NetEnd;
import jnc.sys.Descriptors;

/**
 * {@code -e}/{@code -c}: a child process as the local end, its stdin fed by the peer and its stdout
 * sent to the peer, as Ncat does. The child learns who it talks to from {@code NCAT_REMOTE_ADDR},
 * {@code NCAT_REMOTE_PORT}, {@code NCAT_LOCAL_ADDR}, {@code NCAT_LOCAL_PORT} and {@code NCAT_PROTO}.
 * Its stderr is ours. The JDK starts children with only descriptors 0, 1 and 2 open, so no socket
 * or log file leaks into them.
 */
public final class ProcessEnd implements LocalEnd {
    /**
     * Descriptors a start needs with some to spare: stdin and stdout pipes, and the JDK's spawn helper's
     * (about ten at once), and a connection an acceptor had already begun to take (see Descriptors.awaitStart).
     */
    private static final int MIN_HEADROOM = 32;
    /** Above this headroom, even as many starts at once as there are carrier threads cannot use it up. */
    private static final int ALONE_BELOW = 512;
    private final Process process;
    private final ReadableByteChannel source;
    private final WritableByteChannel sink;

    private ProcessEnd(Process process) {
        this.process = process;
        this.source = Channels.newChannel(process.getInputStream());
        this.sink = new FlushingChannel(process.getOutputStream());
    }

    /** Starts {@code exec}'s command for {@code peer}, with Ncat's environment (NCAT_REMOTE_ADDR, ..., NCAT_PROTO: {@code transport}). */
    public static ProcessEnd start(LocalSide.Exec exec, Transport transport, NetEnd peer) {
        List<String> cmd = exec.shell() ? List.of("/bin/sh", "-c", exec.command()) : CommandLine.split(exec.command());
        if (cmd.isEmpty()) throw Failure.usage("The command for -e is empty.");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        // Unix sockets have no addresses to tell: then only NCAT_PROTO is set.
        if (peer.remoteAddress() instanceof InetSocketAddress remote) {
            env.put("NCAT_REMOTE_ADDR", jnc.net.Addresses.text(remote.getAddress()));
            env.put("NCAT_REMOTE_PORT", String.valueOf(remote.getPort()));
        }
        if (peer.localAddress() instanceof InetSocketAddress local) {
            env.put("NCAT_LOCAL_ADDR", jnc.net.Addresses.text(local.getAddress()));
            env.put("NCAT_LOCAL_PORT", String.valueOf(local.getPort()));
        }
        env.put("NCAT_PROTO", transport.name());
        // The child's pipes and the JDK's own need a few descriptors; with fewer, the JDK fails half-way and leaks
        // pipes. The look at the headroom is taken one at a time (each look opens a descriptor too: a hundred
        // sessions looking at once used up the very headroom they counted). Far from the limit, starts then run
        // side by side; near it, one at a time and with no accepts meanwhile (see Descriptors.beginStart).
        Descriptors.beginStart();
        boolean gateHeld = true;
        try {
            long headroom = Descriptors.headroom();
            if (headroom < MIN_HEADROOM) throw Failure.network("can't run " + cmd.getFirst() + ": Too many open files.");
            if (headroom >= ALONE_BELOW) {
                Descriptors.endStart();
                gateHeld = false;
            }
            return new ProcessEnd(pb.start());
        } catch (IOException e) {
            throw Failure.usage("can't run " + cmd.getFirst() + ": " + IoErrors.describe(e));
        } finally {
            if (gateHeld) Descriptors.endStart();
        }
    }

    @Override
    public boolean sinkClosesEarly() {
        return true;
    }

    @Override
    public ReadableByteChannel source() {
        return source;
    }

    @Override
    public WritableByteChannel sink() {
        return sink;
    }

    @Override
    public void closeSink() {
        try {
            process.getOutputStream().close(); // the child reads EOF
        } catch (IOException ignored) {
            // it has exited already
        }
    }

    /**
     * The session failed (the peer reset, or -i): end the child now. A relay thread may be blocked
     * writing to its stdin while it is blocked writing to a stdout nobody reads; only its end frees both.
     */
    @Override
    public void abort() {
        process.destroy();
        Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(1, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
    }

    /** After the session: give the child a moment to exit on its own, then end it; never leave a zombie. */
    public void reap() {
        closeSink();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        closeQuietly(process.getInputStream());
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }

    /** The child's stdin is a buffered stream: flush after every write so the child sees each chunk at once. */
    private static final class FlushingChannel implements WritableByteChannel {
        private final OutputStream out;
        private boolean open = true;

        FlushingChannel(OutputStream out) {
            this.out = out;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
            } else {
                byte[] b = new byte[n];
                src.get(b);
                out.write(b);
            }
            out.flush();
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            out.close();
        }
    }
}
