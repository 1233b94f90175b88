package jnc.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The part of a scan every kind of probe shares: up to {@code window} probes out at once, each with
 * its own deadline, and a port whose probe of one address failed tried again at the host's next
 * address, as nc tries them in turn. Subclasses send the probes and collect the answers:
 * {@link ChannelScan} with JDK channels and a selector, {@link NativeTcpScan} with Linux's own calls.
 *
 * <p>Why one thread: a probe is a few system calls and almost no computing, so the work is the
 * kernel's; a thread per port would cost more to start than the probe itself. All probes share one
 * wait, so deadlines fall in the order probes were sent and a FIFO queue keeps them sorted.
 */
abstract class ScanLoop {
    /** One probe that is out: which port, at which of the host's addresses, until when. */
    static class Pending {
        final int index;
        final int address;
        long deadline;
        int periods;
        boolean done;

        Pending(int index, int address) {
            this.index = index;
            this.address = address;
        }
    }

    protected final List<InetAddress> targets;
    protected final int[] ports;
    private final IntSupplier nextIndex;
    private final long periodNanos; // 0: no deadline, the kernel decides (TCP without -w)
    private final int periods;
    private final int window;
    private final Report report;

    private final ArrayDeque<Pending> byDeadline = new ArrayDeque<>();
    /** Ports to try again at the next address, as {index, address} pairs. */
    private final ArrayDeque<int[]> retries = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param waitNanos how long each probe waits for its answer; 0 to leave it to the kernel
     * @param periods   into how many periods the wait is cut; {@link #expired} is called after each
     * @param window    how many probes may be out at once
     * @param nextIndex the index in {@code ports} to probe next, -1 when this loop is to send no more;
     *                  loops on several threads share the ports this way (see {@link PortClaims})
     */
    ScanLoop(List<InetAddress> targets, int[] ports, long waitNanos, int periods, int window, Report report, IntSupplier nextIndex) {
        this.targets = targets;
        this.ports = ports;
        this.nextIndex = nextIndex;
        this.periods = periods;
        this.periodNanos = waitNanos <= 0 ? 0 : Math.max(1, waitNanos / periods);
        this.window = Math.max(1, window);
        this.report = report;
    }

    /**
     * Sends the probe of {@code ports[index]} at {@code targets.get(address)}. Returns it as
     * pending, or {@code null} when the answer came at once and was handed to {@link #settle}.
     */
    abstract Pending launch(int index, int address) throws IOException;

    /** Waits up to {@code millis} (0: until something happens) and hands each answer to {@link #finish}. */
    abstract void await(long millis) throws IOException;

    /** A period ended without an answer: the verdict after the last one, else {@code null} to wait another. */
    abstract Outcome expired(Pending p, boolean last);

    /** Frees the probe's socket. */
    abstract void release(Pending p);

    /** Frees what the loop itself holds (a selector, spare sockets). */
    abstract void closeAll();

    final void run() throws IOException {
        try {
            boolean more = true;
            while (true) {
                while (inFlight < window) {
                    int[] retry = retries.poll();
                    Pending p;
                    if (retry != null) {
                        p = launch(retry[0], retry[1]);
                    } else {
                        int next = more ? nextIndex.getAsInt() : -1;
                        if (next < 0) {
                            more = false;
                            break;
                        }
                        p = launch(next, 0);
                    }
                    if (p == null) continue;
                    inFlight++;
                    if (periodNanos > 0) {
                        p.deadline = System.nanoTime() + periodNanos;
                        byDeadline.add(p);
                    }
                }
                if (inFlight == 0) {
                    if (retries.isEmpty() && !more) return;
                    continue;
                }
                await(awaitMillis());
                expire(System.nanoTime());
            }
        } finally {
            closeAll();
        }
    }

    /** A probe that was out has its answer. */
    final void finish(Pending p, Outcome o) {
        if (p.done) return;
        p.done = true;
        inFlight--;
        release(p);
        settle(p.index, p.address, o);
    }

    /** The verdict of one address: final when open or when it was the host's last address. */
    final void settle(int index, int address, Outcome o) {
        InetAddress a = targets.get(address);
        if (!o.open() && address + 1 < targets.size()) {
            report.attemptFailed(index, a, o);
            retries.add(new int[] {index, address + 1});
        } else {
            report.settle(index, a, o);
        }
    }

    private void expire(long now) {
        Pending p;
        while ((p = byDeadline.peek()) != null && (p.done || p.deadline - now <= 0)) {
            byDeadline.poll();
            if (p.done) continue;
            Outcome o = expired(p, ++p.periods >= periods);
            if (o != null) {
                finish(p, o);
            } else if (!p.done) {
                p.deadline = now + periodNanos;
                byDeadline.add(p);
            }
        }
    }

    private long awaitMillis() {
        Pending head;
        while ((head = byDeadline.peek()) != null && head.done) byDeadline.poll();
        if (head == null) return 0; // no deadline: wait for the kernel's verdicts, however long
        long nanos = head.deadline - System.nanoTime();
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
