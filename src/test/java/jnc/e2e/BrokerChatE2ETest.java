package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --broker} and {@code --chat} with several clients, one of them hostile. */
@Timeout(60)
class BrokerChatE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    /** A chat or broker client with a line reader. */
    record Client(Socket socket, BufferedReader in) implements AutoCloseable {
        static Client connect(int port) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            s.setSoTimeout(20_000);
            return new Client(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
        }

        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }

        String line() throws IOException {
            return in.readLine();
        }

        /** Whether anything arrives within a short while (used only to show that nothing does). */
        boolean silentFor(int millis) throws IOException {
            socket.setSoTimeout(millis);
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return true;
            } finally {
                socket.setSoTimeout(20_000);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void brokerRelaysEachClientsBytesToAllOthers() throws Exception {
        try (Proc server = Proc.jnc("-vv", "--broker", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Client a = Client.connect(port); Client b = Client.connect(port); Client c = Client.connect(port)) {
                // all three are in the room (not merely accepted) before anyone speaks
                server.awaitStderr("(?s)(joined as member.*){3}", T);
                a.send("from a\n");
                assertThat(b.line()).isEqualTo("from a");
                assertThat(c.line()).isEqualTo("from a");
                c.send("from c\n");
                assertThat(a.line()).isEqualTo("from c");
                assertThat(b.line()).isEqualTo("from c");
                // A never hears itself: the next thing it reads is b's line, not its own.
                b.send("from b\n");
                assertThat(a.line()).isEqualTo("from b");
            }
        }
    }

    @Test
    void chatNamesUsersAnnouncesAndEscapesControlBytes() throws Exception {
        try (Proc server = Proc.jnc("-v", "--chat", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Client a = Client.connect(port)) {
                assertThat(a.line()).matches("<announce> 127\\.0\\.0\\.1:\\d+ is connected as <user1>\\.");
                assertThat(a.line()).isEqualTo("<announce> already connected: nobody.");
                try (Client b = Client.connect(port)) {
                    String joined = "<announce> 127\\.0\\.0\\.1:\\d+ is connected as <user2>\\.";
                    assertThat(a.line()).matches(joined);
                    assertThat(a.line()).matches("<announce> already connected: 127\\.0\\.0\\.1:\\d+ as <user1>\\.");
                    assertThat(b.line()).matches(joined);
                    assertThat(b.line()).matches("<announce> already connected: 127\\.0\\.0\\.1:\\d+ as <user1>\\.");

                    a.send("Hello Raspi\n");
                    assertThat(b.line()).isEqualTo("<user1> Hello Raspi");
                    // The hostile client: clear screen, bell, a title change, a backspace trick; UTF-8 stays.
                    b.send("\u001b[2J\u0007\u001b]0;pwned\u0007grüß\b\bdich\r\n");
                    assertThat(a.line()).isEqualTo("<user2> \\x1b[2J\\x07\\x1b]0;pwned\\x07grüß\\x08\\x08dich");
                    assertThat(b.silentFor(300)).as("the sender does not get its own line back").isTrue();
                }
                assertThat(a.line()).isEqualTo("<announce> <user2> is disconnected.");
            }
        }
    }

    @Test
    void ncatClientsCanChatThroughJnc() throws Exception {
        String ncat = Peers.require("ncat");
        try (Proc server = Proc.jnc("-v", "--chat", "127.0.0.1", "0").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc first = Proc.cmd(ncat, "127.0.0.1", String.valueOf(port)).start()) {
                first.awaitStdout("already connected: nobody.", T);
                try (Proc second = Proc.cmd(ncat, "127.0.0.1", String.valueOf(port)).start()) {
                    first.awaitStdout("as <user2>.", T);
                    second.write("hi from ncat\n");
                    first.awaitStdout("<user2> hi from ncat\n", T);
                    second.closeStdin();
                }
            }
        }
    }

    /**
     * {@code -i} in a room means what it means everywhere: a member with no byte either way for that
     * long is disconnected with the relay's words, and the others go on. A member that only listens
     * is not idle while others talk. Over TLS too, with jnc clients (they end at the server's EOF).
     */
    @Test
    void idleTimeoutDisconnectsTheSilentMemberOfARoomOnly() throws Exception {
        for (String[] mode : new String[][] {{"--chat"}, {"--broker"}, {"--chat", "--ssl"}}) {
            boolean ssl = mode.length > 1;
            String[] args = ssl ? new String[] {"-v", "--chat", "--ssl", "-i", "2", "127.0.0.1", "0"} : new String[] {"-v", mode[0], "-i", "2", "127.0.0.1", "0"};
            try (Proc server = Proc.jnc(args).stdinNull().start()) {
                String port = String.valueOf(server.awaitListeningPort());
                try (Proc listener = (ssl ? Proc.jnc("--ssl", "127.0.0.1", port) : Proc.jnc("127.0.0.1", port)).start();
                     Proc talker = (ssl ? Proc.jnc("--ssl", "127.0.0.1", port) : Proc.jnc("127.0.0.1", port)).start()) {
                    // Two members in: the talker speaks every 200 ms for 3 s, longer than -i; the listener hears it all.
                    server.awaitStderr("(?s)Connection from.*Connection from", T);
                    for (int i = 0; i < 15; i++) {
                        talker.write("line " + i + "\n");
                        Proc.sleep(200);
                    }
                    listener.awaitStdout("line 14", T);
                    assertThat(listener.isAlive()).as(String.join(" ", mode) + ": a member that listens is not idle").isTrue();
                    // Then silence both ways: both are disconnected, each with the relay's words at -v.
                    assertThat(listener.waitFor(T)).isZero();
                    assertThat(talker.waitFor(T)).isZero();
                    server.awaitStderr("(?s)Idle timeout expired \\(2000 ms\\)\\..*Idle timeout expired \\(2000 ms\\)\\.", T);
                }
                // The room itself goes on.
                try (Proc late = (ssl ? Proc.jnc("--ssl", "127.0.0.1", port) : Proc.jnc("127.0.0.1", port)).start()) {
                    late.write("still here\n");
                    server.awaitStderr("(?s)(Connection from.*){3}", T);
                    assertThat(server.isAlive()).isTrue();
                }
            }
        }
    }
}
