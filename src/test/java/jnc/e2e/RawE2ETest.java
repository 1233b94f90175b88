package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --ping} and {@code --raw} with real raw sockets (the tests run as root, as CI does). A
 * raw socket sees all loopback traffic of its protocol, other tests' too, so the captures filter on
 * addresses of 127.0.0.0/8 that nothing else uses (127.0.0.77-79), and the pings match by identifier.
 */
@Timeout(120)
class RawE2ETest {
    static final Duration T = Duration.ofSeconds(30);
    static final String REPLY = "64 bytes from %s: icmp_seq=%d ttl=\\d+ time=[0-9.]+ ms";

    @Test
    void pingsLoopbackThreeTimes() {
        try (Proc p = Proc.jnc("--ping", "--count", "3", "--interval", "200ms", "127.0.0.1").stdinNull().start()) {
            assertThat(p.waitFor(T)).as("stderr: %s", p.stderr()).isZero();
            String out = p.stdout();
            assertThat(out).startsWith("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");
            for (int seq = 1; seq <= 3; seq++) assertThat(out).containsPattern(REPLY.formatted("127\\.0\\.0\\.1", seq));
            assertThat(out).contains("--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss")
                    .containsPattern("rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms\n$");
            assertThat(p.stderr()).isEmpty();
        }
    }

    @Test
    void pingsIpv6Loopback() {
        try (Proc p = Proc.jnc("--ping", "-6", "--count", "2", "--interval", "200ms", "::1").stdinNull().start()) {
            assertThat(p.waitFor(T)).as("stderr: %s", p.stderr()).isZero();
            String out = p.stdout();
            assertThat(out).startsWith("PING ::1 (::1) 56 data bytes\n")
                    .containsPattern(REPLY.formatted("::1", 1)).containsPattern(REPLY.formatted("::1", 2))
                    .contains("2 packets transmitted, 2 received, 0% packet loss");
        }
    }

    @Test
    void noReplyMeansExitOneWithTheSummary() {
        // A network namespace of our own whose loopback is down: every request fails to go out.
        String unshare = Peers.require("unshare");
        try (Proc p = Proc.cmd(unshare, "--net", Proc.LAUNCHER.toString(), "--ping", "--count", "2", "--interval", "100ms",
                "-w", "200ms", "127.0.0.1").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(1);
            assertThat(p.stdout()).contains("2 packets transmitted, 0 received, 100% packet loss").doesNotContain("rtt");
            assertThat(p.stderr()).contains("jnc: sendto 127.0.0.1: Network is unreachable.").doesNotContain("Exception");
        }
    }

    @Test
    void sigtermEndsAnEndlessPingWithTheSummary() {
        try (Proc p = Proc.jnc("--ping", "--interval", "100ms", "127.0.0.1").stdinNull().start()) {
            p.awaitStdout("icmp_seq=2 ", T);
            p.terminate();
            assertThat(p.waitFor(T)).as("ping's exit code, not the JVM's 143").isZero();
            assertThat(p.stdout()).contains("--- 127.0.0.1 ping statistics ---").containsPattern("\\d+ packets transmitted, \\d+ received");
        }
    }

    /** {@code jnc -v --raw ...} started and ready: its raw socket is open once it says so. */
    static Proc capture(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-v";
        all[1] = "--raw";
        System.arraycopy(args, 0, all, 2, args.length);
        Proc p = Proc.jnc(all).stdinNull().start();
        p.awaitStderr("Capturing .* on a raw IPv[46] socket", T);
        return p;
    }

    @Test
    void decodesAPingsRequestAndReply() {
        try (Proc raw = capture("--count", "2", "127.0.0.78");
             Proc ping = Proc.jnc("--ping", "--count", "1", "127.0.0.78").stdinNull().start()) {
            assertThat(ping.waitFor(T)).isZero();
            assertThat(raw.waitFor(T)).as("stderr: %s", raw.stderr()).isZero();
            String out = raw.stdout();
            assertThat(out).containsPattern("IPv4 127\\.0\\.0\\.1 -> 127\\.0\\.0\\.78 proto ICMP len 84 ttl 64 id \\d+.*\n  ICMP echo-request id \\d+ seq 1\n")
                    .containsPattern("IPv4 127\\.0\\.0\\.78 -> 127\\.0\\.0\\.1 proto ICMP len 84 ttl 64 id \\d+.*\n  ICMP echo-reply id \\d+ seq 1\n")
                    // ping's 56 data bytes, 0x10 upwards, as the hex dump shows them
                    .contains("  0000  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|\n")
                    .contains("  0030  40 41 42 43 44 45 46 47                           |@ABCDEFG|\n");
        }
    }

