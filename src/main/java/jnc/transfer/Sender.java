package jnc.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import jnc.io.EndStreams;
import jnc.cli.TransferOptions;
import jnc.io.NetEnd;
import jnc.transfer.tar.TarEntry;
import jnc.transfer.tar.TarWriter;

/**
 * {@code --send}: one connection's worth. A reader thread reads and hashes the files and queues
 * them (at most {@link #QUEUED} chunks of at most 1 MiB); this thread frames them as tar,
 * compresses and writes. There is no round trip per file: the only wait is one, at the start, for
 * a jnc receiver's list of what it already has.
 */
final class Sender {
    /** Files up to this size are read whole and their digest goes in their own header. */
    static final int SMALL = 1 << 20;
    static final int CHUNK = 1 << 20;
    static final int QUEUED = 32;
    /** How long a sender waits for a jnc receiver's answer before it takes the peer for plain tar. */
    static final Duration HELLO_WAIT = Duration.ofSeconds(1);
    static final Duration CONFIRM_WAIT = Duration.ofSeconds(120);

    private sealed interface Item permits Head, Batch, Data, Span, Digest, Fail, End {
    }

    /**
     * Members in order, small files' bytes packed one after the other in one pooled buffer {@code b}:
     * one hand-over between the threads for a run of small files, not two per file.
     */
    private record Batch(byte[] b, List<Packed> members) implements Item {
    }

    /** A member of a batch: a directory or symlink ({@code len} 0), or a small file whose bytes are {@code b[off, off + len)}. */
    private record Packed(Plan.Item item, String comment, int off, int len) {
    }

    /** A stretch of a large file, already hashed, for the writer to send from the file itself (zero copy). */
    private record Span(java.nio.file.Path source, long pos, int len) implements Item {
    }

    private record Head(Plan.Item item, String comment, long size) implements Item {
    }

    private record Data(byte[] b, int len) implements Item {
    }

    /** The digest record's fields after "jnc ": {@code sha256=HEX}, for a continued file with its two parts'. */
    private record Digest(String fields) implements Item {
    }

    private record Fail(IOException e) implements Item {
    }

    private record End() implements Item {
    }

    /** What the receiver said it has: verified files by name, and the bytes of partial ones. */
    private final Map<String, Journal.Done> done = new HashMap<>();
    private final Map<String, Long> parts = new HashMap<>();
    /** Every chunk's buffer comes from here and goes back once written: QUEUED in the queue, one being filled, one being written. */
    private final BufferPool buffers = new BufferPool(QUEUED + 2, CHUNK);
    private final TransferOptions options;
    private final Progress progress;
    private long skipped;
    /** Bytes a receiver kept from a cut transfer, checked against the cache's digest or read again here. */
    private long keptFromCache, keptReread;
    private final DigestCache cache = DigestCache.user();

