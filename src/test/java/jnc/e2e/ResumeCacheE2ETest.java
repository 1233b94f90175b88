package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume with the sender's cache of step digests: a receiver cut inside a large file keeps its bytes
 * up to the last 16 MiB step; at the rerun the sender finds the digest of those bytes in its cache
 * (written while it sent them the first time) instead of reading them again. The cache is trusted only
 * for a file that did not change since: a changed file or a lying cache fails the continuation with one
 * line, and the rerun after it sends the whole file.
 */
class ResumeCacheE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final int STEP = 16 << 20;
    static final int SIZE = 40 << 20;

    @TempDir
    Path tmp;
    Path src;
    Path cache;

    @BeforeEach
    void bigFile() throws Exception {
        src = Files.createDirectories(tmp.resolve("in/src"));
        byte[] b = new byte[SIZE];
        new Random(5).nextBytes(b);
        Files.write(src.resolve("big.bin"), b);
        Files.writeString(src.resolve("small.txt"), "hello\n");
        cache = tmp.resolve("cache");
        // The cache records only files that did not change in the second before they were hashed.
        Thread.sleep(1200);
    }

    @Test
    void aRerunChecksTheKeptStepsAgainstTheCacheWithoutReadingThem() throws Exception {
        Path dst = cutAfter(20 << 20);
        // Kept up to the last step, not to the cut: the sender has that step's digest.
        assertThat(Files.size(TransferE2ETest.thePart(dst.resolve("src")))).isEqualTo(STEP);
        try (Proc recv = receiver(dst); Proc send = sender(recv.awaitListeningPort())) {
            assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            assertThat(send.stderr()).contains("(continued after " + STEP + " bytes the receiver kept, checked against this machine's digests of them)");
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            assertThat(recv.stderr()).contains("continued after " + STEP + " bytes kept from a cut transfer, not read again), all verified");
        }
        assertSame(dst);
    }

    @Test
    void aSourceChangedSinceTheCutIsReadAgainAndTheContinuationFails() throws Exception {
        Path dst = cutAfter(20 << 20);
        try (FileChannel ch = FileChannel.open(src.resolve("big.bin"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), 1000);
        }
        Thread.sleep(1200); // quiet again, so only its new identity keeps the cache from vouching for it
        try (Proc recv = receiver(dst); Proc send = sender(recv.awaitListeningPort())) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("the part kept from the cut transfer differs from the sender's file; it was removed");
            assertThat(send.waitFor(T)).isEqualTo(1);
            assertThat(send.stderr()).doesNotContain("checked against this machine's digests");
        }
        rerunSendsTheWholeFile(dst);
    }

    @Test
    void aCacheThatLiesCannotMakeAWrongFileLookFinished() throws Exception {
        Path dst = cutAfter(20 << 20);
        Path digests = cache.resolve("jnc/digests");
        String text = Files.readString(digests);
        assertThat(text).contains(" " + STEP + " ");
        Files.writeString(digests, text.replaceAll(" " + STEP + " [0-9a-f]{64}", " " + STEP + " " + "0".repeat(64)));
        try (Proc recv = receiver(dst); Proc send = sender(recv.awaitListeningPort())) {
            assertThat(recv.waitFor(T)).isEqualTo(1);
            assertThat(recv.stderr()).contains("the part kept from the cut transfer differs from the sender's file; it was removed");
            assertThat(send.waitFor(T)).isEqualTo(1);
        }
        assertThat(dst.resolve("src/big.bin")).doesNotExist();
        rerunSendsTheWholeFile(dst);
    }

    /** A first transfer by a real sender (which fills its cache), caught by nc and cut {@code after} bytes into the large file. */
    private Path cutAfter(int after) throws Exception {
        Path wire = tmp.resolve("wire");
        int port = Peers.freePort();
        try (Proc sink = Proc.cmd(Peers.require("nc.openbsd"), "-l", "127.0.0.1", String.valueOf(port)).stdinNull().stdoutTo(wire).start()) {
            Peers.awaitListening(port);
            try (Proc send = sender(port)) {
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            }
            sink.waitFor(T);
        }
        byte[] b = Files.readAllBytes(wire);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("big.bin") + after;
        Path half = Files.write(tmp.resolve("half"), Arrays.copyOf(b, at));
        Path dst = tmp.resolve("out");
        try (Proc recv = receiver(dst)) {
            int p = recv.awaitListeningPort();
            try (Proc feed = Proc.cmd("nc.openbsd", "-N", "127.0.0.1", String.valueOf(p)).stdinFrom(half).start()) {
                assertThat(recv.waitFor(T)).isEqualTo(1);
                feed.waitFor(T);
            }
            assertThat(recv.stderr()).contains("jnc: the transfer was cut");
        }
        return dst;
    }

    private Proc receiver(Path dst) {
        return Proc.jnc("-v", "-l", "127.0.0.1", "0", "--receive", dst.toString()).start();
    }

    private Proc sender(int port) {
        return Proc.jnc("-v", "127.0.0.1", String.valueOf(port), "--send", src.toString(), "--compress", "none")
                .env("XDG_CACHE_HOME", cache.toString()).start();
    }

    private void rerunSendsTheWholeFile(Path dst) throws Exception {
        try (Proc recv = receiver(dst); Proc send = sender(recv.awaitListeningPort())) {
            assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            assertThat(recv.waitFor(T)).as(recv.stderr()).isZero();
            assertThat(recv.stderr()).doesNotContain("kept from a cut transfer");
        }
        assertSame(dst);
    }

    private void assertSame(Path dst) throws IOException {
        assertThat(Files.mismatch(src.resolve("big.bin"), dst.resolve("src/big.bin"))).isEqualTo(-1);
        assertThat(Files.readString(dst.resolve("src/small.txt"))).isEqualTo("hello\n");
        assertThat(dst.resolve(".jnc-resume")).doesNotExist();
    }
}
