package jnc.sys;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many more descriptors this process may open ({@code ulimit -n} less those open). Starting a
 * command when only a few are left makes the JDK fail half-way and leave its pipes open (two per
 * failed start, measured under {@code ulimit -n 200}): asking first avoids that path altogether.
 */
public final class Descriptors {
    private static volatile long limit = -1;

    private Descriptors() {
    }

    /** Descriptors still free, or {@link Long#MAX_VALUE} when the limit cannot be told. */
    public static long headroom() {
        long max = limit();
        if (max == Long.MAX_VALUE) return max;
        long open = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path ignored : fds) open++;
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
        return max - open;
    }

    /** The soft limit on open files, from /proc/self/limits ("Max open files  1024  4096  files"). */
    private static long limit() {
        long l = limit;
        if (l >= 0) return l;
        l = Long.MAX_VALUE;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (!line.startsWith("Max open files")) continue;
                String soft = line.substring("Max open files".length()).trim().split(" +")[0];
                if (!soft.equals("unlimited")) l = Long.parseLong(soft);
            }
        } catch (IOException | RuntimeException e) {
            // unknown: never refuse on its account
        }
        limit = l;
        return l;
    }
}
