package jnc.transfer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What an unfinished transfer into a directory has verified, kept in {@code DIR/.jnc-resume} until
 * the transfer ends well: {@code done SIZE SHA256 NAME} per file renamed into place, {@code part NAME}
 * per large file begun (its bytes wait under their temporary name), and {@code cut SIZE STAMP SHA256 NAME}
 * when a large file was cut: the SHA-256 of the SIZE bytes its temporary file then held, with that file's
 * stamp (inode, modification and change time in ns). A rerun reads it and tells the sender, who sends
 * nothing verified again and continues a large file where it was cut. The receiver trusts a cut's digest
 * only while its temporary file still has that size and stamp (then it does not read those bytes again);
 * otherwise it hashes them. Any write to the file, or setting its times back, changes its change time,
 * which no one but the clock sets.
 * The journal is read up to {@link #MAX_BYTES}; what is beyond is ignored (sent again).
 */
final class Journal implements AutoCloseable {
    static final int MAX_BYTES = 16 << 20;

    record Done(long size, String sha256) {
    }

    /** A large file's temporary file as it was left when the transfer was cut: its size, stamp and digest. */
    record Cut(long size, String stamp, String sha256) {
    }

    private final Path file;
    private final Map<String, Done> done = new LinkedHashMap<>();
    private final Set<String> parts = new LinkedHashSet<>();
    private final Map<String, Cut> cuts = new HashMap<>();
    private BufferedWriter out;

    Journal(SafeTree tree) throws IOException {
        this.file = tree.root().resolve(SafeTree.JOURNAL);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return;
        byte[] text;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            text = in.readNBytes(MAX_BYTES);
        }
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            String[] w = line.split(" ");
            try {
                if (w.length == 4 && w[0].equals("done") && Protocol.isSha256(w[2]) && Protocol.isNumber(w[1])) {
                    done.put(Names.decode(w[3]), new Done(Long.parseLong(w[1]), w[2]));
                } else if (w.length == 2 && w[0].equals("part")) {
                    parts.add(Names.decode(w[1]));
                    cuts.remove(Names.decode(w[1]));
                } else if (w.length == 5 && w[0].equals("cut") && Protocol.isNumber(w[1]) && Protocol.isSha256(w[3])) {
                    cuts.put(Names.decode(w[4]), new Cut(Long.parseLong(w[1]), w[2], w[3]));
                }
            } catch (IllegalArgumentException damaged) {
                // A line cut by a crash or edited by hand (a broken %-escape, a number too big): the
                // journal only saves work, so the line's file is sent again.
            }
        }
    }

    /**
     * The digest of a cut file's kept bytes, when its temporary file {@code part} is still exactly as the
     * journal says (size and stamp) and holds {@code size} bytes; {@code null} otherwise.
     */
    String keptDigest(String name, Path part, long size) {
        Cut c = cuts.get(name);
        if (c == null || c.size() != size) return null;
        try {
            if (Files.size(part) != c.size() || c.stamp().equals("-") || !stamp(part).equals(c.stamp())) return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return c.sha256();
    }

    /** A large file was cut: its temporary file holds {@code size} bytes whose SHA-256 is {@code sha}. */
    void cut(String name, Path part, long size, String sha) throws IOException {
        if (Files.size(part) != size) return;
        String stamp = stamp(part);
        if (stamp.equals("-")) return;
        cuts.put(name, new Cut(size, stamp, sha));
        append("cut " + size + " " + stamp + " " + sha + " " + Names.encode(name), true);
    }

    /** inode:mtime:ctime (ns) of a regular file, not followed through a link; "-" for anything else. */
    static String stamp(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:ino,lastModifiedTime,ctime,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        if (!Boolean.TRUE.equals(a.get("isRegularFile"))) return "-";
        return a.get("ino") + ":" + ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS)
                + ":" + ((java.nio.file.attribute.FileTime) a.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The reply lines for the sender: verified files still as they were, and the bytes of each partial file. */
    String have(SafeTree tree) {
        StringBuilder b = new StringBuilder(Protocol.HAVE).append('\n');
        for (Map.Entry<String, Done> e : done.entrySet()) {
            try {
                Path p = tree.target(e.getKey());
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == e.getValue().size()) {
                    b.append("done ").append(e.getValue().size()).append(' ').append(e.getValue().sha256()).append(' ')
                            .append(Names.encode(e.getKey())).append('\n');
                }
            } catch (IOException ignored) {
                // not there any more: the sender sends it again
            }
        }
        for (String name : parts) {
            if (done.containsKey(name)) continue;
            try {
                Path part = SafeTree.partFor(tree.target(name), name);
                if (Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
                    b.append("part ").append(Files.size(part)).append(' ').append(Names.encode(name)).append('\n');
                }
            } catch (IOException ignored) {
                // gone: sent from the start
            }
        }
        return b.append("end\n").toString();
    }

    boolean isEmpty() {
        return done.isEmpty() && parts.isEmpty();
    }

    void begun(String name) throws IOException {
        append("part " + Names.encode(name), true);
    }

    /**
     * A file verified and renamed into place. These lines are written in bunches of {@link #DONE_BUNCH}
     * (and at every other line, and when the journal is closed, as it is when a transfer fails): one
     * write per small file cost as much as the file. A line lost with a killed receiver costs only
     * that file sent again; a rerun finds it in place with the same bytes and keeps it.
     */
    void verified(String name, long size, String sha) throws IOException {
        append("done " + size + " " + sha + " " + Names.encode(name), ++unflushed >= DONE_BUNCH);
    }

    private static final int DONE_BUNCH = 256;
    private int unflushed;

    private void append(String line, boolean flush) throws IOException {
        if (out == null) {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        out.write(line);
        out.write('\n');
        if (flush) {
            out.flush();
            unflushed = 0;
        }
    }

    /** The transfer ended well: nothing to resume. */
    void remove() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        if (out != null) out.close();
        out = null;
    }
}
