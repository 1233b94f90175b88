package jnc.install;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.IoErrors;
import jnc.cli.Docs;

/**
 * {@code ./jnc --install [DIR]} and {@code --uninstall [DIR]}: a {@code jnc} command on the PATH
 * that runs this checkout's launcher (so the JDK 25 it found, the AOT cache and the rebuild on a
 * changed source all carry over), the man pages and the bash and zsh completion where the system
 * looks for them. Everything written is listed in a manifest beside it; uninstall removes exactly
 * the listed files and the directories install made, and nothing else.
 *
 * <p>DIR is the directory of the command (default {@code ~/.local/bin}, or {@code /usr/local/bin}
 * as root); the other files go under its parent, as {@code make install} with that prefix would put
 * them: {@code share/man/man1/jnc.1}, {@code share/man/de/man1/jnc.1},
 * {@code share/bash-completion/completions/jnc}, {@code share/zsh/site-functions/_jnc}.
 */
public final class Installer {
    /** Marks the command as ours: an existing {@code jnc} without it is never overwritten or removed. */
    static final String MARK = "# installed by jnc --install";
    static final String MANIFEST = "share/jnc/installed-files";

    private Installer() {
    }

    /** Installs or uninstalls; errors become one {@code jnc:} line and exit code 2. */
    public static ExitCode run(boolean uninstall, String dir) {
        try {
            Path bin = dir != null ? Path.of(dir).toAbsolutePath().normalize() : defaultBin();
            Layout layout = new Layout(bin);
            if (uninstall) uninstall(layout);
            else install(layout, launcher());
            return ExitCode.SUCCESS;
        } catch (InstallException e) {
            Diag.error(e.getMessage());
            return ExitCode.USAGE;
        } catch (IOException e) {
            String what = uninstall ? "--uninstall: " : "--install: ";
            String file = e instanceof java.nio.file.FileSystemException fse && fse.getFile() != null ? fse.getFile() + ": " : "";
            Diag.error(what + file + IoErrors.describe(e));
            return ExitCode.USAGE;
        }
    }

    /** ~/.local/bin, where HOME is the environment's (as the shell's ~), or /usr/local/bin for root. */
    static Path defaultBin() {
        String home = System.getenv("HOME");
        if (home == null || home.isEmpty()) home = System.getProperty("user.home");
        return "root".equals(System.getProperty("user.name")) ? Path.of("/usr/local/bin") : Path.of(home, ".local", "bin");
    }

    /** The checkout's {@code ./jnc}: the jar runs from {@code target/jnc.jar} beside it. */
    static Path launcher() throws InstallException {
        Path jar;
        try {
            jar = Path.of(Installer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new InstallException("--install: cannot tell where jnc runs from");
        }
        Path launcher = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().resolve("jnc");
        if (launcher == null || !Files.isExecutable(launcher)) {
            throw new InstallException("--install works from a checkout, through its ./jnc launcher (this jnc runs from " + jar + ")");
        }
        return launcher.toAbsolutePath().normalize();
    }

    static void install(Layout at, Path launcher) throws IOException, InstallException {
        if (Files.exists(at.command()) && !ours(at.command())) {
            throw new InstallException("--install: " + at.command() + " exists and was not installed by jnc; remove it first");
        }
        if (Files.exists(at.manifest())) uninstall(at); // a reinstall replaces the last one cleanly
        List<Path> written = new ArrayList<>();
        List<Path> madeDirs = new ArrayList<>();
        String command = "#!/bin/sh\n" + MARK + " from " + launcher.getParent() + "; jnc --uninstall removes it\n"
                + "exec '" + launcher.toString().replace("'", "'\\''") + "' \"$@\"\n";
        write(at.command(), command, true, written, madeDirs);
        write(at.man(), Docs.manPage(), false, written, madeDirs);
        write(at.manDe(), Docs.manPage(java.util.Locale.GERMAN), false, written, madeDirs);
        write(at.bashCompletion(), Docs.bashCompletion(), false, written, madeDirs);
        write(at.zshCompletion(), Docs.zshCompletion(), false, written, madeDirs);
        mkdirs(at.manifest().getParent(), madeDirs);
        StringBuilder list = new StringBuilder();
        for (Path p : written) list.append("file ").append(p).append('\n');
        for (Path d : madeDirs) list.append("dir ").append(d).append('\n');
        Files.writeString(at.manifest(), list.toString(), StandardCharsets.UTF_8);
        System.out.println(Diag.tr("jnc: installed " + at.command() + " (runs " + launcher + ")"));
        System.out.println(Diag.tr("jnc: man page " + at.man() + ", completion " + at.bashCompletion() + " and " + at.zshCompletion()));
        if (!onPath(at.bin())) {
            System.out.println(Diag.tr("jnc: " + at.bin() + " is not on your PATH; add it with:  export PATH=\"" + at.bin() + ":$PATH\""));
        }
    }

    static void uninstall(Layout at) throws IOException, InstallException {
        if (!Files.exists(at.manifest())) {
            throw new InstallException("--uninstall: nothing installed under " + at.prefix() + " (no " + at.manifest() + ")");
        }
        List<String> lines = Files.readAllLines(at.manifest(), StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith("file ")) {
                Path p = Path.of(line.substring(5));
                if (p.equals(at.command()) && Files.exists(p) && !ours(p)) continue; // replaced by someone else since
                Files.deleteIfExists(p);
            }
        }
        Files.delete(at.manifest());
        // Directories install made, deepest first (they were listed parents first), and only if empty now.
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (!line.startsWith("dir ")) continue;
            Path d = Path.of(line.substring(4));
            try (var entries = Files.list(d)) {
                if (entries.findAny().isEmpty()) Files.delete(d);
            } catch (java.nio.file.NoSuchFileException gone) {
                // already gone
            }
        }
        System.out.println(Diag.tr("jnc: removed " + at.command() + " and its man pages and completion"));
    }

    private static boolean ours(Path command) throws IOException {
        if (Files.size(command) > 4096) return false;
        return Files.readString(command, StandardCharsets.ISO_8859_1).contains(MARK);
    }

    private static void write(Path p, String text, boolean executable, List<Path> written, List<Path> madeDirs) throws IOException {
        mkdirs(p.getParent(), madeDirs);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        if (executable) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        written.add(p);
    }

    /** Creates the missing directories up to {@code d}, noting each one made (parents first). */
    private static void mkdirs(Path d, List<Path> madeDirs) throws IOException {
        if (d == null || Files.isDirectory(d)) return;
        mkdirs(d.getParent(), madeDirs);
        Files.createDirectory(d);
        madeDirs.add(d);
    }

    private static boolean onPath(Path bin) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String entry : path.split(":")) {
            if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().normalize().equals(bin)) return true;
        }
        return false;
    }

    /** Where each file goes for a command directory: the rest under its parent, the prefix. */
    record Layout(Path bin) {
        Path prefix() {
            return bin.getParent() != null ? bin.getParent() : bin;
        }

        Path command() {
            return bin.resolve("jnc");
        }

        Path man() {
            return prefix().resolve("share/man/man1/jnc.1");
        }

        Path manDe() {
            return prefix().resolve("share/man/de/man1/jnc.1");
        }

        Path bashCompletion() {
            return prefix().resolve("share/bash-completion/completions/jnc");
        }

        Path zshCompletion() {
            return prefix().resolve("share/zsh/site-functions/_jnc");
        }

        Path manifest() {
            return prefix().resolve(MANIFEST);
        }
    }

    /** A reason to refuse, shown as one line. */
    static final class InstallException extends Exception {
        InstallException(String message) {
            super(message, null, false, false);
        }
    }
}
