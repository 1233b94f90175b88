package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jnc -t} against a server that negotiates Telnet options: it answers as OpenBSD nc
 * {@code -t} does (the reference, run in the same test), and passes the bytes on unchanged.
 */
@Timeout(60)
class TelnetE2ETest {
    static final Duration T = Duration.ofSeconds(20);
    /** A, DO TERMINAL-TYPE, WILL ECHO, B, DONT STATUS, WONT SUPPRESS-GO-AHEAD, IAC IAC, C, IAC NOP, D, newline. */
    static final byte[] GREETING = bytes('A', 255, 253, 24, 255, 251, 1, 'B', 255, 254, 5, 255, 252, 3, 255, 255, 'C', 255, 241, 'D', '\n');

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    /** What a server that sends GREETING gets back from {@code client}, and what the client printed. */
    record Exchange(byte[] answers, byte[] printed) {
    }

    static Exchange talkTo(List<String> client) throws IOException {
        int port = Peers.freePort();
        try (Proc server = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(port)).start()) {
            Peers.awaitListening(port);
            // the client's stdin stays open: the answers must come from the negotiation, not from an EOF
            try (Proc c = Proc.cmd(client.stream().map(a -> a.equals("PORT") ? String.valueOf(port) : a).toArray(String[]::new)).start()) {
                server.stdin().write(GREETING);
                server.stdin().flush();
                long end = System.nanoTime() + T.toNanos();
                while (server.stdoutBytes().length < 12 || c.stdoutBytes().length < GREETING.length) {
                    if (System.nanoTime() > end) {
                        fail("no answers within " + T + ": server got " + server.stdoutBytes().length + " bytes, client printed "
                                + c.stdoutBytes().length + "; client stderr=" + c.stderr());
                    }
                    Proc.sleep(10);
                }
                Proc.sleep(200); // nothing more may come
                c.closeStdin();
                server.closeStdin();
                c.waitFor(T);
                return new Exchange(server.stdoutBytes(), c.stdoutBytes());
            }
        }
    }

    static List<String> with(String program, String... args) {
        List<String> cmd = new ArrayList<>(List.of(program));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void answersEveryNegotiationAsOpenBsdNcDoesAndPrintsTheBytesUnchanged() throws IOException {
        Exchange reference = talkTo(with(Peers.require("nc.openbsd"), "-t", "127.0.0.1", "PORT"));
        Exchange jnc = talkTo(with(Proc.LAUNCHER.toString(), "-t", "127.0.0.1", "PORT"));
        // WONT 24, DONT 1, WONT 5, DONT 3: every option refused
        assertThat(jnc.answers()).containsExactly(bytes(255, 252, 24, 255, 254, 1, 255, 252, 5, 255, 254, 3));
        assertThat(jnc.answers()).containsExactly(reference.answers());
        assertThat(jnc.printed()).containsExactly(GREETING).containsExactly(reference.printed());
    }

    @Test
    void withoutTheOptionNothingIsAnswered() throws IOException {
        int port = Peers.freePort();
        try (Proc server = Proc.cmd(Peers.require("ncat"), "-l", "127.0.0.1", String.valueOf(port)).start()) {
            Peers.awaitListening(port);
            try (Proc c = Proc.jnc("127.0.0.1", String.valueOf(port)).start()) {
                server.stdin().write(GREETING);
                server.stdin().flush();
                c.awaitStdout("D\n", T);
                Proc.sleep(200);
                c.closeStdin();
                server.closeStdin();
                assertThat(c.waitFor(T)).isZero();
                assertThat(server.stdoutBytes()).isEmpty();
                assertThat(c.stdoutBytes()).containsExactly(GREETING);
            }
        }
    }
}
