package jnc.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jnc.io.EndStreams;
import jnc.base.Diag;
import jnc.io.NetEnd;
import jnc.transfer.tar.TarEntry;
import jnc.transfer.tar.TarReader;

/**
 * {@code --receive DIR}: reads a tar stream (gzip, zstd or plain, detected) into DIR. Each file is
 * written under a temporary name, checked against the SHA-256 a jnc sender gave, and only then
 * renamed into place; a plain tar stream from another sender is accepted and reported unverified.
 * Every member is checked by {@link SafeTree} first; the first bad one ends the transfer.
 */
final class Receiver {
    private static final int BUF = 256 * 1024;

    private final SafeTree tree;
    private final boolean force;
    private final Progress progress;
    /** Small files' second thread: verified bytes go there to be written and renamed into place. */
    private Placer placer;
    /** The digest of small files, reset by each {@code digest()}. */
    private final MessageDigest smallDigest = Digests.sha256();
    /** The stream read ahead, whose chunks a file's content is hashed and written from. */
    private Prefetch ahead;
    private final List<Directory> directories = new ArrayList<>();
    private Journal journal;
    private boolean jnc;
    private long files;
    private long bytes;
    private long unverified;
    /** A large file written and waiting for the digest record that follows it. */
    private Pending pending;

    private record Directory(Path path, int mode, long mtime) {
    }

    /**
     * A file written and waiting for its check. {@code digest} is the SHA-256 of all its bytes, or, for a
     * file continued after {@code keptLength} bytes kept from a cut transfer, of the bytes after them only;
     * {@code keptSha} is then the digest of the kept bytes (from the journal, or hashed again), else {@code null}.
     */
    private record Pending(String name, Path part, Path target, long size, byte[] digest, String keptSha, long keptLength, int mode, long mtime) {
    }

    /** Bytes of partial files continued: kept without reading them again, and read again to hash them. */
    private long keptUnread;
    private long keptReread;

    Receiver(SafeTree tree, boolean force, Progress progress) {
        this.tree = tree;
        this.force = force;
        this.progress = progress;
    }

    /** Receives one stream; returns the summary line, or throws with the line that says what went wrong. */
    String receive(NetEnd net) throws IOException {
        String[] kind = new String[1];
        // The socket (and the decompressor) run ahead on a thread of their own.
        Prefetch tarBytes = Decoders.detect(net, kind);
        this.ahead = tarBytes;
        OutputStream reply = EndStreams.out(net);
        TarReader tar = new TarReader(tarBytes);
        try {
            String summary = read(tar, reply);
            // The gzip trailer (its CRC) is checked only when read; gzip stops at its member's end by
            // itself. A jnc sender closes its side, so its stream is read to the end; a plain sender
            // such as `tar c | nc` may keep its connection open, so nothing more is awaited from it.
            if (jnc || kind[0].equals("gzip")) drain(tarBytes);
            finishDirectories();
            if (journal != null) journal.remove();
            if (jnc) say(reply, "ok " + files + " " + bytes);
            return summary;
        } catch (IOException | RuntimeException e) {
            // The small files verified before the failure go into place (and into the journal, for a rerun).
            if (placer != null) {
                try {
                    placer.sync();
                } catch (IOException | RuntimeException ignored) {
                    // the first failure is the one to report
                }
            }
            if (jnc) {
                try {
                    say(reply, "fail " + oneLine(e));
                } catch (IOException ignored) {
                    // the sender is gone
                }
            }
            throw e;
        } finally {
            if (placer != null) placer.close();
            if (journal != null) journal.close();
            tarBytes.close();
        }
    }

