package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --send}/{@code --receive} between two jnc processes, and against the course's pipes with
 * the real tar, gzip, zstd, nc.openbsd and ncat in both directions; integrity (a corrupted and a
 * truncated stream) and resume.
 */
@Timeout(180)
class TransferE2ETest {
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    Path src;

    /** A small tree: text and random files, a subdirectory with its own mode, a symlink, an empty file, a 3 MB file. */
    @BeforeEach
    void tree() throws IOException {
        src = tmp.resolve("in/src");
        Files.createDirectories(src.resolve("sub/deeper"));
        Random r = new Random(12);
        Files.writeString(src.resolve("a.txt"), "hello\n".repeat(1000));
        Files.write(src.resolve("empty"), new byte[0]);
        byte[] big = new byte[3_000_000];
        r.nextBytes(big);
        Files.write(src.resolve("sub/big.bin"), big);
        for (int i = 0; i < 30; i++) {
            byte[] b = new byte[r.nextInt(5000)];
            r.nextBytes(b);
            Files.write(src.resolve("sub/deeper/f" + i), b);
        }
        Files.write(src.resolve("run.sh"), "#!/bin/sh\n".getBytes());
        Files.setPosixFilePermissions(src.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(src.resolve("sub"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(src.resolve("a.txt"), FileTime.fromMillis(1_000_000_000_000L));
        Files.createSymbolicLink(src.resolve("link"), Path.of("a.txt"));
    }

    /** A resume journal damaged by a crash or a hand (a broken %-escape): its line is skipped, the transfer runs. */
    @Test
    void aDamagedJournalLineIsSkipped() throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(dst.resolve(".jnc-resume"), "part %zz\ncut 5 - " + "a".repeat(64) + " src%2\n");
        try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start()) {
            int port = recv.awaitListeningPort();
            try (Proc send = Proc.jnc("127.0.0.1", String.valueOf(port), "--send", src.toString()).start()) {
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            }
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            assertThat(recv.stderr()).doesNotContain("internal error");
        }
        assertSameTree(src, dst.resolve("src"));
    }

    @Test
    void jncToJncWithTheReceiverListening() throws Exception {
        Path dst = tmp.resolve("out");
        try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start()) {
            int port = recv.awaitListeningPort();
            try (Proc send = Proc.jnc("-v", "127.0.0.1", String.valueOf(port), "--send", src.toString()).start()) {
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
                assertThat(send.stderr()).contains("sent 34 files, ").contains("verified by the receiver");
            }
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            assertThat(recv.stderr()).contains("received 34 files, ").contains("all verified (SHA-256)");
        }
        assertSameTree(src, dst.resolve("src"));
        assertThat(Files.getLastModifiedTime(dst.resolve("src/a.txt")).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("src/run.sh")))).isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("src/sub")))).isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(dst.resolve("src/link"))).isEqualTo(Path.of("a.txt"));
        try (Stream<Path> all = Files.walk(dst)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".jnc-"));
        }
    }

    /**
     * Both sides of a transfer (uncompressed and gzip, a tree with a large file) take every class from
     * their AOT cache, the one trained on a transfer: from the jar, each class cost a load and a
     * verification at every transfer (about 50 ms of a one-file transfer's start).
     */
    @Test
    void aTransferLoadsNothingFromTheJar() throws Exception {
        for (String compress : new String[] {"none", "gzip"}) {
            Path dst = tmp.resolve("out-" + compress);
            Path recvLog = tmp.resolve("receiver-classes-" + compress + ".log");
            Path sendLog = tmp.resolve("sender-classes-" + compress + ".log");
            try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + recvLog).start()) {
                int port = recv.awaitListeningPort();
                try (Proc send = Proc.jnc("127.0.0.1", String.valueOf(port), "--send", src.toString(), "--compress", compress)
                        .env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + sendLog).start()) {
                    assertThat(send.waitFor(T)).as(send.stderr()).isZero();
                }
                assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            }
            assertSameTree(src, dst.resolve("src"));
            assertThat(Files.readString(sendLog)).contains("jnc.transfer.Sender source: shared objects file");
            assertThat(Files.readString(recvLog)).contains("jnc.transfer.Receiver source: shared objects file");
            assertThat(StartupClassesE2ETest.fromTheJar(sendLog)).as("sender, " + compress).isEmpty();
            assertThat(StartupClassesE2ETest.fromTheJar(recvLog)).as("receiver, " + compress).isEmpty();
        }
    }

    /** The transfer classes load only when asked for: a plain connect loads none of jnc.transfer, zstd or the tar code. */
    @Test
    void aPlainRunLoadsNothingOfTheTransfer() throws Exception {
        Path log = tmp.resolve("classes.log");
        int port = Peers.freePort();
        try (Proc sink = Proc.cmd(Peers.require("nc.openbsd"), "-l", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + log)
                    .stdinFrom(Files.writeString(tmp.resolve("stdin.txt"), "abc\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            }
        }
        assertThat(Files.readString(log)).contains("jnc.Main ").doesNotContain("jnc.transfer", "com.github.luben", "TransferOptions ");
    }

    @Test
    void aListeningSenderServesEveryClientWithKeepOpen() throws Exception {
        for (String compress : new String[] {"zstd", "none"}) {
            try (Proc send = Proc.jnc("-v", "-l", "127.0.0.1", "0", "-k", "--send", src.toString(), "--compress", compress).start()) {
                int port = send.awaitListeningPort();
                for (int i = 0; i < 2; i++) {
                    Path dst = tmp.resolve("out-" + compress + i);
                    try (Proc recv = Proc.jnc("-v", "127.0.0.1", String.valueOf(port), "--receive", dst.toString()).start()) {
                        assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
                        assertThat(recv.stderr()).contains("all verified");
                    }
                    assertSameTree(src, dst.resolve("src"));
                }
                assertThat(send.isAlive()).isTrue();
            }
        }
    }

    /** The course: {@code tar c DIR | gzip | nc HOST PORT} into jnc, with nc.openbsd (no -N: it keeps the connection open) and ncat. */
    @Test
    void theCoursesTarGzipNcPipeIntoJncReceive() throws Exception {
        for (String nc : new String[] {"nc.openbsd", "ncat"}) {
            Peers.require(nc);
            Peers.require("tar");
            Peers.require("gzip");
            Path dst = tmp.resolve("out-" + nc);
            try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start()) {
                int port = recv.awaitListeningPort();
                try (Proc pipe = Proc.sh("cd " + src.getParent() + " && tar c src | gzip | " + nc + " 127.0.0.1 " + port).stdinNull().start()) {
                    assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
                    assertThat(pipe.waitFor(T)).as(pipe.stderr()).isZero();
                }
                assertThat(recv.stderr()).contains("received 34 files").contains("unverified");
            }
            assertSameTree(src, dst.resolve("src"));
        }
    }

    @Test
    void plainAndZstdTarPipesIntoJncReceive() throws Exception {
        Peers.require("zstd");
        for (String filter : new String[] {"cat", "zstd -q -c"}) {
            Path dst = tmp.resolve("out-" + filter.charAt(0));
            try (Proc recv = Proc.jnc("-l", "127.0.0.1", "0", "-v", "--receive", dst.toString()).start()) {
                int port = recv.awaitListeningPort();
                try (Proc pipe = Proc.sh("cd " + src.getParent() + " && tar c src | " + filter + " | nc.openbsd -N 127.0.0.1 " + port).stdinNull().start()) {
                    assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
                    assertThat(pipe.waitFor(T)).isZero();
                }
            }
            assertSameTree(src, dst.resolve("src"));
        }
    }

    /** The other half: {@code jnc --send} into {@code nc -l PORT | gunzip | tar x}; tar prints no warning about jnc's records. */
    @Test
    void jncSendIntoTheCoursesNcGunzipTarPipe() throws Exception {
        for (String nc : new String[] {"nc.openbsd", "ncat"}) {
            Peers.require(nc);
            Path dst = Files.createDirectories(tmp.resolve("out-" + nc));
            int port = Peers.freePort();
            try (Proc pipe = Proc.sh(nc + " -l 127.0.0.1 " + port + " | gunzip | tar xv").dir(dst).stdinNull().start()) {
                Peers.awaitListening(port);
                try (Proc send = Proc.jnc("-v", "127.0.0.1", String.valueOf(port), "--send", src.toString()).start()) {
                    assertThat(send.waitFor(T)).as(send.stderr()).isZero();
                    assertThat(send.stderr()).contains("the receiver is not jnc");
                }
                assertThat(pipe.waitFor(T)).as(pipe.stderr()).isZero();
                assertThat(pipe.stderr()).isEmpty();
                assertThat(pipe.stdout()).contains("src/sub/big.bin");
            }
            assertSameTree(src, dst.resolve("src"));
        }
    }

    @Test
    void uncompressedIntoNcTarX() throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("out"));
        int port = Peers.freePort();
        try (Proc pipe = Proc.sh("nc.openbsd -l 127.0.0.1 " + port + " | tar x").dir(dst).stdinNull().start()) {
            Peers.awaitListening(port);
            try (Proc send = Proc.jnc("127.0.0.1", String.valueOf(port), "--send", src.toString(), "--compress", "none").start()) {
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            }
            assertThat(pipe.waitFor(T)).as(pipe.stderr()).isZero();
            assertThat(pipe.stderr()).isEmpty();
        }
        assertSameTree(src, dst.resolve("src"));
    }

    /** jnc's stream as it goes over the wire, caught by nc. */
    private Path capture(String compress) throws Exception {
        Path wire = tmp.resolve("wire-" + compress);
        int port = Peers.freePort();
        try (Proc sink = Proc.cmd(Peers.require("nc.openbsd"), "-l", "127.0.0.1", String.valueOf(port)).stdinNull().stdoutTo(wire).start()) {
            Peers.awaitListening(port);
            try (Proc send = Proc.jnc("127.0.0.1", String.valueOf(port), "--send", src.toString(), "--compress", compress).start()) {
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            }
            sink.waitFor(T);
        }
        return wire;
    }

    private Proc receiveFrom(Path stream, Path dst, String... extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()));
        args.addAll(java.util.List.of(extra));
        Proc recv = Proc.jnc(args.toArray(String[]::new)).start();
        int port = recv.awaitListeningPort();
        try (Proc feed = Proc.cmd("nc.openbsd", "-N", "127.0.0.1", String.valueOf(port)).stdinFrom(stream).start()) {
            recv.waitFor(T);
            feed.waitFor(T);
        }
        return recv;
    }

    @Test
    void aCorruptedFileFailsAndIsNeverRenamedIntoPlace() throws Exception {
        Path wire = capture("none");
        byte[] b = Files.readAllBytes(wire);
        // Flip one byte inside a.txt's content ("hello\n" repeated): the tar framing stays valid.
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("hello\nhello\n") + 3;
        b[at] ^= 0x20;
        Files.write(wire, b);
        Path dst = tmp.resolve("out");
        try (Proc recv = receiveFrom(wire, dst)) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: \"src/a.txt\" arrived corrupted: its SHA-256 does not match the sender's");
        }
        assertThat(dst.resolve("src/a.txt")).doesNotExist();
        try (Stream<Path> all = Files.walk(dst)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".jnc-part"));
        }
    }

    @Test
    void aCorruptedGzipStreamFails() throws Exception {
        Path wire = capture("gzip");
        byte[] b = Files.readAllBytes(wire);
        for (int i = b.length / 2; i < b.length / 2 + 64; i++) b[i] ^= 0x5a;
        Files.write(wire, b);
        try (Proc recv = receiveFrom(wire, tmp.resolve("out"))) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr().lines().filter(l -> l.startsWith("jnc: ")).count()).isEqualTo(1);
        }
    }

    /**
     * Resume: the stream cut in the middle of the large file leaves the files before it verified and
     * the large one's first part under its temporary name; rerunning the two commands sends neither
     * the verified files again nor the part already there, and ends with the complete tree.
     */
    @Test
    void aCutTransferFailsThenResumesWithoutResendingWhatWasVerified() throws Exception {
        Path wire = capture("none");
        byte[] b = Files.readAllBytes(wire);
        int cut = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("big.bin") + 1_500_000;
        Path half = tmp.resolve("half");
        Files.write(half, java.util.Arrays.copyOf(b, cut));
        Path dst = tmp.resolve("out");
        try (Proc recv = receiveFrom(half, dst)) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("jnc: the transfer was cut");
        }
        assertThat(dst.resolve("src/sub/big.bin")).doesNotExist();
        assertThat(dst.resolve(".jnc-resume")).exists();

        try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start()) {
            int port = recv.awaitListeningPort();
            try (Proc send = Proc.jnc("-v", "127.0.0.1", String.valueOf(port), "--send", src.toString(), "--compress", "none").start()) {
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
                var m = java.util.regex.Pattern.compile("sent (\\d+) files?, (\\d+) bytes \\((\\d+) already there").matcher(send.stderr());
                assertThat(m.find()).as(send.stderr()).isTrue();
                assertThat(Long.parseLong(m.group(2))).isLessThan(3_000_000 - 1_000_000);
                assertThat(Integer.parseInt(m.group(3))).isGreaterThan(0);
            }
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            // The kept part's digest came from the journal: the receiver did not read those bytes again.
            assertThat(recv.stderr()).containsPattern("continued after \\d+ bytes kept from a cut transfer, not read again\\), all verified");
        }
        assertSameTree(src, dst.resolve("src"));
        assertThat(dst.resolve(".jnc-resume")).doesNotExist();
    }

    /** The stream cut inside the 3 MB file; returns the receiving directory, with the file's part kept. */
    private Path cutInBigFile() throws Exception {
        Path wire = capture("none");
        byte[] b = Files.readAllBytes(wire);
        int cut = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("big.bin") + 1_500_000;
        Path half = tmp.resolve("half");
        Files.write(half, java.util.Arrays.copyOf(b, cut));
        Path dst = tmp.resolve("out");
        try (Proc recv = receiveFrom(half, dst)) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
        }
        assertThat(partFiles(dst.resolve("src/sub"))).isEqualTo(1);
        return dst;
    }

    /** The one temporary file of a cut large file in {@code dir}. */
    static Path thePart(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".jnc-part-")).findFirst().orElseThrow();
        }
    }

    private Proc[] resend(Path dst) throws Exception {
        Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start();
        int port = recv.awaitListeningPort();
        Proc send = Proc.jnc("-v", "127.0.0.1", String.valueOf(port), "--send", src.toString(), "--compress", "none").start();
        send.waitFor(T);
        recv.waitFor(T);
        return new Proc[] {recv, send};
    }

    /** A partial file changed since the cut (its time is not the journal's): its kept bytes are hashed again, not trusted. */
    @Test
    void aPartialFileThatChangedSinceTheCutIsReadAgain() throws Exception {
        Path dst = cutInBigFile();
        Path part = thePart(dst.resolve("src/sub"));
        Files.setLastModifiedTime(part, FileTime.fromMillis(Files.getLastModifiedTime(part).toMillis() - 5000));
        Proc[] p = resend(dst);
        try (Proc recv = p[0]; Proc send = p[1]) {
            assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            assertThat(recv.stderr()).contains("bytes kept from a cut transfer, read again to check them), all verified");
        }
        assertSameTree(src, dst.resolve("src"));
    }

    /**
     * Kept bytes altered behind the journal's back, their time set back: the change time tells, so they
     * are hashed again, their digest does not match the sender's, the transfer fails with one line and
     * removes the part; the rerun sends the whole file. Nothing wrong is ever renamed into place.
     */
    @Test
    void keptBytesAlteredBehindTheJournalsBackAreReadAgainAndFail() throws Exception {
        Path dst = cutInBigFile();
        Path part = thePart(dst.resolve("src/sub"));
        FileTime was = Files.getLastModifiedTime(part);
        try (var ch = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 1000);
        }
        Files.setLastModifiedTime(part, was);
        Proc[] p = resend(dst);
        try (Proc recv = p[0]; Proc send = p[1]) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            // Hashed again, the kept part's digest is checked against the sender's digest of the same bytes.
            assertThat(recv.stderr()).contains("jnc: \"src/sub/big.bin\": the part kept from the cut transfer differs from the sender's file; it was removed");
            assertThat(send.waitFor(T)).isEqualTo(1);
        }
        assertThat(dst.resolve("src/sub/big.bin")).doesNotExist();
        assertThat(partFiles(dst.resolve("src/sub"))).isZero();
        rerunSendsTheWholeFile(dst);
    }

    /**
     * The sender's file changed in its first part since the cut (same size): the digest of the sender's
     * prefix differs from the kept one, the transfer fails with one line and removes the part; the rerun
     * sends the whole file.
     */
    @Test
    void aSourceChangedBeforeTheCutPointFailsTheContinuationAndTheRerunSendsTheWholeFile() throws Exception {
        Path dst = cutInBigFile();
        try (var ch = java.nio.channels.FileChannel.open(src.resolve("sub/big.bin"), java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 1000);
        }
        Proc[] p = resend(dst);
        try (Proc recv = p[0]; Proc send = p[1]) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("the part kept from the cut transfer differs from the sender's file; it was removed");
            assertThat(send.waitFor(T)).isEqualTo(1);
        }
        assertThat(dst.resolve("src/sub/big.bin")).doesNotExist();
        assertThat(partFiles(dst.resolve("src/sub"))).isZero();
        rerunSendsTheWholeFile(dst);
    }

    /**
     * The rest of a continued file altered on the wire (one byte flipped by a relay between the two):
     * the rest's digest does not match the sender's, the transfer fails with one line, the part goes,
     * nothing looks finished; the rerun sends the whole file.
     */
    @Test
    void aContinuedFileWhoseRestArrivesCorruptedFailsAndNothingLooksFinished() throws Exception {
        Path dst = cutInBigFile();
        try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start();
                java.net.ServerSocket relay = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = recv.awaitListeningPort();
            // The resumed stream: hello, the directories, big.bin's header, then its last 1.5 MB; 200,000 is in them.
            Thread t = Thread.ofPlatform().daemon().start(() -> flipOneByte(relay, port, 200_000));
            try (Proc send = Proc.jnc("-v", "127.0.0.1", String.valueOf(relay.getLocalPort()), "--send", src.toString(), "--compress", "none").start()) {
                assertThat(recv.waitFor(T)).isEqualTo(1);
                assertThat(recv.stderr()).contains("jnc: \"src/sub/big.bin\" arrived corrupted: its SHA-256 does not match the sender's");
                assertThat(send.waitFor(T)).isEqualTo(1);
            }
            t.join(T.toMillis());
        }
        assertThat(dst.resolve("src/sub/big.bin")).doesNotExist();
        assertThat(partFiles(dst.resolve("src/sub"))).isZero();
        rerunSendsTheWholeFile(dst);
    }

    /** Relays one connection to {@code port}, flipping the byte at {@code at} of what the client sends. */
    private static void flipOneByte(java.net.ServerSocket relay, int port, long at) {
        try (java.net.Socket a = relay.accept(); java.net.Socket b = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            Thread back = Thread.ofPlatform().daemon().start(() -> {
                try {
                    b.getInputStream().transferTo(a.getOutputStream());
                    a.shutdownOutput();
                } catch (IOException ignored) {
                    // one side closed
                }
            });
            byte[] buf = new byte[65536];
            long pos = 0;
            int n;
            var in = a.getInputStream();
            while ((n = in.read(buf)) > 0) {
                if (at >= pos && at < pos + n) buf[(int) (at - pos)] ^= 0x01;
                b.getOutputStream().write(buf, 0, n);
                pos += n;
            }
            b.shutdownOutput();
            back.join(T.toMillis());
        } catch (IOException | InterruptedException ignored) {
            // the test's assertions say what happened
        }
    }

    private void rerunSendsTheWholeFile(Path dst) throws Exception {
        Proc[] p = resend(dst);
        try (Proc recv = p[0]; Proc send = p[1]) {
            assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            assertThat(recv.stderr()).doesNotContain("kept from a cut transfer");
        }
        assertSameTree(src, dst.resolve("src"));
    }

    @Test
    void aSenderKilledHalfwayLeavesNothingThatLooksFinished() throws Exception {
        Path big = Files.createDirectories(tmp.resolve("bigsrc"));
        byte[] chunk = new byte[1 << 20];
        new Random(3).nextBytes(chunk);
        try (var out = Files.newOutputStream(big.resolve("huge.bin"))) {
            for (int i = 0; i < 300; i++) out.write(chunk);
        }
        Path dst = tmp.resolve("out");
        // The receiver fetches from a listening sender that is killed once bytes flow.
        try (Proc send = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--send", big.toString(), "--compress", "none").start()) {
            int port = send.awaitListeningPort();
            try (Proc recv = Proc.jnc("-v", "127.0.0.1", String.valueOf(port), "--receive", dst.toString()).start()) {
                // Killed as soon as the large file's first bytes are on the receiver's disk.
                long deadline = System.nanoTime() + T.toNanos();
                while (partFiles(dst.resolve("bigsrc")) == 0 && System.nanoTime() < deadline) Proc.sleep(5);
                send.terminate();
                assertThat(recv.waitFor(T)).isEqualTo(1);
                assertThat(recv.stderr()).containsPattern("jnc: (the transfer was cut|.*reset)");
            }
        }
        assertThat(dst.resolve("bigsrc/huge.bin")).doesNotExist();
    }

    /** The transfer runs over TLS as every service does: --ssl on both sides. */
    @Test
    void overTls() throws Exception {
        Path dst = tmp.resolve("out");
        try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--ssl", "--receive", dst.toString()).start()) {
            int port = recv.awaitListeningPort();
            try (Proc send = Proc.jnc("-v", "--ssl", "127.0.0.1", String.valueOf(port), "--send", src.toString()).start()) {
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
                assertThat(send.stderr()).contains("SSL connection to").contains("verified by the receiver");
            }
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
        }
        assertSameTree(src, dst.resolve("src"));
    }

    @Test
    void badPathsAreUsageErrorsBeforeAnyConnection() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        try (Proc p = Proc.jnc("-l", "127.0.0.1", "0", "--receive", file.toString()).start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: --receive " + file + ": not a directory.\n");
        }
        try (Proc p = Proc.jnc("127.0.0.1", "9", "--send", tmp.resolve("missing").toString()).start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: --send " + tmp.resolve("missing") + ": no such file or directory.\n");
        }
    }

    /** A receiver that refuses something tells a jnc sender why; the sender fails with that line, not a broken pipe. */
    @Test
    void theSenderSaysWhyTheReceiverStopped() throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("out/src"));
        Files.writeString(dst.resolve("a.txt"), "mine");
        try (Proc recv = Proc.jnc("-l", "127.0.0.1", "0", "-v", "--receive", tmp.resolve("out").toString()).start()) {
            int port = recv.awaitListeningPort();
            try (Proc send = Proc.jnc("127.0.0.1", String.valueOf(port), "--send", src.toString()).start()) {
                assertThat(send.waitFor(T)).isEqualTo(1);
                assertThat(send.stderr()).contains("jnc: the receiver").contains("refusing \"src/a.txt\": it exists already (--force replaces it)");
            }
            assertThat(recv.waitFor(T)).isEqualTo(1);
        }
        assertThat(tmp.resolve("out/src/a.txt")).hasContent("mine");
    }

    /** A receiver that dies halfway: the sender ends with exit 1 and one line. */
    @Test
    void aKilledReceiverFailsTheSender() throws Exception {
        Path big = Files.createDirectories(tmp.resolve("bigsrc"));
        byte[] chunk = new byte[1 << 20];
        new Random(4).nextBytes(chunk);
        try (var out = Files.newOutputStream(big.resolve("huge.bin"))) {
            for (int i = 0; i < 300; i++) out.write(chunk);
        }
        Path dst = tmp.resolve("out");
        try (Proc recv = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start()) {
            int port = recv.awaitListeningPort();
            try (Proc send = Proc.jnc("127.0.0.1", String.valueOf(port), "--send", big.toString(), "--compress", "none").start()) {
                long deadline = System.nanoTime() + T.toNanos();
                while (partFiles(dst.resolve("bigsrc")) == 0 && System.nanoTime() < deadline) Proc.sleep(5);
                recv.terminate();
                assertThat(send.waitFor(T)).isEqualTo(1);
                assertThat(send.stderr().lines().filter(l -> l.startsWith("jnc: ")).count()).as(send.stderr()).isEqualTo(1);
            }
        }
    }

    private static long partFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".jnc-part-")).count();
        }
    }

    static void assertSameTree(Path a, Path b) throws Exception {
        assertThat(listing(b)).isEqualTo(listing(a));
    }

    /** Every path with its kind, mode, and for files the SHA-256 of the content. */
    static TreeMap<String, String> listing(Path root) throws Exception {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(rel, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } else {
                    m.put(rel, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return m;
    }
}
