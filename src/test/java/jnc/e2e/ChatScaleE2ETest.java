package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat under load: a client that reads nothing, and a thousand clients joining at once. */
class ChatScaleE2ETest {
    static final Duration T = Duration.ofSeconds(60);

    @Test
    @Timeout(120)
    void aClientThatReadsNothingDoesNotStallTheRoomAndIsDisconnected() throws Exception {
        // A small limit, so the test need not send much before the silent client is cut off.
        try (Proc server = Proc.jnc("-v", "--chat", "127.0.0.1", "0").env("JNC_JAVA_OPTS", "-Djnc.room.maxBehind=1048576")
                .stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (BrokerChatE2ETest.Client reader = BrokerChatE2ETest.Client.connect(port)) {
                assertThat(reader.line()).contains(" is connected as ");
                assertThat(reader.line()).contains("already connected: nobody.");
                try (BrokerChatE2ETest.Client sender = BrokerChatE2ETest.Client.connect(port);
                     Socket silent = new Socket()) {
                    assertThat(reader.line()).contains(" is connected as ");
                    assertThat(reader.line()).contains("already connected:");
                    silent.setReceiveBufferSize(4096); // it never reads: its buffers fill at once
                    silent.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                    String silentName;
                    while (true) {
                        String line = reader.line();
                        if (line.contains(" is connected as ")) {
                            silentName = name(line);
                            break;
                        }
                    }
                    assertThat(reader.line()).contains("already connected:");
                    sender.send("hello\n");
                    String hello = reader.line();
                    assertThat(hello).endsWith("> hello");
                    String senderName = hello.substring(0, hello.indexOf(' '));

                    // 16 MB of chat: far more than the silent client's socket buffers and the room's limit.
                    int count = 160_000;
                    String pad = "x".repeat(80);
                    Thread talk = Thread.ofVirtual().start(() -> {
                        try {
                            OutputStream out = sender.socket().getOutputStream();
                            StringBuilder batch = new StringBuilder();
                            for (int i = 0; i < count; i++) {
                                batch.append(String.format("%08d ", i)).append(pad).append('\n');
                                if (batch.length() > 60_000) {
                                    out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                                    batch.setLength(0);
                                }
                            }
                            out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    int next = 0;
                    boolean silentLeft = false;
                    while (next < count || !silentLeft) {
                        String line = reader.line();
                        assertThat(line).as("the reader's connection ended after line %d", next).isNotNull();
                        if (line.equals("<announce> " + silentName + " is disconnected.")) {
                            silentLeft = true;
                            continue;
                        }
                        // Every line, in order: the reader loses nothing while the silent client is dealt with.
                        assertThat(line).isEqualTo(senderName + " " + String.format("%08d ", next) + pad);
                        next++;
                    }
                    talk.join();
                    server.awaitStderr(silentName + " \\(127\\.0\\.0\\.1:\\d+\\) takes too little: disconnected", T);
                }
            }
        }
    }

    /** "<announce> 127.0.0.1:5555 is connected as <user7>." -> "<user7>" */
    private static String name(String joinLine) {
        return joinLine.substring(joinLine.lastIndexOf(" as ") + 4, joinLine.length() - 1);
    }

    @Test
    @Timeout(180)
    void aThousandClientsJoiningAtOnceAreAllServedAndAllHearAProbe() throws Exception {
        int n = 1000;
        try (Proc server = Proc.jnc("-v", "--chat", "-m", "2000", "127.0.0.1", "0").stdinNull().start();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = server.awaitListeningPort();
            List<Socket> sockets = new ArrayList<>();
            try {
                List<Future<Socket>> connecting = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    connecting.add(pool.submit(() -> {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 30_000);
                        s.setSoTimeout(90_000);
                        return s;
                    }));
                }
                for (Future<Socket> f : connecting) sockets.add(f.get(60, TimeUnit.SECONDS));
                // Each client: its first line is its own join; then it reads until the probe arrives.
                List<Future<String>> heard = new ArrayList<>();
                List<Future<String>> joined = new ArrayList<>();
                List<BufferedReader> readers = new ArrayList<>();
                for (Socket s : sockets) {
                    readers.add(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
                }
                for (BufferedReader r : readers) joined.add(pool.submit(r::readLine));
                for (Future<String> f : joined) assertThat(f.get(90, TimeUnit.SECONDS)).contains(" is connected as <user");
                String probe = "probe from the first client";
                sockets.getFirst().getOutputStream().write((probe + "\n").getBytes(StandardCharsets.UTF_8));
                for (BufferedReader r : readers.subList(1, n)) {
                    Callable<String> untilProbe = () -> {
                        String line;
                        while ((line = r.readLine()) != null) if (line.endsWith("> " + probe)) return line;
                        return "EOF before the probe";
                    };
                    heard.add(pool.submit(untilProbe));
                }
                int got = 0;
                for (Future<String> f : heard) {
                    if (f.get(90, TimeUnit.SECONDS).endsWith("> " + probe)) got++;
                }
                assertThat(got).as("clients that heard the probe").isEqualTo(n - 1);
                assertThat(server.isAlive()).isTrue();
            } finally {
                for (Socket s : sockets) s.close();
            }
        }
    }
}
