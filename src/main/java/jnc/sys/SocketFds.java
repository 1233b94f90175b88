package jnc.sys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the file descriptor behind a {@link SocketChannel}, which the JDK keeps private, the way
 * {@code ss -p} does: the kernel's socket table gives the socket's inode for its port pair, and
 * {@code /proc/self/fd} tells which of our descriptors is {@code socket:[inode]}. Used only to hand
 * a bulk transfer to splice; any doubt gives -1 and the ordinary copy loop.
 */
public final class SocketFds {
    private SocketFds() {
    }

    public static int of(SocketChannel ch) {
        try {
            InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            if (local == null || remote == null) return -1;
            String inode = inode(local.getPort(), remote.getPort());
            if (inode == null) return -1;
            String wanted = "socket:[" + inode + "]";
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(wanted)) return Integer.parseInt(fd.getFileName().toString());
                    } catch (IOException e) {
                        // a descriptor closed while we looked
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            jnc.base.Diag.debug("no socket descriptor for splice: " + e);
        }
        return -1;
    }

    /** The inode of the TCP socket with these local and remote ports, from /proc/net/tcp{,6}. */
    private static String inode(int localPort, int remotePort) throws IOException {
        String l = String.format(":%04X", localPort);
        String r = String.format(":%04X", remotePort);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) continue;
            List<String> lines = Files.readAllLines(p);
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).trim().split("\\s+");
                if (c.length > 9 && c[1].endsWith(l) && c[2].endsWith(r)) return c[9];
            }
        }
        return null;
    }
}
