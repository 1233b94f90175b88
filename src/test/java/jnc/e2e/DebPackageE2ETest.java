package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Debian package: scripts/build-deb.sh builds it (jlink runtime, its AOT cache, jpackage),
 * dpkg installs it, the jnc on the PATH runs from the package's own runtime (no JDK named
 * anywhere), sends a file over loopback, and dpkg removes it with every file it put down.
 * Needs root (CI runs as root); elsewhere it is skipped.
 */
@Timeout(900)
class DebPackageE2ETest {
    static final Duration BUILD = Duration.ofMinutes(10);
    static final Duration T = Duration.ofSeconds(60);
    static final Path DEB = Proc.HOME.resolve("target/deb/jnc_0.1.0_amd64.deb");

    @Test
    void buildInstallRunAndRemoveTheDebianPackage() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if (System.getenv("CI") != null) throw new AssertionError("the .deb test needs root, as CI runs");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "needs root (dpkg -i)");
        }
        Peers.require("dpkg-deb");
        Peers.require("fakeroot");
        try (Proc build = Proc.cmd(Proc.HOME.resolve("scripts/build-deb.sh").toString()).stdinNull().start()) {
            assertThat(build.waitFor(BUILD)).as(build.stderr()).isZero();
        }
        assertThat(DEB).exists();
        try (Proc info = Proc.cmd("dpkg-deb", "-c", DEB.toString()).stdinNull().start()) {
            assertThat(info.waitFor(T)).isZero();
            assertThat(info.stdout()).contains("./opt/jnc/lib/runtime/bin/java", "./opt/jnc/lib/app/jnc.aot",
                    "./opt/jnc/lib/app/jnc.jar").doesNotContain("java.desktop");
        }
        try {
            dpkg("-i", DEB.toString());
            assertThat(Path.of("/usr/bin/jnc")).isExecutable();
            assertThat(Path.of("/usr/share/man/man1/jnc.1")).exists();
            assertThat(Path.of("/usr/share/bash-completion/completions/jnc")).exists();
            // From the PATH, with no JDK to find: no JAVA_HOME and only the system's directories.
            try (Proc v = Proc.sh("jnc --version").envRemoved("JAVA_HOME").env("PATH", "/usr/bin:/bin").stdinNull().start()) {
                assertThat(v.waitFor(T)).as(v.stderr()).isZero();
                assertThat(v.stdout()).startsWith("jnc 0.1.0 (Java 25)");
            }
            // Every class from the package's AOT cache, none from the jar or the runtime's modules.
            try (Proc v = Proc.sh("jnc --version").env("JNC_JAVA_OPTS", "-Xlog:class+load").env("PATH", "/usr/bin:/bin").stdinNull().start()) {
                assertThat(v.waitFor(T)).isZero();
                assertThat(v.stdout()).contains("jnc.Main source: shared objects file");
            }
            // A run with an --ssl option starts from the cache trained over TLS, as from ./jnc.
            try (Proc tls = Proc.sh("jnc --ssl --version").env("JNC_JAVA_OPTS", "-Xlog:aot=info").env("PATH", "/usr/bin:/bin").stdinNull().start()) {
                assertThat(tls.waitFor(T)).as(tls.stderr()).isZero();
                assertThat(tls.stdout()).contains("Opened AOT cache /opt/jnc/lib/app/jnc-tls.aot");
            }
            // And one with --send or --receive from the cache trained on a transfer.
            for (String transfer : List.of("--send /tmp", "--receive /tmp")) {
                try (Proc x = Proc.sh("jnc " + transfer + " --version").env("JNC_JAVA_OPTS", "-Xlog:aot=info").env("PATH", "/usr/bin:/bin").stdinNull().start()) {
                    assertThat(x.waitFor(T)).as(x.stderr()).isZero();
                    assertThat(x.stdout()).as(transfer).contains("Opened AOT cache /opt/jnc/lib/app/jnc-xfer.aot");
                }
            }
            Path file = Files.createTempFile("jnc-deb", ".txt");
            Files.writeString(file, "from the package\n".repeat(1000));
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Proc send = Proc.sh("jnc 127.0.0.1 " + server.getLocalPort() + " < " + file).env("PATH", "/usr/bin:/bin").start()) {
                try (Socket s = server.accept()) {
                    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo("from the package\n".repeat(1000));
                }
                assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            } finally {
                Files.deleteIfExists(file);
            }
        } finally {
            dpkg("-r", "jnc");
        }
        for (String p : List.of("/usr/bin/jnc", "/opt/jnc", "/usr/share/man/man1/jnc.1", "/usr/share/man/de/man1/jnc.1",
                "/usr/share/bash-completion/completions/jnc", "/usr/share/zsh/vendor-completions/_jnc")) {
            assertThat(Files.exists(Path.of(p), java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("%s after dpkg -r", p).isFalse();
        }
    }

    private static void dpkg(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "dpkg";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try (Proc p = Proc.cmd(cmd).stdinNull().env("DEBIAN_FRONTEND", "noninteractive").start()) {
            assertThat(p.waitFor(T)).as(String.join(" ", cmd) + ": " + p.stderr()).isZero();
        }
    }
}
