package jnc.transfer;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

import jnc.base.Diag;

/**
 * What the user sees while files move: on a terminal one line redrawn four times a second (bytes,
 * rate, files done of total, ETA); elsewhere nothing, or with {@code -v} a plain line every few seconds.
 */
final class Progress implements AutoCloseable {
    private static final PrintStream ERR = System.err;
    private final String verb;
    private final boolean terminal;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong files = new AtomicLong();
    private volatile long totalBytes = -1;
    private volatile long totalFiles = -1;
    private final long start = System.nanoTime();
    private final Thread ticker;
    private volatile boolean closed;
    private int lastWidth;

    Progress(String verb, boolean terminal, boolean verbose) {
        this.verb = verb;
        this.terminal = terminal;
        if (!terminal && !verbose) {
            ticker = null;
            return;
        }
        long period = terminal ? 250 : 3000;
        ticker = Thread.ofPlatform().daemon().name("jnc-progress").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) print(false);
            }
        });
    }

    void totals(long fileCount, long byteCount) {
        totalFiles = fileCount;
        totalBytes = byteCount;
    }

    void add(long n) {
        bytes.addAndGet(n);
    }

    void fileDone() {
        files.incrementAndGet();
    }

    long bytes() {
        return bytes.get();
    }

    long files() {
        return files.get();
    }

    private synchronized void print(boolean last) {
        double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long b = bytes.get();
        double rate = b / secs;
        StringBuilder line = new StringBuilder(verb).append(' ').append(size(b));
        if (totalBytes >= 0) line.append(" of ").append(size(totalBytes));
        line.append(", ").append(size((long) rate)).append("/s, files ").append(files.get());
        if (totalFiles >= 0) line.append(" of ").append(totalFiles);
        if (totalBytes > 0 && rate > 0 && !last) {
            long eta = (long) (Math.max(0, totalBytes - b) / rate);
            line.append(", ETA ").append(eta / 60).append(':').append(String.format("%02d", eta % 60));
        }
        String shown = Diag.tr(line.toString());
        if (terminal) {
            int pad = Math.max(0, lastWidth - shown.length());
            lastWidth = shown.length();
            ERR.print("\r" + shown + " ".repeat(pad) + (last ? "\n" : ""));
            ERR.flush();
        } else {
            ERR.println(shown);
        }
    }

    static String size(long n) {
        if (n < 1024) return n + " B";
        if (n < 1 << 20) return String.format("%.1f KiB", n / 1024.0);
        if (n < 1L << 30) return String.format("%.1f MiB", n / 1048576.0);
        return String.format("%.2f GiB", n / 1073741824.0);
    }

    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.interrupt();
            if (terminal) print(true);
        }
    }
}
