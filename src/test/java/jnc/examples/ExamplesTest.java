package jnc.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import jnc.e2e.Peers;
import jnc.e2e.Proc;

/**
 * The course's socket programs in {@code examples/} (issue 3, part 6), run as students run them:
 * {@code java examples/EchoServer.java PORT}, a single-file source launch with no build. They talk
 * to each other, to the course-style Python client and server in {@code src/test/resources/python},
 * and to jnc; the checks are on what each side prints and on the bytes that come back.
 */
class ExamplesTest {
    /** Generous: every Java example compiles itself at start, and several may start at once. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The JDK running this test (25+), not whatever {@code java} is first on PATH. */
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String WELCOME = "welcome to the echo server, please type what you want and 'end' to quit";
    private static final Pattern CONNECTED = Pattern.compile("Connected by \\('127\\.0\\.0\\.1', (\\d+)\\)");

    // ---- the Java examples with each other

    @Test
    void javaClientTalksToJavaServer() {
        try (Server server = startServer(port -> java("EchoServer", port));
                Proc client = java("EchoClient", server.port())) {
            client.awaitStdout(WELCOME, WAIT);
            talk(client, "hello");
            talk(client, "grüß dich"); // UTF-8 on the wire, as Python's str.encode()
            client.write("end\n");

            assertThat(client.waitFor(WAIT)).isZero();
            assertThat(lines(client)).containsExactly(WELCOME, "Received: hello", "Received: grüß dich", "cleaning up ...");
            server.awaitStdout("Received from client b'gr\\xc3\\xbc\\xc3\\x9f dich'\n", WAIT);
            List<String> printed = lines(server);
            assertThat(printed).hasSize(3);
            assertThat(printed.getFirst()).matches(CONNECTED);
            assertThat(printed.subList(1, 3))
                    .containsExactly("Received from client b'hello'", "Received from client b'gr\\xc3\\xbc\\xc3\\x9f dich'");
        }
    }

    @Test
    void echoServerServesOneClientAtATimeOthersWaitInTheBacklog() {
        try (Server server = startServer(port -> java("EchoServer", port));
                Proc first = java("EchoClient", server.port())) {
            first.awaitStdout(WELCOME, WAIT);
            talk(first, "first");
            try (Proc second = java("EchoClient", server.port())) {
                // The welcome line comes after connect() succeeded: the kernel completed the
                // handshake and queued the connection in the backlog, though the server has not accepted it.
                second.awaitStdout(WELCOME, WAIT);
                second.write("second\n");
                talk(first, "first again"); // a full round trip: the server is still busy with the first client

                assertThat(count(server.stdout(), "Connected by")).isEqualTo(1);
                assertThat(server.stdout()).doesNotContain("b'second'");
                assertThat(second.stdout()).isEqualTo(WELCOME + "\n");

                first.write("end\n");
                assertThat(first.waitFor(WAIT)).isZero();
                // Now the server accepts the waiting client and reads what it sent meanwhile.
                second.awaitStdout("Received: second\n", WAIT);
                second.write("end\n");
                assertThat(second.waitFor(WAIT)).isZero();
                assertThat(lines(second)).containsExactly(WELCOME, "Received: second", "cleaning up ...");
            }
            server.awaitStdout("Received from client b'second'\n", WAIT);
            String out = server.stdout();
            assertThat(count(out, "Connected by")).isEqualTo(2);
            assertThat(out.indexOf("b'first again'")).isLessThan(out.lastIndexOf("Connected by"));
        }
    }

