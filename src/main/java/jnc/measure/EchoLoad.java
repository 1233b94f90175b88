package jnc.measure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jnc.base.Diag;
import jnc.base.ExitCode;
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

    /** What one connection measured: its round-trip times in nanoseconds and its errors. */
    private static final class Tally {
        long[] rtts = new long[1024];
        int count;
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

        void add(long nanos) {
            if (count == rtts.length) rtts = Arrays.copyOf(rtts, count * 2);
            rtts[count++] = nanos;
        }
    }

    public static ExitCode run(Options o) {
        InetAddress target = Resolver.resolve(o.host(), o.family(), o.noDns()).getFirst();
        InetSocketAddress address = new InetSocketAddress(target, o.port());
        int n = o.load();
        List<Tally> tallies = new ArrayList<>(n);
        CountDownLatch connected = new CountDownLatch(n);
        CountDownLatch finished = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong startAt = new AtomicLong(); // set once everyone is connected
        long durationNanos = o.duration().toNanos();
        for (int i = 0; i < n; i++) {
            Tally t = new Tally();
            tallies.add(t);
            int seed = i;
            Thread.ofVirtual().start(() -> {
                try {
                    oneConnection(address, o.msgSize(), seed, t, connected, go, startAt, durationNanos);
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
            long grace = o.idleTimeout() != null ? o.idleTimeout().toNanos() : 5_000_000_000L;
            if (!finished.await(durationNanos + grace, TimeUnit.NANOSECONDS)) {
                for (Tally t : tallies) t.cutOff();
                finished.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.NETWORK;
        }
        return report(o, tallies, durationNanos);
    }

    private static void oneConnection(InetSocketAddress address, int size, int seed, Tally t,
                                      CountDownLatch connected, CountDownLatch go, AtomicLong startAt,
                                      long durationNanos) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(address);
        } catch (IOException e) {
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

    private static ExitCode report(Options o, List<Tally> tallies, long durationNanos) {
        int total = 0;
        long errors = 0;
        String firstError = null;
        for (Tally t : tallies) {
            total += t.count;
            errors += t.errors;
            if (firstError == null) firstError = t.firstError;
        }
        long[] all = new long[total];
        int at = 0;
        for (Tally t : tallies) {
            System.arraycopy(t.rtts, 0, all, at, t.count);
            at += t.count;
        }
        Arrays.sort(all);
        double secs = durationNanos / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "connections %d, message %d bytes, %.2f s%n", o.load(), o.msgSize(), secs));
        sb.append(String.format(Locale.ROOT, "round trips %d (%.1f/s), errors %d%n", total, total / secs, errors));
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, "latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                    pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 99.9), all[total - 1] / 1e3));
        }
        System.out.print(sb);
        System.out.flush();
        if (errors > 0) {
            Diag.error(errors + " connection(s) failed; first: " + firstError);
            return ExitCode.NETWORK;
        }
        return total > 0 ? ExitCode.SUCCESS : ExitCode.NETWORK;
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
    }
}
