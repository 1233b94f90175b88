package jnc.base;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The last word on a throwable nobody caught: an {@code OutOfMemoryError}, a {@code
 * StackOverflowError} or a bug. The JVM's default prints a stack trace; jnc prints one line. A
 * client's session thread (virtual: one per client of a {@code -k} listener, a datagram peer, a
 * chat member's writer, a proxy tunnel) ends with its session, and the listener keeps serving the
 * others; any other thread's death could leave jnc stuck half-way, so jnc exits 1 at once.
 */
public final class LastResort implements Thread.UncaughtExceptionHandler {
    /** An instance, not a method reference: a lambda would be spun at start-up, outside the AOT cache (ms). */
    private static final LastResort HANDLER = new LastResort();
    /** Written as it is when even the line cannot be built: memory is what ran out. */
    private static final byte[] OUT_OF_MEMORY = "jnc: out of memory.\n".getBytes(StandardCharsets.US_ASCII);

    private LastResort() {
    }

    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(HANDLER);
    }

    /** The one line for {@code t}: {@code out of memory (Java heap space).}, say. */
    public static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory" + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")") + ".";
        }
        if (t instanceof StackOverflowError) return "internal error: stack overflow.";
        return "internal error: " + t + ".";
    }

    @Override
    public void uncaughtException(Thread thread, Throwable t) {
        try {
            boolean session = thread.isVirtual();
            Diag.error(describe(t) + (session ? " One session ended; still serving the others." : ""));
            if (session) return;
        } catch (Throwable again) {
            raw();
        }
        System.err.flush();
        Runtime.getRuntime().halt(ExitCode.NETWORK.code);
    }

    private static void raw() {
        try {
            @SuppressWarnings("resource") // fd 2 stays open
            FileOutputStream err = new FileOutputStream(FileDescriptor.err);
            err.write(OUT_OF_MEMORY);
        } catch (IOException | Error ignored) {
            // nothing more can be said
        }
    }
}
