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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jnc --install DIR} in a temporary prefix: a {@code jnc} on the PATH that runs, its man
 * pages where man finds them, completions bash and zsh load; {@code --uninstall} leaves the prefix
 * exactly as it was.
 */
@Timeout(120)
class InstallE2ETest {
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Proc.Builder inHome(Proc.Builder b, Path bin) {
        return b.env("HOME", tmp.resolve("home").toString()).env("PATH", bin + ":" + System.getenv("PATH")).stdinNull();
    }

    @Test
    void installPutsJncOnThePathAndUninstallRemovesExactlyThat() throws Exception {
        Path prefix = Files.createDirectories(tmp.resolve("home/.local"));
        Path bin = prefix.resolve("bin");
        Files.createDirectories(prefix.resolve("share/man")); // something of the user's that must stay
        Files.writeString(prefix.resolve("share/man/keep.txt"), "mine\n");
        List<String> before = tree(prefix);

        try (Proc p = inHome(Proc.jnc("--install", bin.toString()), bin).start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
            assertThat(p.stdout()).contains("installed " + bin.resolve("jnc"));
        }
        assertThat(bin.resolve("jnc")).isExecutable();
        assertThat(prefix.resolve("share/man/man1/jnc.1")).content(StandardCharsets.UTF_8).contains(".TH JNC 1");
        assertThat(prefix.resolve("share/man/de/man1/jnc.1")).content(StandardCharsets.UTF_8).contains("BESCHREIBUNG");

        // The command runs from the PATH, from another directory.
        try (Proc p = inHome(Proc.sh("cd / && jnc --version"), bin).start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
            assertThat(p.stdout()).startsWith("jnc ");
        }
        // A loopback transfer through the installed command.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Proc p = inHome(Proc.sh("echo 'hello from the PATH' | jnc 127.0.0.1 " + server.getLocalPort()), bin).start();
             Socket s = server.accept()) {
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from the PATH\n");
            s.close();
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
        }
        // man finds the page through the PATH (man-db looks in ../share/man of each PATH entry).
        try (Proc p = inHome(Proc.sh("man -w jnc"), bin).env("MANPATH", "").start()) {
            if (p.waitFor(T) == 0) assertThat(p.stdout().strip()).isEqualTo(prefix.resolve("share/man/man1/jnc.1").toString());
        }
        // bash loads the completion from where bash-completion looks for a user's completions.
        Path bash = prefix.resolve("share/bash-completion/completions/jnc");
        try (Proc p = Proc.cmd("bash", "-c", "source '" + bash + "' && complete -p jnc").stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
            assertThat(p.stdout()).contains("_jnc");
        }
        Path zsh = prefix.resolve("share/zsh/site-functions/_jnc");
        assertThat(zsh).content().startsWith("#compdef jnc");
        try (Proc p = Proc.cmd(Peers.require("zsh"), "-n", zsh.toString()).stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
        }

        try (Proc p = inHome(Proc.jnc("--uninstall", bin.toString()), bin).start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
            assertThat(p.stdout()).contains("removed " + bin.resolve("jnc"));
        }
        assertThat(tree(prefix)).isEqualTo(before);
    }

    /** Without a directory, a user's jnc goes to ~/.local/bin (HOME as the shell has it); run as nobody. */
    @Test
    void aUsersDefaultIsLocalBinInTheirHome() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CI") == null, "needs root to become another user");
            throw new AssertionError("needs root to become another user");
        }
        Path home = Files.createDirectories(tmp.resolve("nobody"));
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setOwner(home, home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        String asNobody = Peers.require("setpriv") + " --reuid=nobody --regid=nogroup --clear-groups env -i PATH=/usr/bin:/bin HOME=" + home + " ";
        // A checkout that only root can read (under /root, say) cannot be run by nobody: nothing to test there.
        try (Proc can = Proc.sh(asNobody + "test -x " + Proc.LAUNCHER + " -a -r " + Proc.HOME.resolve("target/jnc.jar")).stdinNull().start()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(can.waitFor(T) == 0, "the checkout is not readable by nobody");
        }
        try (Proc p = Proc.sh(asNobody + Proc.LAUNCHER + " --install").stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
            assertThat(p.stdout()).contains("installed " + home.resolve(".local/bin/jnc"))
                    .contains("is not on your PATH; add it with:  export PATH=\"" + home.resolve(".local/bin") + ":$PATH\"");
        }
        assertThat(home.resolve(".local/bin/jnc")).isExecutable();
        assertThat(home.resolve(".local/share/man/man1/jnc.1")).exists();
        try (Proc p = Proc.sh(asNobody + Proc.LAUNCHER + " --uninstall").stdinNull().start()) {
            assertThat(p.waitFor(T)).as(p.stderr()).isZero();
        }
        try (Stream<Path> left = Files.list(home)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aForeignJncIsNeitherOverwrittenNorRemoved() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("prefix/bin"));
        Files.writeString(bin.resolve("jnc"), "#!/bin/sh\necho someone else's\n");
        try (Proc p = inHome(Proc.jnc("--install", bin.toString()), bin).start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr().strip().lines()).singleElement().asString()
                    .startsWith("jnc: --install: ").contains("was not installed by jnc");
        }
        assertThat(bin.resolve("jnc")).content().contains("someone else's");
        try (Proc p = inHome(Proc.jnc("--uninstall", bin.toString()), bin).start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).startsWith("jnc: --uninstall: nothing installed");
        }
        assertThat(bin.resolve("jnc")).exists();
    }

    @Test
    void installTakesNoOtherOption() {
        BadInputE2ETest.expect(2, "take no other option", "--install", "-v", tmp.toString());
        BadInputE2ETest.expect(2, "cannot be used together", "--install", "--uninstall");
    }

    /** Every file and directory under root, relative, sorted. */
    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