    @Test
    void threadedServerTalksToSeveralClientsAtOnce() {
        int n = 4;
        List<Proc> clients = new ArrayList<>();
        try (Server server = startServer(port -> java("ThreadedEchoServer", port))) {
            try {
                for (int i = 0; i < n; i++) clients.add(java("EchoClient", server.port()));
                for (Proc c : clients) c.awaitStdout(WELCOME, WAIT);
                // Every client gets its answer while all of them are connected: a server serving one
                // client at a time would never answer the second one here, and the test would fail.
                for (int i = 0; i < n; i++) talk(clients.get(i), "hello from client " + i);
                for (int i = n - 1; i >= 0; i--) talk(clients.get(i), "bye from client " + i);
                for (Proc c : clients) c.write("end\n");
                for (int i = 0; i < n; i++) {
                    Proc c = clients.get(i);
                    assertThat(c.waitFor(WAIT)).isZero();
                    assertThat(lines(c)).containsExactly(WELCOME, "Received: hello from client " + i,
                            "Received: bye from client " + i, "cleaning up ...");
                }
            } finally {
                clients.forEach(Proc::close);
            }
            for (int i = 0; i < n; i++) server.awaitStdout("Received from client b'bye from client " + i + "'\n", WAIT);
            List<String> printed = lines(server);
            assertThat(printed).hasSize(3 * n);
            List<String> ports = printed.stream().map(CONNECTED::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
            assertThat(ports).hasSize(n).doesNotHaveDuplicates();
            for (int i = 0; i < n; i++) {
                assertThat(printed).contains("Received from client b'hello from client " + i + "'",
                        "Received from client b'bye from client " + i + "'");
            }
        }
    }

    // ---- the Java examples with the course's Python programs

    @Test
    void pythonClientTalksToJavaServer() {
        try (Server server = startServer(port -> java("EchoServer", port));
                Proc client = python("echo_client.py", server.port())) {
            client.awaitStdout(WELCOME, WAIT);
            talk(client, "hello from Python");
            talk(client, "it's me");
            client.write("end\n");

            assertThat(client.waitFor(WAIT)).isZero();
            assertThat(lines(client)).containsExactly(WELCOME, "Received: hello from Python", "Received: it's me", "cleaning up ...");
            server.awaitStdout("Received from client b\"it's me\"\n", WAIT);
            List<String> printed = lines(server);
            assertThat(printed.getFirst()).matches(CONNECTED);
            assertThat(printed.subList(1, printed.size()))
                    .containsExactly("Received from client b'hello from Python'", "Received from client b\"it's me\"");
        }
    }

    @Test
    void javaClientTalksToPythonServer() {
        try (Server server = startServer(port -> python("echo_server.py", port));
                Proc client = java("EchoClient", server.port())) {
            client.awaitStdout(WELCOME, WAIT);
            talk(client, "hello from Java");
            talk(client, "grüß dich");
            client.write("end\n");

            assertThat(client.waitFor(WAIT)).isZero();
            assertThat(lines(client)).containsExactly(WELCOME, "Received: hello from Java", "Received: grüß dich", "cleaning up ...");
            // The Python server decodes nothing: it saw exactly the UTF-8 bytes Python's encode() would send.
            server.awaitStdout("Received from client b'gr\\xc3\\xbc\\xc3\\x9f dich'\n", WAIT);
            List<String> printed = lines(server);
            assertThat(printed.getFirst()).matches(CONNECTED);
            assertThat(printed.subList(1, printed.size()))
                    .containsExactly("Received from client b'hello from Java'", "Received from client b'gr\\xc3\\xbc\\xc3\\x9f dich'");
        }
    }

    /**
     * Both Java servers print byte for byte what the Python server prints for the same session, the
     * address from {@code accept()} and the tricky cases of {@code repr(bytes)}: quotes, escapes,
     * control characters and bytes above 127. The Python server is the reference.
     */
    @Test
    void javaServersPrintWhatThePythonServerPrints() throws IOException {
        List<byte[]> messages = new ArrayList<>();
        for (String s : List.of("hello", "it's", "say \"hi\"", "both ' and \"", "tab\tnewline\ncr\r", "back\\slash",
                "grüß dich", "~ and space ")) {
            messages.add(s.getBytes(StandardCharsets.UTF_8));
        }
        messages.add(range(0x00, 0x20));
        messages.add(range(0x7f, 0x100));

        String python = session(port -> python("echo_server.py", port), messages);
        assertThat(python).contains("Received from client b\"it's\"", "Received from client b'\\x00\\x01\\x02");
        assertThat(session(port -> java("EchoServer", port), messages)).isEqualTo(python);
        assertThat(session(port -> java("ThreadedEchoServer", port), messages)).isEqualTo(python);
    }

    // ---- the Java examples with jnc

    @Test
    void jncIsAClientOfEchoServer() {
        try (Server server = startServer(port -> java("EchoServer", port));
                Proc jnc = Proc.jnc("127.0.0.1", String.valueOf(server.port())).start()) {
            jnc.write("hello from jnc\n");
            jnc.awaitStdout("hello from jnc\n", WAIT);
            jnc.write("second line\n");
            jnc.awaitStdout("second line\n", WAIT);
            // End of input: jnc shuts down its sending side, the server sees EOF and closes, jnc exits.
            jnc.closeStdin();

            assertThat(jnc.waitFor(WAIT)).isZero();
            assertThat(jnc.stdout()).isEqualTo("hello from jnc\nsecond line\n");
            server.awaitStdout("Received from client b'second line\\n'\n", WAIT);
            List<String> printed = lines(server);
            assertThat(printed.getFirst()).matches(CONNECTED);
            assertThat(printed.subList(1, printed.size()))
                    .containsExactly("Received from client b'hello from jnc\\n'", "Received from client b'second line\\n'");
        }
    }

    @Test
    void severalJncClientsAtOnceOnThreadedServer() {
        int n = 3;
        List<Proc> clients = new ArrayList<>();
        try (Server server = startServer(port -> java("ThreadedEchoServer", port))) {
            try {
                for (int i = 0; i < n; i++) clients.add(Proc.jnc("127.0.0.1", String.valueOf(server.port())).start());
                // all connected, each answered before any of them leaves
                for (int i = 0; i < n; i++) {
                    clients.get(i).write("jnc client " + i + "\n");
                    clients.get(i).awaitStdout("jnc client " + i + "\n", WAIT);
                }
                for (Proc c : clients) c.closeStdin();
                for (int i = 0; i < n; i++) {
                    assertThat(clients.get(i).waitFor(WAIT)).isZero();
                    assertThat(clients.get(i).stdout()).isEqualTo("jnc client " + i + "\n");
                }
            } finally {
                clients.forEach(Proc::close);
            }
            for (int i = 0; i < n; i++) server.awaitStdout("Received from client b'jnc client " + i + "\\n'\n", WAIT);
            assertThat(count(server.stdout(), "Connected by ('127.0.0.1', ")).isEqualTo(n);
        }
    }

    /** {@code jnc -l} with a person at its keyboard (here: the test) playing the echo server. */
    @Test
    void echoClientTalksToJncListener() {
        try (Proc jnc = Proc.jnc("-v", "-l", "127.0.0.1", "0").start()) {
            int port = jnc.awaitListeningPort();
            try (Proc client = java("EchoClient", port)) {
                client.awaitStdout(WELCOME, WAIT);
                client.write("hello jnc\n");
                jnc.awaitStdout("hello jnc", WAIT); // the client sends the line without its newline
                jnc.write("hello student");
                client.awaitStdout("Received: hello student\n", WAIT);
                client.write("end\n");

                assertThat(client.waitFor(WAIT)).isZero();
                assertThat(lines(client)).containsExactly(WELCOME, "Received: hello student", "cleaning up ...");
            }
            jnc.closeStdin();
            assertThat(jnc.waitFor(WAIT)).isZero();
            assertThat(jnc.stdout()).isEqualTo("hello jnc");
        }
    }

    // ---- helpers

    /** A server under test and the loopback port it listens on. */
    private record Server(Proc proc, int port) implements AutoCloseable {
        String stdout() {
            return proc.stdout();
        }

        void awaitStdout(String text, Duration timeout) {
            proc.awaitStdout(text, timeout);
        }

        @Override
        public void close() {
            proc.close();
        }
    }

    /**
     * Starts a server on a free loopback port and waits until it listens. Another process may take
     * the port between {@link Peers#freePort()} and the server's bind; then the server dies and we
     * try again with another port.
     */
    private static Server startServer(IntFunction<Proc> start) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freePort();
            Proc p = start.apply(port);
            long end = System.nanoTime() + WAIT.toNanos();
            while (p.isAlive() && !Peers.listensOn(port) && System.nanoTime() < end) Proc.sleep(20);
            if (p.isAlive() && Peers.listensOn(port)) return new Server(p, port);
            p.close();
            if (System.nanoTime() >= end) fail("server did not listen on port " + port + " within " + WAIT + "; stderr=" + p.stderr());
        }
        return fail("server could not start on any of 3 free ports");
    }

    /** {@code <this JDK>/bin/java examples/NAME.java PORT}, from the repository root. */
    /** The {@code java} that runs the examples: the test's own JDK here, a JDK 17 in {@link ExamplesOnJava17Test}. */
    String javaBinary() {
        return JAVA;
    }

    Proc java(String name, int port) {
        // a UTF-8 locale, as in a student's terminal: IO.readln() and IO.println() use the locale's charset
        return Proc.cmd(javaBinary(), "examples/" + name + ".java", String.valueOf(port)).env("LC_ALL", "C.UTF-8").start();
    }

    private static Proc python(String script, int port) {
        return Proc.cmd(Peers.require("python3"), "src/test/resources/python/" + script, String.valueOf(port))
                .env("PYTHONIOENCODING", "utf-8").start();
    }

    /** Types a line into an echo client and waits for the echo it prints. */
    private static void talk(Proc client, String line) {
        client.write(line + "\n");
        client.awaitStdout("Received: " + line + "\n", WAIT);
    }

    /**
     * One client session from this test against a fresh server: each message is sent on its own and
     * its echo awaited before the next, so the server receives each in one read. Returns what the
     * server printed, with this session's client port replaced by PORT.
     */
    private static String session(IntFunction<Proc> start, List<byte[]> messages) throws IOException {
        try (Server server = startServer(start);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout((int) WAIT.toMillis());
            InputStream in = s.getInputStream();
            for (byte[] m : messages) {
                s.getOutputStream().write(m);
                assertThat(in.readNBytes(m.length)).isEqualTo(m);
            }
            s.shutdownOutput();
            assertThat(in.read()).isEqualTo(-1); // the server closes after our EOF
            server.awaitStdout("Received from client b'" + hex(messages.getLast()) + "'\n", WAIT);
            String printed = server.stdout();
            String connected = "Connected by ('127.0.0.1', " + s.getLocalPort() + ")\n";
            assertThat(printed).startsWith(connected);
            assertThat(printed.split("\n")).hasSize(1 + messages.size());
            return printed.replace(connected, "Connected by ('127.0.0.1', PORT)\n");
        }
    }

    /** Bytes from..to-1. */
    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (from + i);
        return b;
    }

    /** Python's repr of bytes that all print as \xNN (only used for 0x7f and above). */
    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append("\\x%02x".formatted(x & 0xff));
        return sb.toString();
    }

    private static List<String> lines(Proc p) {
        return lines(p.stdout());
    }

    private static List<String> lines(Server s) {
        return lines(s.stdout());
    }

    private static List<String> lines(String out) {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        return n;
    }
}
