package jnc.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sender's memory of the large files it sent: the SHA-256 of each file's first {@link #STEP},
 * 2 × {@code STEP}, ... bytes, kept in {@code $XDG_CACHE_HOME/jnc/digests} (else
 * {@code ~/.cache/jnc/digests}), one line per step: {@code v1 IDENTITY OFFSET SHA256}.
 * <p>
 * Why: a receiver that kept part of a cut file checks that part against the sender's SHA-256 of the
 * same bytes. Without this cache the sender reads and hashes them again at the rerun, which costs it
 * as much as sending them (a receiver keeps its part up to a step, so the offsets meet).
 * <p>
 * What it trusts: a line counts only for a file whose identity (device, inode, size, modification and
 * change time in ns) is still the one recorded, and lines are recorded only for a file that had not
 * changed for {@link #QUIET_NS} before it was hashed. Any write to a file afterwards sets its change
 * time to a later moment (only the clock sets it), so a file whose identity is unchanged has the
 * bytes that were hashed. The identity holds no name: the cache tells no one which files were sent.
 * <p>
 * Bounds: the file is read up to {@link #MAX_BYTES}; once it holds that much it starts anew.
 * Anything unreadable or unwritable means no cache, never a failed transfer.
 */
final class DigestCache {
    /** The distance between two recorded digests of a file; a multiple of the sender's chunk. */
    static final long STEP = 16L << 20;
    static final int MAX_BYTES = 1 << 20;
    static final long QUIET_NS = TimeUnit.SECONDS.toNanos(1);
    private static final String VERSION = "v1";

    private final Path file;
    private OutputStream out;
    /** A record failed once: no more tries in this run. */
    private boolean disabled;

    private DigestCache(Path file) {
        this.file = file;
    }

    /** The user's cache, or one that holds nothing when there is no place for it. */
    static DigestCache user() {
        return new DigestCache(location(System.getenv("XDG_CACHE_HOME"), System.getenv("HOME")));
    }

    static DigestCache at(Path file) {
        return new DigestCache(file);
    }

    static Path location(String xdgCacheHome, String home) {
        // XDG: a relative path is to be ignored.
        if (xdgCacheHome != null && xdgCacheHome.startsWith("/")) return Path.of(xdgCacheHome, "jnc", "digests");
        if (home != null && home.startsWith("/")) return Path.of(home, ".cache", "jnc", "digests");
        return null;
    }

    /**
     * A regular file's identity, {@code dev:ino:size:mtime:ctime}; {@code null} when it is not a regular
     * file or changed less than {@link #QUIET_NS} before {@code nowNs} (it may be being written).
     */
    static String identity(Path source, long nowNs) {
        try {
            Map<String, Object> a = Files.readAttributes(source, "unix:dev,ino,size,lastModifiedTime,ctime,isRegularFile", LinkOption.NOFOLLOW_LINKS);
            if (!Boolean.TRUE.equals(a.get("isRegularFile"))) return null;
            long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
            long ctime = ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
            if (nowNs - mtime < QUIET_NS || nowNs - ctime < QUIET_NS) return null;
            return a.get("dev") + ":" + a.get("ino") + ":" + a.get("size") + ":" + mtime + ":" + ctime;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long nowNs() {
        java.time.Instant t = java.time.Instant.now();
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }

    /** The recorded SHA-256 (hex) of the first {@code offset} bytes of the file with this identity; {@code null} if none. */
    String lookup(String identity, long offset) {
        if (file == null || identity == null || offset <= 0 || offset % STEP != 0) return null;
        // Only a regular file: opening a FIFO put in its place would block.
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
        byte[] text;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            text = in.readNBytes(MAX_BYTES);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String want = VERSION + " " + identity + " " + offset + " ";
        String found = null;
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            // The last line wins: a file sent again after a failed check records its digests anew.
            if (line.startsWith(want) && Protocol.isSha256(line.substring(want.length()))) found = line.substring(want.length());
        }
        return found;
    }

    /** Records the SHA-256 of the first {@code offset} bytes of the file with this identity; quietly nothing if it cannot. */
    void record(String identity, long offset, String sha256) {
        if (file == null || identity == null) return;
        try {
            if (out == null) out = open();
            if (out == null) return;
            // One write per line: lines of several senders appending at once stay whole (O_APPEND).
            out.write((VERSION + " " + identity + " " + offset + " " + sha256 + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            close();
            disabled = true;
        }
    }

    private OutputStream open() throws IOException {
        if (disabled) return null;
        Path dir = file.getParent();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) >= MAX_BYTES) Files.delete(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return null;
        return Files.newOutputStream(file, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    }

    void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException ignored) {
            // a cache
        }
        out = null;
    }
}
