package jnc.raw;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import jnc.base.Diag;
import jnc.base.ExitCode;
import jnc.base.Failure;
import jnc.cli.Mode;
import jnc.cli.Options;
import jnc.net.Resolver;

/**
 * {@code --ping HOST}: ICMP echo requests every {@code --interval}, each reply printed as ping prints
 * it, and ping's summary at the end (or at Ctrl-C). A reply counts if it comes within {@code -w}
 * (default: the interval, at least one second) of its request. Exit 0 if any reply came, else 1.
 *
 * <p>The raw socket sees every ICMP reply that reaches the host, other pings' too: ours are the ones
 * with our identifier (the process id, as ping uses), a sequence number we are waiting for, and the
 * pinged address as source.
 */
final class Ping {
    /** ping's default: 56 data bytes, 64 with the ICMP header, 84 with the IPv4 header. */
    static final int DATA_LENGTH = 56;

    private final Options o;
    private final int count;
    private final InetAddress target;
    private final boolean v6;
    private final int identifier = (int) (ProcessHandle.current().pid() & 0xffff);
    private final long intervalNanos;
    private final long waitNanos;
    private final PingStats stats = new PingStats();
    /**
     * Requests waiting for a reply: 16-bit sequence number to the time it was sent, in nanoseconds
     * since the epoch, the clock of the kernel's arrival stamps.
     */
    private final Map<Integer, Long> outstanding = new HashMap<>();
    private final PrintStream out = System.out;
    private final byte[] data = new byte[DATA_LENGTH];
    private volatile long start;

    private Ping(Options o, Mode.Ping mode, InetAddress target) {
        this.o = o;
        this.count = mode.count();
        this.target = target;
        this.v6 = target instanceof Inet6Address;
        this.intervalNanos = mode.interval().toNanos();
        Duration wait = o.target().connectTimeout() != null ? o.target().connectTimeout()
                : mode.interval().compareTo(Duration.ofSeconds(1)) > 0 ? mode.interval() : Duration.ofSeconds(1);
        this.waitNanos = wait.toNanos();
        for (int i = 0; i < data.length; i++) data[i] = (byte) (0x10 + i); // ping's fill pattern
    }

    static ExitCode run(Options o, Mode.Ping mode) {
        InetAddress target = Resolver.resolve(o.target().host(), o.target().family(), o.target().noDns()).getFirst();
        return new Ping(o, mode, target).run();
    }

