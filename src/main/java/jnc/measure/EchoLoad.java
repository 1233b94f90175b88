package jnc.measure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.cli.Mode;
import jnc.cli.Options;
import jnc.base.IoErrors;
import jnc.net.Resolver;

/**
 * {@code --load N}: the measuring client. N connections, each on its own virtual thread, send an
 * M-byte message, wait for the whole echo, check it, and go again, for the given time. Prints round
 * trips per second and latency percentiles; exits 1 if any round trip failed. Students point it at
 * their own echo servers; the tests point it at jnc's.
 */
public final class EchoLoad {
    private EchoLoad() {
    }

    /** What one connection measured: its round trips (into the shared histogram) and its errors. */
    private static final class Tally {
        final LatencyHistogram rtts;
        long errors;
        String firstError;
        volatile SocketChannel channel;
        volatile boolean cutOff;

        void cutOff() {
            cutOff = true;
            SocketChannel ch = channel;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing is all we want
                }
            }
        }

        Tally(LatencyHistogram rtts) {
            this.rtts = rtts;
        }

        void add(long nanos) {
            rtts.record(nanos);
        }
    }

    public static ExitCode run(Options o) {
        Mode.Load load = (Mode.Load) o.mode();
        InetAddress target = Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns()).getFirst();
        InetSocketAddress address = new InetSocketAddress(target, o.target().port());
        int n = load.connections();
        List<Tally> tallies = new ArrayList<>(n);
        LatencyHistogram rtts = new LatencyHistogram();
        CountDownLatch connected = new CountDownLatch(n);
        CountDownLatch finished = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong startAt = new AtomicLong(); // set once everyone is connected
        long durationNanos = load.duration().toNanos();
        for (int i = 0; i < n; i++) {
            Tally t = new Tally(rtts);
            tallies.add(t);
            int seed = i;
            Thread.ofVirtual().start(() -> {
                try {
                    oneConnection(address, o.target().connectTimeout(), load.msgSize(), seed, t, connected, go, startAt, durationNanos);
                } finally {
                    finished.countDown();
                }
            });
        }
        try {
            connected.await();
            startAt.set(System.nanoTime());
            go.countDown();
            // A server that never answers must not hold us forever: after the time and a grace
            // period (-i, else 5 s) whatever still waits for an echo is cut off and counted.
            long grace = o.session().idleTimeout() != null ? o.session().idleTimeout().toNanos() : 5_000_000_000L;
            if (!finished.await(durationNanos + grace, TimeUnit.NANOSECONDS)) {
                for (Tally t : tallies) t.cutOff();
                finished.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.NETWORK;
        }
        return report(load, tallies, rtts, durationNanos);
    }

    private static void oneConnection(InetSocketAddress address, java.time.Duration wait, int size, int seed, Tally t,
                                      CountDownLatch connected, CountDownLatch go, AtomicLong startAt,
                                      long durationNanos) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
            t.channel = ch;
            // -w bounds the connect: a server whose accept queue is full drops the SYN, and the
            // kernel would otherwise retry for about two minutes.
            if (wait == null) {
                ch.connect(address);
            } else {
                ch.socket().connect(address, (int) Math.min(Integer.MAX_VALUE, Math.max(1, wait.toMillis())));
            }
        } catch (IOException e) {
            closeQuietly(t.channel);
            t.errors++;
            t.firstError = "connect: " + IoErrors.describe(e);
            connected.countDown();
            return;
        }
        t.channel = ch;
        connected.countDown();
        try (ch) {
            ByteBuffer out = ByteBuffer.allocateDirect(size);
            ByteBuffer in = ByteBuffer.allocateDirect(size);
            byte[] pattern = new byte[size];
            for (int i = 0; i < size; i++) pattern[i] = (byte) ('a' + (seed + i) % 26);
            go.await(); // everyone starts together, once all are connected
            long end = startAt.get() + durationNanos;
            long now;
            while ((now = System.nanoTime()) < end) {
                out.clear();
                out.put(pattern).flip();
                in.clear();
                while (out.hasRemaining()) ch.write(out);
                while (in.hasRemaining()) {
                    if (ch.read(in) < 0) throw new IOException("the server closed the connection");
                }
                t.add(System.nanoTime() - now);
                in.flip();
                for (int i = 0; i < size; i++) {
                    if (in.get(i) != pattern[i]) throw new IOException("the echo differs from what was sent");
                }
                pattern[0]++; // each message differs from the last, so a stale echo is caught
            }
        } catch (IOException e) {
            t.errors++;
            if (t.firstError == null) {
                t.firstError = t.cutOff ? "no complete echo within the time and its grace period" : IoErrors.describe(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // it never connected
        }
    }

    private static ExitCode report(Mode.Load load, List<Tally> tallies, LatencyHistogram all, long durationNanos) {
        long total = all.count();
        long errors = 0;
        String firstError = null;
        for (Tally t : tallies) {
            errors += t.errors;
            if (firstError == null) firstError = t.firstError;
        }
        double secs = durationNanos / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "connections %d, message %d bytes, %.2f s%n", load.connections(), load.msgSize(), secs));
        sb.append(String.format(Locale.ROOT, "round trips %d (%.1f/s), errors %d%n", total, total / secs, errors));
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, "latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 99.9), all.max() / 1e3));
        }
        System.out.print(sb);
        System.out.flush();
        if (errors > 0) {
            Diag.error(errors + " connection(s) failed; first: " + firstError);
            return ExitCode.NETWORK;
        }
        return total > 0 ? ExitCode.SUCCESS : ExitCode.NETWORK;
    }

    private static double pct(LatencyHistogram h, double p) {
        return h.percentile(p) / 1e3;
    }
}
