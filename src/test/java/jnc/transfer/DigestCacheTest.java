package jnc.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender's cache of step digests: what it trusts, where it lives, how big it gets. */
class DigestCacheTest {
    @TempDir
    Path dir;

    private static final String SHA = "ab".repeat(32);

    @Test
    void aRecordedStepIsFoundForTheSameIdentityOnly() throws Exception {
        DigestCache c = DigestCache.at(dir.resolve("cache/jnc/digests"));
        c.record("1:2:3:4:5", DigestCache.STEP, SHA);
        c.record("1:2:3:4:5", 2 * DigestCache.STEP, "cd".repeat(32));
        c.close();
        assertThat(c.lookup("1:2:3:4:5", DigestCache.STEP)).isEqualTo(SHA);
        assertThat(c.lookup("1:2:3:4:5", 2 * DigestCache.STEP)).isEqualTo("cd".repeat(32));
        assertThat(c.lookup("1:2:3:4:6", DigestCache.STEP)).as("another change time").isNull();
        assertThat(c.lookup("1:2:3:4:5", DigestCache.STEP + 1)).as("not a step").isNull();
        assertThat(c.lookup(null, DigestCache.STEP)).isNull();
        assertThat(Files.getPosixFilePermissions(dir.resolve("cache/jnc/digests"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("cache/jnc"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void theLastLineForAStepWinsAndDamagedLinesAreSkipped() throws Exception {
        Path f = dir.resolve("digests");
        Files.writeString(f, "v1 1:2:3:4:5 " + DigestCache.STEP + " " + SHA + "\n"
                + "v1 1:2:3:4:5 " + DigestCache.STEP + " nothex\n"
                + "garbage\n"
                + "v1 1:2:3:4:5 " + DigestCache.STEP + " " + "ef".repeat(32) + "\n"
                + "v1 1:2:3:4:5 " + DigestCache.STEP + " " + "0".repeat(63));
        assertThat(DigestCache.at(f).lookup("1:2:3:4:5", DigestCache.STEP)).isEqualTo("ef".repeat(32));
    }

    @Test
    void aFullCacheStartsAnew() throws Exception {
        Path f = dir.resolve("digests");
        Files.write(f, new byte[DigestCache.MAX_BYTES]);
        DigestCache c = DigestCache.at(f);
        c.record("9:9:9:9:9", DigestCache.STEP, SHA);
        c.close();
        assertThat(Files.size(f)).isLessThan(200);
        assertThat(c.lookup("9:9:9:9:9", DigestCache.STEP)).isEqualTo(SHA);
    }

    @Test
    void anUnwritablePlaceMeansNoCacheNotAFailure() throws Exception {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        DigestCache c = DigestCache.at(blocker.resolve("jnc/digests"));
        c.record("1:2:3:4:5", DigestCache.STEP, SHA);
        c.close();
        assertThat(c.lookup("1:2:3:4:5", DigestCache.STEP)).isNull();
        assertThat(DigestCache.at(null).lookup("1:2:3:4:5", DigestCache.STEP)).isNull();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoInThePlaceOfTheCacheIsNotOpened() throws Exception {
        Path f = dir.resolve("digests");
        Process mk = new ProcessBuilder("mkfifo", f.toString()).start();
        assertThat(mk.waitFor()).isZero();
        DigestCache c = DigestCache.at(f);
        // Opening a FIFO without a writer would block: neither the look-up nor the record may.
        assertThat(c.lookup("1:2:3:4:5", DigestCache.STEP)).isNull();
        c.record("1:2:3:4:5", DigestCache.STEP, SHA);
        c.close();
        assertThat(Files.isRegularFile(f)).isFalse();
    }

    @Test
    void aFileChangedInTheLastSecondHasNoIdentityAndAWriteChangesIt() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "data");
        long now = DigestCache.nowNs();
        assertThat(DigestCache.identity(f, now)).as("just written").isNull();
        long later = now + TimeUnit.SECONDS.toNanos(2);
        String before = DigestCache.identity(f, later);
        assertThat(before).isNotNull().matches("\\d+:\\d+:4:\\d+:\\d+");
        Thread.sleep(20);
        Files.writeString(f, "DATA");
        assertThat(DigestCache.identity(f, later + TimeUnit.SECONDS.toNanos(2))).isNotNull().isNotEqualTo(before);
        assertThat(DigestCache.identity(dir, later)).as("a directory").isNull();
    }

    @Test
    void theLocationFollowsXdgThenHome() {
        assertThat(DigestCache.location("/x/cache", "/home/u")).isEqualTo(Path.of("/x/cache/jnc/digests"));
        assertThat(DigestCache.location("relative", "/home/u")).isEqualTo(Path.of("/home/u/.cache/jnc/digests"));
        assertThat(DigestCache.location(null, "/home/u")).isEqualTo(Path.of("/home/u/.cache/jnc/digests"));
        assertThat(DigestCache.location(null, null)).isNull();
    }
}