    Sender(TransferOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    private Encoder encoder;
    /**
     * {@code --compress none} over plain TCP: a large file's bytes go from the page cache to the
     * socket by sendfile, and the reader thread only hashes them (read into a direct buffer): no
     * copy of the file through the heap on either thread.
     */
    private boolean zeroCopy;
    /** The reader thread's one direct buffer for hashing in zero-copy mode. */
    private ByteBuffer hashBuffer;
    private NetEnd net;

    String send(NetEnd net, Plan plan) throws IOException {
        this.net = net;
        zeroCopy = options.compress().equals("none") && net.socket() != null;
        progress.totals(plan.files, plan.bytes);
        OutputStream wire = new BufferedOutputStream(EndStreams.out(net), 256 * 1024);
        Encoder enc = Encoder.of(options.compress(), options.level(), wire);
        encoder = enc;
        TarWriter tar = new TarWriter(enc);
        Replies replies = new Replies(net);
        boolean jncPeer;
        long[] sent;
        try {
            tar.global(Map.of("comment", Protocol.HELLO + " files=" + plan.files + " bytes=" + plan.bytes));
            enc.flush();
            jncPeer = readHave(replies, plan);
            sent = stream(plan, tar);
            tar.finish();
            enc.finish();
            wire.flush();
            net.shutdownOutput();
        } catch (IOException e) {
            // A receiver that refused something says why before it closes; show that, not "broken pipe".
            String why = status(replies, Duration.ofSeconds(2));
            if (why != null && why.startsWith("fail ")) throw new TransferException("the receiver stopped: " + why.substring(5));
            throw e;
        }
        String status = status(replies, jncPeerWait(replies));
        String what = sent[0] + " file" + (sent[0] == 1 ? "" : "s") + ", " + sent[1] + " bytes"
                + (skipped > 0 ? " (" + skipped + " already there, not sent again)" : "")
                + (keptFromCache > 0 ? " (continued after " + keptFromCache + " bytes the receiver kept, checked against this machine's digests of them)" : "")
                + (keptReread > 0 ? " (continued after " + keptReread + " bytes the receiver kept, read again to check them)" : "");
        if (status != null && status.startsWith("ok")) return "sent " + what + ", verified by the receiver";
        if (status != null && status.startsWith("fail ")) throw new TransferException("the receiver failed: " + status.substring(5));
        if (replies.eof() && !sawHave) return "sent " + what + " (the receiver is not jnc: nothing verified it)";
        throw new TransferException("sent " + what + ", but the receiver " + (replies.eof() ? "closed" : "did not answer") + " without confirming it");
    }

    private boolean sawHave;

    private Duration jncPeerWait(Replies replies) {
        return sawHave ? CONFIRM_WAIT : Duration.ofSeconds(10);
    }

    /** The receiver's final word, skipping a have-list that came too late to be used. */
    private String status(Replies replies, Duration wait) throws IOException {
        while (true) {
            String line = replies.line(wait);
            if (line == null) return null;
            if (line.equals(Protocol.HAVE)) sawHave = true;
            if (line.startsWith("ok") || line.startsWith("fail ")) return line;
        }
    }

    /**
     * Waits once for the receiver's list; a peer that says nothing is plain tar, and gets everything.
     * Only files this sender sends are kept from it: a receiver's claims about other names (a hostile
     * one sent 800,000) would otherwise fill the heap, so the maps hold at most the plan's files.
     */
    private boolean readHave(Replies replies, Plan plan) throws IOException {
        String first = replies.line(HELLO_WAIT);
        if (!Protocol.HAVE.equals(first)) return false;
        sawHave = true;
        Set<String> ours = null;
        while (true) {
            String line = replies.line(Duration.ofSeconds(30));
            if (line == null) throw new TransferException("the receiver's list of what it has was cut off");
            if (line.equals("end")) return true;
            String[] w = line.split(" ");
            boolean isDone = w.length == 4 && w[0].equals("done") && Protocol.isSha256(w[2]);
            boolean isPart = w.length == 3 && w[0].equals("part");
            if (!isDone && !isPart) continue;
            if (ours == null) ours = fileNames(plan);
            String name;
            long n;
            try {
                name = Names.decode(w[w.length - 1]);
                n = Long.parseLong(w[1]);
            } catch (IllegalArgumentException e) { // a size that is not a number, a broken %-escape
                throw new TransferException("the receiver's list of what it has is malformed");
            }
            if (n < 0) throw new TransferException("the receiver's list of what it has is malformed");
            if (!ours.contains(name)) continue;
            if (isDone) done.put(name, new Journal.Done(n, w[2]));
            else parts.put(name, n);
        }
    }

    private static Set<String> fileNames(Plan plan) {
        Set<String> names = new HashSet<>();
        for (Plan.Item p : plan.items) {
            if (p.kind() == Plan.Kind.FILE) names.add(p.name());
        }
        return names;
    }

    /** Frames what the reader thread queues; returns {files, bytes} sent. */
    private long[] stream(Plan plan, TarWriter tar) throws IOException {
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUED);
        Thread reader = Thread.ofPlatform().daemon().name("jnc-read").start(() -> produce(plan, queue));
        long files = 0;
        long bytes = 0;
        long left = 0;
        boolean hints = encoder.wantsHints();
        boolean firstData = false;
        try {
            while (true) {
                Item it = queue.take();
                if (it instanceof Head h) {
                    begin(tar, h.item(), h.comment(), h.size());
                    // A large file's header goes out at once: a resumed file's receiver then hashes
                    // its prefix while our reader hashes ours.
                    if (h.comment() != null && h.comment().contains(Protocol.FOLLOWS)) encoder.flush();
                    left = h.size();
                    firstData = true;
                    if (h.item().kind() == Plan.Kind.FILE) {
                        files++;
                        bytes += h.size();
                    }
                    if (left == 0) {
                        tar.end();
                        if (h.item().kind() == Plan.Kind.FILE) progress.fileDone();
                    }
                } else if (it instanceof Batch batch) {
                    for (Packed m : batch.members()) {
                        begin(tar, m.item(), m.comment(), m.len());
                        if (m.len() > 0) {
                            if (hints) encoder.hint(Encoder.looksCompressible(batch.b(), m.off(), m.len()));
                            tar.data(batch.b(), m.off(), m.len());
                            progress.add(m.len());
                        }
                        tar.end();
                        if (m.item().kind() == Plan.Kind.FILE) {
                            files++;
                            bytes += m.len();
                            progress.fileDone();
                        }
                    }
                    buffers.give(batch.b());
                } else if (it instanceof Data d) {
                    if (firstData && hints) encoder.hint(Encoder.looksCompressible(d.b(), 0, d.len()));
                    firstData = false;
                    tar.data(d.b(), 0, d.len());
                    buffers.give(d.b());
                    progress.add(d.len());
                    left -= d.len();
                    if (left == 0) {
                        tar.end();
                        progress.fileDone();
                    }
                } else if (it instanceof Span s) {
                    encoder.flush(); // the header and anything before it go first
                    sendSpan(s);
                    tar.dataWrittenElsewhere(s.len());
                    progress.add(s.len());
                    left -= s.len();
                    if (left == 0) {
                        closeSpanFile();
                        tar.end();
                        progress.fileDone();
                    }
                } else if (it instanceof Digest g) {
                    tar.global(Map.of("comment", Protocol.TAG + " " + g.fields()));
                } else if (it instanceof Fail f) {
                    throw f.e();
                } else {
                    tar.global(Map.of("comment", Protocol.END + " files=" + files + " bytes=" + bytes));
                    return new long[] {files, bytes};
                }
            }
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        } finally {
            reader.interrupt();
            closeSpanFile();
        }
    }

