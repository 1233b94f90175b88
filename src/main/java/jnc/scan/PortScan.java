package jnc.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import jnc.net.SourceAddress;
import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.cli.Options;
import jnc.cli.Transport;
import jnc.base.IoErrors;
import jnc.net.Resolver;

/**
 * {@code -z}: which of the given ports are open, sending no data (TCP) or one byte (UDP). Many
 * ports are probed at once (see {@link ScanLoop}); the lines come out in port order (see
 * {@link Report}). Exits 0 when at least one port is open, 1 when none is, as nc does.
 *
 * <p>How long each port may take to answer: {@code -w}. Without it, a TCP probe waits as long as
 * the kernel keeps trying to connect (about two minutes on Linux, as for nc, but for all ports at
 * once rather than one after the other), and a UDP probe waits {@link #UDP_DEFAULT_WAIT}: silence is
 * its answer, so it needs a wait of its own.
 */
public final class PortScan {
    /**
     * How long a UDP probe listens for an ICMP error when {@code -w} is not given: Ncat's 2 s
     * (ncat_main.c sets a 2 s idle timeout for {@code -z -u}). Ncat's test suite reads the server's
     * output for 0.9 s with a SIGCHLD handler that breaks its select: a client exiting inside that
     * window (jnc's earlier 1 s) hung the suite for good.
     */
    public static final Duration UDP_DEFAULT_WAIT = Duration.ofSeconds(2);

    /**
     * From how many ports on a TCP scan Linux's own calls pay off. Binding them (FFM) costs start-up
     * time the JDK's channels do not; each port then costs less. Measured in BENCHMARKS.md.
     */
    static final int NATIVE_FROM_PORTS = 4096;

    private PortScan() {
    }

    /** Threads for a native scan: one per core, at most four; {@code -Djnc.scan.threads=N} overrides. */
    private static int threads() {
        int forced = Integer.getInteger("jnc.scan.threads", 0);
        if (forced > 0) return forced;
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Whether to scan TCP with {@link NativeTcpScan}. {@code -Djnc.scan.engine=native} or
     * {@code =channels} (through {@code JNC_JAVA_OPTS}) overrides the choice, for tests and measurements.
     */
    private static boolean nativeTcp(int ports) {
        String forced = System.getProperty("jnc.scan.engine", "");
        if (forced.equals("channels")) return false;
        if (!LinuxSockets.usable()) return false;
        return forced.equals("native") || ports >= NATIVE_FROM_PORTS;
    }

    /** Scans; a failure of this machine's (no descriptors left, say) is a {@link Failure}, as in the other modes. */
    public static ExitCode run(Options o) {
        try {
            return scan(o);
        } catch (IOException e) {
            throw Failure.network(IoErrors.describe(e));
        } catch (java.io.UncheckedIOException e) {
            throw Failure.network(IoErrors.describe(e.getCause()));
        }
    }

    private static ExitCode scan(Options o) throws IOException {
        if (o.target().transport() == Transport.SCTP) {
            Diag.error("port scans (-z) over SCTP are not supported.");
            return ExitCode.USAGE;
        }
        List<InetAddress> targets = Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns());
        SourceAddress source = SourceAddress.of(o);
        Duration wait = o.target().connectTimeout() != null ? o.target().connectTimeout() : o.udp() ? UDP_DEFAULT_WAIT : null;
        long waitNanos = wait == null ? 0 : wait.toNanos();
        int[] ports = ((jnc.cli.Mode.Scan) o.mode()).ports().ports();
        int window = Math.min(ports.length, DescriptorLimit.window());
        Report report = new Report(o.target().host(), ports, o.target().transport().protocol, o.verbosity(), o.target().noDns());
        if (o.udp()) {
            new ChannelScan(new UdpProbe(source, ports.length * targets.size() > 1), targets, ports, waitNanos, window, report).run();
        } else if (nativeTcp(ports.length)) {
            NativeTcpScan.run(targets, ports, waitNanos, window, report, source, threads());
        } else {
            new ChannelScan(new TcpProbe(source), targets, ports, waitNanos, window, report).run();
        }
        return report.anyOpen() ? ExitCode.SUCCESS : ExitCode.NETWORK;
    }
}
