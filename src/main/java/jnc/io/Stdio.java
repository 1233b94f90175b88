package jnc.io;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Standard input and output as channels on file descriptors 0 and 1: no Java stream buffering, no
 * charset, every byte as it is. Closing the sink closes fd 1, so the next program in a pipe sees EOF.
 */
public final class Stdio implements LocalEnd {
    private static final Stdio INSTANCE = new Stdio();

    private final FileChannel in = new FileInputStream(FileDescriptor.in).getChannel();
    private final FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel();

    private Stdio() {
    }

    public static Stdio get() {
        return INSTANCE;
    }

    @Override
    public ReadableByteChannel source() {
        return in;
    }

    @Override
    public WritableByteChannel sink() {
        return out;
    }

    /** Stdin when it is redirected from a regular file ({@code < send.file}). */
    @Override
    public FileChannel sourceFile() {
        try {
            BasicFileAttributes a = Files.readAttributes(Path.of("/proc/self/fd/0"), BasicFileAttributes.class);
            return a.isRegularFile() ? in : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Whether fd 0 is a terminal, read from /proc without loading any native code. */
    @Override
    public boolean endsWhenQuiet() {
        return true;
    }

    @Override
    public boolean interactive() {
        return isTerminal(0);
    }

    /** Whether descriptor {@code fd} (0, 1 or 2) is a terminal, read from /proc. */
    public static boolean isTerminal(int fd) {
        String t = fdTarget(fd);
        return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
    }

    @Override
    public int sourcePipeFd() {
        return fdTarget(0).startsWith("pipe:") ? 0 : -1;
    }

    @Override
    public int sinkSpliceFd() {
        String t = fdTarget(1);
        return t.startsWith("pipe:") || t.equals("/dev/null") ? 1 : -1;
    }

    @Override
    public boolean sinkNeedsPipe() {
        return !fdTarget(1).startsWith("pipe:");
    }

    /** What /proc says descriptor {@code fd} is: a path, {@code pipe:[N]}, {@code socket:[N]}; "" if unknown. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    @Override
    public void closeSink() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the reader of our stdout went away; nothing left to tell it
        }
    }
}
