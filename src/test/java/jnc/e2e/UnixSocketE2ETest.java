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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -U}: Unix domain stream and datagram sockets, against nc.openbsd and socat; with {@code -k}
 * a datagram listener serves every sender (its socket file) as a peer of its own.
 */
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

    /**
     * {@code -l -k -i} over a Unix stream socket: the stdin hub's idle rule works as over TCP (a
     * silent client is closed with the idle line), where it once failed with an internal error,
     * since a Unix channel has no {@code socket()} to set a read timeout on.
     */
    @Test
    void keepOpenIdleTimeoutClosesASilentUnixClient(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("hub.sock");
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-i", "1", "-U", sock.toString()).start()) {
            jnc.awaitStderr("Listening on " + sock, T);
            try (SocketChannel silent = connectSoon(sock)) {
                jnc.awaitStderr("Connection on " + sock + " received!", T);
                ByteBuffer in = ByteBuffer.allocate(16);
                int n;
                while ((n = silent.read(in)) > 0) in.clear(); // returns -1 once jnc has closed the idle client
                assertThat(n).isEqualTo(-1);
                jnc.awaitStderr("Idle timeout expired \\(1000 ms\\)", T);
            }
            // The listener stays for the next client, which is served as the first was.
            try (Proc nc = Proc.cmd(Peers.require("nc.openbsd"), "-U", sock.toString()).start()) {
                nc.write("second\n");
                jnc.awaitStdout("second\n", T);
            }
            assertThat(jnc.stderr()).doesNotContain("internal error");
        }
    }

    /** {@code --echo -i} over a Unix stream socket ends a silent peer with the idle line and exit 1, as over TCP (it once failed with an internal error). */
    @Test
    void echoIdleTimeoutEndsASilentUnixPeer(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("echo-idle.sock");
        try (Proc jnc = Proc.jnc("-v", "-l", "-U", sock.toString(), "--echo", "-i", "1").stdinNull().start()) {
            jnc.awaitStderr("Listening on " + sock, T);
            try (SocketChannel silent = connectSoon(sock)) {
                silent.write(ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer in = ByteBuffer.allocate(16);
                int n;
                while ((n = silent.read(in)) > 0) { } // the echo, then -1 once jnc has ended the idle peer
                assertThat(n).isEqualTo(-1);
                assertThat(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII)).isEqualTo("hi\n");
            }
            assertThat(jnc.waitFor(T)).isEqualTo(1);
            assertThat(jnc.stderr()).contains("Idle timeout expired (1000 ms)").doesNotContain("internal error");
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

    // --- jnc -uU -l -k: one peer per sender ------------------------------------------------------

    /** A jnc Unix datagram client: it binds a return path of its own, so a listener can tell it apart. */
    static Proc jncClient(Path sock) {
        return Proc.jnc("-u", "-U", sock.toString()).start();
    }

    /** Starts a datagram listener with {@code args} (-v among them) before the path, and waits until it is bound. */
    static Proc datagramListener(Path sock, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-u", "-U", "-l", sock.toString()));
        Proc jnc = Proc.jnc(all.toArray(String[]::new)).start();
        jnc.awaitStderr("Listening on " + Pattern.quote(sock.toString()), T);
        return jnc;
    }

    /** Writes a line and waits until it comes back on the client's stdout. */
    static void exchange(Proc client, String line) {
        client.write(line);
        client.awaitStdout(line, T);
    }

    @Test
    void keepOpenEchoAnswersTwoJncClientsEachWithItsOwnLines(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("echo.sock");
        try (Proc jnc = datagramListener(sock, "-v", "-k", "--echo"); Proc a = jncClient(sock); Proc b = jncClient(sock)) {
            for (int round = 1; round <= 3; round++) {
                exchange(a, "a line " + round + "\n");
                exchange(b, "b line " + round + "\n");
            }
            assertThat(a.stdout()).isEqualTo("a line 1\na line 2\na line 3\n");
            assertThat(b.stdout()).isEqualTo("b line 1\nb line 2\nb line 3\n");
            // One peer each, named by the path its client bound.
            Matcher m = jnc.awaitStderr("(?s)Connection from (\\S+) received!.*Connection from (\\S+) received!", T);
            assertThat(m.group(1)).isNotEqualTo(m.group(2));
            assertThat(jnc.stderr().lines().filter(l -> l.endsWith("received!")).count()).isEqualTo(2);
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void keepOpenEchoServesSocatAndOpenBsdNcAtOnce(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("echo.sock");
        Path socatPath = dir.resolve("socat-client.sock");
        try (Proc jnc = datagramListener(sock, "-v", "-k", "--echo");
             // socat binds a return path only when told to; nc.openbsd -uU binds one of its own.
             Proc socat = Proc.cmd(Peers.require("socat"), "-", "UNIX-SENDTO:" + sock + ",bind=" + socatPath).start();
             Proc nc = Proc.cmd(Peers.require("nc.openbsd"), "-u", "-U", sock.toString()).start()) {
            for (int round = 1; round <= 2; round++) {
                exchange(socat, "from socat " + round + "\n");
                exchange(nc, "from nc " + round + "\n");
            }
            assertThat(socat.stdout()).isEqualTo("from socat 1\nfrom socat 2\n");
            assertThat(nc.stdout()).isEqualTo("from nc 1\nfrom nc 2\n");
            jnc.awaitStderr("Connection from " + Pattern.quote(socatPath.toString()) + " received!", T);
            jnc.awaitStderr("(?s)(received!.*){2}", T);
            assertThat(jnc.stderr().lines().filter(l -> l.endsWith("received!")).count()).isEqualTo(2);
        }
    }

    @Test
    void keepOpenHubWritesOutEveryPeerAndSendsStdinToAll(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("hub.sock");
        try (Proc jnc = datagramListener(sock, "-v", "-k"); Proc a = jncClient(sock); Proc b = jncClient(sock)) {
            a.write("from a\n");
            jnc.awaitStdout("from a\n", T);
            b.write("from b\n");
            jnc.awaitStdout("from b\n", T);
            // Both peers are being served now: a line on stdin reaches each of them.
            jnc.write("to everybody\n");
            a.awaitStdout("to everybody\n", T);
            b.awaitStdout("to everybody\n", T);
            assertThat(jnc.stdout()).isEqualTo("from a\nfrom b\n");
            // A peer's line goes to stdout only, never to the other peer.
            assertThat(a.stdout()).isEqualTo("to everybody\n");
            assertThat(b.stdout()).isEqualTo("to everybody\n");
        }
    }

    @Test
    void anUnnamedSenderIsWrittenOutButCannotBeAnswered(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("hub.sock");
        try (Proc jnc = datagramListener(sock, "-vv", "-k");
             // Without bind=, socat's socket has no address: nothing can be sent back to it.
             Proc unnamed = Proc.cmd(Peers.require("socat"), "-u", "-", "UNIX-SENDTO:" + sock).start();
             Proc named = jncClient(sock)) {
            unnamed.write("from nowhere\n");
            jnc.awaitStdout("from nowhere\n", T);
            jnc.awaitStderr("Connection from an unnamed socket received! \\(it cannot be answered\\)", T);
            jnc.awaitStderr("debug: an unnamed socket sends here: what it sends is read, but nothing can be sent back to it", T);
            named.write("from a file\n");
            jnc.awaitStdout("from a file\n", T);
            jnc.write("reply\n");
            named.awaitStdout("reply\n", T);
            jnc.awaitStderr("debug: not sending 6 bytes to an unnamed socket: it has no address to send to", T);
            assertThat(jnc.isAlive()).isTrue();
        }
    }

    @Test
    void maxConnsTurnsASecondSenderAwayUntilTheFirstGoesIdle(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("one.sock");
        try (Proc jnc = datagramListener(sock, "-v", "-k", "-m", "1", "-i", "3s", "--echo");
             Proc a = jncClient(sock); Proc b = jncClient(sock)) {
            exchange(a, "a1\n");
            b.write("b1\n");
            Matcher refused = jnc.awaitStderr("Connection from (\\S+) refused: connection limit \\(1\\) reached\\.", T);
            Matcher first = jnc.awaitStderr("Connection from (\\S+) received!", T);
            assertThat(refused.group(1)).isNotEqualTo(first.group(1));
            exchange(a, "a2\n"); // the admitted peer is still served
            // Once the first peer has been idle for -i, its slot is free for the second.
            jnc.awaitStderr("Idle timeout expired", T);
            exchange(b, "b2\n");
            assertThat(b.stdout()).isEqualTo("b2\n"); // b1 was turned away, not kept for later
            // stderr and b's stdout are two pipes read apart: the line may come in a moment after the echo.
            jnc.awaitStderr("Connection from " + java.util.regex.Pattern.quote(refused.group(1)) + " received!", T);
        }
    }

    @Test
    void keepOpenExecRunsACommandForEachPeer(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("exec.sock");
        try (Proc jnc = datagramListener(sock, "-v", "-k", "-c", "echo \"$NCAT_PROTO peer\"; while read l; do echo \"[$l]\"; done");
             Proc a = jncClient(sock); Proc b = jncClient(sock)) {
            a.write("a\n");
            a.awaitStdout("[a]\n", T);
            b.write("b\n");
            b.awaitStdout("[b]\n", T);
            // Each peer has a command of its own, which answers that peer only.
            assertThat(a.stdout()).isEqualTo("UDP peer\n[a]\n");
            assertThat(b.stdout()).isEqualTo("UDP peer\n[b]\n");
        }
    }

    @Test
    void aSenderThatHasGoneIsNotServedAgainForWhatItSentLast(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("echo.sock");
        Path gone = dir.resolve("gone.sock");
        try (Proc jnc = datagramListener(sock, "-vv", "-k", "--echo");
             // -u: socat sends and never reads, so the echoes pile up until a reply blocks; -b 2: a
             // datagram per 2 bytes, 20 in all, most of them still queued for the peer when socat ends.
             Proc socat = Proc.cmd(Peers.require("socat"), "-u", "-b", "2", "-", "UNIX-SENDTO:" + sock + ",bind=" + gone).start()) {
            socat.write("x".repeat(40));
            socat.closeStdin();
            assertThat(socat.waitFor(T)).isZero();
            String who = Pattern.quote(gone.toString());
            jnc.awaitStderr("debug: dropping \\d+ datagrams from " + who + ": it can no longer be answered", T);
            // One peer, not one for each datagram left: each of those would fail at its first reply.
            assertThat(jnc.stderr().lines().filter(l -> l.equals("Connection from " + gone + " received!")).count()).isEqualTo(1);
        }
    }
}
