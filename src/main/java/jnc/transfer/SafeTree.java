package jnc.transfer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's directory, and the only way to a path in it. Every name is checked before it
 * becomes a path (no absolute names, no {@code ..}, no reserved names), and every directory on the
 * way is checked where it really leads (a symlink, whether the archive made it or it was there
 * before, must not lead out of the tree). Nothing is written through a path that did not pass.
 */
final class SafeTree {
    static final String JOURNAL = ".jnc-resume";
    static final String PART_PREFIX = ".jnc-part-";

    private final Path root;
    /**
     * Directories already checked on the way to earlier members, by their path as named, with where
     * they really are: a tree of ten thousand files is not checked ten thousand times. An archive
     * cannot turn a checked directory into a link later: a member in a directory's place is refused.
     */
    private final java.util.Map<Path, Path> checked = new java.util.HashMap<>();

    /**
     * Directories this run made, and what it put in them since: anything else in one of them cannot
     * exist, so most members need no look-up of their name (which, done without following links, costs
     * the JDK two exceptions when nothing is there). Bounded; past the bound every name is looked up.
     */
    private final java.util.Set<Path> made = new java.util.HashSet<>();
    private final java.util.Set<Path> placed = new java.util.HashSet<>();
    private static final int MAX_KNOWN = 200_000;

    SafeTree(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.root = dir.toRealPath();
    }

    Path root() {
        return root;
    }

    /** A member name as components inside the tree; "./" and empty components are dropped. */
    static List<String> components(String name) throws Refusal {
        if (name.isEmpty()) throw new Refusal(name, "an empty name");
        if (name.startsWith("/")) throw new Refusal(name, "an absolute name");
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) throw new Refusal(name, "a name with '..'");
            if (c.equals(JOURNAL) || c.startsWith(PART_PREFIX)) throw new Refusal(name, "a name jnc reserves for its own files");
            if (c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) throw new Refusal(name, "a name component longer than 255 bytes");
            out.add(c);
        }
        return out;
    }

    /**
     * The real directory for a member's parent, made as needed: each component is an existing
     * directory inside the tree (a symlink to one is fine, a symlink out of the tree is not).
     */
    Path parentOf(String name, List<String> comps, Before before) throws IOException {
        Path p = root;
        for (int i = 0; i < comps.size() - 1; i++) {
            p = p.resolve(comps.get(i));
            Path known = checked.get(p);
            if (known != null) {
                p = known;
                continue;
            }
            if (before != null) before.run();
            Path named = p;
            if (Files.isSymbolicLink(p)) {
                Path real;
                try {
                    real = p.toRealPath();
                } catch (NoSuchFileException e) {
                    throw new Refusal(name, "a symlink on its way that leads nowhere");
                }
                if (!real.startsWith(root)) throw new Refusal(name, "a symlink on its way leads out of the receiving directory");
                p = real;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(p);
                    made(p);
                } catch (FileAlreadyExistsException e) {
                    // made meanwhile; checked below
                }
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw new Refusal(name, "a part of its path is not a directory");
            if (checked.size() < 100_000) checked.put(named, p);
        }
        return p;
    }

    /** Whether nothing can be at {@code p}: its directory was made by this run, which put nothing there under that name. */
    boolean surelyAbsent(Path p) {
        return made.contains(p.getParent()) && !placed.contains(p);
    }

    /** This run put something at {@code p}. */
    void placed(Path p) {
        if (placed.size() >= MAX_KNOWN) {
            made.clear(); // past the bound: look every name up
            return;
        }
        if (made.contains(p.getParent())) placed.add(p);
    }

    /** This run made the directory {@code p} (it was not there). */
    void made(Path p) {
        placed(p);
        if (made.size() < MAX_KNOWN && placed.size() < MAX_KNOWN) made.add(p);
    }

    /** Called before a directory on a member's way is looked at on disk (or made) for the first time. */
    interface Before {
        void run() throws IOException;
    }

    /** A path by its name, for the final component itself (never followed). */
    Path target(String name) throws IOException {
        return target(name, null);
    }

    /** The same, with {@code before} run first whenever a directory on the way is not known yet (the receiver's files in flight land first). */
    Path target(String name, Before before) throws IOException {
        List<String> comps = components(name);
        if (comps.isEmpty()) return root;
        return parentOf(name, comps, before).resolve(comps.getLast());
    }

    /**
     * Whether a symlink's target, taken from the link's own directory, stays in the tree: lexically
     * (no '..' past the top, no absolute target), and really, through every link that exists on its way.
     */
    void checkSymlink(String name, String link) throws IOException {
        if (link.isEmpty()) throw new Refusal(name, "a symlink to nothing");
        if (link.startsWith("/")) throw new Refusal(name, "a symlink to an absolute path");
        List<String> path = new ArrayList<>(components(name));
        path.removeLast();
        for (String c : link.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (path.isEmpty()) throw new Refusal(name, "a symlink that leads out of the receiving directory");
                path.removeLast();
            } else {
                path.add(c);
            }
        }
        // The deepest part of the target that exists must really be inside.
        Path p = root;
        for (String c : path) {
            Path next = p.resolve(c);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) break;
            p = next;
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            return; // a dangling link inside the tree: nothing is ever written through it
        }
        if (!real.startsWith(root)) throw new Refusal(name, "a symlink that leads out of the receiving directory");
    }

    /** A hard link's target: a regular file already received, inside the tree. */
    Path hardlinkTarget(String name, String link) throws IOException {
        if (link.startsWith("/")) throw new Refusal(name, "a hard link to an absolute path");
        for (String c : link.split("/")) {
            if (c.equals("..")) throw new Refusal(name, "a hard link that leads out of the receiving directory");
        }
        List<String> comps = components(link);
        if (comps.isEmpty()) throw new Refusal(name, "a hard link to the receiving directory");
        Path t = parentOf(name, comps, null).resolve(comps.getLast());
        if (!Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS)) throw new Refusal(name, "a hard link to something that is not a file received here");
        return t;
    }

    /** The temporary name a file is written under until it is verified; stable, so that a rerun finds it. */
    static Path partFor(Path target, String name) {
        return target.resolveSibling(PART_PREFIX + Digests.hex(Digests.sha256(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 16));
    }
}
