package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -z} on loopback against nc.openbsd. Every scan covers only ports this test holds (see
 * {@link HeldPorts}): a scan's connection to someone else's listener would disturb their test.
 * TCP scans run with both engines: Linux's own calls ({@code native}) and the JDK's channels.
 */
@Timeout(120)
class ScanE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final Pattern OPEN_LINE = Pattern.compile("(?m)^Connection to (\\S+(?: \\([^)]*\\))?) (\\d+) port \\[(tcp|udp)/([^\\]]+)\\] succeeded!$");

    /** The ports the lines say are open, in the order printed. */
    static List<Integer> openPorts(String stderr) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = OPEN_LINE.matcher(stderr);
        while (m.find()) ports.add(Integer.parseInt(m.group(2)));
        return ports;
    }

    static Proc.Builder jnc(String engine, String... args) {
        return Proc.jnc(args).stdinNull().env("JNC_JAVA_OPTS", "-Djnc.scan.engine=" + engine);
    }

    /** Runs a command to its end; returns it for its exit code and output. */
    static Result run(Proc.Builder b) {
        try (Proc p = b.start()) {
            int code = p.waitFor(T);
            return new Result(code, p.stdout(), p.stderr());
        }
    }

    record Result(int code, String stdout, String stderr) {
    }

    @ParameterizedTest(name = "{0}: open ports of a range and a single port, as nc.openbsd finds them")
    @ValueSource(strings = {"native", "channels"})
    void tcpFindsTheOpenPortsLikeNc(String engine) {
        try (HeldPorts block = HeldPorts.hold("127.0.0.1", 12, false, 1, 4, 5, 11);
             HeldPorts single = HeldPorts.hold("127.0.0.1", 1, false, 0)) {
            Result jnc = run(jnc(engine, "-z", "-v", "127.0.0.1", block.range() + "," + single.first));
            List<Integer> expected = List.of(block.port(1), block.port(4), block.port(5), block.port(11), single.first);
            List<Integer> sorted = new ArrayList<>(expected);
            sorted.sort(null);
            assertThat(openPorts(jnc.stderr())).as(jnc.stderr()).isEqualTo(sorted); // ascending, each once
            assertThat(jnc.code()).isZero();
            // With -v over a list, only the open ports are shown (nc also shows each refusal; see Report).
            assertThat(jnc.stderr()).doesNotContain("failed");
            assertThat(jnc.stdout()).isEmpty();

            Result nc = run(Proc.cmd(Peers.require("nc.openbsd"), "-z", "-v", "127.0.0.1", block.range(), String.valueOf(single.first)).stdinNull());
            List<Integer> ncOpen = openPorts(nc.stderr());
            ncOpen.sort(null);
            assertThat(ncOpen).as(nc.stderr()).isEqualTo(sorted);
            assertThat(nc.code()).isEqualTo(jnc.code());
        }
    }

    @ParameterizedTest(name = "{0}: nothing open is exit 1 and silent, as in nc")
    @ValueSource(strings = {"native", "channels"})
    void nothingOpenExitsOne(String engine) {
        try (HeldPorts block = HeldPorts.hold("127.0.0.1", 5, false)) {
            Result jnc = run(jnc(engine, "-z", "127.0.0.1", block.range()));
            assertThat(jnc.code()).as(jnc.stderr()).isEqualTo(1);
            assertThat(jnc.stderr()).isEmpty();
            Result nc = run(Proc.cmd(Peers.require("nc.openbsd"), "-z", "127.0.0.1", block.range()).stdinNull());
            assertThat(nc.code()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}: -vv shows every refusal, in port order with the open ports")
    @ValueSource(strings = {"native", "channels"})
    void doubleVerboseShowsEveryPortInOrder(String engine) {
        try (HeldPorts block = HeldPorts.hold("127.0.0.1", 4, false, 2)) {
            Result jnc = run(jnc(engine, "-z", "-vv", "127.0.0.1", block.range()));
            String refused = "jnc: connect to 127.0.0.1 port %d (tcp) failed: Connection refused";
            assertThat(jnc.stderr().lines().toList()).containsExactly(
                    refused.formatted(block.port(0)),
                    refused.formatted(block.port(1)),
                    "Connection to 127.0.0.1 " + block.port(2) + " port [tcp/" + serviceOf(jnc.stderr()) + "] succeeded!",
                    refused.formatted(block.port(3)));
            assertThat(jnc.code()).isZero();
        }
    }

    private static String serviceOf(String stderr) {
        Matcher m = OPEN_LINE.matcher(stderr);
        return m.find() ? m.group(4) : "?";
    }

    @Test
    void oneClosedPortWithVerboseSaysWhy() {
        try (HeldPorts block = HeldPorts.hold("127.0.0.1", 1, false)) {
            Result jnc = run(Proc.jnc("-z", "-v", "127.0.0.1", String.valueOf(block.first)).stdinNull());
            assertThat(jnc.stderr().strip()).isEqualTo("jnc: connect to 127.0.0.1 port " + block.first + " (tcp) failed: Connection refused");
            assertThat(jnc.code()).isEqualTo(1);
            Result nc = run(Proc.cmd(Peers.require("nc.openbsd"), "-z", "-v", "127.0.0.1", String.valueOf(block.first)).stdinNull());
            assertThat(nc.stderr().strip()).isEqualTo("nc.openbsd: connect to 127.0.0.1 port " + block.first + " (tcp) failed: Connection refused");
        }
    }

    @Test
    void udpFindsTheBoundPortsLikeNc() {
        try (HeldPorts block = HeldPorts.hold("127.0.0.1", 6, true, 0, 3)) {
            Result jnc = run(Proc.jnc("-z", "-u", "-v", "-w", "500ms", "127.0.0.1", block.range()).stdinNull());
            assertThat(openPorts(jnc.stderr())).as(jnc.stderr()).containsExactly(block.port(0), block.port(3));
            assertThat(jnc.stderr()).contains(" port [udp/");
            assertThat(jnc.code()).isZero();
            Result nc = run(Proc.cmd(Peers.require("nc.openbsd"), "-z", "-u", "-v", "127.0.0.1", block.range()).stdinNull());
            assertThat(openPorts(nc.stderr())).as(nc.stderr()).containsExactly(block.port(0), block.port(3));
        }
        try (HeldPorts closed = HeldPorts.hold("127.0.0.1", 3, true)) {
            Result jnc = run(Proc.jnc("-z", "-u", "-vv", "127.0.0.1", closed.range()).stdinNull());
            assertThat(jnc.code()).as(jnc.stderr()).isEqualTo(1);
            assertThat(jnc.stderr()).contains("jnc: connect to 127.0.0.1 port " + closed.first + " (udp) failed: Connection refused");
        }
    }

    @ParameterizedTest(name = "{0}: IPv6 loopback")
    @ValueSource(strings = {"native", "channels"})
    void ipv6Loopback(String engine) {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
        try (HeldPorts block = HeldPorts.hold("::1", 3, false, 1)) {
            Result jnc = run(jnc(engine, "-z", "-v", "::1", block.range()));
            assertThat(jnc.stderr()).as(jnc.stderr()).contains("Connection to ::1 " + block.port(1) + " port [tcp/");
            assertThat(openPorts(jnc.stderr())).containsExactly(block.port(1));
            assertThat(jnc.code()).isZero();
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.ofLiteral("::1"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0}: a host name shows the address reached; -n shows no service names")
    @ValueSource(strings = {"native", "channels"})
    void namesAndNumbers(String engine) {
        try (HeldPorts block = HeldPorts.hold("127.0.0.1", 1, false, 0)) {
            String port = String.valueOf(block.first);
            // localhost may also be ::1, which is tried too (and refuses), as nc tries each address.
            Result byName = run(jnc(engine, "-z", "-v", "-4", "localhost", port));
            assertThat(byName.stderr()).as(byName.stderr()).contains("Connection to localhost (127.0.0.1) " + port + " port [tcp/");
            Result numeric = run(jnc(engine, "-z", "-v", "-n", "127.0.0.1", port));
            assertThat(numeric.stderr().strip()).isEqualTo("Connection to 127.0.0.1 " + port + " port [tcp/*] succeeded!");
        }
    }

    @ParameterizedTest(name = "{0}: -s and -p: every probe leaves from the same address and port")
    @ValueSource(strings = {"native", "channels"})
    void sourceAddressAndPort(String engine) {
        try (HeldPorts block = HeldPorts.hold("127.0.0.1", 6, false, 0, 5)) {
            int source = Peers.freePort();
            Result jnc = run(jnc(engine, "-z", "-v", "-s", "127.0.0.1", "-p", String.valueOf(source), "127.0.0.1", block.range()));
            assertThat(openPorts(jnc.stderr())).as(jnc.stderr()).containsExactly(block.port(0), block.port(5));
            assertThat(jnc.code()).isZero();
        }
    }

    @Test
    void sctpScansAreNotSupported() {
        Result jnc = run(Proc.jnc("-z", "--sctp", "127.0.0.1", "9").stdinNull());
        assertThat(jnc.code()).isEqualTo(2);
        assertThat(jnc.stderr().strip()).isEqualTo("jnc: port scans (-z) over SCTP are not supported.");
    }
}
