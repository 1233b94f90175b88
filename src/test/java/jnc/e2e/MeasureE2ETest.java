package jnc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --load}: the measuring client against jnc's echo, the real ncat, and servers that misbehave. */
@Timeout(120)
class MeasureE2ETest {
    static final Duration T = Duration.ofSeconds(60);
    static final Pattern ROUND_TRIPS = Pattern.compile("round trips (\\d+) \\(([\\d.]+)/s\\), errors (\\d+)");
    static final Pattern LATENCY = Pattern.compile("latency us: p50 ([\\d.]+) +p90 ([\\d.]+) +p99 ([\\d.]+) +p99\\.9 ([\\d.]+) +max ([\\d.]+)");

    /** Runs the measuring client and checks the report is consistent; returns the round trips. */
    static long measure(int port, String... extra) {
        String[] args = new String[extra.length + 2];
        System.arraycopy(extra, 0, args, 0, extra.length);
        args[extra.length] = "127.0.0.1";
        args[extra.length + 1] = Integer.toString(port);
        try (Proc load = Proc.jnc(args).stdinNull().start()) {
            assertThat(load.waitFor(T)).as(load.stderr()).isZero();
            Matcher rt = ROUND_TRIPS.matcher(load.stdout());
            assertThat(rt.find()).as(load.stdout()).isTrue();
            assertThat(rt.group(3)).isEqualTo("0");
            Matcher lat = LATENCY.matcher(load.stdout());
            assertThat(lat.find()).as(load.stdout()).isTrue();
            double p50 = Double.parseDouble(lat.group(1));
            double p99 = Double.parseDouble(lat.group(3));
            double max = Double.parseDouble(lat.group(5));
            assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
            assertThat(p99).isLessThanOrEqualTo(max);
            return Long.parseLong(rt.group(1));
        }
    }

    @Test
    void measuresJncEcho() {
        try (Proc server = Proc.jnc("-v", "-l", "-k", "127.0.0.1", "0", "--echo").stdinNull().start()) {
            int port = server.awaitListeningPort();
            assertThat(measure(port, "--load", "20", "--duration", "1s")).isPositive();
            // Big messages arrive in pieces; the client waits for the whole echo and compares it.
            assertThat(measure(port, "--load", "2", "--msg-size", "200000", "--duration", "500ms")).isPositive();
        }
    }

    @Test
    void measuresNcatEcho() {
        int port = Peers.freePort();
        try (Proc ncat = Proc.cmd(Peers.require("ncat"), "-l", "-k", "127.0.0.1", Integer.toString(port), "-e", "/bin/cat")
                .stdinNull().start()) {
            Peers.awaitListening(port);
            assertThat(measure(port, "--load", "4", "--duration", "1s")).isPositive();
        }
    }

    @Test
    void aServerThatAltersTheEchoIsReported() {
        // tr changes the letters: every round trip comes back different from what was sent.
        try (Proc server = Proc.jnc("-v", "-l", "-k", "127.0.0.1", "0", "-c", "stdbuf -o0 tr a-z A-Z").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc load = Proc.jnc("--load", "2", "--duration", "1s", "127.0.0.1", Integer.toString(port)).stdinNull().start()) {
                assertThat(load.waitFor(T)).isEqualTo(1);
                assertThat(load.stderr()).contains("jnc: 2 connection(s) failed").contains("differs");
            }
        }
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAfterTheGracePeriod() {
        // A child that reads nothing and says nothing: the connection stays open and silent.
        try (Proc server = Proc.jnc("-v", "-l", "-k", "127.0.0.1", "0", "-c", "sleep 30").stdinNull().start()) {
            int port = server.awaitListeningPort();
            try (Proc load = Proc.jnc("--load", "2", "--duration", "500ms", "-i", "500ms", "127.0.0.1", Integer.toString(port))
                    .stdinNull().start()) {
                assertThat(load.waitFor(T)).isEqualTo(1);
                assertThat(load.stdout()).contains("round trips 0");
                assertThat(load.stderr()).contains("no complete echo");
            }
        }
    }

    @Test
    void refusedConnectionsFailWithExitOne() {
        int port = Peers.freePort();
        try (Proc load = Proc.jnc("--load", "3", "--duration", "1s", "127.0.0.1", Integer.toString(port)).stdinNull().start()) {
            assertThat(load.waitFor(T)).isEqualTo(1);
            assertThat(load.stderr().lines().filter(l -> l.startsWith("jnc: ")).count()).isEqualTo(1);
            assertThat(load.stderr()).contains("refused").doesNotContain("Exception");
        }
    }

    @Test
    void loadWithListenIsAUsageError() {
        try (Proc p = Proc.jnc("--load", "3", "-l", "0").stdinNull().start()) {
            assertThat(p.waitFor(T)).isEqualTo(2);
            assertThat(p.stderr()).startsWith("jnc: ");
        }
    }
}
