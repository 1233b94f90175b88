package jnc.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces a resume rests on: the journal's record of a cut file (trusted only while the kept
 * file is as recorded; a hostile or broken journal is ignored line by line), the sender's digest of
 * a continued file's kept part, and the receiver's read-ahead that hands out its chunks without a copy.
 */
class ResumePartsTest {
    @TempDir
    Path dir;

    @Test
    void aCutIsTrustedOnlyWhileItsFileIsUnchanged() throws Exception {
        SafeTree tree = new SafeTree(dir);
        Path part = dir.resolve(".jnc-part-x");
        Files.write(part, new byte[1000]);
        String sha = Digests.hex(Digests.sha256(new byte[1000]));
        try (Journal j = new Journal(tree)) {
            j.cut("big", part, 1000, sha);
        }
        assertThat(new Journal(tree).keptDigest("big", part, 1000)).isEqualTo(sha);
        assertThat(new Journal(tree).keptDigest("big", part, 999)).isNull(); // not the size the sender continues at
        assertThat(new Journal(tree).keptDigest("other", part, 1000)).isNull();

        // Written behind its back with the modification time set back: the change time differs.
        FileTime was = Files.getLastModifiedTime(part);
        Thread.sleep(20);
        Files.write(part, new byte[1000]);
        Files.setLastModifiedTime(part, was);
        assertThat(new Journal(tree).keptDigest("big", part, 1000)).isNull();
    }

    @Test
    void aBrokenOrHostileJournalIsIgnoredLineByLine() throws Exception {
        SafeTree tree = new SafeTree(dir);
        String sha = "a".repeat(64);
        Files.writeString(dir.resolve(SafeTree.JOURNAL), String.join("\n",
                "done 99999999999999999999 " + sha + " f",   // too large a number
                "done -1 " + sha + " f",
                "cut x 1:2:3 " + sha + " big",
                "cut 10 1:2:3 nothex big",
                "cut 10",
                "\0\0\0",
                "done 3 " + sha + " ok") + "\n");
        Journal j = new Journal(tree);
        assertThat(j.keptDigest("big", dir.resolve("nothing"), 10)).isNull();
        assertThat(j.have(tree)).startsWith(Protocol.HAVE).endsWith("end\n");
    }

    @Test
    void aJournalThatIsASymlinkIsNotFollowed() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "cut 4 1:2:3 " + "b".repeat(64) + " big\n");
        Path inside = Files.createDirectory(dir.resolve("in"));
        Files.createSymbolicLink(inside.resolve(SafeTree.JOURNAL), elsewhere);
        SafeTree tree = new SafeTree(inside);
        Journal j = new Journal(tree);
        assertThat(j.isEmpty()).isTrue();
    }

    @Test
    void thePrefixDigestIsThatOfTheFilesFirstBytes() throws Exception {
        byte[] data = new byte[3 * Sender.CHUNK + 12345];
        new Random(7).nextBytes(data);
        Path f = Files.write(dir.resolve("f"), data);
        for (long offset : new long[] {1, 4096, Sender.CHUNK, Sender.CHUNK + 1, data.length}) {
            PrefixDigest d = PrefixDigest.start(f, offset, DigestCache.at(null));
            assertThat(d.get()).as("offset " + offset).isEqualTo(Digests.hex(Digests.sha256(Arrays.copyOf(data, (int) offset))));
        }
    }

    @Test
    void aPrefixLongerThanTheFileFails() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[100]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PrefixDigest.start(f, 101, DigestCache.at(null)).get())
                .isInstanceOf(TransferException.class).hasMessageContaining("shrank while being sent");
    }

    @Test
    void theReadAheadHandsOutEveryByteInOrderWithoutACopy() throws Exception {
        Pipe pipe = Pipe.open();
        byte[] data = new byte[Prefetch.CHUNK * 3 + 777];
        new Random(9).nextBytes(data);
        Thread writer = Thread.ofPlatform().start(() -> {
            try (var sink = pipe.sink()) {
                ByteBuffer b = ByteBuffer.wrap(data, 4, data.length - 4);
                while (b.hasRemaining()) sink.write(b);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        MessageDigest md = Digests.sha256();
        try (Prefetch ahead = Prefetch.raw(pipe.source(), Arrays.copyOf(data, 4))) {
            byte[] first = new byte[10];
            assertThat(ahead.readNBytes(first, 0, 10)).isEqualTo(10);
            md.update(first);
            ByteBuffer b;
            while ((b = ahead.borrow(100_000)) != null) {
                assertThat(b.remaining()).isBetween(1, 100_000);
                md.update(b);
            }
        }
        writer.join(10_000);
        assertThat(md.digest()).isEqualTo(Digests.sha256(data));
    }
}