    private static void begin(TarWriter tar, Plan.Item p, String comment, long size) throws IOException {
        Map<String, String> extra = comment == null ? Map.of() : Map.of("comment", comment);
        switch (p.kind()) {
            case DIRECTORY -> tar.begin(p.name() + "/", TarEntry.Type.DIRECTORY, p.mode(), 0, p.mtime(), null, extra);
            case SYMLINK -> tar.begin(p.name(), TarEntry.Type.SYMLINK, p.mode(), 0, p.mtime(), p.link(), extra);
            case FILE -> tar.begin(p.name(), TarEntry.Type.FILE, p.mode(), size, p.mtime(), null, extra);
        }
    }

    private java.nio.file.Path spanSource;
    private FileChannel spanFile;

    /** A span by sendfile; the file stays open until its last span. */
    private void sendSpan(Span s) throws IOException {
        if (!s.source().equals(spanSource)) {
            closeSpanFile();
            spanFile = FileChannel.open(s.source(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            spanSource = s.source();
        }
        long pos = s.pos();
        long end = pos + s.len();
        while (pos < end) {
            long n = spanFile.transferTo(pos, end - pos, net.socket());
            if (n <= 0) {
                if (!net.isOpen()) throw new java.nio.channels.ClosedChannelException();
                if (pos >= spanFile.size()) throw changed(s.source().toString());
                continue;
            }
            pos += n;
        }
    }

    private void closeSpanFile() throws IOException {
        if (spanFile != null) spanFile.close();
        spanFile = null;
        spanSource = null;
    }

    /** The reader thread: reads and hashes each file, small ones whole, large ones in chunks with the digest after. */
    private void produce(Plan plan, BlockingQueue<Item> queue) {
        try {
            for (Plan.Item p : plan.items) {
                if (p.kind() != Plan.Kind.FILE) {
                    room(0, queue);
                    pack(p, null, 0);
                } else if (!alreadyThere(p)) {
                    file(p, queue);
                }
            }
            flushBatch(queue);
            queue.put(new End());
        } catch (InterruptedException e) {
            // the writer stopped
        } catch (IOException e) {
            try {
                queue.put(new Fail(e));
            } catch (InterruptedException ignored) {
                // the writer stopped
            }
        } finally {
            cache.close();
        }
    }

    /** The batch being filled by the reader thread: its buffer, the bytes used, its members. */
    private byte[] batch;
    private int batchUsed;
    private List<Packed> batchMembers = new ArrayList<>();
    /** Members per batch at most, so that the writer gets to work while a tree of empty files is read. */
    private static final int BATCH_MEMBERS = 512;
    /** The reader thread's digest for small files, reset by each {@code digest()}. */
    private final MessageDigest smallDigest = Digests.sha256();

    /** Makes room in the batch for a member with {@code len} bytes: a new batch when this one is full. */
    private void room(int len, BlockingQueue<Item> queue) throws InterruptedException {
        if (batch != null && (batchUsed + len > batch.length || batchMembers.size() >= BATCH_MEMBERS)) flushBatch(queue);
        if (batch == null) {
            batch = buffers.take();
            batchUsed = 0;
        }
    }

    /** Adds a member to the batch, after {@link #room}; a small file's {@code len} bytes are at {@link #batchUsed}. */
    private void pack(Plan.Item p, String comment, int len) {
        batchMembers.add(new Packed(p, comment, batchUsed, len));
        batchUsed += len;
    }

    private void flushBatch(BlockingQueue<Item> queue) throws InterruptedException {
        if (batch == null) return;
        if (batchMembers.isEmpty()) {
            buffers.give(batch);
        } else {
            queue.put(new Batch(batch, batchMembers));
            batchMembers = new ArrayList<>();
        }
        batch = null;
    }

    /** A file the receiver verified before, with the same bytes here: not sent again. */
    private boolean alreadyThere(Plan.Item p) throws IOException {
        Journal.Done d = done.get(p.name());
        if (d == null || d.size() != p.size()) return false;
        MessageDigest md = Digests.sha256();
        hashPrefix(p, md, p.size());
        if (!Digests.hex(md.digest()).equals(d.sha256())) return false;
        skipped++;
        return true;
    }

    private void file(Plan.Item p, BlockingQueue<Item> queue) throws IOException, InterruptedException {
        Long part = parts.get(p.name());
        long offset = part != null && part <= p.size() ? part : 0;
        if (p.size() <= SMALL && offset == 0) {
            // Read straight into the batch's buffer, hashed there; the digest goes in the file's own header.
            int len = (int) p.size();
            room(len, queue);
            try (FileChannel ch = FileChannel.open(p.source(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer bb = ByteBuffer.wrap(batch, batchUsed, len);
                while (bb.hasRemaining()) {
                    if (ch.read(bb) < 0) throw changed(p);
                }
            }
            smallDigest.update(batch, batchUsed, len);
            pack(p, Protocol.TAG + " sha256=" + Digests.hex(smallDigest.digest()), len);
            return;
        }
        flushBatch(queue); // members stay in order
        MessageDigest md = Digests.sha256();
        queue.put(new Head(p, Protocol.TAG + " sha256=" + Protocol.FOLLOWS + (offset > 0 ? " offset=" + offset : ""), p.size() - offset));
        // A continued file: the SHA-256 of the part the receiver kept on a thread of its own, while this
        // one hashes and queues the rest at once. The receiver checks each part against its digest
        // (Receiver.commitPending says why there is no whole-file digest then).
        PrefixDigest prefix = offset > 0 ? PrefixDigest.start(p.source(), offset, cache) : null;
        if (prefix != null && prefix.fromCache()) keptFromCache += offset; else if (prefix != null) keptReread += offset;
        try {
            tail(p, offset, md, queue);
            String tail = Digests.hex(md.digest());
            queue.put(new Digest(prefix == null ? "sha256=" + tail : "prefix=" + prefix.get() + " tail=" + tail));
        } finally {
            if (prefix != null) prefix.stop();
        }
    }

    /**
     * Reads and hashes a large file from {@code offset} on, queuing it in chunks (or spans, in zero-copy
     * mode). Hashed from the start, its digest at every {@link DigestCache#STEP} goes to the cache.
     */
    private void tail(Plan.Item p, long offset, MessageDigest md, BlockingQueue<Item> queue) throws IOException, InterruptedException {
        // The identity before the first byte is read: a write after this moment changes it.
        String identity = offset == 0 && p.size() > DigestCache.STEP ? DigestCache.identity(p.source(), DigestCache.nowNs()) : null;
        try (FileChannel ch = FileChannel.open(p.source(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long pos = offset;
            if (zeroCopy) {
                // Hash only; the writer sends the same stretch from the file. Should the file change in
                // between, the receiver's check of the digest fails the transfer: nothing wrong is kept.
                if (hashBuffer == null) hashBuffer = ByteBuffer.allocateDirect(CHUNK);
                ByteBuffer direct = hashBuffer;
                while (pos < p.size()) {
                    direct.clear().limit((int) Math.min(CHUNK, p.size() - pos));
                    while (direct.hasRemaining()) {
                        if (ch.read(direct, pos + direct.position()) < 0) throw changed(p);
                    }
                    int n = direct.position();
                    md.update(direct.flip());
                    step(identity, pos + n, md);
                    queue.put(new Span(p.source(), pos, n));
                    pos += n;
                }
            }
            while (pos < p.size()) {
                byte[] b = buffers.take();
                ByteBuffer bb = ByteBuffer.wrap(b, 0, (int) Math.min(CHUNK, p.size() - pos));
                while (bb.hasRemaining()) {
                    if (ch.read(bb, pos + bb.position()) < 0) throw changed(p);
                }
                int n = bb.position();
                md.update(b, 0, n);
                step(identity, pos + n, md);
                queue.put(new Data(b, n));
                pos += n;
            }
        }
    }

    /** At a step of a file hashed from its start, its digest so far goes to the cache (the sender's chunk divides the step). */
    private void step(String identity, long hashed, MessageDigest md) {
        if (identity != null && hashed % DigestCache.STEP == 0) cache.record(identity, hashed, Digests.hex(Digests.copy(md).digest()));
    }

    private static void hashPrefix(Plan.Item p, MessageDigest md, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(p.source(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (!Digests.update(md, ch, 0, length, ByteBuffer.allocate(CHUNK))) throw changed(p);
        }
    }

    private static IOException changed(Plan.Item p) {
        return changed(p.name());
    }

    private static IOException changed(String name) {
        return new TransferException("\"" + Names.printable(name) + "\" shrank while being sent");
    }
}
