package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --send} against a hostile receiver (Python, speaking the back channel's words): whatever
 * it answers to the sender's hello, the sender holds no more than it states and ends with exit 1
 * and one line; never an out-of-memory line, never an internal error.
 */
@Timeout(120)
class HostileReceiverE2ETest {
    static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** A receiver that reads the sender's hello and answers with what {@code answer} (Python) writes to {@code c}. */
    private void sendTo(String answer) throws Exception {
        Path file = Files.writeString(tmp.resolve("a.txt"), "hello\n");
        int port = Peers.freePort();
        String script = String.join("\n",
                "import socket, time",
                Peers.pythonAcceptOne(port),
                "c.settimeout(30); c.recv(65536)",
                "try:",
                "    " + answer,
                "    time.sleep(5)",
                "except OSError:",
                "    pass");
        try (Proc receiver = Proc.cmd(Peers.require("python3"), "-c", script).stdinNull().start()) {
            receiver.awaitStdout("ready", T);
            try (Proc sender = Proc.jnc("127.0.0.1", Integer.toString(port), "--send", file.toString()).stdinNull().start()) {
                assertThat(sender.waitFor(T)).as(sender.stderr()).isEqualTo(1);
                assertThat(sender.stderr()).startsWith("jnc: ").doesNotContain("out of memory").doesNotContain("internal error");
                assertThat(sender.stderr().strip().lines().count()).as(sender.stderr()).isEqualTo(1);
            }
        }
    }

    @Test
    void aHaveListLineThatNeverEndsIsRefused() throws Exception {
        // 70 MiB without a newline: the sender once grew one buffer for it until its heap ran out.
        sendTo("c.sendall(b'jnc-have/1\\n'); [c.sendall(b'x' * (1 << 20)) for _ in range(70)]");
    }

    @Test
    void aHaveListOfNamesTheSenderNeverOfferedIsNotKept() throws Exception {
        // 800,000 claims of files the sender does not send, then no end: kept, they filled its heap.
        sendTo("c.sendall(b'jnc-have/1\\n' + b''.join(b'done 1 ' + b'a' * 64 + b' n%07d\\n' % i for i in range(800000)))");
    }

    @Test
    void aMalformedHaveListIsOneLine() throws Exception {
        // Not a number where a size belongs, then a name with a broken %-escape.
        sendTo("c.sendall(b'jnc-have/1\\ndone x ' + b'a' * 64 + b' a.txt\\npart 5 %zz\\nend\\n')");
    }
}
