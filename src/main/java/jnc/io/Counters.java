package jnc.io;

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
        // Hundredths by hand: String.format would load the Formatter and the locale data (from the
        // runtime image) into every -v run, several milliseconds.
        long centis = (System.nanoTime() - startNanos + 5_000_000) / 10_000_000;
        String fraction = centis % 100 < 10 ? "0" + centis % 100 : String.valueOf(centis % 100);
        return sent() + " bytes sent, " + received() + " bytes received in " + centis / 100 + "." + fraction + " seconds.";
    }

    /** True only the first time: the summary is printed once, by the normal end or by a signal. */
    public boolean claimReport() {
        return reported.compareAndSet(false, true);
    }
}
