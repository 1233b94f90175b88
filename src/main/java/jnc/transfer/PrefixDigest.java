package jnc.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * The SHA-256 of a continued file's first {@code offset} bytes (the part the receiver kept from the
 * cut transfer): from the sender's {@link DigestCache} when it vouches for them, else computed on a
 * thread of its own while the sender's reader hashes and sends the rest: the two cores share the
 * hashing, and each byte of the file is hashed once.
 */
final class PrefixDigest {
    private final Thread thread;
    private String digest;
    private IOException failure;

    private PrefixDigest(Path source, long offset) {
        thread = Thread.ofPlatform().daemon().name("jnc-hash").start(() -> run(source, offset));
    }

    private PrefixDigest(String known) {
        thread = null;
        digest = known;
    }

    static PrefixDigest start(Path source, long offset, DigestCache cache) {
        String known = cache.lookup(DigestCache.identity(source, DigestCache.nowNs()), offset);
        return known != null ? new PrefixDigest(known) : new PrefixDigest(source, offset);
    }

    /** Whether the digest came from the cache: the kept bytes were not read again. */
    boolean fromCache() {
        return thread == null;
    }

    private void run(Path source, long offset) {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = Digests.sha256();
            if (!Digests.update(md, ch, 0, offset, ByteBuffer.allocateDirect(Sender.CHUNK))) {
                throw new TransferException("\"" + Names.printable(source.toString()) + "\" shrank while being sent");
            }
            String d = Digests.hex(md.digest());
            synchronized (this) {
                digest = d;
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
        }
    }

    /** The digest, once the thread is done. */
    String get() throws IOException, InterruptedException {
        if (thread != null) thread.join();
        synchronized (this) {
            if (failure != null) throw failure;
            return digest;
        }
    }

    /** The sender stopped: so does this thread (an interrupted read closes its channel). */
    void stop() {
        if (thread != null) thread.interrupt();
    }
}
