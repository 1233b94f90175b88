package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differences Ncat's own test suite found (COMPAT.md), each checked here against the real ncat:
 * {@code -6} listens on IPv6 alone, names resolve in the system's order, and the smaller items.
 */
@Timeout(120)
class NcatSuiteCompatE2ETest {
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /** {@code -6 -l}: an IPv4 client is refused by the kernel, and the IPv4 port stays free for another listener, as with ncat -6 -l. */
    @Test
    void minus6ListensOnIpv6Alone() {
        for (boolean ours : new boolean[] {false, true}) {
            int port = Peers.freePort();
            Proc.Builder b = ours ? Proc.jnc("-6", "-l", String.valueOf(port)) : Proc.cmd(Peers.require("ncat"), "-6", "-l", String.valueOf(port));
            try (Proc listener = b.stdinNull().start()) {
                awaitSs(port, "[::]:" + port);
                try (Proc v4 = Proc.cmd(Peers.require("ncat"), "-4", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
                    assertThat(v4.waitFor(T)).as(ours ? "jnc" : "ncat").isEqualTo(1);
                    assertThat(v4.stderr()).contains("Connection refused");
                }
                try (Proc other = Proc.cmd(Peers.require("ncat"), "-4", "-l", "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
                    awaitSs(port, "127.0.0.1:" + port);
                    assertThat(other.isAlive()).isTrue();
                }
                assertThat(listener.isAlive()).isTrue();
            }
        }
    }

    /** Waits until {@code ss -ltn} lists {@code local}. */
    static void awaitSs(int port, String local) {
        long end = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < end) {
            try (Proc ss = Proc.cmd("ss", "-Hltn", "sport = :" + port).stdinNull().start()) {
                ss.waitFor(T);
                if (ss.stdout().contains(local + " ")) return;
            }
            Proc.sleep(50);
        }
        throw new AssertionError("nothing listens on " + local);
    }

    /**
     * In a network namespace of its own whose /etc/hosts says {@code ::1 localhost} after
     * {@code 127.0.0.1 localhost}: getaddrinfo (and so ncat) puts ::1 first. A listener on each
     * address shows which one a client reaches, over TCP and over UDP.
     */
    @Test
    void localhostInTheSystemsOrder() throws IOException {
        Peers.require("unshare");
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n::1 localhost\n");
        String script = """
                set -u
                ip link set lo up; mount --bind '%1$s' /etc/hosts
                for c in ncat jnc; do
                  if [ $c = ncat ]; then run=ncat; else run='%2$s'; fi
                  ncat -l 127.0.0.1 27101 > '%3$s/'$c-tcp4 & a=$!
                  ncat -l ::1 27101 > '%3$s/'$c-tcp6 & b=$!
                  ncat -u -l ::1 27102 > '%3$s/'$c-udp6 & u=$!
                  i=0; while [ $(ss -Hltn 'sport = :27101' | wc -l) -lt 2 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
                  echo "$c tcp" | timeout 10 $run localhost 27101
                  echo "$c udp" | timeout 10 $run -u -w 1 localhost 27102
                  sleep 0.3; kill $a $b $u 2>/dev/null; wait
                done
                """.formatted(hosts, Proc.LAUNCHER, tmp);
        try (Proc p = Proc.cmd("unshare", "-n", "-m", "--propagation", "private", "sh", "-c", script).stdinNull().start()) {
            p.waitFor(Duration.ofSeconds(60));
        }
        for (String c : new String[] {"ncat", "jnc"}) {
            assertThat(Files.readString(tmp.resolve(c + "-tcp6"))).as(c + " over TCP reaches ::1").isEqualTo(c + " tcp\n");
            assertThat(Files.readString(tmp.resolve(c + "-tcp4"))).isEmpty();
            assertThat(Files.readString(tmp.resolve(c + "-udp6"))).as(c + " over UDP reaches ::1").isEqualTo(c + " udp\n");
        }
    }

    /** {@code -U -u -s PATH}: the datagrams come from PATH, as with ncat; a python3 socket shows their sender. */
    @Test
    void unixDatagramClientSendsFromItsSourcePath() throws IOException {
        Path py = tmp.resolve("recv.py");
        Files.writeString(py, """
                import socket, sys, os
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(20)
                print("ready", flush=True)
                data, addr = s.recvfrom(100)
                print(repr(data), addr, flush=True)
                """);
        for (boolean ours : new boolean[] {false, true}) {
            Path target = tmp.resolve((ours ? "jnc" : "ncat") + ".sock");
            Path source = tmp.resolve((ours ? "jnc" : "ncat") + ".src");
            try (Proc recv = Proc.cmd(Peers.require("python3"), py.toString(), target.toString()).stdinNull().start()) {
                recv.awaitStdout("ready", T);
                String[] args = {"-U", "-u", "-s", source.toString(), target.toString()};
                Proc.Builder b = ours ? Proc.jnc(args) : Proc.cmd(prepend(Peers.require("ncat"), args));
                try (Proc client = b.start()) {
                    client.write("abc\n");
                    recv.awaitStdout("b'abc\\n' " + source, T);
                }
            }
        }
    }

    static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * A UDP listener whose command answers and ends at once ({@code --exec "/bin/echo abc"}): the
     * answer reaches the client every time, as with ncat, though the command is gone before the
     * client's datagram can be written to it.
     */
    @Test
    void udpExecThatEndsAtOnceKeepsItsAnswer() {
        for (int i = 0; i < 8; i++) {
            int port = Peers.freePort();
            try (Proc server = Proc.jnc("-u", "-l", "127.0.0.1", String.valueOf(port), "--exec", "/bin/echo abc").stdinNull().start()) {
                Peers.awaitUdpBound(port);
                Proc.sleep(300); // let the command be gone first, as it is when the client's datagram takes its time
                try (Proc client = Proc.cmd(Peers.require("ncat"), "-u", "127.0.0.1", String.valueOf(port)).start()) {
                    client.write("test\n");
                    client.awaitStdout("abc\n", T);
                }
            }
        }
    }

    /** {@code -z -u} sends one NUL byte, as ncat does: a listener on the port sees exactly that. */
    @Test
    void udpScanSendsOneNul() throws IOException {
        Path py = tmp.resolve("udp.py");
        Files.writeString(py, """
                import socket, sys
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(3)
                print(s.getsockname()[1], flush=True)
                got = []
                try:
                    while True: got.append(s.recv(100))
                except socket.timeout:
                    pass
                print("got", got, flush=True)
                """);
        for (boolean ours : new boolean[] {false, true}) {
            try (Proc listener = Proc.cmd(Peers.require("python3"), py.toString()).stdinNull().start()) {
                listener.awaitStdout("\n", T);
                String port = listener.stdout().strip();
                String[] args = {"-z", "-u", "-w", "1", "127.0.0.1", port};
                try (Proc scan = (ours ? Proc.jnc(args) : Proc.cmd(prepend(Peers.require("ncat"), args))).stdinNull().start()) {
                    assertThat(scan.waitFor(T)).as(ours ? "jnc" : "ncat").isZero();
                }
                listener.awaitStdout("]\n", T); // the whole line: print() may reach the pipe in pieces
                assertThat(listener.stdout()).as(ours ? "jnc" : "ncat").contains("got [b'\\x00']");
            }
        }
    }

    /** A script in the style of Ncat's: read the peer a byte at a time, write it back in upper case. */
    static final String UPPER_LUA = """
            while true do
              local c = io.stdin:read(1)
              if c == nil then break end
              io.write(string.upper(c))
              io.flush()
            end
            """;

    /**
     * {@code --lua-exec} runs the script with a Lua interpreter from the PATH, wired to the peer as
     * {@code -e} is: over TCP and UDP, jnc answers as ncat's embedded Lua does.
     */
    @Test
    void luaExecRunsTheScriptWithALuaInterpreter() throws IOException {
        Peers.require("lua5.4");
        Path script = tmp.resolve("upper.lua");
        Files.writeString(script, UPPER_LUA);
        for (boolean udp : new boolean[] {false, true}) {
            for (boolean ours : new boolean[] {false, true}) {
                int port = Peers.freePort();
                String[] listen = udp ? new String[] {"-u", "-l", "--lua-exec", script.toString(), "127.0.0.1", String.valueOf(port)}
                        : new String[] {"-l", "--lua-exec", script.toString(), "127.0.0.1", String.valueOf(port)};
                try (Proc server = (ours ? Proc.jnc(listen) : Proc.cmd(prepend(Peers.require("ncat"), listen))).stdinNull().start()) {
                    if (udp) Peers.awaitUdpBound(port);
                    else Peers.awaitListening(port);
                    String[] connect = udp ? new String[] {Peers.require("ncat"), "-u", "127.0.0.1", String.valueOf(port)}
                            : new String[] {Peers.require("ncat"), "127.0.0.1", String.valueOf(port)};
                    try (Proc client = Proc.cmd(connect).start()) {
                        client.write("abc\n");
                        client.awaitStdout("ABC\n", T);
                        assertThat(client.stdout()).as((ours ? "jnc" : "ncat") + (udp ? " udp" : " tcp")).isEqualTo("ABC\n");
                    }
                }
            }
        }
    }

    /** The script sees the NCAT_* variables of the connection, as -e's command does. */
    @Test
    void luaExecScriptSeesTheConnectionsVariables() throws IOException {
        Peers.require("lua5.4");
        Path script = tmp.resolve("env.lua");
        Files.writeString(script, """
                for _, v in ipairs({"NCAT_REMOTE_ADDR", "NCAT_LOCAL_ADDR", "NCAT_LOCAL_PORT", "NCAT_PROTO"}) do
                  io.write(v, "=", tostring(os.getenv(v)), "\\n")
                end
                """);
        int port = Peers.freePort();
        try (Proc server = Proc.jnc("-l", "--lua-exec", script.toString(), "127.0.0.1", String.valueOf(port)).stdinNull().start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.cmd(Peers.require("ncat"), "127.0.0.1", String.valueOf(port)).start()) {
                client.awaitStdout("NCAT_PROTO=TCP\n", T);
                assertThat(client.stdout()).isEqualTo("NCAT_REMOTE_ADDR=127.0.0.1\nNCAT_LOCAL_ADDR=127.0.0.1\nNCAT_LOCAL_PORT=" + port + "\nNCAT_PROTO=TCP\n");
            }
        }
    }

