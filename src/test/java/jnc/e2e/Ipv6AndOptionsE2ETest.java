package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** IPv6 (literals, family 10, the dual-stack listener), socket options as the peers see them, and SCTP. */
@Timeout(120)
class Ipv6AndOptionsE2ETest {
    static final Duration T = Duration.ofSeconds(20);

    static String line(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') sb.append((char) c);
        return sb.toString();
    }

    @Test
    void ipv6LiteralsShowFamilyTen() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "::1", "0").start()) {
            int port = server.awaitListeningPort();
            assertThat(server.stderr()).contains("Listening on [::1] (family 10, port " + port + ")");
            try (Proc client = Proc.jnc("-v", "::1", Integer.toString(port)).start()) {
                client.write("over v6\n");
                server.awaitStdout("over v6\n", T);
                server.write("back\n");
                client.awaitStdout("back\n", T);
                assertThat(client.stderr()).contains("Connection to ::1 " + port + " port [tcp/");
                assertThat(server.stderr()).containsPattern("Connection from ::1 \\d+ received!");
            }
        }
    }

    @Test
    void aListenerWithoutHostTakesBothFamiliesAndPrintsBothLines() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "0", "--echo").stdinNull().start()) {
            int port = server.awaitListeningPort();
            server.awaitStderr("Listening on \\[::\\] \\(family 10, port " + port + "\\)", T);
            assertThat(server.stderr()).startsWith("Listening on [0.0.0.0] (family 2, port " + port + ")\n");
            for (InetAddress a : new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")}) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a, port), 10_000);
                    s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(line(s)).isEqualTo("hi");
                }
            }
            server.awaitStderr("Connection from ::1 \\d+ received!", T);
            assertThat(server.stderr()).containsPattern("Connection from 127\\.0\\.0\\.1 \\d+ received!");
        }
    }

    @Test
    void minusSixListenerTurnsIpv4ClientsAway() throws Exception {
        try (Proc server = Proc.jnc("-v", "-6", "-l", "-k", "0", "--echo").stdinNull().start()) {
            int port = server.awaitListeningPort();
            assertThat(server.stderr()).doesNotContain("family 2");
            try (Socket v6 = new Socket()) {
                v6.connect(new InetSocketAddress(InetAddress.getByName("::1"), port), 10_000);
                v6.getOutputStream().write("six\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(line(v6)).isEqualTo("six");
            }
            // IPv6 alone (IPV6_V6ONLY), as Ncat: the kernel refuses an IPv4 client.
            try (Socket v4 = new Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> v4.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000))
                        .isInstanceOf(java.net.ConnectException.class);
            }
        }
    }

    @Test
    void ncatInteropOverIpv6BothWays() throws Exception {
        int port = Peers.freePort();
        try (Proc ncat = Proc.cmd(Peers.require("ncat"), "-6", "-l", "::1", Integer.toString(port)).start()) {
            Peers.awaitListening(port);
            try (Proc jnc = Proc.jnc("-6", "::1", Integer.toString(port)).start()) {
                jnc.write("to ncat\n");
                ncat.awaitStdout("to ncat\n", T);
            }
        }
        try (Proc jnc = Proc.jnc("-l", "::1", "0", "-v").start()) {
            int p = jnc.awaitListeningPort();
            try (Proc ncat = Proc.cmd(Peers.require("ncat"), "::1", Integer.toString(p)).start()) {
                ncat.write("from ncat\n");
                jnc.awaitStdout("from ncat\n", T);
            }
        }
    }

    /** A receiver that reports the TTL and TOS each datagram arrived with (IP_RECVTTL, IP_RECVTOS). */
    static final String TTL_RECEIVER = """
            import socket, struct, sys
            IP_TOS, IP_TTL, IP_RECVTTL, IP_RECVTOS = 1, 2, 12, 13  # Linux's values; not every Python names them all
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
            s.setsockopt(socket.IPPROTO_IP, IP_RECVTOS, 1)
            s.bind(('127.0.0.1', 0))
            print(s.getsockname()[1], flush=True)
            data, anc, flags, addr = s.recvmsg(2048, 1024)
            out = {}
            for level, kind, value in anc:
                if kind == IP_TTL: out['ttl'] = struct.unpack('i', value[:4])[0]
                if kind == IP_TOS: out['tos'] = value[0]
            print('ttl=%d tos=%d data=%s' % (out.get('ttl', -1), out.get('tos', -1), data.decode().strip()), flush=True)
            """;

    @Test
    void ttlAndTosReachThePeer(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("recv.py");
        Files.writeString(script, TTL_RECEIVER);
        try (Proc py = Proc.cmd(Peers.require("python3"), script.toString()).stdinNull().start()) {
            long end = System.nanoTime() + T.toNanos();
            while (!py.stdout().contains("\n") && System.nanoTime() < end) Proc.sleep(20);
            String port = py.stdout().trim();
            try (Proc jnc = Proc.jnc("-u", "--ttl", "7", "--tos", "af21", "127.0.0.1", port).start()) {
                jnc.write("marked\n");
                py.awaitStdout("data=marked", T);
                jnc.closeStdin();
                assertThat(jnc.waitFor(T)).isZero();
            }
            // af21 is DSCP 18: the TOS byte 18 << 2 = 72.
            assertThat(py.stdout()).contains("ttl=7 tos=72 data=marked");
        }
    }

    @Test
    void keepAliveAndBufferSizesShowInTheKernelsSocketTable() throws Exception {
        try (Proc server = Proc.jnc("-v", "-l", "127.0.0.1", "0", "--keepalive", "--rcvbuf", "65536").start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("--keepalive", "--sndbuf", "131072", "127.0.0.1", Integer.toString(port)).start()) {
                client.write("x\n");
                server.awaitStdout("x\n", T);
                try (Proc ss = Proc.cmd(Peers.require("ss"), "-tnmo", "state", "established", "( sport = :" + port + " or dport = :" + port + " )")
                        .stdinNull().start()) {
                    ss.waitFor(T);
                    String table = ss.stdout();
                    // Both ends have the keep-alive timer; the kernel doubles buffer sizes it is given (tb = send buffer).
                    assertThat(table.split("timer:\\(keepalive", -1)).hasSize(3);
                    assertThat(table).contains("tb262144");
                }
            }
        }
    }

    @Test
    void reusePortLetsTwoListenersShareAPort() throws Exception {
        int port = Peers.freePort();
        try (Proc a = Proc.jnc("-v", "-l", "-k", "--reuseport", "127.0.0.1", Integer.toString(port), "--echo").stdinNull().start()) {
            a.awaitListeningPort();
            try (Proc b = Proc.jnc("-v", "-l", "-k", "--reuseport", "127.0.0.1", Integer.toString(port), "--echo").stdinNull().start()) {
                assertThat(b.awaitListeningPort()).isEqualTo(port);
            }
            try (Proc c = Proc.jnc("-l", "127.0.0.1", Integer.toString(port)).stdinNull().start()) {
                assertThat(c.waitFor(T)).isEqualTo(2);
                assertThat(c.stderr()).contains("Address already in use");
            }
        }
    }

    @Test
    void sctpWorksOrSaysPlainlyThatTheSystemLacksIt() throws Exception {
        boolean supported;
        try (Proc probe = Proc.cmd(Peers.require("python3"), "-c",
                "import socket\ntry:\n socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132); print('yes')\nexcept OSError: print('no')")
                .stdinNull().start()) {
            probe.waitFor(T);
            supported = probe.stdout().trim().equals("yes");
        }
        if (!supported) {
            System.out.println("SCTP: this kernel has no SCTP; checking jnc's message instead of a transfer");
            try (Proc jnc = Proc.jnc("--sctp", "127.0.0.1", "9").stdinNull().start()) {
                assertThat(jnc.waitFor(T)).isEqualTo(2);
                assertThat(jnc.stderr()).startsWith("jnc: SCTP is not supported on this system").hasLineCount(1);
            }
            return;
        }
        try (Proc server = Proc.jnc("-v", "--sctp", "-l", "127.0.0.1", "0").start()) {
            int port = Integer.parseInt(server.awaitStderr("\\(sctp, port (\\d+)\\)", T).group(1));
            try (Proc client = Proc.jnc("--sctp", "127.0.0.1", Integer.toString(port)).start()) {
                client.write("over sctp\n");
                server.awaitStdout("over sctp\n", T);
            }
        }
    }

    @Test
    void ipv6IsUsedForNamesWithBothFamilies() throws Exception {
        // "localhost" may resolve to both families; -6 must pick ::1 and the connection must work.
        InetAddress[] all = InetAddress.getAllByName("localhost");
        boolean hasV6 = false;
        for (InetAddress a : all) hasV6 |= a instanceof Inet6Address;
        String host = hasV6 ? "localhost" : "::1";
        try (Proc server = Proc.jnc("-v", "-l", "::1", "0").start()) {
            int port = server.awaitListeningPort();
            try (Proc client = Proc.jnc("-6", "-v", host, Integer.toString(port)).start()) {
                client.write("by name\n");
                server.awaitStdout("by name\n", T);
            }
        }
    }
}
