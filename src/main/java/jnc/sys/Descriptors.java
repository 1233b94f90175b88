package jnc.sys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many more descriptors this process may open ({@code ulimit -n} less those open). Starting a
 * command when only a few are left makes the JDK fail half-way and leave its pipes open (two per
 * failed start, measured under {@code ulimit -n 200}): asking first avoids that path altogether.
 */
public final class Descriptors {
    private static final Path PROC_FD = Path.of("/proc/self/fd");
    private static volatile long limit = -1;
    /**
     * Held while a child's start looks at the headroom, and near the limit for the whole start: one start at a
     * time, and no accept meanwhile, so the start keeps the headroom it saw. Under {@code ulimit -n 160} (in CI),
     * starts that shared the last descriptors made the JDK fail half-way, and then leave pipes open or close
     * descriptors that had become another session's: that session waited forever on a socket closed under it.
     */
    private static final ReentrantLock START = new ReentrantLock();

    private Descriptors() {
    }

    /** Descriptors still free (0 when not even /proc can be opened), or {@link Long#MAX_VALUE} when the limit cannot be told. */
    public static long headroom() {
        long max;
        long open = 0;
        try {
            max = limit();
            if (max == Long.MAX_VALUE) return max;
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_FD)) {
                for (Path ignored : fds) open++;
            }
        } catch (IOException e) {
            // Where /proc is, failing to open a file in it means no descriptor is free (EMFILE): none, not "unknown".
            return Files.isDirectory(PROC_FD) ? 0 : Long.MAX_VALUE;
        } catch (java.nio.file.DirectoryIteratorException e) {
            return Long.MAX_VALUE; // a directory that cannot be read through: unknown
        }
        return Math.max(0, max - open);
    }

    /** Takes the start gate (see {@link #START}); pair with {@link #endStart}. */
    public static void beginStart() {
        START.lock();
    }

    /** Opens the start gate again. */
    public static void endStart() {
        START.unlock();
    }

    /** For an acceptor: returns at once unless a child is starting near the limit, else when it has started. */
    public static void awaitStart() {
        if (!START.isLocked()) return;
        START.lock();
        START.unlock();
    }

    /**
     * The soft limit on open files, from /proc/self/limits ("Max open files  1024  4096  files"). Throws when
     * the file cannot be opened, so that at the limit (EMFILE) it is asked again rather than taken as unknown.
     */
    private static long limit() throws IOException {
        long l = limit;
        if (l >= 0) return l;
        l = Long.MAX_VALUE;
        Path limits = Path.of("/proc/self/limits");
        if (!Files.exists(limits)) return limit = l; // no /proc: unknown, never refuse on its account
        for (String line : Files.readAllLines(limits)) {
            if (!line.startsWith("Max open files")) continue;
            String soft = line.substring("Max open files".length()).trim().split(" +")[0];
            try {
                if (!soft.equals("unlimited")) l = Long.parseLong(soft);
            } catch (NumberFormatException e) {
                // a line it cannot read: unknown
            }
        }
        limit = l;
        return l;
    }
}
