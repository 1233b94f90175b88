package jnc.raw;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.cli.Mode;
import jnc.cli.Options;

/**
 * {@code --raw}: prints every packet of one protocol that reaches this host, decoded, until
 * {@code --count} packets or Ctrl-C. A host operand keeps only packets from or to its addresses.
 */
final class Capture {
    /** A receive buffer for bursts: loopback moves 64 KiB packets by the thousand per second. */
    private static final int RECEIVE_BUFFER = 8 << 20;

    /** Poll in slices, so that a signal's shutdown never waits on us and the loop stays simple. */
    private static final int POLL_MILLIS = 1000;

    private Capture() {
    }

    static ExitCode run(Options o, Mode.Raw raw) {
        RawMode.Target t = RawMode.target(o, raw);
        PrintStream out = System.out;
        // The kernel filters by address, so that other traffic cannot crowd ours out of the buffer;
        // the check in format() stays for packets queued before the filter was attached. The
        // program is ready before the socket opens, to keep that moment short. (A name with more
        // addresses than the program holds is filtered here only.)
        boolean inKernel = !t.filter().isEmpty() && t.filter().size() <= SocketFilter.MAX_ADDRESSES;
        List<SocketFilter.Instruction> program = inKernel ? SocketFilter.fromOrTo(t.filter()) : List.of();
        try (RawSocket socket = RawSocket.open(t.v6(), t.protocol())) {
            if (!program.isEmpty()) socket.attachFilter(program);
            socket.prepareForCapture(o.tuning().receiveBuffer() > 0 ? o.tuning().receiveBuffer() : RECEIVE_BUFFER);
            Diag.verbose("Capturing " + Protocols.name(t.protocol()) + " on a raw " + (t.v6() ? "IPv6" : "IPv4") + " socket"
                    + (t.filter().isEmpty() ? "" : " from or to " + String.join(", ", t.filter().stream().map(jnc.net.Addresses::text).toList()))
                    + (t.v6() ? " (the kernel delivers IPv6 payloads without their header)" : "") + ".");
            byte[] buf = new byte[RawSocket.MAX_PACKET];
            long shown = 0;
            while (raw.count() == 0 || shown < raw.count()) {
                if (!socket.awaitPacket(POLL_MILLIS)) continue;
                RawSocket.Received r;
                while ((raw.count() == 0 || shown < raw.count()) && (r = socket.receive(buf)) != null) {
                    String text = format(t, buf, r);
                    if (text == null) continue;
                    out.print(text);
                    out.flush();
                    shown++;
                }
            }
            if (socket.dropped() > 0) {
                Diag.verbose("The kernel dropped " + socket.dropped() + " packets since the socket opened: its receive buffer was full (see --rcvbuf).");
            }
        }
        return ExitCode.SUCCESS;
    }

    /** The packet as text, or null when the address filter drops it. */
    static String format(RawMode.Target t, byte[] buf, RawSocket.Received r) {
        if (t.v6()) {
            if (!t.filter().isEmpty() && !anyOf(t.filter(), r.source(), r.destination())) return null;
            return PacketFormatter.ipv6(buf, r.length(), t.protocol(), r.source(), r.destination(), r.hopLimit());
        }
        if (!t.filter().isEmpty()) {
            if (!(Ipv4Header.decode(buf, 0, r.length()) instanceof Decoded.Ok<Ipv4Header>(Ipv4Header ip))) return null;
            if (!anyOf(t.filter(), ip.source(), ip.destination())) return null;
        }
        return PacketFormatter.ipv4(buf, r.length());
    }

    /** Whether {@code a} or {@code b} is one of the addresses (compared as bytes: scope ids aside). */
    static boolean anyOf(List<InetAddress> addresses, InetAddress a, InetAddress b) {
        for (InetAddress x : addresses) {
            if (a != null && Arrays.equals(x.getAddress(), a.getAddress())) return true;
            if (b != null && Arrays.equals(x.getAddress(), b.getAddress())) return true;
        }
        return false;
    }
}
