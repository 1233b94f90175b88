package jnc.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real process under test: the {@code ./jnc} launcher or a peer (ncat, nc.openbsd, socat, tar...).
 * Output is collected in the background; every wait is bounded, and a process still running at
 * {@link #close()} is killed, so a failing test never leaves strays behind.
 */
public final class Proc implements AutoCloseable {
    /** The repository root, where {@code ./jnc} lives. */
    public static final Path HOME = Path.of(System.getProperty("jnc.home", ".")).toAbsolutePath().normalize();
    public static final Path LAUNCHER = HOME.resolve("jnc");

    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;
    private final String name;

    private final boolean isJnc;

    private Proc(Process process, String name, boolean captureOut) {
        this.process = process;
        this.name = name;
        // the launcher (this repository's or a copy's), or a pipeline that runs it
        this.isJnc = name.matches("\\S*/jnc( .*)?") || name.startsWith("/bin/sh -c ") && name.contains("jnc");
        this.outPump = captureOut ? pump(process.getInputStream(), out) : null;
        this.errPump = pump(process.getErrorStream(), err);
    }

    /** Starts {@code ./jnc args...} with stdin, stdout as given by the builder. */
    public static Builder jnc(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(Arrays.asList(args));
        // A sender's cache of digests (DigestCache) goes under target/, not the user's home; a test may set its own.
        return new Builder(cmd).env("XDG_CACHE_HOME", HOME.resolve("target/e2e-cache").toString());
    }

    /** Starts any command (a peer). */
    public static Builder cmd(String... cmd) {
        return new Builder(new ArrayList<>(Arrays.asList(cmd)));
    }

    /** {@code sh -c script}, for pipelines such as {@code tar c . | gzip | ./jnc ...}. */
    public static Builder sh(String script) {
        return new Builder(new ArrayList<>(List.of("/bin/sh", "-c", script)));
    }

    public static final class Builder {
        private final ProcessBuilder pb;
        private boolean captureOut = true;

        Builder(List<String> cmd) {
            pb = new ProcessBuilder(cmd);
            pb.directory(HOME.toFile());
        }

        public Builder stdinFrom(Path p) {
            pb.redirectInput(p.toFile());
            return this;
        }

        public Builder stdinNull() {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return this;
        }

        public Builder stdoutTo(Path p) {
            pb.redirectOutput(p.toFile());
            captureOut = false;
            return this;
        }

        public Builder dir(Path d) {
            pb.directory(d.toFile());
            return this;
        }

        public Builder env(String k, String v) {
            pb.environment().put(k, v);
            return this;
        }

        /** Starts the process without variable {@code k}, as if it had never been set. */
        public Builder envRemoved(String k) {
            pb.environment().remove(k);
            return this;
        }

        public Proc start() {
            try {
                return new Proc(pb.start(), String.join(" ", pb.command()), captureOut);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + pb.command(), e);
            }
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        return Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process closed its end
            }
        });
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public void write(String s) {
        try {
            process.getOutputStream().write(s.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    public byte[] stdoutBytes() {
        synchronized (out) {
            return out.toByteArray();
        }
    }

    public String stdout() {
        return new String(stdoutBytes(), StandardCharsets.UTF_8);
    }

    public String stderr() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until stdout contains {@code text}. */
    public void awaitStdout(String text, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!stdout().contains(text)) {
            if (System.nanoTime() > end) fail(name + ": no \"" + text + "\" on stdout within " + timeout + "; stdout=" + stdout() + " stderr=" + stderr());
            sleep(10);
        }
    }

    /** Waits until stderr matches {@code regex} and returns the match. */
    public Matcher awaitStderr(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = p.matcher(stderr());
            if (m.find()) return m;
            if (!process.isAlive()) {
                sleep(100); // let the pump drain what the process printed last
                Matcher last = p.matcher(stderr());
                if (last.find()) return last;
                fail(name + " exited (" + process.exitValue() + ") before printing /" + regex + "/; stderr=" + stderr());
            }
            if (System.nanoTime() > end) fail(name + ": no /" + regex + "/ on stderr within " + timeout + "; stderr=" + stderr());
            sleep(10);
        }
    }

    /** For {@code jnc -v -l HOST 0}: the port it actually listens on. */
    public int awaitListeningPort() {
        return Integer.parseInt(awaitStderr("Listening on \\[[^]]*\\] \\(family \\d+, port (\\d+)\\)", Duration.ofSeconds(30)).group(1));
    }

    /** Waits for the exit and returns the code; fails the test if it takes longer than {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String e = stderr();
                process.destroyForcibly();
                fail(name + " did not exit within " + timeout + "; stderr=" + e);
            }
            if (outPump != null) outPump.join(5000);
            errPump.join(5000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Sends SIGTERM (what {@code kill PID} does). Through the process handle, because
     * {@code Process.destroy()} also closes our ends of the pipes, losing what it prints on its way out.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /**
     * The course's chat, both ways: {@code a} says a line and {@code b} sees it, then {@code b}
     * answers and {@code a} sees that (each side's bytes are its stdin and stdout).
     */
    public static void talk(Proc a, String aSays, Proc b, String bSays, Duration timeout) {
        a.write(aSays);
        b.awaitStdout(aSays, timeout);
        b.write(bSays);
        a.awaitStdout(bSays, timeout);
    }

    /** Both sides end their input (Ctrl-D) and each exits by itself, with 0. */
    public static void hangUpBoth(Proc a, Proc b, Duration timeout) {
        a.closeStdin();
        b.closeStdin();
        org.assertj.core.api.Assertions.assertThat(a.waitFor(timeout)).as(a + " exit code").isZero();
        org.assertj.core.api.Assertions.assertThat(b.waitFor(timeout)).as(b + " exit code").isZero();
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The processes this one started (a shell's commands, jnc's -e command), while they live. */
    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    @Override
    public void close() {
        // Its children are known as such only while it lives: a shell's pipeline would outlive the shell.
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle child : children) child.destroy();
        if (isJnc) assertNoJvmNoise();
    }

    /**
     * What the JVM itself may print never reaches jnc's user: no warning (FFM's native-access one,
     * say), no stack trace, and no unified-logging line ({@code [0.03s][error][aot] ...} goes to
     * stdout, into the data). Checked for every jnc run a test closes.
     */
    private void assertNoJvmNoise() {
        String e = stderr();
        if (JVM_NOISE.matcher(e).find() || e.contains("Exception in thread") || e.contains("\n\tat ")) {
            fail(name + ": the JVM spoke on stderr: " + e);
        }
        if (outPump != null && LOG_LINE.matcher(new String(stdoutBytes(), StandardCharsets.ISO_8859_1)).find()) {
            fail(name + ": a JVM log line on stdout: " + stdout());
        }
    }

    private static final Pattern JVM_NOISE = Pattern.compile("(?m)^(WARNING: |OpenJDK |Java HotSpot)|\\[\\d+\\.\\d+s\\]\\[(error|warning)\\]");
    private static final Pattern LOG_LINE = Pattern.compile("\\[\\d+\\.\\d+s\\]\\[(error|warning)\\s*\\]");
}
