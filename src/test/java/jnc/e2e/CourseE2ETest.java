package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The course text's three uses of netcat, with {@code jnc} in its place, as real processes. */
@Timeout(120)
class CourseE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void chatBothWaysWithTheCourseVerboseLines() {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").start()) {
            int port = server.awaitListeningPort();
            assertThat(server.stderr()).contains("Listening on [127.0.0.1] (family 2, port " + port + ")");
            try (Proc client = Proc.jnc("-v", "127.0.0.1", String.valueOf(port)).start()) {
                client.awaitStderr("Connection to 127\\.0\\.0\\.1 " + port + " port \\[tcp/[^]]+\\] succeeded!", T);
                server.awaitStderr("Connection from 127\\.0\\.0\\.1 \\d+ received!", T);

                Proc.talk(client, "Hello Raspi\n", server, "Hello PC :)\n", T);
                // Both sides end their input (Ctrl-D): each shuts down its sending side, sees the
                // other's EOF and exits by itself.
                Proc.hangUpBoth(client, server, T);
                assertThat(server.stdout()).isEqualTo("Hello Raspi\n");
                assertThat(client.stdout()).isEqualTo("Hello PC :)\n");
                assertThat(client.stderr()).contains("bytes sent").contains("bytes received");
            }
        }
    }

    @Test
    void listeningWithoutHostShowsTheCourseLine() {
        try (Proc server = Proc.jnc("-v", "-l", "0").start()) {
            int port = server.awaitListeningPort();
            assertThat(server.stderr()).contains("Listening on [0.0.0.0] (family 2, port " + port + ")");
        }
    }

    @Test
    void copiesOneFileWithRedirects() throws Exception {
        Path send = tmp.resolve("send.file");
        Path receive = tmp.resolve("receive.file");
        writeRandom(send, 64 << 20, 1);
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").stdinNull().stdoutTo(receive).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).stdinFrom(send).start()) {
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @Test
    void copiesOneFileFromAPipe() throws Exception {
        Path send = tmp.resolve("send.file");
        Path receive = tmp.resolve("receive.file");
        writeRandom(send, 16 << 20, 2);
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0").stdinNull().stdoutTo(receive).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.sh("cat " + send + " | ./jnc 127.0.0.1 " + port).start()) {
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
            }
        }
        assertThat(sha256(receive)).isEqualTo(sha256(send));
    }

    @Test
    void copiesManyFilesThroughTarAndGzip() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Files.writeString(src.resolve("readme.txt"), "Netzwerkkommunikation in FSST\n");
        Files.createDirectories(src.resolve("sub/deeper"));
        writeRandom(src.resolve("sub/data.bin"), 3 << 20, 3);
        writeRandom(src.resolve("sub/deeper/small.bin"), 1000, 4);
        Files.write(src.resolve("empty"), new byte[0]);
        Files.writeString(src.resolve("sub/ümlaut name.txt"), "äöü\n");

        try (Proc server = Proc.sh("'" + Proc.LAUNCHER + "' -v -l 127.0.0.1 0 </dev/null | gunzip | tar x").dir(dst).start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.sh("tar c * | gzip | '" + Proc.LAUNCHER + "' -v 127.0.0.1 " + port).dir(src).start()) {
                assertThat(client.waitFor(T)).isZero();
                assertThat(server.waitFor(T)).isZero();
            }
        }
        assertSameTree(src, dst);
    }

    static void writeRandom(Path p, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.write(p, b);
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void assertSameTree(Path a, Path b) throws Exception {
        try (Stream<Path> s = Files.walk(a)) {
            for (Path p : s.toList()) {
                Path q = b.resolve(a.relativize(p).toString());
                assertThat(q).exists();
                if (Files.isRegularFile(p)) assertThat(sha256(q)).as(q.toString()).isEqualTo(sha256(p));
            }
        }
        try (Stream<Path> s = Files.walk(b)) {
            assertThat(s.count()).isEqualTo(Files.walk(a).count());
        }
    }
}