    @Test
    void decodesAUdpDatagramAndItsPayload() throws IOException {
        InetAddress target = InetAddress.getByName("127.0.0.77");
        try (Proc raw = capture("--raw-proto", "udp", "--count", "1", "127.0.0.77");
             DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(target, 0));
             DatagramSocket sender = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            byte[] data = "hello raw world".getBytes(StandardCharsets.US_ASCII);
            sender.send(new DatagramPacket(data, data.length, receiver.getLocalSocketAddress()));
            assertThat(raw.waitFor(T)).as("stderr: %s", raw.stderr()).isZero();
            assertThat(raw.stdout()).isEqualTo("""
                    IPv4 127.0.0.1 -> 127.0.0.77 proto UDP len 43 ttl 64 id %s DF
                      UDP %d -> %d length 23
                      0000  68 65 6c 6c 6f 20 72 61  77 20 77 6f 72 6c 64     |hello raw world|

                    """.formatted(idOf(raw.stdout()), sender.getLocalPort(), receiver.getLocalPort()));
        }
    }

    @Test
    void decodesATcpSyn() throws IOException {
        InetAddress target = InetAddress.getByName("127.0.0.79");
        try (Proc raw = capture("--raw-proto", "tcp", "--count", "1", "127.0.0.79");
             ServerSocket server = new ServerSocket(0, 1, target);
             Socket client = new Socket(target, server.getLocalPort())) {
            assertThat(raw.waitFor(T)).as("stderr: %s", raw.stderr()).isZero();
            assertThat(raw.stdout()).startsWith("IPv4 127.0.0.1 -> 127.0.0.79 proto TCP len ")
                    .contains("  TCP " + client.getLocalPort() + " -> " + server.getLocalPort() + " [SYN] seq ")
                    .contains(" options [mss 65495,");
        }
    }

    @Test
    void ipv6CaptureSaysTheKernelKeepsTheHeader() {
        // ::1 has no spare addresses, and other tests' UDP to closed ports makes ICMPv6 errors on it:
        // capture and ping in a network namespace of our own (unshare), joined with nsenter.
        String unshare = Peers.require("unshare");
        String nsenter = Peers.require("nsenter");
        String ip = Peers.require("ip");
        try (Proc raw = Proc.cmd(unshare, "--net", "/bin/sh", "-c",
                ip + " link set lo up && exec \"$0\" -v --raw -6 --count 2 ::1", Proc.LAUNCHER.toString()).stdinNull().start()) {
            raw.awaitStderr("Capturing ICMPv6 on a raw IPv6 socket from or to ::1", T);
            try (Proc ping = Proc.cmd(nsenter, "--net=/proc/" + raw.pid() + "/ns/net", Proc.LAUNCHER.toString(),
                    "--ping", "--count", "1", "::1").stdinNull().start()) {
                assertThat(ping.waitFor(T)).as("stderr: %s", ping.stderr()).isZero();
            }
            assertThat(raw.waitFor(T)).as("stderr: %s", raw.stderr()).isZero();
            assertThat(raw.stdout()).startsWith("IPv6 ::1 -> ::1 proto ICMPv6 len 64 hlim 64 (no IPv6 header from the kernel)\n  ICMPv6 echo-request id ")
                    .contains("IPv6 ::1 -> ::1 proto ICMPv6 len 64 hlim 64 (no IPv6 header from the kernel)\n  ICMPv6 echo-reply id ")
                    .contains("  0000  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|\n");
        }
    }

    private static String idOf(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" id (\\d+) ").matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    @Test
    void withoutCapNetRawOneLineAndExitTwo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(BadInputE2ETest.readableByOthers(Proc.HOME.resolve("target/jnc.jar")),
                "the checkout is not readable by other users");
        String setpriv = Peers.require("setpriv");
        String[][] cases = {
                {"--ping", "--count", "1", "127.0.0.1"}, {"socket(AF_INET, SOCK_RAW, 1)"},
                {"--raw", "--raw-proto", "udp"}, {"socket(AF_INET, SOCK_RAW, 17)"},
                {"--raw", "-6"}, {"socket(AF_INET6, SOCK_RAW, 58)"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] cmd = new String[5 + cases[i].length];
            String[] prefix = {setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", Proc.LAUNCHER.toString()};
            System.arraycopy(prefix, 0, cmd, 0, 5);
            System.arraycopy(cases[i], 0, cmd, 5, cases[i].length);
            try (Proc p = Proc.cmd(cmd).stdinNull().start()) {
                assertThat(p.waitFor(T)).isEqualTo(2);
                assertThat(p.stderr()).isEqualTo("jnc: raw sockets need root or CAP_NET_RAW (" + cases[i + 1][0] + ": Operation not permitted).\n");
                assertThat(p.stdout()).isEmpty();
            }
        }
    }
}
