package jnc.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jnc.base.Failure;
import jnc.cli.LocalSide;

/**
 * {@code -e}/{@code -c} checked once, before jnc listens or connects: a command that can never run
 * ({@code -e '"unterminated'}, {@code -e /nonexistent}, {@code -c 'if'}) is a usage error at
 * start-up, not a surprise for the first client (Ncat reports it only then, and exits).
 */
public final class CommandCheck {
    private CommandCheck() {
    }

    public static void check(LocalSide.Exec exec) {
        if (exec.shell()) {
            shellParses(exec.command());
            return;
        }
        List<String> words = CommandLine.split(exec.command()); // an unbalanced quote throws here
        if (words.isEmpty()) throw Failure.usage("The command for -e is empty.");
        String program = words.getFirst();
        if (program.indexOf('/') >= 0) {
            runnable(Path.of(program), program);
            return;
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return;
        }
        throw Failure.usage("can't run " + program + ": not found in PATH.");
    }

    private static void runnable(Path p, String program) {
        if (!Files.exists(p)) throw Failure.usage("can't run " + program + ": No such file or directory.");
        if (Files.isDirectory(p)) throw Failure.usage("can't run " + program + ": Is a directory.");
        if (!Files.isExecutable(p)) throw Failure.usage("can't run " + program + ": Permission denied.");
    }

    /** {@code sh -n -c CMD}: the shell reads the command without running it; a syntax error is ours to report. */
    private static void shellParses(String command) {
        if (command.isBlank()) throw Failure.usage("The command for -c is empty.");
        try {
            Process sh = new ProcessBuilder("/bin/sh", "-n", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
            sh.getOutputStream().close();
            byte[] said;
            try (java.io.InputStream out = sh.getInputStream()) {
                said = out.readNBytes(4096);
            }
            if (!sh.waitFor(5, TimeUnit.SECONDS)) {
                sh.destroyForcibly();
                return; // the shell took too long to say: leave it to the first client
            }
            if (sh.exitValue() != 0) {
                String why = new String(said, java.nio.charset.StandardCharsets.UTF_8).strip().lines()
                        .reduce((a, b) -> b).orElse("a syntax error");
                throw Failure.usage("the command for -c does not parse: " + jnc.base.Printable.of(why));
            }
        } catch (IOException e) {
            throw Failure.usage("can't run /bin/sh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
