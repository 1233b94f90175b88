package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./jnc} launcher in a copy of the repository: it builds when the jar is missing or
 * older than a source, and not otherwise, and it finds a JDK 25 by itself. The build is a stand-in
 * {@code mvn} on PATH that logs its call and puts the real jar in place, so a test takes a second,
 * not a Maven run.
 */
class LauncherE2ETest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final Path REAL_JAR = Proc.HOME.resolve("target/jnc.jar");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path tmp;
    Path repo;
    Path fakeBin;
    Path mvnLog;

    @BeforeEach
    void copyTheRepository() throws IOException {
        repo = tmp.resolve("repo");
        copyTree(Proc.HOME.resolve("src/main"), repo.resolve("src/main"));
        copyTree(Proc.HOME.resolve("scripts"), repo.resolve("scripts"));
        Files.copy(Proc.HOME.resolve("jnc"), repo.resolve("jnc"));
        Files.copy(Proc.HOME.resolve("pom.xml"), repo.resolve("pom.xml"));
        Files.createDirectories(repo.resolve("target"));
        Files.copy(REAL_JAR, repo.resolve("target/jnc.jar"));
        // Sources an hour old, the jar half an hour: up to date.
        Instant now = Instant.now();
        try (Stream<Path> all = Files.walk(repo.resolve("src"))) {
            for (Path p : all.toList()) Files.setLastModifiedTime(p, FileTime.from(now.minusSeconds(3600)));
        }
        Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(now.minusSeconds(3600)));
        Files.setLastModifiedTime(repo.resolve("target/jnc.jar"), FileTime.from(now.minusSeconds(1800)));

        fakeBin = Files.createDirectories(tmp.resolve("bin"));
        mvnLog = tmp.resolve("mvn.log");
        script(fakeBin.resolve("mvn"), """
                #!/bin/sh
                echo "$*" >> "$MVN_LOG"
                [ -n "${MVN_FAIL:-}" ] && { echo "[ERROR] compilation failed" >&2; exit 1; }
                while [ "$1" != "-f" ]; do shift; done
                cp "$REAL_JAR" "${2%/pom.xml}/target/jnc.jar"
                """);
    }

    private Proc.Builder launcher(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(repo.resolve("jnc").toString()));
        cmd.addAll(List.of(args));
        return Proc.cmd(cmd.toArray(String[]::new))
                .dir(repo)
                .stdinNull()
                .env("PATH", fakeBin + ":" + System.getenv("PATH"))
                .env("JAVA_HOME", JAVA_HOME.toString())
                .env("MVN_LOG", mvnLog.toString())
                .env("REAL_JAR", REAL_JAR.toString());
    }

    private int builds() throws IOException {
        return Files.exists(mvnLog) ? Files.readAllLines(mvnLog).size() : 0;
    }

    @Test
    void anUpToDateJarRunsWithoutABuild() throws IOException {
        try (Proc p = launcher("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stdout()).startsWith("jnc ");
            assertThat(p.stderr()).doesNotContain("building");
        }
        assertThat(builds()).isZero();
    }

    @Test
    void aChangedSourceIsBuiltFirst() throws IOException {
        Files.setLastModifiedTime(repo.resolve("src/main/java/jnc/net/Resolver.java"), FileTime.from(Instant.now()));
        try (Proc p = launcher("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stderr()).contains("jnc: building");
            assertThat(p.stdout()).startsWith("jnc ");
        }
        assertThat(builds()).isEqualTo(1);
        assertThat(Files.readString(mvnLog)).contains("-f " + repo.resolve("pom.xml")).contains("package");
        // Built once, then up to date.
        try (Proc p = launcher("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
        }
        assertThat(builds()).isEqualTo(1);
    }

    @Test
    void aNewClassInASubpackageAndAChangedPomCount() throws IOException {
        Path sub = Files.createDirectories(repo.resolve("src/main/java/jnc/net/extra"));
        Files.writeString(sub.resolve("New.java"), "package jnc.net.extra; class New {}\n");
        try (Proc p = launcher("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
        }
        assertThat(builds()).isEqualTo(1);

        Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(Instant.now().plusSeconds(5)));
        try (Proc p = launcher("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
        }
        assertThat(builds()).isEqualTo(2);
    }

    @Test
    void aMissingJarIsBuilt() throws IOException {
        Files.delete(repo.resolve("target/jnc.jar"));
        try (Proc p = launcher("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stdout()).startsWith("jnc ");
        }
        assertThat(builds()).isEqualTo(1);
    }

    @Test
    void aFailedBuildSaysSoAndExitsWith2() throws IOException {
        Files.delete(repo.resolve("target/jnc.jar"));
        try (Proc p = launcher("--version").env("MVN_FAIL", "1").start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).contains("jnc: build failed");
            assertThat(p.stdout()).isEmpty();
        }
    }

    /** Debian's Maven 3.8 prints colour resets even with -q -B: the first build shows none of it. */
    @Test
    void aBuildPrintsNoEscapeResidue() throws IOException {
        Files.delete(repo.resolve("target/jnc.jar"));
        script(fakeBin.resolve("mvn"), """
                #!/bin/sh
                echo "$*" >> "$MVN_LOG"
                printf '\033[0m\033[0m'; printf '\033[0m\033[0m' >&2
                while [ "$1" != "-f" ]; do shift; done
                cp "$REAL_JAR" "${2%/pom.xml}/target/jnc.jar"
                """);
        try (Proc p = launcher("--version").start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stderr()).doesNotContain("\u001b").doesNotContain("[0m").contains("jnc: building");
            assertThat(p.stdout()).startsWith("jnc ").doesNotContain("\u001b");
        }
        assertThat(builds()).isEqualTo(1);
    }

    /** No Maven on the PATH: one line naming what to install, not the shell's "mvn: not found". */
    @Test
    void withoutMavenItSaysWhatToInstall() throws IOException {
        Files.delete(repo.resolve("target/jnc.jar"));
        Path bare = Files.createDirectories(tmp.resolve("bare-bin"));
        Files.createSymbolicLink(bare.resolve("flock"), Path.of("/usr/bin/flock"));
        try (Proc p = launcher("--version").env("PATH", bare.toString()).start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr().strip().lines()).singleElement().asString()
                    .startsWith("jnc: Maven (mvn) is needed").contains("apt-get install maven");
            assertThat(p.stdout()).isEmpty();
        }
    }

    /** A JDK 17 as JAVA_HOME and first on PATH, and a JDK 25 among the installed ones: the 25 runs jnc. */
    @Test
    void findsAJdk25WhenJavaHomeAndPathHoldAnOlderOne() throws IOException {
        Path jdks = Files.createDirectories(tmp.resolve("jvm"));
        Path old = fakeJdk(jdks.resolve("jdk-17"), "17.0.9");
        Path jdk25 = Files.createDirectories(jdks.resolve("jdk-25").resolve("bin"));
        script(jdk25.resolve("java"), "#!/bin/sh\nexec '" + JAVA_HOME.resolve("bin/java") + "' \"$@\"\n");
        Files.copy(JAVA_HOME.resolve("release"), jdk25.getParent().resolve("release"));
        try (Proc p = launcher("--version")
                .env("JAVA_HOME", old.toString())
                .env("PATH", old.resolve("bin") + ":" + fakeBin + ":/usr/bin:/bin")
                .env("JNC_JDK_DIRS", jdks.toString())
                .start()) {
            assertThat(p.waitFor(T)).isZero();
            assertThat(p.stdout()).contains("(Java " + Runtime.version().feature() + ")");
            assertThat(p.stderr()).isEmpty();
        }
    }

    @Test
    void withoutAJdk25ItSaysSoInOneLineAndExitsWith2() throws IOException {
        Path jdks = Files.createDirectories(tmp.resolve("jvm"));
        Path old = fakeJdk(jdks.resolve("jdk-17"), "17.0.9");
        try (Proc p = launcher("--version")
                .envRemoved("JAVA_HOME")
                .env("PATH", old.resolve("bin") + ":" + fakeBin + ":/usr/bin:/bin")
                .env("JNC_JDK_DIRS", jdks.toString())
                .start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr().strip().lines()).singleElement().asString()
                    .startsWith("jnc: no JDK 25 or newer found").contains(jdks.toString());
            assertThat(p.stdout()).isEmpty();
        }
    }

    /** A JDK of version {@code version} whose java only says who it is (it must never be run for jnc). */
    private static Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        script(home.resolve("bin/java"), "#!/bin/sh\necho \"fake java " + version + "\"; exit 3\n");
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private static void script(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
