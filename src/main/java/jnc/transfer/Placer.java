package jnc.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The receiver's second thread, for small files (up to {@link #BUFFER} bytes). The reading thread
 * checks each small file's SHA-256 as it arrives and hands over only verified bytes (or a plain tar
 * stream's), packed one after the other into a batch buffer; this thread writes each under its
 * temporary name, sets its mode and time and renames it into place, in the order they came. Nothing
 * unverified is written at all, and the two cores share the work of a tree of small files: hashing
 * on one, the file system's calls (open, write, chmod, utimes, rename) on the other.
 * <p>
 * The reading thread waits for this one ({@link #sync}) before anything that looks at or changes the
 * tree other than a small file: a directory, a link, a large file, a directory made on a member's way
 * (SafeTree calls it), the end. So the members take effect in the stream's order, as if one thread did
 * all. At most {@link #BUFFERS} buffers of 1 MiB (direct memory) exist.
 */
final class Placer implements AutoCloseable {
    static final int BUFFER = 1 << 20;
    static final int BUFFERS = 4;
    /** Files per batch at most, so that this thread gets to work while a tree of tiny files arrives. */
    private static final int BATCH_FILES = 256;
    private static final Object STOP = new Object();

    /**
     * A file to place: its bytes at {@code [off, off + len)} of its batch's buffer, their SHA-256
     * {@code sha}; {@code absent}: nothing can be at {@code target} (the reading thread's tree knew).
     */
    record Job(String name, Path part, Path target, int mode, long mtime, String sha, boolean absent, int off, int len) {
    }

    private record Batch(ByteBuffer buf, List<Job> jobs) {
    }

    private final boolean force;
    private final Progress progress;
    private final Journal journal;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BUFFERS + 2);
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private volatile IOException failure;
    private Thread thread;
    private int made;
    private ByteBuffer current;
    private List<Job> jobs = new ArrayList<>();

    Placer(boolean force, Progress progress, Journal journal) {
        this.force = force;
        this.progress = progress;
        this.journal = journal;
    }

    /** A buffer with room for {@code len} more bytes at its position, for the next file's bytes; {@link #add} follows. */
    ByteBuffer room(int len) throws IOException {
        check();
        if (current != null && (current.remaining() < len || jobs.size() >= BATCH_FILES)) handOver();
        if (current == null) {
            current = free.poll();
            if (current == null && made < BUFFERS) {
                made++;
                current = ByteBuffer.allocateDirect(BUFFER);
            }
            if (current == null) current = take(free);
        }
        return current;
    }

    /** A verified file whose bytes were just put in the buffer {@link #room} gave. */
    void add(Job job) {
        jobs.add(job);
    }

    /** Hands over what is batched and waits until every file is in place; throws this thread's failure. */
    void sync() throws IOException {
        handOver();
        if (thread == null) return; // nothing was ever handed over
        CountDownLatch done = new CountDownLatch(1);
        put(done);
        try {
            done.await();
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
        check();
    }

    private void handOver() throws IOException {
        if (current == null) return;
        if (jobs.isEmpty()) {
            free.offer(current);
        } else {
            if (thread == null) thread = Thread.ofPlatform().daemon().name("jnc-place").start(this::run);
            put(new Batch(current, jobs));
            jobs = new ArrayList<>();
        }
        current = null;
    }

    private void check() throws IOException {
        IOException e = failure;
        if (e != null) throw e;
    }

    private void put(Object o) throws IOException {
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
    }

    private static ByteBuffer take(BlockingQueue<ByteBuffer> q) throws IOException {
        try {
            return q.take();
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
    }

    /** This thread: each batch's files in order; after a failure the rest are dropped (never written), but the queue still drains. */
    private void run() {
        while (true) {
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (o == STOP) return;
            if (o instanceof CountDownLatch l) {
                l.countDown();
                continue;
            }
            Batch b = (Batch) o;
            for (Job j : b.jobs()) {
                if (failure != null) break;
                try {
                    write(j, b.buf());
                    place(j);
                } catch (IOException | RuntimeException e) {
                    failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                    try {
                        Files.deleteIfExists(j.part());
                    } catch (IOException ignored) {
                        // the failure is what counts
                    }
                }
            }
            b.buf().clear();
            free.offer(b.buf());
        }
    }

    private static void write(Job j, ByteBuffer buf) throws IOException {
        try (FileChannel out = FileChannel.open(j.part(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer w = buf.slice(j.off(), j.len());
            while (w.hasRemaining()) out.write(w);
        }
    }

    /** A verified file's temporary file into place: refused over an existing file with other bytes, unless {@code --force}. */
    private void place(Job j) throws IOException {
        if (!j.absent() && !force && Files.exists(j.target(), LinkOption.NOFOLLOW_LINKS)) {
            // The same bytes already there are fine (a rerun); other bytes are not ours to replace.
            boolean same = Files.isRegularFile(j.target(), LinkOption.NOFOLLOW_LINKS) && Files.size(j.target()) == j.len()
                    && j.sha().equals(Digests.hex(Receiver.hashFile(j.target())));
            Files.deleteIfExists(j.part());
            if (!same) throw new Refusal(j.name(), "it exists already (--force replaces it)");
        } else {
            install(j.part(), j.target(), j.mode(), j.mtime());
        }
        if (journal != null) journal.verified(j.name(), j.len(), j.sha());
        progress.fileDone();
    }

    /** Mode (without set-uid, set-gid, sticky) and time on the temporary file, then the rename into place. */
    static void install(Path part, Path target, int mode, long mtime) throws IOException {
        Files.setPosixFilePermissions(part, Receiver.permissions(mode));
        // Path-based, not followed: Files.setLastModifiedTime opens the file, reads its times and closes
        // it again to keep the access time (four calls per file); the access time becomes now, as tar x does.
        Files.getFileAttributeView(part, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.fromMillis(mtime * 1000), FileTime.from(java.time.Instant.now()), null);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Stops the thread; what it had not done yet is dropped (only verified files were queued, none has its name). */
    @Override
    public void close() {
        if (thread == null) return;
        queue.clear();
        queue.offer(STOP);
        thread.interrupt();
    }
}
