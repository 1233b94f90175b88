package jnc.e2e;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real programs jnc is tested against, and free loopback ports for them. */
public final class Peers {
    private Peers() {
    }

    /**
     * The path of a peer program. In CI (CI=true, where .ci/run installed them) a missing peer fails
     * the test; on a developer's machine it skips it, saying which package to install.
     */
    public static String require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        String msg = program + " is not installed (.ci/run installs it with apt-get)";
        if (System.getenv("CI") != null) fail(msg);
        assumeTrue(false, msg);
        return null;
    }

    /**
     * Python lines (after {@code import socket}) that listen on 127.0.0.1:{@code port}, print "ready"
     * for {@code Proc.awaitStdout} and accept one client as {@code c}: the start of the tests' one-shot
     * hostile peers, each of which then speaks its own protocol.
     */
    public static String pythonAcceptOne(int port) {
        return "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('127.0.0.1', " + port + ")); s.listen(1); print('ready', flush=True)\n"
                + "c, _ = s.accept()";
    }

    /** A loopback port that was free a moment ago, for peers that cannot listen on port 0. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something listens on the port, read from the kernel's table: no probe connection is made. */
    public static void awaitListening(int port) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (listensOn(port)) return;
            Proc.sleep(20);
        }
        fail("nothing listens on port " + port + " after 10 s");
    }

    /** Reads /proc/net/tcp{,6} for a socket in LISTEN state on the port: no probe connection needed. */
    public static boolean listensOn(int port) {
        String hex = String.format(":%04X ", port);
        for (String f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(f))) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && (cols[1] + " ").endsWith(hex) && cols[3].equals("0A")) return true;
                }
            } catch (IOException ignored) {
                // no IPv6 table on this machine
            }
        }
        return false;
    }

    /** Waits until a UDP socket is bound to the port (from /proc/net/udp{,6}; nothing is sent). */
    public static void awaitUdpBound(int port) {
        String hex = String.format(":%04X ", port);
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            for (String f : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
                try {
                    for (String line : Files.readAllLines(Path.of(f))) {
                        String[] cols = line.trim().split("\\s+");
                        if (cols.length > 3 && (cols[1] + " ").endsWith(hex)) return;
                    }
                } catch (IOException ignored) {
                    // no IPv6 table on this machine
                }
            }
            Proc.sleep(20);
        }
        fail("no UDP socket on port " + port + " after 10 s");
    }

    /** Waits until a file exists (a Unix socket a peer creates). */
    public static void awaitFile(Path p) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (Files.exists(p)) return;
            Proc.sleep(20);
        }
        fail(p + " did not appear within 10 s");
    }

    /** Waits until a Unix stream socket listens at {@code p} (from /proc/net/unix: the listening flag, no probe). */
    public static void awaitUnixListening(Path p) {
        long end = System.nanoTime() + 10_000_000_000L;
        String suffix = " " + p.toAbsolutePath();
        while (System.nanoTime() < end) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net/unix"))) {
                    String[] cols = line.trim().split("\\s+");
                    // Num RefCount Protocol Flags Type St Inode Path; flag 00010000 is __SO_ACCEPTCON (listening)
                    if (line.endsWith(suffix) && cols.length > 3 && cols[3].equals("00010000")) return;
                }
            } catch (IOException ignored) {
                // try again
            }
            Proc.sleep(20);
        }
        fail("nothing listens on " + p + " after 10 s");
    }

    /** A TCP client connected to {@code port} on loopback, its reads bounded by {@code readTimeoutMillis}. */
    public static java.net.Socket connectLoopback(int port, int readTimeoutMillis) throws IOException {
        java.net.Socket s = new java.net.Socket();
        s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 10_000);
        s.setSoTimeout(readTimeoutMillis);
        return s;
    }
}