    private ExitCode run() {
        try (RawSocket socket = RawSocket.open(v6, v6 ? Protocols.ICMPV6 : Protocols.ICMP)) {
            // Only echo replies reach us: not our own requests, nor neighbour discovery on IPv6.
            socket.passOnlyIcmpTypes(v6 ? IcmpHeader.ECHO_REPLY_V6 : IcmpHeader.ECHO_REPLY);
            socket.timestampArrivals();
            if (o.tuning().ttl() > 0) socket.setTtl(o.tuning().ttl());
            String address = jnc.net.Addresses.text(target);
            out.println("PING " + o.target().host() + " (" + address + ") " + DATA_LENGTH
                    + (v6 ? " data bytes" : "(" + (DATA_LENGTH + IcmpHeader.HEADER_LENGTH + Ipv4Header.MIN_LENGTH) + ") bytes of data."));
            out.flush();
            warmUp(socket);
            start = System.nanoTime();
            Thread summaryAtSignal = new Thread(this::summaryAtSignal, "jnc-ping-summary");
            Runtime.getRuntime().addShutdownHook(summaryAtSignal);
            loop(socket);
            try {
                Runtime.getRuntime().removeShutdownHook(summaryAtSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will; it prints nothing twice
            }
            printSummary();
            return stats.received() > 0 ? ExitCode.SUCCESS : ExitCode.NETWORK;
        }
    }

    private void loop(RawSocket socket) {
        byte[] buf = new byte[RawSocket.MAX_PACKET];
        long sent = 0;
        long nextSend = start;
        while (true) {
            // Replies already waiting count, however late we come to read them (a busy machine).
            RawSocket.Received r;
            while ((r = socket.receive(buf)) != null) handle(buf, r);
            long now = System.nanoTime();
            long wallNow = epochNanos();
            boolean more = count == 0 || sent < count;
            if (more && now - nextSend >= 0) {
                sent++;
                send(socket, (int) (sent & 0xffff));
                nextSend += intervalNanos;
                continue;
            }
            outstanding.values().removeIf(at -> wallNow - at > waitNanos); // lost
            if (!more && outstanding.isEmpty()) return;
            long until = more ? nextSend : now + (oldestOutstanding() + waitNanos - wallNow);
            socket.awaitPacket((int) Math.min(Integer.MAX_VALUE, Math.max(0, (until - now + 999_999) / 1_000_000)));
        }
    }

    /**
     * Runs the receiving path once before the first request: the first native calls and the first
     * decode load and link classes, tens of milliseconds that would otherwise count as round trip.
     */
    private void warmUp(RawSocket socket) {
        byte[] buf = new byte[RawSocket.MAX_PACKET];
        socket.awaitPacket(0);
        while (socket.receive(buf) != null) {
            // a stray reply: none of ours is outstanding yet
        }
        byte[] icmp = IcmpHeader.echoRequest(false, identifier, 0, data);
        byte[] ip = new byte[Ipv4Header.MIN_LENGTH + icmp.length];
        ip[0] = 0x45;
        Bytes.put16(ip, 2, ip.length);
        ip[9] = Protocols.ICMP;
        System.arraycopy(icmp, 0, ip, Ipv4Header.MIN_LENGTH, icmp.length);
        Reply.ofIpv4(ip, ip.length);
        Reply.ofIcmpv6(icmp, new RawSocket.Received(icmp.length, false, target, null, 64, -1));
        PingStats.millis(epochNanos() - epochNanos());
        jnc.net.Addresses.text(target);
    }

    static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private long oldestOutstanding() {
        long oldest = Long.MAX_VALUE;
        for (long at : outstanding.values()) oldest = Math.min(oldest, at);
        return oldest;
    }

    private void send(RawSocket socket, int sequence) {
        byte[] request = IcmpHeader.echoRequest(v6, identifier, sequence, data);
        stats.sent();
        long sentAt = epochNanos(); // before sendto: on loopback the reply arrives inside it
        try {
            socket.send(request, target);
            outstanding.put(sequence, sentAt);
        } catch (Failure f) {
            Diag.error(f.getMessage()); // as ping does: say so, and go on with the next request
        }
    }

    /** Prints the reply if it answers one of our outstanding requests. */
    private void handle(byte[] buf, RawSocket.Received r) {
        Reply reply = v6 ? Reply.ofIcmpv6(buf, r) : Reply.ofIpv4(buf, r.length());
        if (reply == null || !reply.icmp().echoReply() || reply.icmp().identifier() != identifier) return;
        if (reply.source() == null || !Arrays.equals(reply.source().getAddress(), target.getAddress())) return;
        Long at = outstanding.remove(reply.icmp().sequence());
        if (at == null) return; // a late or duplicate reply
        long arrived = r.arrivalEpochNanos() >= 0 ? r.arrivalEpochNanos() : epochNanos();
        long rtt = Math.max(0, arrived - at); // the wall clock may have been set back meanwhile
        stats.replied(rtt);
        out.println(reply.bytes() + " bytes from " + jnc.net.Addresses.text(reply.source()) + ": icmp_seq=" + reply.icmp().sequence()
                + (reply.ttl() >= 0 ? " ttl=" + reply.ttl() : "") + " time=" + PingStats.millis(rtt) + " ms");
        out.flush();
    }

    /** An echo reply's parts: the ICMP header, its size, the sender, the TTL or hop limit. */
    record Reply(IcmpHeader icmp, int bytes, InetAddress source, int ttl) {
        /** From a raw IPv4 socket: the IPv4 header comes first. */
        static Reply ofIpv4(byte[] buf, int len) {
            if (!(Ipv4Header.decode(buf, 0, len) instanceof Decoded.Ok<Ipv4Header>(Ipv4Header ip))) return null;
            if (ip.protocol() != Protocols.ICMP || !ip.firstFragment()) return null;
            if (!(IcmpHeader.decode(false, buf, ip.payloadOffset(), ip.payloadLength()) instanceof Decoded.Ok<IcmpHeader>(IcmpHeader h))) return null;
            return new Reply(h, ip.payloadLength(), ip.source(), ip.ttl());
        }

        /** From a raw ICMPv6 socket: the message alone; sender and hop limit from recvmsg. */
        static Reply ofIcmpv6(byte[] buf, RawSocket.Received r) {
            if (!(IcmpHeader.decode(true, buf, 0, r.length()) instanceof Decoded.Ok<IcmpHeader>(IcmpHeader h))) return null;
            return new Reply(h, r.length(), r.source(), r.hopLimit());
        }
    }

    private void printSummary() {
        if (!stats.claimSummary()) return;
        out.print(stats.summary(o.target().host(), (System.nanoTime() - start) / 1_000_000));
        out.flush();
    }

    /** Ctrl-C or SIGTERM: the summary, then ping's exit code rather than the JVM's 130 or 143. */
    private void summaryAtSignal() {
        if (!stats.claimSummary()) return;
        out.print(stats.summary(o.target().host(), (System.nanoTime() - start) / 1_000_000));
        out.flush();
        Runtime.getRuntime().halt(stats.received() > 0 ? 0 : 1);
    }
}
