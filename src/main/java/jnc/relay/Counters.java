package jnc.relay;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** Bytes sent to and received from the network in one run, and how long the run took. */
public final class Counters {
    private final long startNanos = System.nanoTime();
    // LongAdder, not AtomicLong: thousands of client threads count at once without fighting over one cache line.
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final AtomicBoolean reported = new AtomicBoolean();

    public void addSent(long n) {
        sent.add(n);
    }

    public void addReceived(long n) {
        received.add(n);
    }

    public long sent() {
        return sent.sum();
    }

    public long received() {
        return received.sum();
    }

    /** Ncat's closing line: {@code 5 bytes sent, 3 bytes received in 0.02 seconds.} */
    public String summary() {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "%d bytes sent, %d bytes received in %.2f seconds.", sent(), received(), secs);
    }

    /** True only the first time: the summary is printed once, by the normal end or by a signal. */
    public boolean claimReport() {
        return reported.compareAndSet(false, true);
    }
}
