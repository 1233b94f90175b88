package jnc.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * A connection refused by this machine, tried again for a moment: a jnc listener started a moment
 * before us (by the same script, say {@code jnc -l P & jnc 127.0.0.1 P}) needs a JVM's start-up,
 * some 40 ms, before it listens, where a C netcat needs one. Without this, such a client wins that
 * race and fails about half the time; with it, it connects once the listener is up (COMPAT.md).
 * Only loopback addresses and Unix sockets: elsewhere, refused means refused. A client that finds
 * nothing listening says so {@link #WINDOW} later than it would have; {@code -w} shortens the wait.
 */
public final class LoopbackRetry {
    /** How long a refused local connection is tried again. */
    public static final Duration WINDOW = Duration.ofMillis(500);
    private static final long PAUSE_MS = 10;

    private final long deadline;

    /** Starts the window now (at the first refusal), shortened by {@code -w} when given. */
    public LoopbackRetry(Duration connectTimeout) {
        Duration window = connectTimeout != null && connectTimeout.compareTo(WINDOW) < 0 ? connectTimeout : WINDOW;
        deadline = System.nanoTime() + window.toNanos();
    }

    /** True, after a short pause, when a TCP connection to {@code tried} that failed with {@code e} is worth another try. */
    public boolean again(IOException e, InetAddress tried) {
        return refused(e) && tried != null && tried.isLoopbackAddress() && pause();
    }

    /** As {@link #again(IOException, InetAddress)} for a Unix socket: refused, or its file not made yet. */
    public boolean againUnix(IOException e) {
        String m = e.getMessage();
        return (refused(e) || m != null && m.startsWith("No such file")) && pause();
    }

    static boolean refused(IOException e) {
        String m = e.getMessage();
        return e instanceof ConnectException && m != null && m.startsWith("Connection refused");
    }

    private boolean pause() {
        if (System.nanoTime() + PAUSE_MS * 1_000_000 > deadline) return false;
        try {
            Thread.sleep(PAUSE_MS);
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
