package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The room keeps its log in blocks of direct memory that it reuses once every writer has passed
 * them ({@code jnc.broker.LogMemory}). Many times the room's memory goes through it here (its bound
 * and its blocks made small: 40 blocks of 256 KiB), to a member that reads slowly and two that read fast, while a member leaves in the
 * middle of it: every line every member receives must be whole, in order, and from the right sender,
 * so no block was reused while a writer still had to send it.
 */
class RoomMemoryE2ETest {
    static final int SENDERS = 3;
    static final int LINES = 150_000; // 3 x 150,000 lines of ~110 bytes: ~50 MB, 5 times the room's memory
    static final String PAD = "y".repeat(90);

    @Test
    @Timeout(240)
    void everyLineArrivesWholeWhileTheLogsMemoryIsReused() throws Exception {
        try (Proc server = Proc.jnc("-v", "--chat", "127.0.0.1", "0").env("JNC_JAVA_OPTS", "-Djnc.room.maxBehind=1048576 -Djnc.room.block=262144")
                .stdinNull().start();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = server.awaitListeningPort();
            List<Socket> members = new ArrayList<>();
            List<BufferedReader> readers = new ArrayList<>();
            try {
                for (int i = 0; i <= SENDERS; i++) { // the last one leaves early
                    Socket s = new Socket();
                    if (i == 0) s.setReceiveBufferSize(16 * 1024); // what it has not read stays in the room, not in the kernel
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                    s.setSoTimeout(120_000);
                    members.add(s);
                    // The first member reads slowly, so the room holds a few MiB of the log for it
                    // while the others race on: the blocks it still has to send must not be reused.
                    InputStream in = i == 0 ? new Slow(s.getInputStream()) : s.getInputStream();
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    readers.add(r);
                    while (!r.readLine().startsWith("<announce> already connected")) {
                        // its own join comes first, then who is there
                    }
                }
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < SENDERS; i++) {
                    OutputStream out = members.get(i).getOutputStream();
                    int sender = i;
                    work.add(pool.submit(() -> {
                        StringBuilder batch = new StringBuilder();
                        for (int n = 0; n < LINES; n++) {
                            batch.append('s').append(sender).append(" n").append(n).append(' ').append(PAD).append('\n');
                            if (batch.length() > 30_000) {
                                out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                                batch.setLength(0);
                            }
                        }
                        out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                        return null;
                    }));
                }
                List<Future<String>> heard = new ArrayList<>();
                for (int i = 0; i < SENDERS; i++) {
                    BufferedReader r = readers.get(i);
                    int me = i;
                    heard.add(pool.submit(() -> {
                        int[] next = new int[SENDERS];
                        int done = 0;
                        while (done < SENDERS - 1) {
                            String line = r.readLine();
                            if (line == null) return "the connection ended";
                            if (line.startsWith("<announce> ")) continue;
                            String problem = check(line, next);
                            if (problem != null) return problem;
                            int s = line.charAt(line.indexOf("> s") + 3) - '0';
                            if (s == me) return "heard its own line: " + line;
                            if (next[s] == LINES) done++;
                        }
                        return "ok";
                    }));
                }
                // The leaver reads a while, then says it is done (the room sees its end): what it
                // got until its connection ends must be whole lines too.
                BufferedReader leaver = readers.get(SENDERS);
                int[] next = new int[SENDERS];
                String leaverProblem = null;
                for (int n = 0; n < 20_000 && leaverProblem == null; n++) {
                    String line = leaver.readLine();
                    if (!line.startsWith("<announce> ")) leaverProblem = check(line, next);
                }
                members.get(SENDERS).shutdownOutput();
                // Its writer stops where it is when the room closes the connection: the very last
                // line may be cut short, but only where it ends, never changed.
                String last = null;
                String line;
                while (leaverProblem == null && (line = leaver.readLine()) != null) {
                    if (last != null && !last.startsWith("<announce> ")) leaverProblem = check(last, next);
                    last = line;
                }
                if (leaverProblem == null && last != null && !last.startsWith("<announce") && !cutShort(last, next)) {
                    leaverProblem = "a mangled last line: " + last;
                }
                assertThat(leaverProblem).as("what the member that left received").isNull();
                for (Future<?> f : work) f.get(120, TimeUnit.SECONDS);
                for (Future<String> f : heard) assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo("ok");
            } finally {
                for (Socket s : members) s.close();
            }
        }
    }

    /** Reads at most 8 KiB at a time, and pauses 2 ms after each read. */
    private static final class Slow extends FilterInputStream {
        Slow(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, Math.min(len, 8192));
            Proc.sleep(2);
            return n;
        }
    }

    /**
     * A JVM with little direct memory (a small {@code -Xmx} gives a small one: they are the same
     * bound) cannot make even the room's first block. The posts then stay on the heap, as before
     * the blocks: the chat goes on, nothing lost. Before, the OutOfMemoryError of the first block
     * ended the sender's session.
     */
    @Test
    @Timeout(120)
    void withoutDirectMemoryForABlockThePostsStayOnTheHeap() throws Exception {
        try (Proc server = Proc.jnc("-v", "--chat", "127.0.0.1", "0").env("JNC_JAVA_OPTS", "-XX:MaxDirectMemorySize=1m")
                .stdinNull().start();
             Socket says = new Socket(); Socket hears = new Socket()) {
            int port = server.awaitListeningPort();
            says.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            hears.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            hears.setSoTimeout(60_000);
            BufferedReader r = new BufferedReader(new InputStreamReader(hears.getInputStream(), StandardCharsets.UTF_8));
            // Only a member hears: talk once the listener has joined (its own join comes first, then who is there).
            // Talking at once lost the first 21 lines to a listener that the room took in after them.
            while (!r.readLine().startsWith("<announce> already connected")) {
                // its own join announcement
            }
            int lines = 20_000;
            Thread talk = Thread.ofVirtual().start(() -> {
                try {
                    StringBuilder all = new StringBuilder();
                    for (int n = 0; n < lines; n++) all.append("s0 n").append(n).append(' ').append(PAD).append('\n');
                    says.getOutputStream().write(all.toString().getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            int[] next = new int[SENDERS];
            while (next[0] < lines) {
                String line = r.readLine();
                assertThat(line).as("the connection ended after %d lines", next[0]).isNotNull();
                if (line.startsWith("<announce> ")) continue;
                assertThat(check(line, next)).isNull();
            }
            talk.join();
        }
    }

    /** Whether {@code last} is the start of a next line of some sender (or of its name). */
    private static boolean cutShort(String last, int[] next) {
        int gt = last.indexOf("> ");
        if (gt < 0) return "<announce".startsWith(last) || last.matches("<(u(s(e(r\\d*)?)?)?)?>?");
        String text = last.substring(gt + 2);
        for (int s = 0; s < SENDERS; s++) if (("s" + s + " n" + next[s] + " " + PAD).startsWith(text)) return true;
        return false;
    }

    /** Null if {@code line} is the next line of its sender, whole; else what is wrong. */
    private static String check(String line, int[] next) {
        int at = line.indexOf("> s");
        if (!line.startsWith("<user") || at < 0 || line.length() < at + 4) return "a mangled line: " + line;
        int s = line.charAt(at + 3) - '0';
        if (s < 0 || s >= SENDERS) return "a mangled line: " + line;
        String expected = "s" + s + " n" + next[s] + " " + PAD;
        if (!line.substring(at + 2).equals(expected)) return "expected " + expected + ", got " + line;
        next[s]++;
        return null;
    }
}
