package jnc.transfer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jnc.base.Diag;
import jnc.base.Failure;

/**
 * What {@code --send} will send: each path under its own last name (as {@code tar c} of it from its
 * parent would), directories walked in name order, symlinks as symlinks. Sockets, devices and FIFOs
 * are left out with a warning. Only attributes are read here; contents are read while sending.
 */
final class Plan {
    enum Kind { FILE, DIRECTORY, SYMLINK }

    record Item(Path source, String name, Kind kind, int mode, long size, long mtime, String link) {
    }

    final List<Item> items = new ArrayList<>();
    long files;
    long bytes;

    static Plan of(List<Path> roots) {
        Plan plan = new Plan();
        Set<String> names = new HashSet<>();
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            Path last = abs.getFileName();
            String name = last == null ? "root" : last.toString();
            if (!names.add(name)) throw Failure.usage("two --send paths have the same last name \"" + Names.printable(name) + "\"; send their parent instead.");
            try {
                plan.walk(root, name);
            } catch (NoSuchFileException e) {
                throw Failure.usage("--send " + Names.printable(root.toString()) + ": no such file or directory.");
            } catch (IOException e) {
                throw Failure.usage("--send " + Names.printable(root.toString()) + ": " + e.getMessage());
            }
        }
        return plan;
    }

    private void walk(Path p, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        int type = mode & 0170000;
        if (type == 0100000) {
            long size = (Long) a.get("size");
            items.add(new Item(p, name, Kind.FILE, mode & 07777, size, mtime, null));
            files++;
            bytes += size;
        } else if (type == 0040000) {
            items.add(new Item(p, name, Kind.DIRECTORY, mode & 07777, 0, mtime, null));
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) children.add(c);
            }
            children.sort(null);
            for (Path c : children) walk(c, name + "/" + c.getFileName());
        } else if (type == 0120000) {
            items.add(new Item(p, name, Kind.SYMLINK, 0777, 0, mtime, Files.readSymbolicLink(p).toString()));
        } else {
            Diag.error("not sending \"" + Names.printable(name) + "\": not a file, directory or symlink");
        }
    }
}