    private String read(TarReader tar, OutputStream reply) throws IOException {
        TarEntry first = tar.next();
        if (first == null) throw new EOFException("an empty tar stream");
        Map<String, String> hello = first.type() == TarEntry.Type.GLOBAL ? Protocol.parse(first.comment()) : null;
        TarEntry e = first;
        if (hello != null && Protocol.HELLO.equals(hello.get(""))) {
            jnc = true;
            progress.totals(Protocol.number(hello, "files"), Protocol.number(hello, "bytes"));
            journal = new Journal(tree);
            say(reply, journal.have(tree));
            e = tar.next();
        }
        placer = new Placer(force, progress, journal);
        boolean ended = false;
        for (; e != null; e = tar.next()) {
            if (ended) throw new TransferException("members after the sender's final record");
            if (e.type() == TarEntry.Type.GLOBAL) {
                Map<String, String> rec = Protocol.parse(e.comment());
                if (rec == null) continue;
                if (rec.get("").equals(Protocol.TAG) && (Protocol.isSha256(rec.get("sha256")) || Protocol.isSha256(rec.get("tail")))) {
                    commitPending(rec);
                } else if (rec.get("").equals(Protocol.END)) {
                    if (pending != null) throw new TransferException("no digest for \"" + Names.printable(pending.name()) + "\"");
                    long f = Protocol.number(rec, "files");
                    long b = Protocol.number(rec, "bytes");
                    if (f != files || b != bytes) {
                        throw new TransferException("the sender sent " + f + " files, " + b + " bytes; " + files + " files, " + bytes + " bytes arrived");
                    }
                    ended = true;
                }
                continue;
            }
            if (pending != null) throw new TransferException("no digest for \"" + Names.printable(pending.name()) + "\"");
            member(e, tar);
        }
        if (pending != null) throw new EOFException("the stream ended before the digest of \"" + Names.printable(pending.name()) + "\"");
        placer.sync();
        if (jnc && !ended) throw new EOFException("the stream ended before the sender's final record: the transfer is incomplete");
        String what = files + " file" + (files == 1 ? "" : "s") + ", " + bytes + " bytes";
        if (keptUnread > 0) what += " (continued after " + keptUnread + " bytes kept from a cut transfer, not read again)";
        if (keptReread > 0) what += " (continued after " + keptReread + " bytes kept from a cut transfer, read again to check them)";
        if (jnc) return "received " + what + ", all verified (SHA-256)";
        return "received " + what + " from a plain tar stream: unverified (no digests from the sender)";
    }

    private void member(TarEntry e, TarReader tar) throws IOException {
        if (e.type() != TarEntry.Type.FILE) placer.sync(); // links and directories see the files before them in place
        switch (e.type()) {
            case FILE -> file(e, tar);
            case DIRECTORY -> directory(e);
            case SYMLINK -> symlink(e);
            case HARDLINK -> hardlink(e);
            case CHARDEV, BLOCKDEV -> throw new Refusal(e.name(), "a device file");
            case FIFO -> throw new Refusal(e.name(), "a FIFO");
            default -> throw new Refusal(e.name(), "a member of a kind jnc does not write");
        }
        // Guarded: a tree of small files passes here once per member, and the escaping would run for nothing.
        if (Diag.debugging()) Diag.debug("received " + Names.printable(e.name()));
    }

    private void directory(TarEntry e) throws IOException {
        Path p = tree.target(e.name());
        if (p.equals(tree.root())) return;
        if (tree.surelyAbsent(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(p);
            tree.made(p);
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw new Refusal(e.name(), "something that is not a directory is in its place");
        directories.add(new Directory(p, e.mode(), e.mtime()));
    }

    private void symlink(TarEntry e) throws IOException {
        Path p = tree.target(e.name());
        tree.checkSymlink(e.name(), e.linkName());
        if (Files.isSymbolicLink(p) && Files.readSymbolicLink(p).toString().equals(e.linkName())) return; // already so
        replaceable(e.name(), p);
        Path tmp = SafeTree.partFor(p, e.name());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(e.linkName()));
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE);
        tree.placed(p);
    }

