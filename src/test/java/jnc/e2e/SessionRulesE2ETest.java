package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session's options mean the same in every listen mode: -t, -q and -i with -k (the stdin hub) as
 * without it, and TLS under --chat and --broker as under every other service, against real clients.
 */
@Timeout(120)
class SessionRulesE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @Test
    void keepOpenWithTelnetAnswersEachClientsNegotiation() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-t", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            for (int i = 0; i < 2; i++) {
                try (Socket s = Peers.connectLoopback(port, 20_000)) {
                    s.getOutputStream().write(new byte[] {(byte) 255, (byte) 253, 24}); // IAC DO TERMINAL-TYPE
                    byte[] answer = s.getInputStream().readNBytes(3);
                    assertThat(answer).containsExactly((byte) 255, (byte) 252, 24); // IAC WONT TERMINAL-TYPE
                }
            }
            jnc.closeStdin();
        }
    }

    @Test
    void keepOpenWithQuitEndsTheListenerThatLongAfterStdinsEof() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-q", "1", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                // Once its first bytes are out, the hub has the client: stdin's next line reaches it.
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                jnc.awaitStdout("hello\n", T);
                jnc.write("bye\n");
                assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("bye\n");
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero();
            }
        }
    }

    @Test
    void quitIsRefusedWhereNothingReadsStdin() throws Exception {
        for (String service : new String[] {"--echo", "--broker", "--chat"}) {
            try (Proc p = Proc.jnc("-l", "-k", "-q", "1", "9000", service).stdinNull().start()) {
                assertThat(p.waitFor(T)).as(service).isEqualTo(2);
                assertThat(p.stderr()).startsWith("jnc: -q");
            }
        }
    }

    @Test
    void idleTimeoutWithKeepOpenCutsASilentClientWithTheRelaysWords() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-i", "1", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            jnc.awaitStderr("jnc: Idle timeout expired \\(1000 ms\\)\\.\n", T);
            jnc.closeStdin();
        }
    }

    @Test
    void chatRunsOverTlsWithNcatClients() throws Exception {
        Peers.require("ncat");
        try (Proc jnc = Proc.jnc("-v", "--chat", "--ssl", "127.0.0.1", "0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            try (Proc reader = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                reader.awaitStdout("already connected", T);
                try (Proc writer = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                    reader.awaitStdout("is connected as <user", T);
                    writer.write("hello over TLS\n");
                    reader.awaitStdout("> hello over TLS\n", T);
                    writer.closeStdin();
                }
                reader.closeStdin();
            }
        }
    }

    @Test
    void brokerRunsOverTlsWithNcatClients() throws Exception {
        Peers.require("ncat");
        try (Proc jnc = Proc.jnc("-v", "--broker", "--ssl", "127.0.0.1", "0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            try (Proc reader = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                jnc.awaitStderr("received!", T);
                try (Proc writer = Proc.cmd("ncat", "--ssl", "127.0.0.1", String.valueOf(port)).start()) {
                    jnc.awaitStderr("(?s)received!.*received!", T);
                    // The door's line comes before the reader has joined the room: say it until it is heard.
                    long end = System.nanoTime() + T.toNanos();
                    while (!reader.stdout().contains("bytes for everyone\n") && System.nanoTime() < end) {
                        writer.write("bytes for everyone\n");
                        Proc.sleep(200);
                    }
                    assertThat(reader.stdout()).startsWith("bytes for everyone\n");
                    writer.closeStdin();
                }
                reader.closeStdin();
            }
        }
    }

    @Test
    void aListenerEndsWhenItsClientHasGoneAndStdinIsSilent() throws Exception {
        // Ncat's suite waits for this exit without a timeout: stdin is a pipe that stays open.
        try (Proc jnc = Proc.jnc("-v", "-l", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(jnc.waitFor(T)).isZero();
            assertThat(jnc.stdout()).isEqualTo("hi\n");
        }
    }

    @Test
    void waitStdinKeepsTheSessionUntilStdinsEof() throws Exception {
        try (Proc jnc = Proc.jnc("-v", "-l", "--wait-stdin", "127.0.0.1", "0").start();
             Socket s = Peers.connectLoopback(jnc.awaitListeningPort(), 20_000)) {
            s.shutdownOutput();
            jnc.awaitStderr("received!", T);
            Proc.sleep(2500); // well past the quiet bound of 0.5 s
            assertThat(jnc.isAlive()).isTrue();
            jnc.write("late but delivered\n");
            jnc.closeStdin();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("late but delivered\n");
            assertThat(jnc.waitFor(T)).isZero();
        }
    }

    @Test
    void stdinThatStillFlowsAfterThePeersCloseIsSentInFull() throws Exception {
        Peers.require("nc.openbsd");
        // The producer pauses 0.2 s between lines, under the quiet bound of 0.5 s: all of it arrives.
        try (Proc jnc = Proc.sh("for i in 1 2 3 4; do echo line $i; sleep 0.2; done | exec " + Proc.LAUNCHER + " -v -l 127.0.0.1 0").start()) {
            int port = jnc.awaitListeningPort();
            try (Proc client = Proc.cmd("nc.openbsd", "-N", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
                assertThat(client.waitFor(T)).isZero();
                assertThat(client.stdout()).isEqualTo("line 1\nline 2\nline 3\nline 4\n");
            }
            assertThat(jnc.waitFor(T)).isZero();
        }
    }

    @Test
    void aSlowReaderNeverMakesUnsentStdinLookFinished(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // The listener half-closes at once (its stdin is empty), then takes nothing for 3 s: the
        // client's sends block far longer than the quiet bound, with 32 MiB still to go.
        java.nio.file.Path send = dir.resolve("send.bin");
        java.nio.file.Path got = dir.resolve("got.bin");
        CourseE2ETest.writeRandom(send, 32 << 20, 9);
        try (Proc server = Proc.sh("exec " + Proc.LAUNCHER + " -v -l 127.0.0.1 0 </dev/null | (sleep 3; cat > " + got + ")").start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.sh("cat " + send + " | " + Proc.LAUNCHER + " 127.0.0.1 " + port).start()) {
                assertThat(client.waitFor(T)).isZero();
            }
            assertThat(server.waitFor(T)).isZero();
        }
        assertThat(CourseE2ETest.sha256(got)).isEqualTo(CourseE2ETest.sha256(send));
    }

    @Test
    void aCommandsPeerThatNeverReadsAndLeavesFreesItsPlaceAndItsChild() throws Exception {
        // Issue 10's attack: megabytes to -c cat, never read, then gone. Each such peer must free its -m place.
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-m", "2", "-c", "cat", "127.0.0.1", "0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            for (int i = 0; i < 4; i++) {
                try (Socket hostile = new Socket()) {
                    hostile.setReceiveBufferSize(4096);
                    hostile.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 10_000);
                    hostile.setSoTimeout(5_000);
                    java.io.OutputStream out = hostile.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    long deadline = System.nanoTime() + 3_000_000_000L;
                    Thread writer = Thread.ofVirtual().start(() -> {
                        try {
                            while (System.nanoTime() < deadline) out.write(chunk);
                        } catch (java.io.IOException e) {
                            // jnc and cat stopped taking it: that is the point
                        }
                    });
                    writer.join(10_000);
                    hostile.setSoLinger(true, 0); // gone with unread data: a reset, as an attacker leaves
                }
            }
            // A well-behaved client is served: the places of the four are free again.
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
            }
            // and no cat is left behind but the one serving it
            long deadline = System.nanoTime() + 20_000_000_000L;
            long cats;
            do {
                Proc.sleep(200);
                cats = ProcessHandle.of(jnc.pid()).orElseThrow().descendants().filter(p -> p.info().command().orElse("").endsWith("cat")).count();
            } while (cats > 0 && System.nanoTime() < deadline);
            assertThat(cats).isZero();
        }
    }

    @Test
    void theOutputLogWithKeepOpenRecordsEverySessionNotJustTheFirst(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path log = dir.resolve("session.log");
        try (Proc jnc = Proc.jnc("-v", "-l", "-k", "-e", "/bin/cat", "-o", log.toString(), "127.0.0.1", "0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            for (String word : new String[] {"first\n", "second\n"}) {
                try (Socket s = Peers.connectLoopback(port, 20_000)) {
                    s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput();
                    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(word);
                }
            }
            long end = System.nanoTime() + T.toNanos();
            while (!java.nio.file.Files.readString(log).contains("second\nsecond\n") && System.nanoTime() < end) Proc.sleep(50);
            // Each session's bytes, both ways: what the client sent and what came back.
            assertThat(java.nio.file.Files.readString(log)).isEqualTo("first\nfirst\nsecond\nsecond\n");
        }
    }

    @Test
    void runningOutOfDescriptorsLeaksNoPipeAndTheListenerServesOnAfterwards() throws Exception {
        // Issue 10: under ulimit -n, bursts of -k -c clients left the JDK's pipes of every failed start
        // open, until nobody was served at all.
        try (Proc jnc = Proc.sh("ulimit -n 160; exec " + Proc.LAUNCHER + " -v -l -k -m 1000 -c cat 127.0.0.1 0").stdinNull().start()) {
            int port = jnc.awaitListeningPort();
            long pipesBefore = pipesOf(jnc.pid()); // its stdout and stderr to this test, and any it was born with
            java.nio.file.Path stdin = java.nio.file.Path.of("/proc/" + jnc.pid() + "/fd/0");
            String stdinBefore = java.nio.file.Files.readSymbolicLink(stdin).toString();
            for (int burst = 0; burst < 3; burst++) {
                java.util.List<Socket> clients = new java.util.ArrayList<>();
                try {
                    for (int i = 0; i < 120; i++) {
                        try {
                            Socket c = new Socket();
                            c.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5_000);
                            c.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                            clients.add(c);
                        } catch (java.io.IOException e) {
                            break; // the backlog is full: enough of a burst
                        }
                    }
                    Proc.sleep(1000);
                } finally {
                    for (Socket c : clients) c.close();
                }
            }
            // Once the bursts are gone, a client is served, and no pipe is left but those it started with.
            long end = System.nanoTime() + T.toNanos();
            String reply = "";
            while (!reply.equals("hello\n") && System.nanoTime() < end) {
                try (Socket s = Peers.connectLoopback(port, 5_000)) {
                    s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    reply = new String(s.getInputStream().readNBytes(6), StandardCharsets.US_ASCII);
                } catch (java.io.IOException e) {
                    Proc.sleep(200);
                }
            }
            assertThat(reply).isEqualTo("hello\n");
            // A start that the look at the headroom let through at the limit failed half-way in the JDK ("Cannot
            // run program"): that left pipes open, closed descriptors it did not own (jnc's stdin, another session's
            // socket, whose session then waited forever), seen in CI and in most runs on a loaded machine.
            long pipes = 0;
            for (int i = 0; i < 50; i++) {
                pipes = pipesOf(jnc.pid());
                if (pipes <= pipesBefore) break;
                Proc.sleep(200);
            }
            assertThat(pipes).as("pipes open after the bursts, against %d before them", pipesBefore).isLessThanOrEqualTo(pipesBefore);
            assertThat(jnc.stderr()).doesNotContain("Possible reasons").doesNotContain("Cannot run program");
            assertThat(java.nio.file.Files.readSymbolicLink(stdin).toString()).isEqualTo(stdinBefore);
        }
    }

    static long pipesOf(long pid) throws Exception {
        long n = 0;
        try (var fds = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/" + pid + "/fd"))) {
            for (var fd : fds) {
                try {
                    if (java.nio.file.Files.readSymbolicLink(fd).toString().startsWith("pipe:")) n++;
                } catch (java.io.IOException e) {
                    // closed while we looked
                }
            }
        }
        return n;
    }

    static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
