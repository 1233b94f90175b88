package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code -U}: Unix domain stream and datagram sockets, against nc.openbsd and socat. */
@Timeout(120)
class UnixSocketE2ETest {
    static final Duration T = Duration.ofSeconds(20);

    @Test
    void streamListenerServesNcAndRemovesItsSocketFile(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("s.sock");
        try (Proc jnc = Proc.jnc("-v", "-l", "-U", sock.toString()).start()) {
            jnc.awaitStderr("Listening on " + sock, T);
            try (Proc nc = Proc.cmd(Peers.require("nc.openbsd"), "-N", "-U", sock.toString()).start()) {
                nc.write("hello over unix\n");
                jnc.awaitStdout("hello over unix\n", T);
                jnc.write("and back\n");
                nc.awaitStdout("and back\n", T);
                nc.closeStdin();
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero();
            }
            assertThat(jnc.stderr()).contains("Connection on " + sock + " received!");
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void streamClientReachesSocatAndEchoServesOverUnix(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("echo.sock");
        try (Proc echo = Proc.jnc("-l", "-k", "-U", sock.toString(), "--echo").stdinNull().start()) {
            Peers.awaitUnixListening(sock);
            try (SocketChannel ch = connectSoon(sock)) {
                ch.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer in = ByteBuffer.allocate(5);
                while (in.hasRemaining() && ch.read(in) >= 0) { }
                assertThat(new String(in.array(), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            }
        }
        Path other = dir.resolve("socat.sock");
        try (Proc socat = Proc.cmd(Peers.require("socat"), "UNIX-LISTEN:" + other, "EXEC:cat").stdinNull().start()) {
            Peers.awaitUnixListening(other);
            try (Proc jnc = Proc.jnc("-U", other.toString()).start()) {
                jnc.write("via socat\n");
                jnc.awaitStdout("via socat\n", T);
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero();
            }
        }
    }

    /** The socket file appears at bind, a moment before listen: a connect may be refused in between. */
    static SocketChannel connectSoon(Path sock) throws Exception {
        long end = System.nanoTime() + T.toNanos();
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(sock));
                return ch;
            } catch (java.net.ConnectException e) {
                ch.close();
                if (System.nanoTime() > end) throw e;
                Proc.sleep(20);
            }
        }
    }

    @Test
    void aStaleSocketFileIsReportedNotDeleted(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("stale.sock");
        // A socket file whose owner is gone: bound, then closed without removing the file.
        try (var ch = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
        }
        assertThat(sock).exists();
        try (Proc jnc = Proc.jnc("-l", "-U", sock.toString()).stdinNull().start()) {
            assertThat(jnc.waitFor(T)).isEqualTo(2);
            assertThat(jnc.stderr()).isEqualTo("jnc: " + sock + " is a stale socket file (nobody listens on it): remove it first, e.g. rm " + sock + "\n");
        }
        assertThat(sock).exists();
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "data");
        try (Proc jnc = Proc.jnc("-l", "-U", plain.toString()).stdinNull().start()) {
            assertThat(jnc.waitFor(T)).isEqualTo(2);
            assertThat(jnc.stderr()).contains("is not a socket");
        }
        assertThat(Files.readString(plain)).isEqualTo("data");
    }

    @Test
    void connectingToNothingIsANetworkError(@TempDir Path dir) {
        try (Proc jnc = Proc.jnc("-U", dir.resolve("none.sock").toString()).stdinNull().start()) {
            assertThat(jnc.waitFor(T)).isEqualTo(1);
            assertThat(jnc.stderr()).startsWith("jnc: ").contains("No such file or directory").doesNotContain("Exception");
        }
    }

    @Test
    void aSocketPathWithoutPermissionIsOneLine(@TempDir Path dir) throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        // root may go anywhere, so the test runs jnc as nobody (as BadInputE2ETest does for ports).
        try (Proc jnc = Proc.cmd(Peers.require("setpriv"), "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                Proc.LAUNCHER.toString(), "-l", "-U", locked.resolve("s.sock").toString()).stdinNull().start()) {
            assertThat(jnc.waitFor(T)).isEqualTo(2);
            assertThat(jnc.stderr()).startsWith("jnc: bind to ").contains("Permission denied").hasLineCount(1);
        }
    }

    @Test
    void datagramClientToSocatAndListenerFromNc(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("d.sock");
        Path got = dir.resolve("got");
        try (Proc socat = Proc.cmd(Peers.require("socat"), "-u", "UNIX-RECVFROM:" + sock, "OPEN:" + got + ",creat").stdinNull().start()) {
            Peers.awaitFile(sock);
            try (Proc jnc = Proc.jnc("-u", "-U", sock.toString()).start()) {
                jnc.write("datagram over unix\n");
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero();
            }
            long end = System.nanoTime() + T.toNanos();
            while (System.nanoTime() < end && !(Files.exists(got) && Files.size(got) > 0)) Proc.sleep(20);
            assertThat(Files.readString(got)).isEqualTo("datagram over unix\n");
        }
        Path listen = dir.resolve("l.sock");
        try (Proc jnc = Proc.jnc("-v", "-l", "-u", "-U", listen.toString()).start()) {
            jnc.awaitStderr("Listening on " + listen, T);
            try (Proc nc = Proc.cmd(Peers.require("nc.openbsd"), "-u", "-U", listen.toString()).start()) {
                nc.write("from nc\n");
                jnc.awaitStdout("from nc\n", T);
                jnc.write("answer\n");
                nc.awaitStdout("answer\n", T);
                nc.terminate();
            }
        }
    }
}