    private void hardlink(TarEntry e) throws IOException {
        Path target = tree.hardlinkTarget(e.name(), e.linkName());
        Path p = tree.target(e.name());
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(p, target)) return;
        replaceable(e.name(), p);
        Path tmp = SafeTree.partFor(p, e.name());
        Files.deleteIfExists(tmp);
        Files.createLink(tmp, target);
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE);
        tree.placed(p);
    }

    /** Whether a member may take the place of what is at {@code p}: nothing there, or {@code --force} and not a directory. */
    private void replaceable(String name, Path p) throws IOException {
        if (tree.surelyAbsent(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw new Refusal(name, "a directory is in its place");
        if (!force) throw new Refusal(name, "it exists already (--force replaces it)");
    }

    private void file(TarEntry e, TarReader tar) throws IOException {
        String name = e.name();
        Path target = tree.target(name, placer::sync);
        if (target.equals(tree.root())) throw new Refusal(name, "a file in the place of the receiving directory");
        Map<String, String> rec = Protocol.parse(e.comment());
        String sha = rec == null ? null : rec.get("sha256");
        boolean follows = Protocol.FOLLOWS.equals(sha);
        if (jnc && sha != null && !follows && !Protocol.isSha256(sha)) throw new TransferException("a malformed digest for \"" + Names.printable(name) + "\"");
        long offset = rec == null ? 0 : Math.max(0, Protocol.number(rec, "offset"));
        if (offset > 0 && !follows) throw new TransferException("a malformed digest for \"" + Names.printable(name) + "\"");
        boolean exists = !tree.surelyAbsent(target) && Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) throw new Refusal(name, "a directory is in its place");
        Path part = SafeTree.partFor(target, name);
        if (!follows && e.size() <= Placer.BUFFER) {
            small(e, tar, target, part, sha);
            return;
        }
        placer.sync();
        MessageDigest md = Digests.sha256();
        if (follows && journal != null && offset == 0) journal.begun(name);
        // A continued file: its kept bytes and the rest are checked each against the sender's digest of
        // the same stretch of its file (see commitPending). The kept bytes' digest comes from the journal
        // when it vouches for them, else they are hashed here; md hashes only the rest.
        String kept = offset > 0 && journal != null ? journal.keptDigest(name, part, offset) : null;
        boolean keptRead = offset > 0 && kept == null;
        long written = 0;
        // A file received from its start notes its digest at every step of the sender's cache: if it is
        // cut, it keeps its bytes up to the last step, whose digest the sender then has at hand.
        boolean steps = follows && offset == 0 && journal != null;
        long stepAt = 0;
        String stepSha = null;
        try (FileChannel out = openPart(part, offset, name)) {
            if (keptRead) kept = Digests.hex(hashRange(out, 0, offset));
            // Straight from the chunks read ahead: written, then hashed, without a copy of our own.
            while (tar.remaining() > 0) {
                ByteBuffer bb = ahead.borrow((int) Math.min(tar.remaining(), Integer.MAX_VALUE));
                if (bb == null) throw new EOFException("the stream ended inside a member");
                int n = bb.remaining();
                tar.consumedElsewhere(n);
                ByteBuffer w = bb.duplicate();
                while (w.hasRemaining()) out.write(w);
                long next = (written / DigestCache.STEP + 1) * DigestCache.STEP;
                if (steps && written + n >= next && next < e.size()) {
                    int k = (int) (next - written);
                    md.update(bb.slice(bb.position(), k));
                    bb.position(bb.position() + k);
                    stepAt = next;
                    stepSha = Digests.hex(Digests.copy(md).digest());
                }
                md.update(bb);
                written += n;
                progress.add(n);
            }
        } catch (IOException ex) {
            // A large file cut on the way stays for a rerun to continue; anything else goes.
            if (follows && jnc && isCut(ex)) {
                if (stepSha != null) keepCut(name, part, stepAt, stepSha);
                else keepCut(name, part, offset + written, offset == 0 ? Digests.hex(md.digest()) : null);
            } else {
                Files.deleteIfExists(part);
            }
            throw ex;
        }
        if (offset > 0) {
            if (keptRead) keptReread += offset; else keptUnread += offset;
        }
        files++;
        bytes += e.size();
        Pending p = new Pending(name, part, target, offset + e.size(), md.digest(), kept, offset, e.mode(), e.mtime());
        if (follows) {
            pending = p;
            return;
        }
        if (sha == null) unverified++;
        commit(p, sha);
    }

    /**
     * A small file: hashed as it arrives, copied into the placer's batch, and handed over only once its
     * digest matched (a plain tar stream's files unchecked): a corrupted one is never written at all.
     */
    private void small(TarEntry e, TarReader tar, Path target, Path part, String sha) throws IOException {
        int len = (int) e.size();
        ByteBuffer batch = placer.room(len);
        int off = batch.position();
        while (tar.remaining() > 0) {
            ByteBuffer bb = ahead.borrow((int) tar.remaining());
            if (bb == null) {
                batch.position(off);
                smallDigest.reset();
                throw new EOFException("the stream ended inside a member");
            }
            int n = bb.remaining();
            tar.consumedElsewhere(n);
            smallDigest.update(bb.duplicate());
            batch.put(bb);
            progress.add(n);
        }
        String got = Digests.hex(smallDigest.digest());
        if (sha != null && !sha.equals(got)) {
            batch.position(off);
            throw new TransferException("\"" + Names.printable(e.name()) + "\" arrived corrupted: its SHA-256 does not match the sender's");
        }
        if (sha == null) unverified++;
        files++;
        bytes += len;
        placer.add(new Placer.Job(e.name(), part, target, e.mode(), e.mtime(), got, tree.surelyAbsent(target), off, len));
        tree.placed(target);
    }

    /**
     * The temporary file of a cut file keeps its first {@code size} bytes; when their digest {@code sha}
     * is known, it goes in the journal, so that a rerun need not read them again.
     */
    private void keepCut(String name, Path part, long size, String sha) {
        try {
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                if (ch.size() > size) ch.truncate(size);
            }
            if (sha != null && journal != null) journal.cut(name, part, size, sha);
        } catch (IOException ignored) {
            // the rerun hashes the kept bytes instead
        }
    }

    private static boolean isCut(IOException e) {
        return e instanceof EOFException || !(e instanceof Refusal);
    }

    /** The temporary file; a resumed one keeps its first {@code offset} bytes and is positioned after them. */
    private FileChannel openPart(Path part, long offset, String name) throws IOException {
        if (offset == 0) {
            return FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS);
        }
        FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        if (ch.size() < offset) {
            ch.close();
            throw new TransferException("cannot continue \"" + Names.printable(name) + "\": its partial file is shorter than the sender thinks");
        }
        ch.truncate(offset);
        ch.position(offset);
        progress.add(0);
        return ch;
    }

    /** The SHA-256 of bytes {@code [from, to)} of a file. */
    private static byte[] hashRange(FileChannel ch, long from, long to) throws IOException {
        MessageDigest md = Digests.sha256();
        if (!Digests.update(md, ch, from, to, ByteBuffer.allocate(BUF))) throw new EOFException("partial file changed");
        return md.digest();
    }

    private void commitPending(Map<String, String> rec) throws IOException {
        if (pending == null) throw new TransferException("a digest record without a file before it");
        Pending p = pending;
        pending = null;
        if (p.keptSha() == null) {
            String sha = rec.get("sha256");
            if (!Protocol.isSha256(sha)) throw new TransferException("a malformed digest for \"" + Names.printable(p.name()) + "\"");
            commit(p, sha);
            return;
        }
        // A continued file is checked in its two parts, each against the sender's SHA-256 of the same
        // stretch of its own file: the kept bytes (their digest from the journal, or hashed again) and
        // the rest (hashed as it arrived). So every byte of the finished file is checked against the
        // sender's bytes, and neither side hashes the whole file again: SHA-256 runs strictly in order,
        // and the JDK gives no way to save its state at the cut, so a whole-file digest would cost the
        // sender every byte of its file once more (README.md, "Sending files").
        if (!p.keptSha().equals(rec.get("prefix"))) {
            Files.deleteIfExists(p.part());
            throw new TransferException("\"" + Names.printable(p.name()) + "\": the part kept from the cut transfer differs from the sender's file; it was removed, run the transfer again");
        }
        if (!Digests.hex(p.digest()).equals(rec.get("tail"))) {
            Files.deleteIfExists(p.part());
            throw new TransferException("\"" + Names.printable(p.name()) + "\" arrived corrupted: its SHA-256 does not match the sender's");
        }
        commit(p, null, null);
    }

    /** Checks the digest, then renames into place: only a verified file (or a plain tar's) gets its name. */
    private void commit(Pending p, String sha) throws IOException {
        commit(p, sha, Digests.hex(p.digest()));
    }

    /**
     * {@code got}: the SHA-256 of the file as written, or {@code null} for a continued file, already
     * checked in its two parts ({@code p.keptSha()} and {@code p.digest()}, split at its kept length).
     */
    private void commit(Pending p, String sha, String got) throws IOException {
        if (sha != null && !sha.equals(got)) {
            Files.deleteIfExists(p.part());
            throw new TransferException("\"" + Names.printable(p.name()) + "\" arrived corrupted: its SHA-256 does not match the sender's");
        }
        if (!tree.surelyAbsent(p.target()) && Files.exists(p.target(), LinkOption.NOFOLLOW_LINKS) && !force) {
            // The same bytes already there are fine (a rerun); other bytes are not ours to replace.
            boolean same = Files.isRegularFile(p.target(), LinkOption.NOFOLLOW_LINKS) && Files.size(p.target()) == p.size()
                    && (got != null ? got.equals(Digests.hex(hashFile(p.target()))) : sameParts(p));
            Files.deleteIfExists(p.part());
            if (!same) throw new Refusal(p.name(), "it exists already (--force replaces it)");
        } else {
            Placer.install(p.part(), p.target(), p.mode(), p.mtime());
            tree.placed(p.target());
        }
        // A continued file has no whole-file digest to record: should this transfer be cut again later,
        // a rerun sends it again, and finds the same bytes in place.
        if (journal != null && got != null) journal.verified(p.name(), p.size(), got);
        progress.fileDone();
    }

    /** Whether the file already at a continued file's place has the same two parts. */
    private boolean sameParts(Pending p) throws IOException {
        try (FileChannel ch = FileChannel.open(p.target(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long offset = p.keptLength();
            return p.keptSha().equals(Digests.hex(hashRange(ch, 0, offset))) && java.util.Arrays.equals(p.digest(), hashRange(ch, offset, p.size()));
        }
    }

    static byte[] hashFile(Path p) throws IOException {
        MessageDigest md = Digests.sha256();
        byte[] buf = new byte[BUF];
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return md.digest();
    }

    /** The mode without set-uid, set-gid and sticky bits: a sender never makes a set-uid file here, even for root. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) s.add(bits[i]);
        }
        return s;
    }

    /** Directory modes and times last, deepest first: writing into a directory changes its time. */
    private void finishDirectories() throws IOException {
        for (int i = directories.size() - 1; i >= 0; i--) {
            Directory d = directories.get(i);
            Files.setPosixFilePermissions(d.path(), permissions(d.mode()));
            Files.setLastModifiedTime(d.path(), FileTime.fromMillis(d.mtime() * 1000));
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] b = new byte[8192];
        long left = 1 << 20; // GNU tar pads to 10 KiB records; more than a megabyte after the end is not ours to read
        int n;
        while (left > 0 && (n = in.read(b)) > 0) left -= n;
    }

    private static void say(OutputStream reply, String text) throws IOException {
        reply.write((text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8));
        reply.flush();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    long unverified() {
        return unverified;
    }
}
