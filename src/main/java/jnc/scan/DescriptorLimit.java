package jnc.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many probes may be out at once: well below the process's limit on open descriptors ({@code ulimit -n}). */
final class DescriptorLimit {
    /** Enough to wait out a thousand silent ports in one round; more only costs memory and kernel work. */
    static final int MAX_WINDOW = 8192;
    /** What the JVM, the selector and stdio may hold open besides the probes. */
    private static final int RESERVE = 64;

    private DescriptorLimit() {
    }

    /** Half of what the limit leaves after the reserve, between 16 and {@link #MAX_WINDOW}. */
    static int window() {
        long soft = softLimit();
        return (int) Math.max(16, Math.min(MAX_WINDOW, (soft - RESERVE) / 2));
    }

    /** The soft limit from {@code /proc/self/limits}; 1024 (the usual default) when it cannot be read. */
    static long softLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (!line.startsWith("Max open files")) continue;
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format
        }
        return 1024;
    }
}
