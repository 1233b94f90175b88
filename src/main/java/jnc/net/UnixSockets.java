package jnc.net;

import jnc.base.IoErrors;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jnc.base.Diag;
import jnc.base.Failure;
import jnc.cli.Options;

/**
 * Unix domain sockets ({@code -U}): the socket is a file. A listener creates it and removes it
 * when it ends; a file left behind by a listener that crashed is reported, never silently deleted
 * (it might be somebody else's).
 */
public final class UnixSockets {
    private static final Set<Path> OURS = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private UnixSockets() {
    }

    /** Connect mode: a stream socket connected to the listener at {@code o.target().host()}. */
    public static SocketChannel connect(Options o) {
        Path path = Path.of(o.target().host());
        LoopbackRetry retry = null;
        while (true) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(path));
                Diag.verbose("Connection to " + path + " succeeded!");
                return ch;
            } catch (IOException e) {
                TcpConnector.closeQuietly(ch);
                if (retry == null) {
                    Diag.debug(path + ": " + IoErrors.describe(e));
                    retry = new LoopbackRetry(o.target().connectTimeout());
                }
                if (!retry.againUnix(e)) throw Failure.network(path + ": " + IoErrors.describe(e));
            }
        }
    }

    /** Fails with a clear message when {@code path} exists: in use, stale, or not a socket at all. */
    public static void refuseStale(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        boolean socket;
        try {
            socket = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            socket = false;
        }
        if (!socket) throw Failure.usage(path + " exists and is not a socket; not touching it.");
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw Failure.usage("bind to " + path + ": Address already in use (another program listens there).");
        } catch (IOException e) {
            throw Failure.usage(path + " is a stale socket file (nobody listens on it): remove it first, e.g. rm " + path);
        }
    }

    /**
     * The same check for a datagram listener: a datagram socket file cannot be probed by connecting
     * a stream, so any existing socket file is reported; the user knows whether it is stale.
     */
    static void refuseStaleDatagram(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        throw Failure.usage(path + " already exists (a stale socket file, or another program's): remove it first if it is stale.");
    }

    /** Remembers a socket file we created, to remove it even when SIGTERM or Ctrl-C ends us. */
    static void removeAtExit(Path path) {
        OURS.add(path);
        if (!hookInstalled) {
            synchronized (UnixSockets.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> OURS.forEach(UnixSockets::deleteQuietly)));
                    hookInstalled = true;
                }
            }
        }
    }

    /** Removes every socket file we created and still hold (the end of a run). */
    public static void removeOurs() {
        // A plain loop: a method reference here would be spun at the end of every run (~5 ms).
        for (Path p : OURS) deleteQuietly(p);
        OURS.clear();
    }

    /** Removes a socket file we created. */
    public static void remove(Path path) {
        if (OURS.remove(path)) deleteQuietly(path);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            Diag.debug("could not remove " + path + ": " + IoErrors.describe(e));
        }
    }
}
