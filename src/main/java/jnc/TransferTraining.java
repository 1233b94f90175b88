package jnc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The training of the fourth AOT cache, {@code jnc-xfer.aot}: {@code --send} and {@code --receive},
 * whose classes the plain cache must not hold (a plain run loads none of them, TransferE2ETest).
 * Without a cache of their own they load from the jar, verified, at every transfer, and their method
 * profiles start empty: a tree of 10,000 small files cost both sides about 10 % more CPU
 * (BENCHMARKS.md, "Transfer, session 9"). The launcher picks this cache for a run with --send or
 * --receive and no TLS option (those have the TLS cache).
 * <p>
 * A receiver listens through {@link Main#run} in a thread of its own, on a 127.0.0.1 port the kernel
 * gave a moment before; a sender sends it a tree made in a temporary directory (small files of text
 * and random bytes, a directory, a symlink, and one large file), uncompressed and with gzip. The
 * large file stays under the 16 MiB step of the sender's digest cache, so the training writes nothing
 * outside its directory. Every wait is bounded; a transfer that fails to train only leaves its
 * classes out of the cache.
 */
final class TransferTraining {
    private static final int SMALL_FILES = 2000;
    private static final int LARGE_BYTES = 12 << 20;

    private TransferTraining() {
    }

    static void train() throws IOException {
        Path dir = Files.createTempDirectory("jnc-training");
        try {
            Path tree = tree(dir.resolve("tree"));
            for (String compress : new String[] {"none", "gzip"}) {
                Path dst = Files.createDirectories(dir.resolve("received-" + compress));
                int port = ServeTraining.freePort();
                String p = String.valueOf(port);
                Thread receiver = Thread.ofPlatform().daemon().start(() -> Main.run(new String[] {"-l", "127.0.0.1", p, "--receive", dst.toString()}));
                if (!ServeTraining.awaitListening(port)) continue;
                Main.run(new String[] {"127.0.0.1", p, "--send", tree.toString(), "--compress", compress});
                receiver.join(ServeTraining.WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
            }
        }
    }

    private static Path tree(Path root) throws IOException {
        Random r = new Random(1);
        Path sub = Files.createDirectories(root.resolve("sub"));
        byte[] words = "the quick brown fox jumps over the lazy dog netcat tar gzip ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < SMALL_FILES; i++) {
            byte[] b = new byte[1024 + r.nextInt(63 * 1024)];
            if (i % 2 == 0) {
                r.nextBytes(b);
            } else {
                for (int j = 0; j < b.length; j++) b[j] = words[(j + i) % words.length];
            }
            Files.write((i % 3 == 0 ? sub : root).resolve("f" + i), b);
        }
        byte[] large = new byte[LARGE_BYTES];
        r.nextBytes(large);
        Files.write(root.resolve("large.bin"), large);
        Files.createSymbolicLink(root.resolve("link"), Path.of("f1"));
        return root;
    }
}
