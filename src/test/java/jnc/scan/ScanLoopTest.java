package jnc.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop every engine shares, with probes whose answers the test decides: a port refused at one
 * of the host's addresses is tried at the next, as nc does, and the lines come out in port order.
 */
@Timeout(30)
class ScanLoopTest {
    static final InetAddress FIRST = InetAddress.ofLiteral("::1");
    static final InetAddress SECOND = InetAddress.ofLiteral("127.0.0.1");

    /** Answers at once: open where the map says so for that address, refused elsewhere. */
    static final class ScriptedScan extends ScanLoop {
        final Map<InetAddress, List<Integer>> open;
        final List<String> asked = new ArrayList<>();

        ScriptedScan(List<InetAddress> targets, int[] ports, Report report, Map<InetAddress, List<Integer>> open) {
            super(targets, ports, 0, 1, 4, report, new PortClaims(ports.length)::fromBottom);
            this.open = open;
        }

        @Override
        Pending launch(int index, int address) {
            InetAddress a = targets.get(address);
            asked.add(ports[index] + "@" + jnc.net.Addresses.text(a));
            boolean isOpen = open.getOrDefault(a, List.of()).contains(ports[index]);
            settle(index, address, isOpen ? Outcome.OPEN : Outcome.REFUSED);
            return null;
        }

        @Override
        void await(long millis) {
        }

        @Override
        Outcome expired(Pending p, boolean last) {
            return Outcome.TIMED_OUT;
        }

        @Override
        void release(Pending p) {
        }

        @Override
        void closeAll() {
        }
    }

    @Test
    void aRefusedPortIsTriedAtTheNextAddressAndLinesStayInOrder() throws Exception {
        int[] ports = {20, 21, 22};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ScriptedScan scan;
        Report report;
        try {
            report = new Report("localhost", ports, "tcp", 2, true);
            scan = new ScriptedScan(List.of(FIRST, SECOND), ports, report, Map.of(FIRST, List.of(22), SECOND, List.of(21)));
            scan.run();
        } finally {
            System.setErr(saved);
        }
        // 22 is open at the first address, so the second is not asked; 20 and 21 are.
        assertThat(scan.asked).containsExactlyInAnyOrder("20@::1", "21@::1", "22@::1", "20@127.0.0.1", "21@127.0.0.1");
        assertThat(report.anyOpen()).isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "jnc: connect to localhost (::1) port 20 (tcp) failed: Connection refused",
                "jnc: connect to localhost (127.0.0.1) port 20 (tcp) failed: Connection refused",
                "jnc: connect to localhost (::1) port 21 (tcp) failed: Connection refused",
                "Connection to localhost (127.0.0.1) 21 port [tcp/*] succeeded!",
                "Connection to localhost (::1) 22 port [tcp/*] succeeded!");
    }
}
