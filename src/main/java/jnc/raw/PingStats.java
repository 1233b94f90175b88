package jnc.raw;

import java.util.Locale;

/**
 * What {@code --ping} counts: requests sent, replies received and their round-trip times, and the
 * summary ping prints at the end. Thread-safe: Ctrl-C prints the summary from a shutdown hook while
 * the pinging thread may still be counting.
 */
final class PingStats {
    private int transmitted;
    private int received;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos;
    private double sumMillis;
    private double sumSquaresMillis;
    private boolean summarized;

    synchronized void sent() {
        transmitted++;
    }

    synchronized void replied(long rttNanos) {
        received++;
        minNanos = Math.min(minNanos, rttNanos);
        maxNanos = Math.max(maxNanos, rttNanos);
        double ms = rttNanos / 1e6;
        sumMillis += ms;
        sumSquaresMillis += ms * ms;
    }

    synchronized int received() {
        return received;
    }

    /** True for the one caller that is to print the summary (the end of the run, or Ctrl-C). */
    synchronized boolean claimSummary() {
        if (summarized) return false;
        summarized = true;
        return true;
    }

    /** ping's closing lines; {@code elapsedMillis} is the time since the first request. */
    synchronized String summary(String host, long elapsedMillis) {
        StringBuilder sb = new StringBuilder();
        sb.append("\n--- ").append(host).append(" ping statistics ---\n");
        int lossPercent = transmitted == 0 ? 0 : (int) ((transmitted - received) * 100L / transmitted);
        sb.append(transmitted).append(" packets transmitted, ").append(received).append(" received, ")
                .append(lossPercent).append("% packet loss, time ").append(elapsedMillis).append("ms\n");
        if (received > 0) {
            double avg = sumMillis / received;
            double mdev = Math.sqrt(Math.max(0, sumSquaresMillis / received - avg * avg));
            sb.append(String.format(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n",
                    minNanos / 1e6, avg, maxNanos / 1e6, mdev));
        }
        return sb.toString();
    }

    /** A round-trip time as ping prints it: three significant digits or so ({@code 0.045}, {@code 12.3}). */
    static String millis(long nanos) {
        double ms = nanos / 1e6;
        String format = ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, format, ms);
    }
}