    /** Without a Lua interpreter on the PATH, {@code --lua-exec} is refused with one line and exit 2, never ignored. */
    @Test
    void luaExecWithoutAnInterpreterIsRefusedClearly() throws IOException {
        Path script = tmp.resolve("upper.lua");
        Files.writeString(script, UPPER_LUA);
        Path emptyPath = Files.createDirectories(tmp.resolve("no-lua-here"));
        try (Proc p = Proc.jnc("-l", "--lua-exec", script.toString(), "0").env("PATH", emptyPath.toString()).stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: --lua-exec needs a Lua interpreter (lua5.4, lua5.3 or lua) on the PATH, and there is none.\n");
        }
        try (Proc p = Proc.jnc("-l", "--lua-exec", tmp.resolve("missing.lua").toString(), "0").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).isEqualTo("jnc: --lua-exec " + tmp.resolve("missing.lua") + ": no such file.\n");
        }
    }

    /**
     * {@code -4 -l} without an address binds 0.0.0.0, TCP and UDP. (With names in the system's
     * order the JDK's own wildcard is ::, which an IPv4 socket cannot bind: the listener died.)
     */
    @Test
    void minus4ListenerWithoutAnAddress() {
        for (boolean udp : new boolean[] {false, true}) {
            int port = Peers.freePort();
            String[] listen = udp ? new String[] {"-v", "-4", "-u", "-l", String.valueOf(port)} : new String[] {"-v", "-4", "-l", String.valueOf(port)};
            try (Proc server = Proc.jnc(listen).start()) {
                server.awaitStderr("Listening on \\[0\\.0\\.0\\.0\\] \\(family 2, port " + port + "\\)", T);
                String[] connect = udp ? new String[] {Peers.require("ncat"), "-u", "127.0.0.1", String.valueOf(port)}
                        : new String[] {Peers.require("ncat"), "127.0.0.1", String.valueOf(port)};
                try (Proc client = Proc.cmd(connect).start()) {
                    client.write("four\n");
                    server.awaitStdout("four\n", T);
                }
            }
        }
    }

    /** A plain listener and a plain client load none of the proxy's classes, nor the FFM socket option code of -6. */
    @Test
    void plainRunsLoadNoneOfThis() throws IOException {
        int port = Peers.freePort();
        Path listenLog = tmp.resolve("listen-classes.log");
        Path connectLog = tmp.resolve("connect-classes.log");
        try (Proc server = Proc.jnc("-l", "127.0.0.1", String.valueOf(port)).env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + listenLog).stdinNull().start()) {
            Peers.awaitListening(port);
            try (Proc client = Proc.jnc("127.0.0.1", String.valueOf(port)).env("JNC_JAVA_OPTS", "-Xlog:class+load:file=" + connectLog)
                    .stdinFrom(Files.writeString(tmp.resolve("in"), "abc\n")).start()) {
                assertThat(client.waitFor(T)).as(client.stderr()).isZero();
            }
            server.awaitStdout("abc\n", T);
        }
        for (Path log : new Path[] {listenLog, connectLog}) {
            assertThat(Files.readString(log)).as(log.getFileName().toString()).contains("jnc.Main ")
                    .doesNotContain("jnc.net.proxy.", "jnc.net.NativeSockopt", "java.security.MessageDigest");
        }
    }

    /**
     * Ncat's proxy tests start the proxy, the server and the client in the same instant, and scripts
     * start {@code jnc -l P &} and then a client: a client refused by a listener of this machine that
     * is not up yet tries again for a moment (COMPAT.md). Here the listener binds only after the
     * client has said, at -vv, that it was refused; then it must get the client's line.
     */
    @Test
    void aClientRefusedByALocalListenerNotUpYetConnectsOnceItListens() throws IOException {
        int port = Peers.freePort();
        try (Proc client = Proc.jnc("-vv", "127.0.0.1", String.valueOf(port)).start()) {
            client.awaitStderr("127\\.0\\.0\\.1: Connection refused", T);
            try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open()) {
                listener.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                client.write("hello\n");
                client.closeStdin();
                try (java.nio.channels.SocketChannel peer = acceptWithin(listener)) {
                    assertThat(new String(peer.socket().getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello\n");
                }
            }
            assertThat(client.waitFor(T)).isZero();
            assertThat(client.stderr()).containsOnlyOnce("Connection refused");
        }
    }

    /** The same for a Unix socket whose file the listener has not made yet. */
    @Test
    void aUnixClientWhoseListenerIsNotUpYetConnectsOnceItListens() throws IOException {
        Path path = tmp.resolve("late.sock");
        try (Proc client = Proc.jnc("-vv", "-U", path.toString()).start()) {
            client.awaitStderr("late\\.sock: No such file or directory", T);
            try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                listener.bind(java.net.UnixDomainSocketAddress.of(path));
                client.write("hello\n");
                client.closeStdin();
                try (java.nio.channels.SocketChannel peer = acceptWithin(listener)) {
                    assertThat(new String(java.nio.channels.Channels.newInputStream(peer).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello\n");
                }
            }
            assertThat(client.waitFor(T)).isZero();
        }
    }

    /** Nothing comes: the refusal is still one line and exit 1, after the moment's retries (-w shortens them). */
    @Test
    void aLocalRefusalStillFailsWithOneLine() {
        int port = Peers.freePort();
        for (String[] args : new String[][] {{"127.0.0.1", String.valueOf(port)}, {"-w", "0.05", "127.0.0.1", String.valueOf(port)}}) {
            try (Proc client = Proc.jnc(args).stdinNull().start()) {
                assertThat(client.waitFor(T)).isEqualTo(1);
                assertThat(client.stderr()).isEqualTo("jnc: connect to 127.0.0.1 port " + port + " (tcp) failed: Connection refused.\n");
            }
        }
    }

    /** The listener's first client, or a failure after {@link #T}: a client that gave up never comes. */
    static java.nio.channels.SocketChannel acceptWithin(java.nio.channels.ServerSocketChannel listener) throws IOException {
        listener.configureBlocking(false);
        try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
            listener.register(sel, java.nio.channels.SelectionKey.OP_ACCEPT);
            if (sel.select(T.toMillis()) == 0) throw new AssertionError("no client came within " + T);
        }
        java.nio.channels.SocketChannel peer = listener.accept();
        peer.configureBlocking(true);
        return peer;
    }

    /**
     * A deliberate difference (COMPAT.md): {@code ncat 127.0.0.1 P -l --proxy-type http} leaves its
     * host unresolved and listens on every address of both families, so a proxy meant for this
     * machine is open to the network; jnc's listens where it is told. The suite's "HTTP CONNECT IPv6
     * client, IPv4 server" counts on Ncat's way.
     */
    @Test
    void theProxyServerListensOnTheAddressItIsGivenWhereNcatListensEverywhere() {
        for (boolean ours : new boolean[] {false, true}) {
            int port = Peers.freePort();
            String[] args = {"127.0.0.1", String.valueOf(port), "-l", "--proxy-type", "http"};
            Proc.Builder b = ours ? Proc.jnc(args) : Proc.cmd(concat(Peers.require("ncat"), args));
            try (Proc proxy = b.stdinNull().start()) {
                awaitSs(port, ours ? "127.0.0.1:" + port : "[::]:" + port);
                try (Proc ss = Proc.cmd("ss", "-Hltn", "sport = :" + port).stdinNull().start()) {
                    ss.waitFor(T);
                    if (ours) assertThat(ss.stdout()).contains("127.0.0.1:" + port).doesNotContain("0.0.0.0:" + port).doesNotContain("[::]:" + port);
                    else assertThat(ss.stdout()).as("ncat").contains("0.0.0.0:" + port).contains("[::]:" + port);
                }
            }
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
