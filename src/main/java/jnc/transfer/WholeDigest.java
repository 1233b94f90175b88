package jnc.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A continued file's SHA-256, whole and of its first {@code offset} bytes, computed on a thread of
 * its own while the sender already sends the rest: SHA-256 runs strictly in order, so the whole
 * file's digest cannot be put together from its parts, and this thread is the only one that reads
 * the prefix.
 */
final class WholeDigest {
    private final Thread thread;
    private String prefix;
    private String whole;
    private IOException failure;

    private WholeDigest(Path source, long offset, long size) {
        thread = Thread.ofPlatform().daemon().name("jnc-hash").start(() -> run(source, offset, size));
    }

    static WholeDigest start(Path source, long offset, long size) {
        return new WholeDigest(source, offset, size);
    }

    private void run(Path source, long offset, long size) {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = Digests.sha256();
            ByteBuffer bb = ByteBuffer.allocateDirect(Sender.CHUNK);
            long pos = 0;
            String p = null;
            while (pos < size) {
                // Chunks end at the offset, where the prefix's digest is taken from a copy of the state.
                long end = pos < offset ? offset : size;
                bb.clear().limit((int) Math.min(bb.capacity(), end - pos));
                int n = ch.read(bb, pos);
                if (n < 0) throw new TransferException("\"" + Names.printable(source.toString()) + "\" shrank while being sent");
                md.update(bb.flip());
                pos += n;
                if (pos == offset) p = Digests.hex(Digests.copy(md).digest());
            }
            String w = Digests.hex(md.digest());
            synchronized (this) {
                prefix = p;
                whole = w;
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
        }
    }

    private void await() throws IOException, InterruptedException {
        thread.join();
        synchronized (this) {
            if (failure != null) throw failure;
        }
    }

    String prefix() throws IOException, InterruptedException {
        await();
        synchronized (this) {
            return prefix;
        }
    }

    String whole() throws IOException, InterruptedException {
        await();
        synchronized (this) {
            return whole;
        }
    }

    /** The sender stopped: so does this thread (an interrupted read closes its channel). */
    void stop() {
        thread.interrupt();
    }
}
