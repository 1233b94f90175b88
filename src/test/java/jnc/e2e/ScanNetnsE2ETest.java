package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -z} where loopback tests cannot go, in two network namespaces of our own joined by a veth
 * pair: a host that drops packets silently (its replies to 10.254.99.1 go to a blackhole route, so
 * the scanner hears nothing, as from a firewall's DROP), the same host reached from a second source
 * address (10.254.99.3) whose replies do come back, and a full 1-65535 scan of a namespace's own
 * loopback, which no one else's listeners share. Nothing here touches the machine's own interfaces;
 * the namespaces are deleted afterwards, also when a test fails.
 */
@Timeout(180)
class ScanNetnsE2ETest {
    static final Duration T = Duration.ofSeconds(120);
    static final long PID = ProcessHandle.current().pid();
    static final String SCANNER = "jncscan-s" + PID;
    static final String TARGET = "jncscan-t" + PID;
    static final String TARGET_IP = "10.254.99.2";
    /** Listeners in the target namespace: on its veth address and on its own loopback. */
    static final int[] VETH_OPEN = {5, 7};
    static final int[] LOOPBACK_OPEN = {22, 8080, 40000, 65535};
    static Proc listeners;

    @BeforeAll
    static void namespaces() {
        try {
            cleanUp();
            ip("netns", "add", SCANNER);
            ip("netns", "add", TARGET);
            String s = "js" + PID;
            String t = "jt" + PID;
            ip("link", "add", s, "netns", SCANNER, "type", "veth", "peer", "name", t, "netns", TARGET);
            ip("-n", SCANNER, "addr", "add", "10.254.99.1/24", "dev", s);
            ip("-n", SCANNER, "addr", "add", "10.254.99.3/24", "dev", s);
            ip("-n", TARGET, "addr", "add", TARGET_IP + "/24", "dev", t);
            for (String[] nsDev : new String[][] {{SCANNER, s}, {SCANNER, "lo"}, {TARGET, t}, {TARGET, "lo"}}) {
                ip("-n", nsDev[0], "link", "set", nsDev[1], "up");
            }
            // The target's replies to .1 vanish: to a scan from .1 it is a host that drops everything.
            ip("-n", TARGET, "route", "add", "blackhole", "10.254.99.1/32");
            StringBuilder py = new StringBuilder("import socket,sys,time\nls=[]\n");
            for (int p : VETH_OPEN) py.append(listen(TARGET_IP, p));
            for (int p : LOOPBACK_OPEN) py.append(listen("127.0.0.1", p));
            py.append("print('ready',flush=True)\ntime.sleep(170)\n");
            listeners = Proc.cmd("ip", "netns", "exec", TARGET, Peers.require("python3"), "-c", py.toString()).stdinNull().start();
            listeners.awaitStdout("ready", Duration.ofSeconds(30));
        } catch (RuntimeException | Error e) {
            cleanUp();
            throw e;
        }
    }

    private static String listen(String host, int port) {
        return "s=socket.socket();s.bind(('" + host + "'," + port + "));s.listen(64);ls.append(s)\n";
    }

    @AfterAll
    static void cleanUp() {
        if (listeners != null) listeners.close();
        listeners = null;
        for (String ns : new String[] {SCANNER, TARGET}) {
            try (Proc p = Proc.cmd("ip", "netns", "del", ns).stdinNull().start()) {
                p.waitFor(Duration.ofSeconds(30)); // fails quietly when it does not exist
            }
        }
    }

    private static void ip(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try (Proc p = Proc.cmd(cmd).stdinNull().start()) {
            if (p.waitFor(Duration.ofSeconds(30)) != 0) fail(String.join(" ", cmd) + ": " + p.stderr());
        }
    }

    /** Runs a command inside a namespace. */
    private static ScanE2ETest.Result in(String ns, String... cmd) {
        String[] all = new String[cmd.length + 4];
        all[0] = "ip";
        all[1] = "netns";
        all[2] = "exec";
        all[3] = ns;
        System.arraycopy(cmd, 0, all, 4, cmd.length);
        return ScanE2ETest.run(Proc.cmd(all).stdinNull());
    }

    private static String jnc() {
        return Proc.LAUNCHER.toString();
    }

    @Test
    void aSilentHostTimesOutPortByPort() {
        ScanE2ETest.Result r = in(SCANNER, jnc(), "-z", "-vv", "-w", "500ms", TARGET_IP, "1-20");
        assertThat(r.code()).as(r.stderr()).isEqualTo(1);
        List<String> expected = new ArrayList<>();
        for (int p = 1; p <= 20; p++) expected.add("jnc: connect to " + TARGET_IP + " port " + p + " (tcp) failed: Connection timed out");
        assertThat(r.stderr().lines().toList()).isEqualTo(expected);
    }

    @Test
    void fromAnAddressWhoseRepliesComeBackTheListenersShow() {
        ScanE2ETest.Result jnc = in(SCANNER, jnc(), "-z", "-v", "-w", "2", "-s", "10.254.99.3", TARGET_IP, "1-10");
        assertThat(ScanE2ETest.openPorts(jnc.stderr())).as(jnc.stderr()).containsExactly(VETH_OPEN[0], VETH_OPEN[1]);
        assertThat(jnc.code()).isZero();
        ScanE2ETest.Result nc = in(SCANNER, Peers.require("nc.openbsd"), "-z", "-v", "-w", "2", "-s", "10.254.99.3", TARGET_IP, "1-10");
        assertThat(ScanE2ETest.openPorts(nc.stderr())).as(nc.stderr()).containsExactly(VETH_OPEN[0], VETH_OPEN[1]);
    }

    @Test
    void allPortsOfLoopbackLikeNc() {
        List<Integer> expected = new ArrayList<>();
        for (int p : LOOPBACK_OPEN) expected.add(p);
        for (String engine : new String[] {"native", "channels"}) {
            ScanE2ETest.Result jnc = ScanE2ETest.run(Proc.cmd("ip", "netns", "exec", TARGET, jnc(), "-z", "-v", "127.0.0.1", "1-65535")
                    .stdinNull().env("JNC_JAVA_OPTS", "-Djnc.scan.engine=" + engine));
            // Exactly the listeners: a probe that met itself (source port = scanned port) is not one.
            assertThat(ScanE2ETest.openPorts(jnc.stderr())).as(engine + ": " + jnc.stderr()).isEqualTo(expected);
            assertThat(jnc.code()).isZero();
        }
        ScanE2ETest.Result nc = in(TARGET, Peers.require("nc.openbsd"), "-z", "-v", "127.0.0.1", "1-65535");
        // nc itself may count such a self-connection as open: its list holds the listeners, perhaps more.
        assertThat(ScanE2ETest.openPorts(nc.stderr())).containsAll(expected);
    }
}
