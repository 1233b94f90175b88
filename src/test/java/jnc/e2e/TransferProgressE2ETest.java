package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A receiver at a terminal (a tmux pane) shows its progress line: bytes of the total, rate, files of the total. */
@Timeout(90)
class TransferProgressE2ETest {
    static final Duration T = Duration.ofSeconds(30);
    private final String socket = "jnc-progress-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final String tmux = Peers.require("tmux");
    @TempDir
    Path dir;

    @AfterEach
    void killTmux() {
        run(tmux, "-L", socket, "kill-server");
    }

    @Test
    void aReceiverAtATerminalShowsProgressAndNothingInAPipe() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        byte[] b = new byte[20 << 20];
        new Random(5).nextBytes(b);
        Files.write(src.resolve("data.bin"), b);
        int port = Peers.freePort();
        Path exit = dir.resolve("exit");
        run(tmux, "-L", socket, "new-session", "-d", "-s", "jnc", "-x", "150", "-y", "20",
                Proc.LAUNCHER + " -l 127.0.0.1 " + port + " --receive " + dir.resolve("dst") + "; echo $? > " + exit + "; sleep 60");
        Peers.awaitListening(port);
        try (Proc send = Proc.jnc("127.0.0.1", String.valueOf(port), "--send", src.toString()).start()) {
            assertThat(send.waitFor(T)).as(send.stderr()).isZero();
            // In a pipe and without -v, the sender shows nothing at all.
            assertThat(send.stderr()).isEmpty();
        }
        long end = System.nanoTime() + T.toNanos();
        while (!Files.exists(exit) || Files.readString(exit).isBlank()) {
            if (System.nanoTime() > end) fail("the receiver did not end; pane:\n" + pane());
            Proc.sleep(20);
        }
        assertThat(Files.readString(exit).trim()).isEqualTo("0");
        assertThat(pane()).containsPattern("received 20\\.0 MiB of 20\\.0 MiB, [0-9.]+ [KMG]?i?B/s, files 1 of 1");
    }

    private String pane() {
        return run(tmux, "-L", socket, "capture-pane", "-p", "-t", "jnc");
    }

    private static String run(String... cmd) {
        try (Proc p = Proc.cmd(cmd).stdinNull().start()) {
            p.waitFor(T);
            return p.stdout();
        }
    }
}
