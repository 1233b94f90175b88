package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jnc -l [-k] PORT --forward HOST:PORT}: each client relayed to a new connection, against real
 * peers on both sides (socat as the target, nc.openbsd and ncat as clients, ncat's HTTP proxy on the
 * way), with the door's and the session's options.
 */
@Timeout(120)
class ForwardE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    /** socat as the target: an echo server that forks per client, as socat users run it. */
    static Proc echoTarget(int port) {
        Peers.require("socat");
        Proc p = Proc.cmd("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr", "EXEC:cat").stdinNull().start();
        Peers.awaitListening(port);
        return p;
    }

    @Test
    void sixteenMebibytesGoThereAndBackByteForByteWithHalfClosePassedOn(@TempDir Path dir) throws Exception {
        Peers.require("nc.openbsd");
        Path send = dir.resolve("send.bin");
        byte[] data = new byte[16 << 20];
        new Random(7).nextBytes(data);
        Files.write(send, data);
        int target = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            for (int round = 0; round < 2; round++) {
                Path back = dir.resolve("back" + round + ".bin");
                // -N: nc.openbsd half-closes at EOF; the echo ends, and its EOF comes back through jnc.
                try (Proc client = Proc.cmd("nc.openbsd", "-N", "127.0.0.1", String.valueOf(port)).stdinFrom(send).stdoutTo(back).start()) {
                    assertThat(client.waitFor(T)).isZero();
                }
                assertThat(CourseE2ETest.sha256(back)).isEqualTo(CourseE2ETest.sha256(send));
            }
            assertThat(fwd.isAlive()).isTrue();
            assertThat(fwd.stderr()).contains("received!");
        }
    }

    @Test
    void withoutKeepOpenOneClientIsForwardedThenJncExits() throws Exception {
        int target = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("Hello Raspi\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Hello Raspi\n");
            }
            assertThat(fwd.waitFor(T)).isZero();
        }
    }

    @Test
    void tlsOnTheListeningSideWithNcatAsTheClient() throws Exception {
        Peers.require("ncat");
        int target = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "--ssl", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (Proc client = Proc.sh("printf 'over TLS\\n' | ncat --ssl 127.0.0.1 " + port).start()) {
                assertThat(client.waitFor(T)).isZero();
                assertThat(client.stdout()).isEqualTo("over TLS\n");
            }
        }
    }

    @Test
    void theForwardedConnectionGoesThroughNcatsHttpProxy() throws Exception {
        Peers.require("ncat");
        int target = Peers.freePort();
        int proxyPort = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc proxy = Proc.cmd("ncat", "-l", "127.0.0.1", String.valueOf(proxyPort), "--proxy-type", "http").stdinNull().start()) {
            Peers.awaitListening(proxyPort);
            try (Proc fwd = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target,
                    "--proxy", "127.0.0.1:" + proxyPort).stdinNull().start()) {
                int port = fwd.awaitListeningPort();
                try (Socket s = Peers.connectLoopback(port, 20_000)) {
                    s.getOutputStream().write("via the proxy\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] got = s.getInputStream().readNBytes("via the proxy\n".length());
                    assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("via the proxy\n");
                }
                fwd.waitFor(T);
                assertThat(fwd.stderr()).contains("Connection to 127.0.0.1 " + target);
            }
        }
    }

    @Test
    void anIdleClientIsCutOffAfterMinusIWhileOthersGoOn() throws Exception {
        int target = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "-i", "1", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (Socket idle = Peers.connectLoopback(port, 20_000)) {
                assertThat(idle.getInputStream().read()).isEqualTo(-1); // closed by jnc after 1 s of silence
            }
            fwd.awaitStderr("Idle timeout expired \\(1000 ms\\)", T);
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readNBytes(11), StandardCharsets.US_ASCII)).isEqualTo("still here\n");
            }
        }
    }

    @Test
    void aDeniedClientIsClosedAndNothingIsForwarded() throws Exception {
        int target = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "--deny", "127.0.0.1", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("let me in\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(ServicesE2ETest.readAllOrReset(s.getInputStream())).isEmpty();
            }
            fwd.awaitStderr("denied: not allowed", T);
            assertThat(fwd.stderr()).doesNotContain("Connection to 127.0.0.1");
        }
    }

    // With -k between plain sockets, the event loops of serve.ForwardLoop serve the clients; the
    // tests below are about what they must do as the relay's threads did.

    @Test
    void aRefusedTargetClosesThatClientWithTheConnectLineAndTheNextClientIsServed() throws Exception {
        int target = Peers.freePort();
        try (Proc fwd = Proc.jnc("-v", "-l", "-k", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("nobody there\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(ServicesE2ETest.readAllOrReset(s.getInputStream())).isEmpty();
            }
            fwd.awaitStderr("connect to 127\\.0\\.0\\.1 port " + target + " \\(tcp\\) failed: Connection refused", T);
            try (Proc echo = echoTarget(target); Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("now there\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("now there\n");
            }
            assertThat(fwd.isAlive()).isTrue();
        }
    }

    @Test
    void aTargetWhoseHandshakeIsHeldUpGetsTheBytesOnceItCompletes() throws Exception {
        Peers.require("python3");
        int target = Peers.freePort();
        // listen(0) queues one connection; the test's own fills the queue, so the kernel drops jnc's
        // SYN and its connect stays in progress: the loop cannot finish it at once and waits for
        // OP_CONNECT. Told so on stdin, the target takes the filler; the SYN sent again (after about
        // a second) then completes, and the target echoes what the forwarded client sent.
        String script = String.join("\n",
                "import socket, sys",
                "srv = socket.socket()",
                "srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                "srv.bind(('127.0.0.1', int(sys.argv[1])))",
                "srv.listen(0)",
                "print('listening', flush=True)",
                "sys.stdin.readline()",
                "filler, _ = srv.accept()",
                "c, _ = srv.accept()",
                "data = b''",
                "while True:",
                "    b = c.recv(65536)",
                "    if not b: break",
                "    data += b",
                "c.sendall(data)",
                "c.close()",
                "filler.close()");
        try (Proc server = Proc.cmd("python3", "-c", script, String.valueOf(target)).start();
             Proc fwd = Proc.jnc("-vv", "-l", "-k", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            server.awaitStdout("listening", T);
            int port = fwd.awaitListeningPort();
            try (Socket filler = Peers.connectLoopback(target, 20_000);
                 Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("held up\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                fwd.awaitStderr("connecting to 127\\.0\\.0\\.1 port " + target, T);
                server.write("go\n");
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("held up\n");
            }
            assertThat(server.waitFor(T)).isZero();
            fwd.awaitStderr("Connection to 127\\.0\\.0\\.1 " + target + " port \\[tcp/[^]]*\\] succeeded!", T);
        }
    }

    @Test
    void minusMOneTurnsASecondClientAwayUntilTheFirstHasGone() throws Exception {
        int target = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "-m", "1", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (Socket first = Peers.connectLoopback(port, 20_000)) {
                first.getOutputStream().write("first\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(first.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("first\n");
                try (Socket second = Peers.connectLoopback(port, 20_000)) {
                    assertThat(ServicesE2ETest.readAllOrReset(second.getInputStream())).isEmpty();
                }
                fwd.awaitStderr("refused: connection limit \\(1\\) reached", T);
                first.shutdownOutput();
                assertThat(first.getInputStream().read()).isEqualTo(-1); // its session is over: the place is free
            }
            // The place is given back when the session ends; a refused client may come a moment before that.
            String reply = "";
            for (int attempt = 0; attempt < 50 && reply.isEmpty(); attempt++) {
                try (Socket third = Peers.connectLoopback(port, 20_000)) {
                    third.getOutputStream().write("third\n".getBytes(StandardCharsets.US_ASCII));
                    third.shutdownOutput();
                    reply = ServicesE2ETest.readAllOrReset(third.getInputStream());
                }
                if (reply.isEmpty()) Proc.sleep(100);
            }
            assertThat(reply).isEqualTo("third\n");
        }
    }

    @Test
    void aTargetThatAnswersAndClosesFirstHalfClosesTheClientWhichMaySendOn() throws Exception {
        Peers.require("python3");
        int target = Peers.freePort();
        // The target says its line and closes its sending side, then reads the client to its EOF and
        // prints how many bytes came: the other order of half-closes than an echo's.
        String script = String.join("\n",
                "import socket, sys",
                "srv = socket.create_server(('127.0.0.1', int(sys.argv[1])))",
                "c, _ = srv.accept()",
                "c.sendall(b'banner\\n')",
                "c.shutdown(socket.SHUT_WR)",
                "n = 0",
                "while True:",
                "    b = c.recv(65536)",
                "    if not b: break",
                "    n += len(b)",
                "print('got', n, flush=True)");
        try (Proc server = Proc.cmd("python3", "-c", script, String.valueOf(target)).stdinNull().start();
             Proc fwd = Proc.jnc("-v", "-l", "-k", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            Peers.awaitListening(target);
            int port = fwd.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                var in = s.getInputStream();
                assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("banner\n");
                assertThat(in.read()).isEqualTo(-1); // the target's EOF, passed on while we still send
                s.getOutputStream().write(new byte[300_000]);
                s.shutdownOutput();
            }
            server.awaitStdout("got 300000", T);
        }
    }

    @Test
    void twentyClientsAtOnceEachGetTheirOwnBytesBack() throws Exception {
        int target = Peers.freePort();
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
                for (int i = 0; i < 20; i++) {
                    int seed = i;
                    results.add(pool.submit(() -> {
                        // 3 MiB each: past the point where a way turns to splice.
                        byte[] data = new byte[3 << 20];
                        new Random(seed).nextBytes(data);
                        try (Socket s = Peers.connectLoopback(port, 20_000)) {
                            Thread writer = Thread.ofVirtual().start(() -> {
                                try {
                                    s.getOutputStream().write(data);
                                    s.shutdownOutput();
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
                            byte[] back = s.getInputStream().readAllBytes();
                            writer.join();
                            return java.util.Arrays.equals(back, data);
                        }
                    }));
                }
                for (var r : results) assertThat(r.get()).isTrue();
            }
        }
    }

    @Test
    void aUnixSocketListenerForwardsThreeMebibytesThereAndBack(@TempDir Path dir) throws Exception {
        int target = Peers.freePort();
        Path sock = dir.resolve("fwd.sock");
        byte[] data = new byte[3 << 20]; // past the point where a way would turn to splice: a Unix socket copies on
        new Random(3).nextBytes(data);
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "-U", sock.toString(), "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            Peers.awaitUnixListening(sock);
            try (var ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(sock))) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
                        while (b.hasRemaining()) ch.write(b);
                        ch.shutdownOutput();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                byte[] back = java.nio.channels.Channels.newInputStream(ch).readAllBytes();
                writer.join();
                assertThat(java.util.Arrays.equals(back, data)).isTrue();
            }
            assertThat(fwd.isAlive()).isTrue();
        }
    }

    @Test
    void withMinusOTheThreadsServeAndTheDumpHasTheClientsBytes(@TempDir Path dir) throws Exception {
        int target = Peers.freePort();
        Path dump = dir.resolve("dump.txt");
        try (Proc echo = echoTarget(target);
             Proc fwd = Proc.jnc("-v", "-l", "-k", "-o", dump.toString(), "127.0.0.1", "0", "--forward", "127.0.0.1:" + target).stdinNull().start()) {
            int port = fwd.awaitListeningPort();
            try (Socket s = Peers.connectLoopback(port, 20_000)) {
                s.getOutputStream().write("seen by -o\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("seen by -o\n");
            }
            for (int i = 0; i < 100 && !Files.readString(dump).contains("seen by -o"); i++) Proc.sleep(50);
            assertThat(Files.readString(dump)).contains("seen by -o");
        }
    }

    @Test
    void optionsWithoutAMeaningBetweenTwoSocketsAreRefused() throws Exception {
        String[][] bad = {
            {"--forward", "127.0.0.1:9", "127.0.0.1", "9"},
            {"-l", "-u", "9000", "--forward", "127.0.0.1:9"},
            {"-l", "9000", "--forward", "127.0.0.1:9", "-e", "/bin/cat"},
            {"-l", "9000", "--forward", "127.0.0.1:9", "-C"},
            {"-l", "9000", "--forward", "127.0.0.1"},
            {"-l", "9000", "--forward", "127.0.0.1:99999"},
        };
        for (String[] args : bad) {
            try (Proc p = Proc.jnc(args).stdinNull().start()) {
                assertThat(p.waitFor(T)).as(String.join(" ", args)).isEqualTo(2);
                assertThat(p.stderr()).as(String.join(" ", args)).startsWith("jnc: ").doesNotContain("Exception");
            }
        }
    }
}
