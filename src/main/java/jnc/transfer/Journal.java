package jnc.transfer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an unfinished transfer into a directory has verified, kept in {@code DIR/.jnc-resume} until
 * the transfer ends well: {@code done SIZE SHA256 NAME} per file renamed into place, {@code part NAME}
 * per large file begun (its bytes wait under their temporary name). A rerun reads it and tells the
 * sender, who sends nothing verified again and continues a large file where it was cut.
 */
final class Journal implements AutoCloseable {
    record Done(long size, String sha256) {
    }

    private final Path file;
    private final Map<String, Done> done = new LinkedHashMap<>();
    private final Set<String> parts = new LinkedHashSet<>();
    private BufferedWriter out;

    Journal(SafeTree tree) throws IOException {
        this.file = tree.root().resolve(SafeTree.JOURNAL);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] w = line.split(" ");
            if (w.length == 4 && w[0].equals("done") && Protocol.isSha256(w[2])) {
                done.put(Names.decode(w[3]), new Done(Long.parseLong(w[1]), w[2]));
            } else if (w.length == 2 && w[0].equals("part")) {
                parts.add(Names.decode(w[1]));
            }
        }
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
        append("part " + Names.encode(name));
    }

    void verified(String name, long size, String sha) throws IOException {
        append("done " + size + " " + sha + " " + Names.encode(name));
    }

    private void append(String line) throws IOException {
        if (out == null) {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        out.write(line);
        out.write('\n');
        out.flush();
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
