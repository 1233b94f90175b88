package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --echo -k}'s event loop (jnc.echo.EchoLoop) as a real process: backpressure from a client
 * that does not read, half-close, {@code -m}, {@code -i}, many clients with distinct data, and the
 * virtual-thread path that {@code -o} falls back to.
 */
@Timeout(120)
class EchoLoopE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    static Socket connect(int port) throws IOException {
        return Peers.connectLoopback(port, 30_000);
    }

    static byte[] pattern(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Proc echo(String... more) {
        List<String> args = new ArrayList<>(List.of("-v", "-l", "127.0.0.1", "0", "-k", "--echo"));
        args.addAll(List.of(more));
        return Proc.jnc(args.toArray(String[]::new)).stdinNull().start();
    }

    /** Writes {@code data} on a thread of its own (it blocks once the buffers are full). */
    static Future<?> sendInBackground(ExecutorService pool, Socket s, byte[] data, boolean thenShutdown) {
        return pool.submit(() -> {
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < data.length; off += 64 * 1024) out.write(data, off, Math.min(64 * 1024, data.length - off));
            out.flush();
            if (thenShutdown) s.shutdownOutput();
            return null;
        });
    }

    @Test
    void aClientThatDoesNotReadGetsEveryByteBackLaterAndDoesNotHoldUpOthers() throws Exception {
        byte[] data = pattern(20 * 1024 * 1024, 1);
        try (Proc server = echo(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = server.awaitListeningPort();
            try (Socket slow = connect(port)) {
                Future<?> sending = sendInBackground(pool, slow, data, false);
                // It sends without reading: its receive buffer, then ours, fill up and its writes block.
                Proc.sleep(1000);
                // Meanwhile the server still serves everybody else.
                try (Socket other = connect(port)) {
                    other.getOutputStream().write("still there?\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(other.getInputStream().readNBytes(13), StandardCharsets.US_ASCII)).isEqualTo("still there?\n");
                }
                byte[] back = slow.getInputStream().readNBytes(data.length);
                sending.get();
                assertThat(back.length).isEqualTo(data.length);
                assertThat(Arrays.mismatch(back, data)).as("first differing byte").isEqualTo(-1);
                slow.shutdownOutput();
                assertThat(slow.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void halfCloseGetsTheRestEchoedThenEof() throws Exception {
        byte[] data = pattern(3 * 1024 * 1024, 2);
        try (Proc server = echo(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = server.awaitListeningPort();
            try (Socket s = connect(port)) {
                // Send everything and half-close before reading a byte: part of the echo is still
                // waiting on the server's side when our EOF arrives.
                Future<?> sending = sendInBackground(pool, s, data, true);
                byte[] back = s.getInputStream().readAllBytes(); // ends at the server's EOF
                sending.get();
                assertThat(back.length).isEqualTo(data.length);
                assertThat(Arrays.mismatch(back, data)).isEqualTo(-1);
            }
        }
    }

    @Test
    void manyClientsWithDistinctDataEachGetTheirOwnBack() throws Exception {
        int clients = 300;
        try (Proc server = echo("-m", "1000"); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = server.awaitListeningPort();
            List<Future<byte[]>> results = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                byte[] data = pattern(1000 + 97 * i, 100 + i);
                sent.add(data);
                Callable<byte[]> task = () -> {
                    try (Socket s = connect(port)) {
                        // in uneven pieces, so the server sees all kinds of partial reads
                        Random r = new Random(data.length);
                        OutputStream out = s.getOutputStream();
                        InputStream in = s.getInputStream();
                        byte[] back = new byte[data.length];
                        int off = 0;
                        while (off < data.length) {
                            int n = Math.min(data.length - off, 1 + r.nextInt(4000));
                            out.write(data, off, n);
                            in.readNBytes(back, off, n);
                            off += n;
                        }
                        s.shutdownOutput();
                        if (in.read() != -1) throw new IOException("more than was sent");
                        return back;
                    }
                };
                results.add(pool.submit(task));
            }
            for (int i = 0; i < clients; i++) {
                assertThat(results.get(i).get()).as("client %d", i).isEqualTo(sent.get(i));
            }
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void maxConnsRefusesTheOneTooManyAndFreesSlotsWhenClientsLeave() throws Exception {
        try (Proc server = echo("-m", "2")) {
            int port = server.awaitListeningPort();
            try (Socket a = connect(port); Socket b = connect(port)) {
                assertThat(ServicesE2ETest.exchange(a, "a\n")).isEqualTo("a\n");
                assertThat(ServicesE2ETest.exchange(b, "b\n")).isEqualTo("b\n");
                try (Socket c = connect(port)) {
                    assertThat(readAllOrReset(c)).isEmpty();
                }
                server.awaitStderr("Connection from 127\\.0\\.0\\.1 \\d+ refused: connection limit \\(2\\) reached\\.", T);
                a.close();
                // a's slot comes free once the server has seen it go; until then a newcomer may be refused
                String reply = "";
                for (int attempt = 0; attempt < 100 && reply.isEmpty(); attempt++) {
                    try (Socket d = connect(port)) {
                        d.getOutputStream().write("d\n".getBytes(StandardCharsets.US_ASCII));
                        d.shutdownOutput();
                        reply = readAllOrReset(d);
                    }
                    if (reply.isEmpty()) Proc.sleep(50);
                }
                assertThat(reply).isEqualTo("d\n");
                assertThat(ServicesE2ETest.exchange(b, "b again\n")).isEqualTo("b again\n");
            }
        }
    }

    @Test
    void idleTimeoutDropsASilentClientButNotABusyOne() throws Exception {
        try (Proc server = echo("-i", "700ms")) {
            int port = server.awaitListeningPort();
            try (Socket silent = connect(port); Socket busy = connect(port)) {
                assertThat(ServicesE2ETest.exchange(silent, "hi\n")).isEqualTo("hi\n");
                // busy keeps talking, 10 messages 200 ms apart (2 s in all, well past the idle time)
                for (int i = 0; i < 10; i++) {
                    assertThat(ServicesE2ETest.exchange(busy, "tick " + i + "\n")).isEqualTo("tick " + i + "\n");
                    Proc.sleep(200);
                }
                assertThat(readAllOrReset(silent)).isEmpty(); // closed by the server
                server.awaitStderr("Idle timeout expired \\(700 ms\\)", T);
                assertThat(ServicesE2ETest.exchange(busy, "still here\n")).isEqualTo("still here\n");
            }
        }
    }

    @Test
    void withAnOutputLogEveryClientIsStillEchoedAndLogged(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("session.log");
        try (Proc server = echo("-o", log.toString())) {
            int port = server.awaitListeningPort();
            for (int i = 0; i < 3; i++) {
                try (Socket s = connect(port)) {
                    assertThat(ServicesE2ETest.exchange(s, "logged " + i + "\n")).isEqualTo("logged " + i + "\n");
                }
            }
            String logged = "";
            for (int attempt = 0; attempt < 100 && !logged.contains("logged 2"); attempt++) {
                Proc.sleep(50);
                logged = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            }
            assertThat(logged).contains("logged 0\n", "logged 1\n", "logged 2\n");
        }
    }

    /** Everything until EOF, or what came before a reset; "" for a client closed at the door. */
    static String readAllOrReset(Socket s) {
        byte[] buf = new byte[4096];
        StringBuilder sb = new StringBuilder();
        try {
            InputStream in = s.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        } catch (IOException reset) {
            // closed with a reset
        }
        return sb.toString();
    }
}
